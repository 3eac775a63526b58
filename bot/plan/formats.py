"""Reading plan files: XLSX and CSV into rows of cells, ICS into records of named fields.

Pure (bytes in, values out). Validation of what the cells mean lives in :mod:`bot.plan.importer`.
Readers raise :class:`FileProblem` for a file that cannot be read at all and report softer
findings (hidden sheets, guessed encodings) as warnings.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from icalendar import Calendar
from openpyxl import load_workbook

log = logging.getLogger(__name__)

Row = tuple[int, Sequence[object]]  # (1-based row number, cell values)


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` is the 1-based row (the line of ``BEGIN:VEVENT`` in ICS; 0 for the
    whole file), ``column`` the header as written in the file (a field id such as ``"date"`` for
    a missing column, an ICS property name for ICS), ``message_key`` a ``plan.*`` text key and
    ``value`` the offending value (shown in the message as ``{value}``)."""

    row: int
    column: str | None
    message_key: str
    value: str | None = None


class FileProblem(Exception):
    """The file as a whole cannot be read; ``key`` is a ``plan.import.*`` text key."""

    def __init__(self, key: str, value: str | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.value = value


@dataclass
class Sheet:
    """Rows of one table; ``no_value`` holds (row, 0-based column) of formulas without result."""

    rows: Iterator[Row]
    warnings: list[RowError] = field(default_factory=list)
    no_value: set[tuple[int, int]] = field(default_factory=set)


# --- XLSX --------------------------------------------------------------------------------

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CELL = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</(?:\w+:)?c>)', re.DOTALL
)
_F_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_V_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>[^<]")  # a non-empty cached result


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _scan_sheet_xml(xml: bytes) -> tuple[dict[int, list[tuple[int, int]]], set[tuple[int, int]]]:
    """Merged ranges to fill down, as {row: [(col, top_row)]}, and formulas with no cached value.

    A merged range spreads its top-left value down its first column (a category merged over
    several rows); other cells of a merge stay empty, so a title merged across columns does not
    leak into neighbouring columns.
    """
    fill: dict[int, list[tuple[int, int]]] = {}
    for m in _MERGE.finditer(xml):
        if m[3] is None:
            continue
        col, top, bottom = _col_index(m[1]), int(m[2]), int(m[4])
        for r in range(top + 1, min(bottom, top + 100_000) + 1):
            fill.setdefault(r, []).append((col, top))
    no_value: set[tuple[int, int]] = set()
    if _F_TAG.search(xml):
        for m in _CELL.finditer(xml):
            body = m[3]
            if body and _F_TAG.search(body) and not _V_VALUE.search(body):
                no_value.add((int(m[2]), _col_index(m[1])))
    return fill, no_value


def read_xlsx(data: bytes) -> Sheet:
    """The first visible sheet, cached formula results (``data_only``), merges filled down."""

    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise FileProblem("plan.import.xls_not_supported")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileProblem("plan.import.wrong_type", ".xlsx")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on odd files; never crash the import
        log.info("xlsx unreadable: %s", type(exc).__name__)
        raise FileProblem("plan.import.wrong_type", ".xlsx") from None
    warnings: list[RowError] = []
    visible = []
    for ws in wb.worksheets:
        if getattr(ws, "sheet_state", "visible") != "visible":
            warnings.append(RowError(0, None, "plan.import.hidden_sheet_ignored", ws.title))
        else:
            visible.append(ws)
    if not visible:
        wb.close()
        raise FileProblem("plan.import.no_visible_sheet")
    ws = visible[0]
    for other in visible[1:]:
        warnings.append(RowError(0, None, "plan.import.other_sheet_ignored", other.title))
    fill: dict[int, list[tuple[int, int]]] = {}
    no_value: set[tuple[int, int]] = set()
    try:
        with ws._get_source() as src:
            fill, no_value = _scan_sheet_xml(src.read())
    except Exception as exc:  # private API of openpyxl; merges are a nicety, not a must
        log.info("xlsx sheet scan skipped: %s", type(exc).__name__)
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # some writers store a wrong dimension; read what is there

    def rows() -> Iterator[Row]:
        tops: dict[tuple[int, int], object] = {}
        wanted: dict[int, set[int]] = {}
        for spans in fill.values():
            for col, top in spans:
                wanted.setdefault(top, set()).add(col)
        try:
            for i, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
                if i in fill:
                    cells = list(values)
                    for col, top in fill[i]:
                        if col >= len(cells):
                            cells.extend([None] * (col + 1 - len(cells)))
                        if cells[col] is None:
                            cells[col] = tops.get((top, col))
                    values = tuple(cells)
                for col in wanted.get(i, ()):
                    tops[(i, col)] = values[col] if col < len(values) else None
                yield i, values
        except FileProblem:
            raise
        except Exception as exc:  # a damaged sheet shows only while streaming it
            log.info("xlsx sheet unreadable: %s", type(exc).__name__)
            raise FileProblem("plan.import.damaged") from None
        finally:
            wb.close()

    return Sheet(rows(), warnings, no_value)


# --- CSV ---------------------------------------------------------------------------------


def read_csv(data: bytes) -> Sheet:
    """UTF-8 with or without BOM (Windows-1252 as a reported fallback); ``;``/``,``/tab sniffed."""
    if data[:4] == b"PK\x03\x04" or data[:4] == b"\xd0\xcf\x11\xe0" or b"\x00" in data[:4096]:
        raise FileProblem("plan.import.wrong_type", ".csv")
    warnings: list[RowError] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append(RowError(0, None, "plan.import.encoding_guess"))
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    delimiter = max((";", ",", "\t"), key=unquoted.count)
    if not unquoted.count(delimiter):
        delimiter = ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[Row]:
        try:
            yield from enumerate(reader, start=1)
        except csv.Error:
            raise FileProblem("plan.import.wrong_type", ".csv") from None

    return Sheet(rows(), warnings)


