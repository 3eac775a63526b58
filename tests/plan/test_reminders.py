"""Plan reminders through the real scheduler path (Runner -> outbox -> Sender -> console):
14/7/1-day reminders moved off Norwegian holidays, overdue notices, Done stopping them, Snooze
moving the next one, buttons editing every copy, and replayed ticks sending nothing new."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select

from bot.delivery.outbox import enqueue
from bot.digest.daily import deadline_blocks
from bot.messages.console import to_text
from bot.messages.model import Message
from bot.plan.model import Reminder
from bot.plan.store import upcoming_deadlines
from bot.requests import ActionRequest, Request
from bot.runtime.loop import tick_once
from bot.store.models import JobRun, Outbox
from bot.transports.console import ConsoleTransport
from handlers.dispatch import dispatch, dispatch_action
from scheduler.jobs import all_jobs
from scheduler.plan import enqueue_reminders, jobs, outbox_key, parse_action_value
from scheduler.runner import Runner
from tests.plan.test_store import item, plan_app, store

OSLO = ZoneInfo("Europe/Oslo")
IMPORTED = date(2025, 12, 1)


def at(d: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=OSLO)


class World:
    """An app, a console transport that records deliveries, and one Runner over plan jobs."""

    def __init__(self, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
        self.app = plan_app(engine, tmp_path)
        self.now = datetime(2025, 1, 1, tzinfo=UTC)
        self.transport = ConsoleTransport(io.StringIO(), clock=lambda: self.now)
        self.runner = Runner(self.app, jobs(self.app.config))

    def tick(self, when: datetime) -> list[dict[str, object]]:
        before = len(self.transport.delivered)
        self.now = when
        asyncio.run(tick_once(self.app, self.transport, when, runner=self.runner))
        return self.transport.delivered[before:]

    def days(self, first: date, last: date) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        d = first
        while d <= last:
            out += self.tick(at(d))
            d += timedelta(days=1)
        return out

    def press(
        self, action: str, value: str, person: str, when: datetime, message_id: str | None = None
    ):  # type: ignore[no-untyped-def]
        return dispatch_action(
            self.app,
            ActionRequest(
                platform="console",
                person=person,
                action=action,
                value=value,
                now=when,
                locale=self.app.config.locale_of(person),
                message_id=message_id,
            ),
        )

    def say(self, text: str, person: str, when: datetime):  # type: ignore[no-untyped-def]
        return dispatch(
            self.app,
            Request(
                platform="console",
                person=person,
                text=text,
                now=when,
                locale=self.app.config.locale_of(person),
            ),
        )


def posts(events: list[dict[str, object]], key: str) -> list[tuple[str, str, str]]:
    """(local day, reminder kind and number/lead, target) of posts about one item."""
    out = []
    for e in events:
        k = str(e["key"])
        if e["op"] != "post" or f":{key}:" not in k:
            continue
        parts = k.split(":")
        out.append((parts[1], parts[4], str(e["target"])))
    return out


def test_reminders_at_14_7_1_days_move_off_holidays_then_overdue_once(engine, tmp_path) -> None:
    """The defaults: the owners by DM (not the channel as well), and one overdue notice on the
    working day after the deadline - after that the weekly digest lists it (no weekly nagging)."""
    w = World(engine, tmp_path)
    store(w.app, [item("nyttar", "01-02", owners=("ingrid", "lars"))], today=IMPORTED)
    events = w.days(date(2025, 12, 15), date(2026, 3, 20))
    sent = [e for e in events if f":{'nyttar'}:" in str(e["key"])]
    days = sorted({str(e["at"])[:10] for e in sent})
    # 14 days before 2 Jan 2026 = Fri 19 Dec; 7 days = Fri 26 Dec (2nd Christmas day) -> Wed 24
    # Dec; 1 day = Thu 1 Jan (New Year's Day) -> Wed 31 Dec. Overdue: the working day after
    # the deadline (Mon 5 Jan), and then no more (not on 12 Jan, nor in March)
    assert days == ["2025-12-19", "2025-12-24", "2025-12-31", "2026-01-05"]
    assert {str(e["at"])[11:16] for e in sent} == {"09:00"}
    got = posts(sent, "nyttar")
    assert [(g[0], g[1]) for g in got[::2]] == [
        ("reminder", "14"),
        ("reminder", "7"),
        ("reminder", "1"),
        ("overdue", "1"),
    ]
    assert {g[2] for g in got} == {"user:ingrid", "user:lars"}
    assert len(got) == 8
    by_target = {
        str(e["target"]): str(e["text"])
        for e in sent
        if "reminder:" in str(e["key"]) and ":1:" in str(e["key"])
    }
    assert by_target["user:ingrid"].startswith("Påminnelse: ”Nyttar” har deadline")  # sv
    assert "i morgen" not in by_target["user:lars"]  # 2 days ahead after the holiday shift
    assert "(om 2 dager)" in by_target["user:lars"]
    body = next(str(e["body"]) for e in sent if e["target"] == "user:lars")
    assert "/vakt press plan.done nyttar|2026-01-02" in body
    assert "/vakt press plan.snooze_1w nyttar|2026-01-02" in body
    overdue = next(str(e["text"]) for e in sent if ":overdue:" in str(e["key"]))
    assert overdue.startswith("Forfalt:") or overdue.startswith("Försenad:")


def test_channel_setting_sends_to_the_channel_only_and_overdue_as_configured(
    engine, tmp_path
) -> None:
    w = World(engine, tmp_path)
    plan = w.app.config.plan.model_copy(update={"notify": "channel", "overdue_reminders": 2})
    w.app.config = w.app.config.model_copy(update={"plan": plan})
    w.runner = Runner(w.app, jobs(w.app.config))
    store(w.app, [item("nyttar", "01-02", owners=("ingrid", "lars"))], today=IMPORTED)
    got = posts(w.days(date(2025, 12, 15), date(2026, 1, 31)), "nyttar")
    assert {g[2] for g in got} == {"channel:kommunikasjon"}
    assert [(g[0], g[1]) for g in got] == [
        ("reminder", "14"),
        ("reminder", "7"),
        ("reminder", "1"),
        ("overdue", "1"),
        ("overdue", "2"),
    ]


def test_done_stops_reminders_and_edits_every_copy(engine, tmp_path) -> None:
    w = World(engine, tmp_path)
    store(
        w.app,
        [
            item("rapport", "01-02", owners=("kari", "lars")),
            item("annet", "01-02", owners=("ola",), team="kundeservice"),
        ],
    )
    first = w.days(date(2025, 12, 18), date(2025, 12, 19))
    copies = [e for e in first if ":rapport:" in str(e["key"])]
    assert {str(e["target"]) for e in copies} == {"user:kari", "user:lars"}
    pressed = next(e for e in copies if e["target"] == "user:kari")
    reply = w.press(
        "plan.done",
        "rapport|2026-01-02",
        "kari",
        at(date(2025, 12, 19), 9, 14),
        message_id=str(pressed["key"]),
    )
    assert reply is not None and reply.replace_original and not reply.ephemeral
    assert reply.message.text.startswith("Påminnelse: «Rapport»")
    assert reply.message.blocks[-1].text == "✓ Ferdig – markert av Kari Nordmann kl. 09:14."
    assert not any(b.type == "actions" for b in reply.message.blocks)
    # the other copy (Lars's DM) is edited through the outbox on the next delivery
    later = w.days(date(2025, 12, 20), date(2026, 1, 13))
    updates = [e for e in later if e["op"] == "update"]
    assert [u["key"] for u in updates] == [outbox_key(_r14("rapport"), "user:lars")]
    assert "Ferdig – markert av Kari Nordmann" in str(updates[0]["body"])
    assert posts(later, "rapport") == []  # no 7-day, 1-day or overdue messages
    assert len(posts(later, "annet")) == 3  # the other item carries on: 7, 1, 1 overdue
    again = w.press("plan.skip", "rapport|2026-01-02", "lars", at(date(2025, 12, 22)))
    assert (
        again is not None and "Ferdig – markert av Kari Nordmann" in again.message.blocks[-1].text
    )
    # Ola is not in the item's team (Kommunikasjon): he may not touch it
    other = w.press("plan.skip", "rapport|2026-01-02", "ola", at(date(2025, 12, 22)))
    assert other is not None and other.message.text == "Dette hører til et annet team."


def _r14(key: str) -> Reminder:
    return Reminder(key, date(2026, 1, 2), 14, at(date(2025, 12, 19)), "reminder")


def test_snooze_moves_the_next_reminder_then_the_schedule_resumes(engine, tmp_path) -> None:
    w = World(engine, tmp_path)
    store(w.app, [item("frist", "01-02", owners=("kari",), team="kundeservice")])
    w.days(date(2025, 12, 18), date(2025, 12, 24))
    # Wed 24 Dec 10:00 "snooze 1 day": 25 and 26 Dec are holidays, then a weekend -> Mon 29 Dec
    reply = w.press("plan.snooze_1d", "frist|2026-01-02", "kari", at(date(2025, 12, 24), 10))
    assert reply is not None and reply.replace_original
    assert "Utsatt av Kari Nordmann til mandag 29. des. 09:00." in reply.message.blocks[-1].text
    events = w.days(date(2025, 12, 25), date(2025, 12, 31))
    got = [
        (str(e["at"])[:10], str(e["key"]).split(":")[1])
        for e in events
        if e["op"] == "post" and e["target"] == "user:kari"
    ]
    assert got == [("2025-12-29", "snooze"), ("2025-12-31", "reminder")]
    snoozed = next(e for e in events if ":snooze:" in str(e["key"]))
    assert str(snoozed["key"]).startswith("plan:snooze:frist:2026-01-02:20251229T0800Z:")
    assert str(snoozed["text"]).startswith("Utsatt påminnelse: «Frist»")
    # a short snooze by command is picked up by the 15-minute job, not the morning one
    reply = w.say("plan snooze frist 2h", "kari", at(date(2025, 12, 31), 10, 5))
    assert "Greit, jeg minner om «Frist» igjen onsdag 31. des. 12:05" in reply.message.text
    assert w.tick(at(date(2025, 12, 31), 12, 0)) == []
    fired = w.tick(at(date(2025, 12, 31), 12, 15))
    assert [(e["target"], str(e["key"]).split(":")[1]) for e in fired] == [
        ("user:kari", "snooze"),
    ]
    assert w.tick(at(date(2025, 12, 31), 12, 30)) == []


def test_replayed_ticks_and_lost_job_state_send_nothing_new(engine, tmp_path) -> None:
    w = World(engine, tmp_path)
    store(w.app, [item("x", "01-02", owners=("lars",))])
    first = w.tick(at(date(2025, 12, 19)))
    assert len(first) == 1
    assert w.tick(at(date(2025, 12, 19))) == []  # the same tick again
    fresh = World.__new__(World)
    fresh.app, fresh.transport, fresh.now = w.app, w.transport, w.now
    fresh.runner = Runner(w.app, jobs(w.app.config))
    assert fresh.tick(at(date(2025, 12, 19))) == []  # a restarted process
    with w.app.sessions.begin() as s:
        s.execute(delete(JobRun))  # even with the scheduler's memory gone
    fresh.runner = Runner(w.app, jobs(w.app.config))
    assert fresh.tick(at(date(2025, 12, 19))) == []
    with w.app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Outbox)) == 1
    # enqueueing the same reminders twice adds nothing: keys are per item, date, lead, target
    with w.app.sessions.begin() as s:
        from bot.plan.store import load_items

        items = load_items(s)
        assert enqueue_reminders(w.app, s, items, [_r14("x")], at(date(2025, 12, 19))) == 0


def test_plan_jobs_are_registered_with_the_scheduler_in_the_org_zone(engine, tmp_path) -> None:
    w = World(engine, tmp_path)
    names = {j.name: j for j in all_jobs(w.app.config)}
    assert {"plan.reminders", "plan.snoozes"} <= set(names)
    nxt = names["plan.reminders"].trigger.get_next_fire_time(None, at(date(2026, 6, 1), 10))
    assert nxt.astimezone(OSLO) == at(date(2026, 6, 2))
    assert nxt.utcoffset() == timedelta(hours=2)


def test_items_without_a_team_go_to_every_team_channel_and_keys_fit(engine, tmp_path) -> None:
    w = World(engine, tmp_path)
    long_key = "k" * 200
    store(w.app, [item(long_key, "01-02", team=None, owners=())])
    sent = w.tick(at(date(2025, 12, 19)))
    assert sorted(str(e["target"]) for e in sent) == [
        "channel:kommunikasjon",
        "channel:kundeservice",
    ]
    assert all(len(str(e["key"])) <= 200 for e in sent)
    assert str(sent[0]["key"]).startswith("plan:reminder:" + "k" * 40 + "~")
    reply = w.press(
        "plan.done",
        f"{long_key}|2026-01-02",
        "kari",
        at(date(2025, 12, 19), 10),
        message_id=str(sent[0]["key"]),
    )
    assert reply is not None and reply.replace_original
    edits = w.tick(at(date(2025, 12, 20)))
    assert [(e["op"], e["target"]) for e in edits] == [("update", sent[1]["target"])]
    assert parse_action_value(f"{long_key}|2026-01-02") == (long_key, date(2026, 1, 2))
    assert parse_action_value("garbage") is None
    assert parse_action_value("a|2026-02-31") is None


def test_a_button_on_a_removed_item_says_so(engine, tmp_path) -> None:
    w = World(engine, tmp_path)
    store(w.app, [item("gone", "01-02")])
    store(w.app, [])
    reply = w.press("plan.done", "gone|2026-01-02", "kari", at(date(2025, 12, 19)))
    assert reply is not None and not reply.replace_original
    assert reply.message.text == "Denne fristen finnes ikke lenger i årshjulet."
    with w.app.sessions.begin() as s:  # an unrelated outbox row is not touched
        enqueue(
            s,
            key="other",
            kind="x",
            target="channel:kommunikasjon",
            message=reply.message,
            now=datetime(2025, 12, 19, tzinfo=UTC),
        )


def test_the_weekly_digest_lists_overdue_items_after_the_reminders_stop(engine, tmp_path) -> None:
    """Nagging ends with the one overdue notice; the weekly digest keeps listing the open item
    as overdue until it is done - but not an occurrence older than the item's entry into the
    plan."""
    w = World(engine, tmp_path)
    store(
        w.app,
        [item("rapport", date(2026, 1, 2)), item("gammel", date(2025, 11, 3))],
        today=IMPORTED,
    )
    today = date(2026, 3, 2)  # two months later: no reminder for weeks, the digest still lists it
    with w.app.sessions() as s:
        lines = upcoming_deadlines(w.app, s, today, 28, "kommunikasjon", overdue_days=365)
        plain = upcoming_deadlines(w.app, s, today, 28, "kommunikasjon")
    assert [(d.item_key, d.due, d.status) for d in lines] == [("rapport", date(2026, 1, 2), "open")]
    assert plain == []
    (block,) = deadline_blocks("nb", lines, 28, today)
    assert "fredag 2. jan.: Rapport (Kari Nordmann) – forfalt" in to_text(
        Message(text="", blocks=(block,), locale="nb")
    )
    w.press("plan.done", "rapport|2026-01-02", "kari", at(date(2026, 3, 2)))
    with w.app.sessions() as s:
        assert upcoming_deadlines(w.app, s, today, 28, "kommunikasjon", overdue_days=365) == []
