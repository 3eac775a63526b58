"""The annual plan in the database: importing the example sheet (nb and sv headers), idempotent
re-import, dry runs, removal, occurrence states with audit rows, and the deadline providers.

Also holds the small helpers the other plan test modules import (``plan_app`` and friends)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.app import App
from bot.config import Config, load_config
from bot.people import resolve_mention
from bot.plan.importer import ImportResult, parse_plan
from bot.plan.listing import AmbiguousId, NotShown, listing, remember_shown, resolve_id
from bot.plan.model import DeadlineLine, OnDate, PlanItem, YearlyDate
from bot.plan.rows import first_seen
from bot.plan.store import (
    add_item,
    apply_import,
    get_state,
    load_items,
    set_status,
    snooze,
    upcoming_deadlines,
)
from bot.store.db import session_factory
from bot.store.models import AuditLog, PlanItemRow, PlanOccurrenceRow
from tests.support.paths import PLAN_DATA

CATEGORIES = ["Tjenesteinformasjon", "Kampanje", "Beredskap", "Merkedager", "Internt"]
CONFIG_YAML = """
organisation: {name: Testkommune, locale: nb, timezone: Europe/Oslo, country: NO}
people:
  - {id: kari, name: Kari Nordmann, role: lead, slack_id: U01KARI}
  - {id: ola, name: Ola Hansen, slack_id: U01OLA}
  - {id: ingrid, name: Ingrid Berg, locale: sv}
  - {id: lars, name: Lars Johansen}
  - {id: sofie, name: Sofie Lie, locale: en}
teams:
  - {id: kommunikasjon, name: Kommunikasjon, lead: kari, members: [kari, ingrid, lars, sofie],
     channel: {console: "#komm"}}
  - {id: kundeservice, name: Kundeservice, lead: ola, members: [ola, kari],
     channel: {console: "#kunde"}}
plan:
  categories: [Tjenesteinformasjon, Kampanje, Beredskap, Merkedager, Internt]
  lead_days: [14, 7, 1]
  morning_time: "09:00"
