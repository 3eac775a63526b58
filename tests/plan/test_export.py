"""Exporting the annual plan as ICS and XLSX, and reading both back."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar
from openpyxl import load_workbook

from bot.plan.export import plan_ics, plan_xlsx
from bot.plan.importer import parse_plan
from bot.plan.model import OccurrenceState, PlanItem, occurrences, parse_when
from tests.support.paths import PLAN_DATA

OSLO = ZoneInfo("Europe/Oslo")
START, END = date(2026, 1, 1), date(2027, 12, 31)


def plan() -> list[PlanItem]:
    def p(key: str, when: str, lead: tuple[int, ...] = (14, 7, 1), **kw: object) -> PlanItem:
        fields: dict[str, object] = {
            "description": None,
            "category": None,
            "team": "team-a",
            "owners": ("kari",),
            "channels": (),
        }
        fields.update(kw)
        return PlanItem(key, key.replace("-", " ").title(), when=parse_when(when),
                        lead_days=lead, **fields)  # type: ignore[arg-type]  # fmt: skip

    return [
        p("skatt", "30.04.", description="Frist; husk lenke, og svar i kommentarfeltet",
          category="Tjenesteinformasjon", channels=("Facebook", "Instagram")),
        p("planlegging", "første mandag i juni", (14, 7), owners=("kari", "ola")),
        p("kvartal", "DTSTART:20260105 RRULE:FREQ=MONTHLY;INTERVAL=3 EXDATE:20260705"),
        p("arsrapport", "RRULE:FREQ=YEARLY;BYMONTH=2;BYDAY=-1FR", (7, 1)),
        p("valg", "2027-09-13", (28, 14, 7, 1), team=None),
        p("stille", "12-24", ()),
    ]  # fmt: skip


STATES = [
    OccurrenceState("skatt", date(2026, 4, 30), "done", "kari",
                    datetime(2026, 4, 29, 9, tzinfo=UTC)),
    OccurrenceState("planlegging", date(2026, 6, 1), "skipped", "ola",
                    datetime(2026, 5, 20, 12, tzinfo=UTC)),
    OccurrenceState("valg", date(2027, 9, 13), "open",
                    snoozed_until=datetime(2027, 9, 1, 6, tzinfo=UTC)),
]  # fmt: skip


# --- ICS ---------------------------------------------------------------------------------


def test_ics_feed_has_one_event_per_deadline_with_status() -> None:
    data = plan_ics(plan(), STATES, START, END, "Europe/Oslo")
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    expected = sorted((item.key, d) for item in plan() for d in occurrences(item, START, END))
    got = sorted((str(e["X-VAKTBOT-KEY"]), e.decoded("DTSTART")) for e in events)
    assert got == expected
    assert len({str(e["UID"]) for e in events}) == len(events)
    by_uid = {str(e["UID"]): e for e in events}
    done = by_uid["skatt/20260430@vaktbot"]
    assert str(done["SUMMARY"]) == "✓ Skatt" and str(done["X-VAKTBOT-STATUS"]) == "done"
    assert str(by_uid["skatt/20270430@vaktbot"]["SUMMARY"]) == "Skatt"
    assert str(by_uid["planlegging/20260601@vaktbot"]["STATUS"]) == "CANCELLED"
    assert str(by_uid["planlegging/20270607@vaktbot"]["STATUS"]) == "CONFIRMED"
    assert done.decoded("DTEND") == date(2026, 5, 1)
    assert str(done["DESCRIPTION"]) == "Frist; husk lenke, og svar i kommentarfeltet"
    assert done.decoded("DTSTAMP") == datetime(2025, 12, 31, 23, tzinfo=UTC)  # start in Oslo
    assert b"kari" not in data  # owners stay out of a feed
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Oslo"


def test_ics_feed_is_deterministic_and_expands_like_recurring_ical_events() -> None:
    a = plan_ics(plan(), STATES, START, END, "Europe/Oslo")
    assert a == plan_ics(list(reversed(plan())), list(reversed(STATES)), START, END, "Europe/Oslo")
    stamped = plan_ics(plan(), [], START, END, "Europe/Oslo",
                       stamp=datetime(2026, 3, 1, 12, tzinfo=OSLO))  # fmt: skip
    assert b"DTSTAMP:20260301T110000Z" in stamped
    cal = Calendar.from_ical(a)
    window = recurring_ical_events.of(cal).between(date(2026, 6, 1), date(2026, 9, 1))
    got = sorted((str(e["X-VAKTBOT-KEY"]), e.decoded("DTSTART")) for e in window)
    assert got == [("planlegging", date(2026, 6, 1))]  # 5 July is an EXDATE of "kvartal"


def test_ics_feed_reads_back_as_the_same_items_without_owners() -> None:
    data = plan_ics(plan(), STATES, START, END, "Europe/Oslo")
    result = parse_plan(data, "plan.ics")
    assert result.errors == [] and result.warnings == []
    expected = {i.key: i.__class__(**{**i.__dict__, "owners": ()}) for i in plan()}
    assert {i.key: i for i in result.items} == expected


@pytest.mark.parametrize(
    "rule",
    [
        "DTSTART:20260105 RRULE:FREQ=MONTHLY;INTERVAL=3 EXDATE:20260705",
        "RRULE:FREQ=YEARLY;BYMONTH=2;BYDAY=-1FR",
        "DTSTART:20260105 RRULE:FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=5",
        "DTSTART:20260430 RRULE:FREQ=YEARLY;UNTIL=20290430 RDATE:20311231",
        "DTSTART:20260102 RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;COUNT=10",
        "DTSTART:20260130 RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    ],
)
def test_rrule_round_trip_agrees_with_recurring_ical_events(rule: str) -> None:
    # (a DTSTART that the rule itself does not produce is undefined in RFC 5545; these agree)
    rec = parse_when(rule)
    assert parse_when(rec.text) == rec
    lines = rec.text.splitlines()
    if not lines[0].startswith("DTSTART"):
        lines.insert(0, "DTSTART:20000101")
    vevent = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", "UID:x",
         "DTSTAMP:20260101T000000Z", "SUMMARY:x"]
        + [f"{line.split(':', 1)[0]};VALUE=DATE:{line.split(':', 1)[1]}"
           if line.startswith(("DTSTART", "EXDATE", "RDATE")) else line for line in lines]
        + ["END:VEVENT", "END:VCALENDAR", ""]
    )  # fmt: skip
    expanded = recurring_ical_events.of(Calendar.from_ical(vevent)).between(
        date(2026, 1, 1), date(2032, 1, 1)
    )
    theirs = sorted(e.decoded("DTSTART") for e in expanded)
    assert rec.between(date(2026, 1, 1), date(2031, 12, 31)) == theirs
    item = PlanItem("r", "R", None, None, None, (), (), rec)
    back = parse_plan(plan_xlsx([item], []), "r.xlsx").items
    assert back == [item]


# --- XLSX --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "title_header", "lead_header"),
    [("nb", "Tittel", "Varsel (dager)"), ("sv", "Titel", "Påminnelse (dagar)"),
     ("en", "Title", "Lead days")],
)  # fmt: skip
def test_xlsx_export_reads_back_as_the_same_plan(
    locale: str, title_header: str, lead_header: str
) -> None:
    data = plan_xlsx(plan(), STATES, locale=locale)
    wb = load_workbook(io.BytesIO(data))
    ws, st = wb.worksheets
    header = [c.value for c in ws[1]]
    assert header[1] == title_header and header[8] == lead_header
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["valg"][2] == datetime(2027, 9, 13)  # a real date cell
    assert rows["stille"][8] == "-"
    assert rows["planlegging"][3] == "kari, ola"
    status = list(st.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in status] == ["planlegging", "skatt", "valg"]
    assert status[1][4] == "2026-04-29 09:00"  # UTC, as text: no naive datetimes in the file
    assert status[2][5] == "2027-09-01 06:00"
    result = parse_plan(data, f"plan-{locale}.xlsx", known_people={"kari", "ola"})
    assert result.errors == []
    assert {i.key: i for i in result.items} == {i.key: i for i in plan()}


def test_xlsx_export_is_deterministic_and_stamped() -> None:
    stamp = datetime(2026, 11, 23, 9, 30, tzinfo=OSLO)
    a = plan_xlsx(plan(), STATES, stamp=stamp)
    assert a == plan_xlsx(list(reversed(plan())), STATES, stamp=stamp)
    core = zipfile.ZipFile(io.BytesIO(a)).read("docProps/core.xml")
    assert b"2026-11-23T08:30:00Z" in core
    with pytest.raises(ValueError):
        plan_xlsx(plan(), STATES, stamp=stamp.replace(tzinfo=None))


def test_example_plan_survives_export_and_import() -> None:
    people = {"Kari Nordmann": "kari", "Ola Hansen": "ola", "Ingrid Berg": "ingrid",
              "Lars Johansen": "lars", "Sofie Lie": "sofie"}  # fmt: skip
    items = parse_plan(
        (PLAN_DATA / "arshjul.xlsx").read_bytes(), "arshjul.xlsx", resolve_person=people.get
    ).items
    assert len(items) == 26
    for locale in ("nb", "sv", "en"):
        back = parse_plan(plan_xlsx(items, [], locale=locale), "x.xlsx").items
        assert sorted(back, key=lambda i: i.key) == sorted(items, key=lambda i: i.key)
    feed = plan_ics(items, [], START, START + timedelta(days=730), "Europe/Oslo")
    back = parse_plan(feed, "feed.ics").items
    assert {i.key for i in back} == {i.key for i in items}
