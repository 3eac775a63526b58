"""`vaktbot import plan`, `vaktbot export plan`, `vaktbot tick --at` on the plan, and the
subscribable plan feed (a real aiohttp server on 127.0.0.1)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
import typer
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar
from pydantic import SecretStr
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cli.main import cli
from bot.cli.plan import get_export_cli, get_import_cli
from bot.plan.store import load_items
from bot.settings import Secrets
from bot.store.models import PlanItemRow
from bot.web.feeds import routes as feed_routes
from bot.web.urls import token as url_token
from tests.plan.test_store import CONFIG_YAML, PLAN_DATA, plan_app, swedish_xlsx

FROZEN = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)
BAD_CSV = (
    "Tittel;Dato;Ansvarlig;Kategori;Team\n"
    "God rad;01.05.;Kari;Internt;kommunikasjon\n"
    "Feil dato;31.02.2026;Kari;Internt;kommunikasjon\n"
    "Ukjent person;01.06.;Gunnar;Internt;kommunikasjon\n"
    ";01.07.;Kari;Internt;kommunikasjon\n"
    "Ukjent team;01.08.;Kari;Internt;salg\n"
    'Aldri;"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30";Kari;Internt;kommunikasjon\n'
)


@pytest.fixture
def env(tmp_path: Path, db_url: str):  # type: ignore[no-untyped-def]
    config = tmp_path / "vaktbot.yml"
    config.write_text(CONFIG_YAML, encoding="utf-8")
    return ["--config", str(config), "--database", db_url]


def run(*args: str) -> typer.testing.Result:  # type: ignore[name-defined]
    with time_machine.travel(FROZEN, tick=False):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def stored(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(PlanItemRow)).scalar() or 0)


def test_import_example_sheet_then_reimport_swedish_is_unchanged(env, engine, tmp_path) -> None:
    first = run("import", "plan", str(PLAN_DATA / "arshjul.xlsx"), *env)
    assert first.exit_code == 0, first.output
    assert "arshjul.xlsx: 26 nye, 0 endret, 0 uendret, 0 fjernet." in first.output
    assert "Det skjulte arket «Lister» ble ikke lest." in first.output  # a warning, not an error
    assert "+ ny: Skattemeldingen: frist for å levere" in first.output
    assert stored(engine) == 26
    sv = tmp_path / "årshjul-sv.xlsx"
    sv.write_bytes(swedish_xlsx())
    again = run("import", "plan", str(sv), *env)
    assert again.exit_code == 0
    assert "0 nye, 0 endret, 26 uendret, 0 fjernet" in again.output
    assert stored(engine) == 26


def test_dry_run_shows_changes_and_writes_nothing(env, engine, tmp_path) -> None:
    dry = run("import", "plan", str(PLAN_DATA / "arshjul.csv"), "--dry-run", *env)
    assert dry.exit_code == 0
    assert "26 nye" in dry.output and "Prøvekjøring: ingenting ble lagret." in dry.output
    assert stored(engine) == 0
    assert run("import", "plan", str(PLAN_DATA / "arshjul.csv"), *env).exit_code == 0
    text = (PLAN_DATA / "arshjul.csv").read_bytes().decode("utf-8-sig")
    edited = tmp_path / "arshjul.csv"
    edited.write_text(text.replace("Pride-måneden;01.06.", "Pride-måneden;02.06."), "utf-8")
    dry = run("import", "plan", str(edited), "--dry-run", *env)
    assert "~ endret: Pride-måneden (when)" in dry.output
    assert "0 nye, 1 endret, 25 uendret, 0 fjernet" in dry.output
    app = plan_app(engine, tmp_path)
    with app.sessions() as s:
        pride = next(i for i in load_items(s) if i.title == "Pride-måneden")
    assert pride.when.text == "06-01"  # unchanged by the dry run


def test_malformed_file_reports_every_row_and_imports_nothing(env, engine, tmp_path) -> None:
    bad = tmp_path / "plan.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    result = run("import", "plan", str(bad), *env)
    assert result.exit_code == 1
    out = result.output
    assert "Rad 3, kolonne «Dato»: «31.02.2026» finnes ikke i kalenderen." in out
    assert "Rad 4, kolonne «Ansvarlig»:" in out and "Gunnar" in out
    assert "Rad 5, kolonne «Tittel»:" in out
    assert "Rad 6, kolonne «Team»: Ukjent team «salg»." in out
    assert "Rad 7, kolonne «Dato»:" in out and "gir aldri noen dato" in out
    assert "5 feil i plan.csv. Ingenting ble importert." in out
    assert stored(engine) == 0  # not even the good row


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("tom.csv", b"", "Filen er tom."),
        ("plan.xlsx", b"this is not a workbook", "Filen heter plan.xlsx"),
        ("plan.pdf", b"%PDF-1.4", "Kan ikke lese «plan.pdf»."),
        ("cols.csv", b"Tittel;Ansvarlig\nA;Kari\n", "Dato"),
    ],
)
def test_unreadable_files_exit_non_zero(env, engine, tmp_path, name, data, expected) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = run("import", "plan", str(path), *env)
    assert result.exit_code == 1 and expected in result.output
    assert stored(engine) == 0


def test_missing_file_and_unknown_team_option(env, tmp_path) -> None:
    missing = run("import", "plan", str(tmp_path / "nope.xlsx"), *env)
    assert missing.exit_code == 2 and "Finner ikke filen" in missing.output
    team = run("import", "plan", str(PLAN_DATA / "arshjul.csv"), "--team", "salg", *env)
    assert team.exit_code == 2 and "--team: ukjent team «salg»." in team.output


def test_team_option_sets_the_team_and_limits_removal(env, engine, tmp_path) -> None:
    plan = tmp_path / "kunde.csv"
    plan.write_text("Tittel;Dato\nÅpningstider jul;20.12.\nSommer;15/6\n", encoding="utf-8")
    assert run("import", "plan", str(plan), "--team", "kundeservice", *env).exit_code == 0
    assert run("import", "plan", str(PLAN_DATA / "arshjul.csv"), *env).exit_code == 0
    plan.write_text("Tittel;Dato\nÅpningstider jul;20.12.\n", encoding="utf-8")
    result = run("import", "plan", str(plan), "--team", "kundeservice", *env)
    assert "- fjernet: Sommer [kundeservice-sommer]" in result.output
    assert "1 fjernet" in result.output  # only the team's item that left the file
    app = plan_app(engine, tmp_path)
    with app.sessions() as s:
        keys = {i.key for i in load_items(s)}
    assert "kundeservice-apningstider-jul" in keys and "kundeservice-sommer" not in keys
    assert len(keys) == 27


def test_export_xlsx_and_ics_round_trip(env, engine, tmp_path) -> None:
    assert run("import", "plan", str(PLAN_DATA / "arshjul.xlsx"), *env).exit_code == 0
    out = tmp_path / "ut.xlsx"
    result = run("export", "plan", "--format", "xlsx", "--out", str(out), *env)
    assert result.exit_code == 0 and "Skrev 26 elementer" in result.output
    back = run("import", "plan", str(out), "--dry-run", *env)
    assert "0 nye, 0 endret, 26 uendret, 0 fjernet" in back.output
    ics = tmp_path / "ut.ics"
    assert (
        run(
            "export", "plan", "--format", "ics", "--out", str(ics), "--team", "kundeservice", *env
        ).exit_code
        == 0
    )
    cal = Calendar.from_ical(ics.read_bytes())
    titles = {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
    assert "Påske: åpningstider" in titles and "Pride-måneden" not in titles
    assert str(cal["X-WR-CALNAME"]) == "Årshjul – Kundeservice"
    bad = run("export", "plan", "--format", "pdf", *env)
    assert bad.exit_code == 2 and "bruk ics eller xlsx" in bad.output


def test_tick_at_sends_the_reminder_through_the_cli(env, engine, tmp_path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("Tittel;Dato;Ansvarlig;Team\nNyttår;02.01.;Lars;kommunikasjon\n", "utf-8")
    assert run("import", "plan", str(plan), *env).exit_code == 0
    result = run("tick", "--at", "2025-12-31T09:00", *env)
    assert result.exit_code == 0, result.output
    # the deadline is in another year than the reminder: the year is shown
    assert "Påminnelse: «Nyttår» har frist fredag 2. jan. 2026 (om 2 dager)." in result.output
    assert "[plan:reminder:kommunikasjon-nyttar:2026-01-02:1:user:lars]" in result.output
    replay = run("tick", "--at", "2025-12-31T09:00", *env)
    assert "Nyttår" not in replay.output


def test_import_and_export_groups_are_shared() -> None:
    assert get_import_cli(cli) is get_import_cli(cli)
    assert [g.name for g in cli.registered_groups].count("import") == 1
    assert [g.name for g in cli.registered_groups].count("export") == 1
    other = typer.Typer()
    mine = typer.Typer()
    other.add_typer(mine, name="export")
    assert get_export_cli(other) is mine


# --- the feed ------------------------------------------------------------------------------


async def test_plan_feed_needs_the_team_token(engine, tmp_path) -> None:
    app = plan_app(engine, tmp_path)
    app.secrets = Secrets(VAKTBOT_FEED_SECRET=SecretStr("s3cret"))  # type: ignore[call-arg]
    from tests.plan.test_store import item, store

    store(
        app,
        [
            item("a", "05-01"),
            item("b", "05-02", team="kundeservice"),
            item("c", "05-03", team=None),
        ],
    )
    web_app = web.Application()
    app.clock = lambda: FROZEN
    web_app.add_routes(feed_routes(app))
    async with TestClient(TestServer(web_app, host="127.0.0.1", port=0)) as client:
        token = url_token(app, "plan:kommunikasjon")
        ok = await client.get(f"/feeds/plan/kommunikasjon.ics?token={token}")
        assert ok.status == 200 and ok.headers["Content-Type"].startswith("text/calendar")
        cal = Calendar.from_ical(await ok.read())
        uids = sorted(str(e["UID"]) for e in cal.walk("VEVENT"))
        assert uids == [
            "a/20250501@vaktbot",
            "a/20260501@vaktbot",
            "c/20250503@vaktbot",
            "c/20260503@vaktbot",
        ]
        assert "kari" not in (await ok.text()).lower()  # no owners in a shared feed
        same = await client.get(
            f"/feeds/plan/kommunikasjon.ics?token={token}",
            headers={"If-None-Match": ok.headers["ETag"]},
        )
        assert same.status == 304
        for url in (
            "/feeds/plan/kommunikasjon.ics",
            f"/feeds/plan/kommunikasjon.ics?token={token[:-1]}0",
            f"/feeds/plan/kundeservice.ics?token={token}",
            f"/feeds/plan/salg.ics?token={url_token(app, 'plan:salg')}",
        ):
            assert (await client.get(url)).status == 404, url
    # without VAKTBOT_FEED_SECRET the secret is generated once and kept in the database: a
    # token made with the old public default opens nothing, the stored one works for every App
    app.secrets = Secrets()  # type: ignore[call-arg]
    app.caches.secrets.clear()
    web_app = web.Application()
    app.clock = lambda: FROZEN
    web_app.add_routes(feed_routes(app))
    public = hmac.new(b"change-me-feed-secret", b"plan:kommunikasjon", hashlib.sha256)
    async with TestClient(TestServer(web_app, host="127.0.0.1", port=0)) as client:
        url = f"/feeds/plan/kommunikasjon.ics?token={public.hexdigest()[:32]}"
        assert (await client.get(url)).status == 404
        token = url_token(app, "plan:kommunikasjon")
        assert (await client.get(f"/feeds/plan/kommunikasjon.ics?token={token}")).status == 200
    again = plan_app(engine, tmp_path)  # another process, the same database
    assert url_token(again, "plan:kommunikasjon") == token
    assert len(app.feed_secret()) >= 40 and app.feed_secret() != "change-me-feed-secret"


def test_feed_token_is_hmac_sha256_of_the_scope(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import hashlib
    import hmac

    app = plan_app(engine, tmp_path)
    app.secrets = Secrets(VAKTBOT_FEED_SECRET=SecretStr("k"))  # type: ignore[call-arg]
    expected = hmac.new(b"k", b"plan:team-1", hashlib.sha256).hexdigest()[:32]
    assert url_token(app, "plan:team-1") == expected
    assert url_token(app, "plan:team-2") != expected