"""
SV_HEADERS = {
    "Måned": "Månad",
    "Tittel": "Titel",
    "Dato": "Datum",
    "Ansvarlig": "Ansvarig",
    "Beskrivelse": "Beskrivning",
    "Varsel (dager)": "Påminnelse (dagar)",
}
NOW = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)
TODAY = date(2025, 12, 1)


def plan_config(tmp_path: Path) -> tuple[Config, Path]:
    path = tmp_path / "vaktbot.yml"
    path.write_text(CONFIG_YAML, encoding="utf-8")
    return load_config(path), path


def plan_app(engine, tmp_path: Path) -> App:  # type: ignore[no-untyped-def]
    config, path = plan_config(tmp_path)
    return App(
        config=config, engine=engine, sessions=session_factory(engine), config_path=str(path)
    )


def parse_for(config: Config, data: bytes, name: str, **kw: object) -> ImportResult:
    def person(n: str) -> str | None:
        p = resolve_mention(config, n)
        return p.id if p else None

    teams = {t.id: t.id for t in config.teams}
    return parse_plan(
        data,
        name,
        known_people={p.id for p in config.people},
        resolve_person=person,
        categories=config.plan.categories,
        resolve_team=teams.get,
        **kw,  # type: ignore[arg-type]
    )


def swedish_xlsx() -> bytes:
    wb = load_workbook(PLAN_DATA / "arshjul.xlsx")
    ws = wb.worksheets[0]
    for cell in ws[2]:
        cell.value = SV_HEADERS.get(cell.value, cell.value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def item(
    key: str,
    when: str | date,
    team: str | None = "kommunikasjon",
    owners: tuple[str, ...] = ("kari",),
    lead: tuple[int, ...] = (14, 7, 1),
) -> PlanItem:
    from bot.plan.model import parse_when

    rec = OnDate(when) if isinstance(when, date) else parse_when(when)
    return PlanItem(
        key, key.replace("-", " ").capitalize(), None, None, team, owners, (), rec, lead
    )


def store(
    app: App,
    items: list[PlanItem],
    *,
    today: date = TODAY,
    source: str = "plan.csv",
    team: str | None = None,
    dry_run: bool = False,
):  # type: ignore[no-untyped-def]
    now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    with app.sessions.begin() as s:
        return apply_import(
            s, items, source=source, now=now, today=today, team=team, dry_run=dry_run
        )


def count(app: App, model) -> int:  # type: ignore[no-untyped-def]
    with app.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# --- importing the example sheet -------------------------------------------------------------


def test_example_sheet_in_norwegian_and_swedish_imports_the_same_plan(engine, tmp_path) -> None:
    app = plan_app(engine, tmp_path)
    nb = parse_for(app.config, (PLAN_DATA / "arshjul.xlsx").read_bytes(), "arshjul.xlsx")
    assert nb.errors == [] and len(nb.items) == 26
    diff = store(app, nb.items, source="arshjul.xlsx")
    assert diff.counts == {"added": 26, "changed": 0, "unchanged": 0, "removed": 0}
    with app.sessions() as s:
        stored = load_items(s)
        seen = first_seen(s)
    assert stored == sorted(nb.items, key=lambda i: i.key)
    assert set(seen) == {i.key for i in nb.items} and set(seen.values()) == {TODAY}
    tax = next(i for i in stored if i.title == "Skattemeldingen: frist for å levere")
    assert tax.when == YearlyDate(4, 30) and tax.owners == ("lars",)
    assert tax.team == "kommunikasjon" and tax.channels == ("Facebook", "Instagram", "Nettside")

    sv = parse_for(app.config, swedish_xlsx(), "årshjul.xlsx")
    assert sv.errors == []
    again = store(app, sv.items, source="årshjul.xlsx", today=TODAY + timedelta(days=3))
    assert again.counts == {"added": 0, "changed": 0, "unchanged": 26, "removed": 0}
    assert count(app, PlanItemRow) == 26
    with app.sessions() as s:
        assert load_items(s) == stored
        assert set(first_seen(s).values()) == {TODAY}  # a re-import keeps the first date
        rows = list(s.scalars(select(PlanItemRow.source)))
    assert set(rows) == {"årshjul.xlsx"}


def test_csv_reimport_is_idempotent_and_changes_update_in_place(engine, tmp_path) -> None:
    app = plan_app(engine, tmp_path)
    data = (PLAN_DATA / "arshjul.csv").read_bytes()
    first = parse_for(app.config, data, "arshjul.csv")
    assert first.errors == []
    store(app, first.items)
    for _ in range(2):
        assert (
            store(app, parse_for(app.config, data, "arshjul.csv").items).counts["unchanged"] == 26
        )
    text = data.decode("utf-8-sig").replace("Pride-måneden;01.06.", "Pride-måneden;02.06.")
    lines = text.split("\r\n")
    dropped = next(line for line in lines if line.startswith("Januar;Kvartalsrapport"))
    text = "\r\n".join(line for line in lines if line != dropped)
    edited = parse_for(app.config, text.encode(), "arshjul.csv")
    dry = store(app, edited.items, dry_run=True)
    assert dry.counts == {"added": 0, "changed": 1, "unchanged": 24, "removed": 1}
    old, new, fields = dry.changed[0]
    assert fields == ("when",) and old.when == YearlyDate(6, 1) and new.when == YearlyDate(6, 2)
    assert dry.removed[0].title == "Kvartalsrapport sosiale medier"
    with app.sessions() as s:  # the dry run wrote nothing
        assert len(load_items(s)) == 26
        assert next(i for i in load_items(s) if i.title == "Pride-måneden").when == YearlyDate(6, 1)
    real = store(app, edited.items)
    assert real.counts == dry.counts
    with app.sessions() as s:
        items = load_items(s)
    assert len(items) == 25 and count(app, PlanItemRow) == 26  # soft-deleted, no duplicates
    assert next(i for i in items if i.title == "Pride-måneden").when == YearlyDate(6, 2)
    back = store(app, first.items)  # the row comes back: restored in place
    assert back.counts == {"added": 0, "changed": 2, "unchanged": 24, "removed": 0}
    assert ("restored",) in [f for _o, _n, f in back.changed]
    assert count(app, PlanItemRow) == 26


def test_dry_run_on_an_empty_plan_shows_additions_and_stores_nothing(engine, tmp_path) -> None:
    app = plan_app(engine, tmp_path)
    result = parse_for(app.config, (PLAN_DATA / "arshjul.csv").read_bytes(), "arshjul.csv")
    diff = store(app, result.items, dry_run=True)
    assert len(diff.added) == 26
    assert count(app, PlanItemRow) == 0 and count(app, AuditLog) == 0
    with app.sessions() as s:
        assert first_seen(s) == {}


def test_removal_is_limited_to_the_team_and_spares_items_added_in_chat(engine, tmp_path) -> None:
    app = plan_app(engine, tmp_path)
    a, b = item("a", "05-01"), item("b", "05-02", team="kundeservice")
    store(app, [a, b])
    with app.sessions.begin() as s:
        add_item(s, item("chat-c", "05-03"), now=NOW, today=TODAY, actor="kari")
    only_b = store(app, [b], team="kundeservice")
    assert only_b.counts == {"added": 0, "changed": 0, "unchanged": 1, "removed": 0}
    nothing = store(app, [], team="kommunikasjon")
    assert [i.key for i in nothing.removed] == ["a"]  # not the chat item, not b
    with app.sessions() as s:
        assert [i.key for i in load_items(s)] == ["b", "chat-c"]
        actions = [r.action for r in s.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert actions == ["plan.import", "plan.add", "plan.import", "plan.import"]


def test_unknown_team_in_the_sheet_is_reported_with_its_row(engine, tmp_path) -> None:
    app = plan_app(engine, tmp_path)
    data = "Tittel;Dato;Team\nA;01.05.;kommunikasjon\nB;02.05.;markedsføring\n".encode()
    result = parse_for(app.config, data, "p.csv")
    assert [(e.row, e.column, e.message_key, e.value) for e in result.errors] == [
        (3, "Team", "planbot.import.unknown_team", "markedsføring")
    ]


# --- occurrence states --------------------------------------------------------------------


def test_status_and_snooze_are_stored_with_who_and_when_and_audited(engine, tmp_path) -> None:
    app = plan_app(engine, tmp_path)
    store(app, [item("a", "05-01")])
    occ = date(2026, 5, 1)
    until = datetime(2026, 4, 20, 7, 0, tzinfo=UTC)
    with app.sessions.begin() as s:
        before, after = snooze(s, "a", occ, until, by="ola", now=NOW)
    assert before.status == "open" and before.snoozed_until is None
    assert after.snoozed_until == until and after.by == "ola"
    later = NOW + timedelta(days=1)
    with app.sessions.begin() as s:
        before, after = set_status(s, "a", occ, "done", by="kari", now=later)
    assert before.snoozed_until == until
    assert (after.status, after.by, after.at, after.snoozed_until) == ("done", "kari", later, None)
    with app.sessions() as s:
        assert get_state(s, "a", occ) == after
        audit = [(r.actor, r.action, r.subject) for r in s.scalars(select(AuditLog))]
    assert ("ola", "plan.snooze", "a:2026-05-01") in audit
    assert ("kari", "plan.done", "a:2026-05-01") in audit
    assert count(app, PlanOccurrenceRow) == 1
    with app.sessions.begin() as s, pytest.raises(ValueError):
        set_status(s, "a", occ, "finished", by="kari", now=later)


# --- providers for digests and commands ------------------------------------------------------


def test_upcoming_deadlines_for_digests_with_display_names_and_team_filter(
    engine, tmp_path
) -> None:
    app = plan_app(engine, tmp_path)
    store(
        app,
        [
            item("a", "12-03", owners=("kari", "sofie")),
            item("b", "12-05", team="kundeservice", owners=("ola",)),
            item("c", "12-08", team=None, owners=()),
            item("d", "12-20"),
        ],
    )
    with app.sessions.begin() as s:
        set_status(s, "a", date(2025, 12, 3), "done", by="kari", now=NOW)
    with app.sessions() as s:
        lines = upcoming_deadlines(app, s, TODAY, 7)
        team = upcoming_deadlines(app, s, TODAY, 28, "kundeservice")
    assert lines == [
        DeadlineLine("a", "A", date(2025, 12, 3), ("Kari Nordmann", "Sofie Lie"), "done"),
        DeadlineLine("b", "B", date(2025, 12, 5), ("Ola Hansen",), "open"),
    ]
    assert [d.item_key for d in team] == ["b", "c"]  # the team's and the team-less items


def test_short_ids_numbers_keys_and_prefixes(engine, tmp_path) -> None:
    app = plan_app(engine, tmp_path)
    store(
        app,
        [item("skatt-frist", "12-03"), item("skatt-klar", "12-10"), item("jul", "12-24")],
        today=date(2025, 11, 1),
    )
    today = date(2025, 12, 5)  # skatt-frist (3 Dec) is overdue and open
    with app.sessions() as s:
        entries = listing(s, today, 28)
        assert [(e.number, e.item.key, e.overdue) for e in entries] == [
            (1, "skatt-frist", True),
            (2, "skatt-klar", False),
            (3, "jul", False),
        ]
        # a number is a line of the list the person was last shown, nothing else
        with pytest.raises(NotShown) as unseen:
            resolve_id(s, "2", today, person="kari")
        assert (unseen.value.number, unseen.value.shown) == (2, 0)
        remember_shown(s, "kari", entries[:2], NOW)
        assert resolve_id(s, "2", today, person="kari").item.key == "skatt-klar"  # type: ignore[union-attr]
        assert resolve_id(s, "#1", today, person="kari").due == date(2025, 12, 3)  # type: ignore[union-attr]
        with pytest.raises(NotShown) as beyond:
            resolve_id(s, "3", today, person="kari")  # "jul" is in the listing but was not shown
        assert (beyond.value.number, beyond.value.shown) == (3, 2)
        with pytest.raises(NotShown):
            resolve_id(s, "1", today, person="ola")  # kari's list is not ola's
        assert resolve_id(s, "jul", today).due == date(2025, 12, 24)  # type: ignore[union-attr]
        assert resolve_id(s, "SKATT-K", today).item.key == "skatt-klar"  # type: ignore[union-attr]
        with pytest.raises(AmbiguousId) as exc:
            resolve_id(s, "skatt", today)
        assert exc.value.keys == ["skatt-frist", "skatt-klar"]
        assert resolve_id(s, "nope", today) is None
    # an occurrence older than the day the item entered the plan is never "overdue"
    store(app, [item("ny", "12-01")], today=today, source="other.csv")
    with app.sessions() as s:
        assert "ny" not in [e.item.key for e in listing(s, today, 7) if e.overdue]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=8),
    weeks=st.integers(min_value=1, max_value=52),
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
)
def test_a_shorter_listing_is_a_prefix_of_a_longer_one(
    engine, tmp_path, days, weeks, start
) -> None:
    app = plan_app(engine, tmp_path)
    items = [item(f"i{n}", start + timedelta(days=d)) for n, d in enumerate(days)]
    with app.sessions.begin() as s:
        s.query(PlanItemRow).delete()
    store(app, items, today=start - timedelta(days=30))
    with app.sessions() as s:
        short = listing(s, start, weeks * 7)
        long = listing(s, start, 366)
    assert long[: len(short)] == short
    assert [e.number for e in long] == list(range(1, len(long) + 1))
