"""Exporting the annual plan: an ICS feed of its deadlines and an XLSX sheet that imports back.

Pure: values in, bytes out, byte-for-byte deterministic for the same input (good for ETags and
tests), so neither function reads the clock; ``stamp`` stands in for "generated at".
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from openpyxl import Workbook
from openpyxl.styles import Font

from bot.i18n import t
from bot.plan.model import OccurrenceState, PlanItem, index_states, occurrences
from bot.plan.recurrence import OnDate, RRule
from bot.plan.when import describe_when

PRODID = "-//vaktbot//annual plan//EN"
_EPOCH = (1980, 1, 1, 0, 0, 0)


def plan_ics(
    items: Iterable[PlanItem],
    states: Iterable[OccurrenceState],
    start: date,
    end: date,
    tz: str,
    *,
    name: str | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """An iCalendar feed with one all-day event per deadline in ``[start, end]``.

    Events carry ``UID <key>/<yyyymmdd>@vaktbot`` (stable across refreshes), the title (prefixed
    "✓ " when done), description, category, ``STATUS:CANCELLED`` when skipped, and vaktbot's own
    ``X-VAKTBOT-*`` properties so :func:`bot.plan.importer.parse_plan` reads the feed back as the
    same items. Owners are left out: a feed URL travels further than the team. ``tz`` names the
    team's zone (``X-WR-TIMEZONE``); ``stamp`` (aware) is the DTSTAMP, by default midnight at
    ``start`` in that zone.
    """

    zone = ZoneInfo(tz)
    if stamp is None:
        stamp = datetime.combine(start, time(0), tzinfo=zone)
    elif stamp.utcoffset() is None:
        raise ValueError("stamp must be timezone-aware")
    stamp_utc = stamp.astimezone(UTC)
    index = index_states(states)
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("X-WR-CALNAME", name or "Årshjul")
    cal.add("X-WR-TIMEZONE", tz)
    for item in sorted(items, key=lambda i: i.key):
        for d in occurrences(item, start, end):
            state = index.get((item.key, d))
            status = state.status if state is not None else "open"
            ev = Event()
            ev.add("UID", f"{item.key}/{d:%Y%m%d}@vaktbot")
            ev.add("DTSTAMP", stamp_utc)
            ev.add("DTSTART", d)
            ev.add("DTEND", d + timedelta(days=1))
            ev.add("SUMMARY", ("✓ " if status == "done" else "") + item.title)
            if item.description:
                ev.add("DESCRIPTION", item.description)
            if item.category:
                ev.add("CATEGORIES", [item.category])
            ev.add("STATUS", "CANCELLED" if status == "skipped" else "CONFIRMED")
            ev.add("TRANSP", "TRANSPARENT")
            ev.add("X-VAKTBOT-KEY", item.key)
            ev.add("X-VAKTBOT-WHEN", " ".join(item.when.text.split()))
            ev.add("X-VAKTBOT-STATUS", status)
            if item.team:
                ev.add("X-VAKTBOT-TEAM", item.team)
            if item.channels:
                ev.add("X-VAKTBOT-CHANNELS", ", ".join(item.channels))
            ev.add("X-VAKTBOT-LEAD-DAYS", _lead_text(item))
            cal.add_component(ev)
    return cal.to_ical()


def _when_cell(item: PlanItem, locale: str) -> object:
    if isinstance(item.when, OnDate):
        return item.when.day
    if isinstance(item.when, RRule):
        return item.when.text
    return describe_when(item.when, locale)


def plan_xlsx(
    items: Iterable[PlanItem],
    states: Iterable[OccurrenceState],
    *,
    locale: str = "nb",
    stamp: datetime | None = None,
) -> bytes:
    """The plan as a workbook: sheet 1 the items with headers in ``locale`` (the importer reads
    it back unchanged, keys included), sheet 2 every stored occurrence state (times in UTC)."""

    wb = Workbook()
    ws = wb.active
    ws.title = t(locale, "plan.export.sheet_plan")
    fields = ("key", "title", "date", "owner", "category", "description", "channel", "team",
              "lead_days")  # fmt: skip
    ws.append([t(locale, f"plan.field.{f}") for f in fields])
    for item in sorted(items, key=lambda i: i.key):
        ws.append(
            [
                item.key,
                item.title,
                _when_cell(item, locale),
                ", ".join(item.owners),
                item.category,
                item.description,
                ", ".join(item.channels),
                item.team,
                _lead_text(item),
            ]
        )
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    widths = (28, 40, 24, 22, 16, 50, 24, 16, 14)
    for col, width in zip("ABCDEFGHI", widths, strict=True):
        ws.column_dimensions[col].width = width
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:I{ws.max_row}"

    st = wb.create_sheet(t(locale, "plan.export.sheet_status"))
    cols = ("key", "occurrence", "status", "by", "at", "snoozed_until")
    st.append([t(locale, f"plan.field.{c}") for c in cols])
    for s in sorted(index_states(states).values(), key=lambda s: (s.item_key, s.occurrence)):
        st.append(
            [
                s.item_key,
                s.occurrence,
                t(locale, f"plan.status.{s.status}"),
                s.by,
                _utc_text(s.at),
                _utc_text(s.snoozed_until),
            ]
        )
    for row in st.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    for cell in st[1]:
        cell.font = Font(bold=True)
    st.freeze_panes = "A2"

    stamp = stamp or datetime(2000, 1, 1, tzinfo=UTC)
    wb.properties.creator = "vaktbot"
    buf = io.BytesIO()
    wb.save(buf)
    return stable_xlsx_bytes(buf.getvalue(), stamp)


def _lead_text(item: PlanItem) -> str:
    return ", ".join(str(n) for n in item.lead_days) or "-"


def _utc_text(value: datetime | None) -> str | None:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value is not None else None


_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def stable_xlsx_bytes(data: bytes, stamp: datetime) -> bytes:
    """Re-pack an XLSX so identical content gives identical bytes: fixed zip entry times and
    the document's created/modified set to ``stamp`` (openpyxl writes the current time)."""
    if stamp.utcoffset() is None:
        raise ValueError("stamp must be timezone-aware")
    iso = stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIME.sub(lambda m: m[1] + iso + m[3], body)
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, body)
    return out.getvalue()
