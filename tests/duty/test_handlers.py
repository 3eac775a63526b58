"""The duty rotation wired into the bot: commands, absences, swaps, handoffs via `vaktbot tick`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from typer.testing import CliRunner

from bot.app import App
from bot.cli.main import cli
from bot.config import load_config
from bot.messages.console import to_text
from bot.requests import ActionRequest, Request
from bot.store.db import session_factory
from bot.store.models import AbsenceRow, AuditLog, Outbox, SwapRow
from handlers.dispatch import dispatch, dispatch_action
from tests.support.paths import EXAMPLE_CONFIG

EXAMPLE = EXAMPLE_CONFIG
OSLO = ZoneInfo("Europe/Oslo")
MON = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)  # team-2's shift (23 Nov - 7 Dec)


def app_for(engine) -> App:  # type: ignore[no-untyped-def]
    return App(config=load_config(EXAMPLE), engine=engine, sessions=session_factory(engine))


def ask(app: App, person: str | None, text: str, now: datetime = MON, locale: str = "en") -> str:
    reply = dispatch(
        app, Request(platform="console", person=person, text=text, now=now, locale=locale)
    )
    return to_text(reply.message)


def press(app: App, person: str, action: str, value: str, now: datetime = MON):  # type: ignore[no-untyped-def]
    return dispatch_action(
        app,
        ActionRequest(
            platform="console", person=person, action=action, value=value, now=now, locale="en"
        ),
    )


def test_who_names_team_lead_hours_and_next_handoff(engine) -> None:
    app = app_for(engine)
    out = ask(app, "kari", "who")
    assert "Vaktlag 2" in out and "Erik Nilsen" in out
    assert "08:00–17:00" in out
    assert "Monday 7 Dec" in out  # next handoff
    evening = ask(app, "kari", "who", now=datetime(2026, 11, 23, 19, 0, tzinfo=OSLO))
    assert "On call" in evening and "Erik Nilsen" in evening
    nb = ask(app, "kari", "who", locale="nb")
    assert "Leder: Erik Nilsen" in nb and "Nå: Åpent" in nb


def test_rota_marks_holidays(engine) -> None:
    out = ask(app_for(engine), "kari", "rota 6")
    assert "Christmas Day" in out or "25 Dec" in out
    assert out.count("Vaktlag 1") >= 1 and out.count("Vaktlag 2") >= 1


def test_absence_removes_member_and_bad_input_stores_nothing(engine) -> None:
    app = app_for(engine)
    assert "Absence registered for Hanna Kristiansen" in ask(
        app, "hanna", "away 2026-11-24 2026-11-25 sick"
    )
    out = ask(app, "kari", "who", now=datetime(2026, 11, 24, 10, 0, tzinfo=OSLO))
    assert "Hanna" not in out.split("Available:")[1]
    assert "Hanna" in ask(app, "kari", "who", now=datetime(2026, 11, 26, 10, 0, tzinfo=OSLO))
    assert "before the start date" in ask(app, "ola", "away 2026-12-05 2026-12-01")
    assert "overlaps" in ask(app, "hanna", "away 2026-11-25 2026-11-27")
    assert "not a valid date" in ask(app, "ola", "away 31.02 2026-03-05")
    assert "Only the team's lead" in ask(app, "ola", "away 2026-12-01 2026-12-02 for @hanna")
    # a lead, but of the other team
    assert "Only the team's lead" in ask(app, "kari", "away 2026-12-01 2026-12-02 for @hanna")
    # "for" not followed by a known person is part of a free-text reason
    free = ask(app, "kari", "away 2026-12-01 2026-12-02 for @nobody")
    assert "(for @nobody)" in free
    with app.sessions() as s:
        rows = s.scalars(select(AbsenceRow)).all()
        assert [(r.person, r.reason, r.note) for r in rows] == [
            ("hanna", "sick", None),
            ("kari", "other", "for @nobody"),
        ]
        assert len(s.scalars(select(AuditLog).where(AuditLog.action == "absence.add")).all()) == 2


def test_swap_accepted_moves_duty_and_declined_does_not(engine) -> None:
    app = app_for(engine)
    out = ask(app, "hanna", "swap @ola 2026-11-26")
    assert "I asked Ola Hansen" in out
    with app.sessions() as s:
        swap = s.scalars(select(SwapRow)).one()
        request = s.scalars(select(Outbox).where(Outbox.kind == "duty.swap_request")).one()
    assert request.target == "user:ola"
    assert [
        b["action"]
        for blk in request.payload["blocks"]
        if blk["type"] == "actions"
        for b in blk["buttons"]
    ] == ["duty.swap_accept", "duty.swap_decline"]
    refused = press(app, "jonas", "duty.swap_accept", str(swap.id))
    assert "not the one asked" in to_text(refused.message)
    reply = press(app, "ola", "duty.swap_accept", str(swap.id))
    assert reply.replace_original and "Ola Hansen accepted" in to_text(reply.message)
    thursday = ask(app, "kari", "who", now=datetime(2026, 11, 26, 10, 0, tzinfo=OSLO))
    available = thursday.split("Available:")[1]
    assert "Ola Hansen" in available and "Hanna" not in available
    again = press(app, "ola", "duty.swap_decline", str(swap.id))
    assert "already been answered" in to_text(again.message)

    ask(app, "jonas", "swap @lars 2026-11-27")
    with app.sessions() as s:
        second = s.scalars(select(SwapRow).where(SwapRow.from_id == "jonas")).one()
    assert "declined" in to_text(press(app, "lars", "duty.swap_decline", str(second.id)).message)
    friday = ask(app, "kari", "who", now=datetime(2026, 11, 27, 10, 0, tzinfo=OSLO))
    assert "Jonas Jensen" in friday and "Lars" not in friday.split("Available:")[1]


def test_swap_bad_input(engine) -> None:
    app = app_for(engine)
    assert "yourself" in ask(app, "hanna", "swap @hanna 2026-11-26")
    assert "no duty" in ask(app, "kari", "swap @ola 2026-11-26")  # team 1 is off that week
    assert "I don't know" in ask(app, "hanna", "swap @ghost 2026-11-26")
    assert "not a valid date" in ask(app, "hanna", "swap @ola someday")
    assert "Only the team's lead" in ask(app, "hanna", "swap @ola 2026-11-26 force")
    with app.sessions() as s:
        assert s.scalars(select(SwapRow)).all() == []


def test_only_the_other_persons_lead_or_an_admin_can_force_a_swap(engine) -> None:
    app = app_for(engine)
    # erik leads team 2; forcing kari (team 1) onto duty skips her consent: not his to give
    assert "Only the team's lead" in ask(app, "erik", "swap @kari 2026-11-26 force")
    people = [p.model_copy(update={"role": "admin"}) if p.id == "erik" else p
              for p in app.config.people]  # fmt: skip
    app.config = app.config.model_copy(update={"people": people})
    assert "Swap registered" in ask(app, "erik", "swap @kari 2026-11-26 force")
    out = ask(app, "ola", "who", now=datetime(2026, 11, 26, 12, 0, tzinfo=OSLO))
    assert "Kari Nordmann" in out.split("Available:")[1]


def test_me_and_hours(engine) -> None:
    app = app_for(engine)
    assert "Vaktlag 1" in ask(app, "kari", "me")
    out = ask(app, "erik", "hours 2026-11")
    assert "Erik Nilsen" in out and " hours open" in out
    assert "Type `/vakt hours" in ask(app, "erik", "hours banana")


def _tick(db_url: str, at: str, out: Path) -> None:
    res = CliRunner().invoke(
        cli,
        ["tick", "--at", at, "--config", str(EXAMPLE), "--database", db_url],
        env={
            "VAKTBOT_CONSOLE_OUT": str(out),
            "VAKTBOT_CONSOLE_FORMAT": "jsonl",
            "VAKTBOT_PLATFORM": "console",
        },
    )
    assert res.exit_code == 0, res.output


def test_handoff_sent_once_at_the_instant_and_not_on_replay(db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    _tick(db_url, "2026-12-07T07:59", out)  # a minute early: nothing about the handoff
    _tick(db_url, "2026-12-07T08:00", out)
    _tick(db_url, "2026-12-07T08:00", out)  # replayed
    _tick(db_url, "2026-12-07T08:01", out)
    events = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    handoffs = [e for e in events if e["kind"] == "duty.handoff"]
    assert sorted(e["target"] for e in handoffs) == ["channel:team-1", "channel:team-2"]
    assert all(e["at"].startswith("2026-12-07T08:00") for e in handoffs)
    assert "Vaktlag 1" in handoffs[0]["text"] and "Kari Nordmann" in handoffs[0]["text"]


def test_day_before_notice_goes_to_incoming_members_only(db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    _tick(db_url, "2026-12-04T14:00", out)  # Friday before team 1's Monday
    notices = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    targets = sorted(e["target"] for e in notices if e["kind"] == "duty.notice")
    assert targets == sorted(
        f"user:{p}" for p in ["kari", "ola", "ingrid", "lars", "sofie", "magnus", "nora"]
    )
    assert "mandag 7. des. 08:00" in notices[0]["text"]