# --- ICS ---------------------------------------------------------------------------------


@dataclass
class Record:
    """One ICS event as plan fields: field id -> (property name, raw value)."""

    row: int
    fields: dict[str, tuple[str, object]]


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if hasattr(value, "cats"):  # vCategory
        return ", ".join(str(c) for c in value.cats)
    return str(value)


def _lead_days_from_alarms(event: Any) -> str | None:
    days = []
    for alarm in event.walk("VALARM"):
        trigger = alarm.get("TRIGGER")
        delta = getattr(trigger, "dt", None)
        if delta is not None and hasattr(delta, "days") and delta.total_seconds() <= 0:
            if (-delta).seconds == 0:
                days.append((-delta).days)
    return ", ".join(str(d) for d in sorted(set(days), reverse=True)) if days else None


def read_ics(data: bytes) -> tuple[list[Record], list[RowError], list[RowError]]:
    """VEVENTs as records, plus warnings and errors (one per unreadable event).

    Read: SUMMARY, DTSTART (+ RRULE/EXDATE/RDATE kept as the recurrence), DESCRIPTION,
    CATEGORIES, VALARM day triggers as lead days, and vaktbot's own X- properties
    (X-VAKTBOT-KEY/-WHEN/-TEAM/-CHANNELS/-OWNERS). Events of one series exported per occurrence
    by :func:`bot.plan.export.plan_ics` collapse back into one item."""

    head = data.lstrip(b"\xef\xbb\xbf \r\n\t")[:15].upper()
    if not head.startswith(b"BEGIN:VCALENDAR"):
        raise FileProblem("plan.import.wrong_type", ".ics")
    try:
        cal = Calendar.from_ical(data.decode("utf-8-sig", errors="replace"))
    except Exception as exc:  # icalendar raises ValueError and friends on broken input
        log.info("ics unreadable: %s", type(exc).__name__)
        raise FileProblem("plan.import.wrong_type", ".ics") from None
    lines = [
        i
        for i, line in enumerate(data.decode("utf-8-sig", errors="replace").splitlines(), 1)
        if line.strip().upper() == "BEGIN:VEVENT"
    ]
    records: list[Record] = []
    warnings: list[RowError] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for n, event in enumerate(cal.walk("VEVENT")):
        row = lines[n] if n < len(lines) else 0
        try:
            uid = str(event.get("UID", "")) or None
            own_key = str(event["X-VAKTBOT-KEY"]) if event.get("X-VAKTBOT-KEY") else None
            group = own_key or uid
            if event.get("RECURRENCE-ID") is not None or (group and group in seen):
                if not own_key:
                    summary = str(event.get("SUMMARY", ""))
                    warnings.append(
                        RowError(row, "RECURRENCE-ID", "plan.import.ics_override_ignored", summary)
                    )
                continue
            records.append(_record(event, row, own_key, uid))
            if group:
                seen.add(group)
        except Exception as exc:  # a broken property shows only when it is read
            log.info("ics event unreadable: %s", type(exc).__name__)
            errors.append(RowError(row, None, "plan.import.ics_bad_event"))
    return records, warnings, errors


def _record(event: Any, row: int, own_key: str | None, uid: str | None) -> Record:
    fields: dict[str, tuple[str, object]] = {}
    if own_key:
        fields["key"] = ("X-VAKTBOT-KEY", own_key)
    elif uid:
        fields["key"] = ("UID", uid)
    summary = str(event.get("SUMMARY", "")).strip()
    if own_key and summary.startswith("✓ "):
        summary = summary[2:]
    fields["title"] = ("SUMMARY", summary)
    fields["date"] = ("DTSTART", _when(event))
    for name, prop in (("description", "DESCRIPTION"), ("category", "CATEGORIES")):
        if event.get(prop) is not None:
            fields[name] = (prop, _text(event.get(prop)))
    for name, prop in (
        ("team", "X-VAKTBOT-TEAM"),
        ("channel", "X-VAKTBOT-CHANNELS"),
        ("owner", "X-VAKTBOT-OWNERS"),
        ("lead_days", "X-VAKTBOT-LEAD-DAYS"),
    ):
        if event.get(prop) is not None:
            fields[name] = (prop, str(event.get(prop)))
    if "lead_days" not in fields and (alarm_days := _lead_days_from_alarms(event)):
        fields["lead_days"] = ("VALARM", alarm_days)
    return Record(row, fields)


def _when(event: Any) -> object:
    """A date, or recurrence text (X-VAKTBOT-WHEN, or DTSTART + RRULE/EXDATE/RDATE)."""
    if event.get("X-VAKTBOT-WHEN"):
        return str(event.get("X-VAKTBOT-WHEN")).replace("\\n", "\n")
    start = event.get("DTSTART")
    if start is None:
        return None
    d = start.dt.date() if isinstance(start.dt, datetime) else start.dt
    if not isinstance(d, date):
        return None
    rules = event.get("RRULE")
    if rules is None:
        return d
    rules = rules if isinstance(rules, list) else [rules]
    lines = [f"DTSTART:{d:%Y%m%d}"] + [f"RRULE:{r.to_ical().decode()}" for r in rules]
    for prop in ("EXDATE", "RDATE"):
        values = event.get(prop)
        if values is None:
            continue
        days = []
        for group in values if isinstance(values, list) else [values]:
            for v in group.dts:
                days.append(v.dt.date() if isinstance(v.dt, datetime) else v.dt)
        if days:
            lines.append(f"{prop}:" + ",".join(f"{x:%Y%m%d}" for x in days))
    return "\n".join(lines)
