"""Reading export files and their cells: text in any of the encodings the tools write, counts
with thousands separators, days and local times as Meta and LinkedIn print them, and the result
every export reader returns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.sources.exports.vocabulary import Header
from bot.sources.model import NormPost, NormSnapshot


class ExportError(ValueError):
    """The file is not a layout vaktbot knows; the message names what was found."""


@dataclass
class ExportResult:
    kind: str
    platform: str  # facebook, instagram, linkedin; "" when the file does not say
    posts: list[NormPost] = field(default_factory=list)
    snapshots: list[NormSnapshot] = field(default_factory=list)
    rows: int = 0
    skipped: int = 0
    unresolved: set[str] = field(default_factory=set)  # platform ids not mapped to an account
    unknown: list[str] = field(default_factory=list)  # columns not understood, each once
    ignored: list[str] = field(default_factory=list)  # known columns vaktbot does not store

    def note_columns(self, unknown: list[str], ignored: list[str]) -> None:
        """Remember columns, each once (a workbook repeats them on several sheets)."""
        self.unknown += [c for c in dict.fromkeys(unknown) if c not in self.unknown]
        self.ignored += [c for c in dict.fromkeys(ignored) if c not in self.ignored]


_GROUPED = re.compile(r"-?\d{1,3}(?:[,.' \u00a0\u202f]\d{3})+")
_DECIMAL = re.compile(r"-?\d+[.,]\d+")


def to_int(value: Any) -> int | None:
    """A count from a cell: 1234, "1 234", "1,234", "1.234", "12.0". None when the cell is
    empty, not a number or negative (no count an export gives can be below zero)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        n = round(value) if value == value and abs(value) != float("inf") else None
    else:
        text = str(value).strip().replace("\u2212", "-")
        if _GROUPED.fullmatch(text):
            n = int(re.sub(r"[^\d-]", "", text))
        elif re.fullmatch(r"-?\d+", text):
            n = int(text)
        elif _DECIMAL.fullmatch(text):
            n = round(float(text.replace(",", ".")))
        else:
            return None
    return n if n is not None and n >= 0 else None


def parse_day(value: Any) -> date | None:
    """A day as Meta and LinkedIn print it (ISO, DD.MM.YYYY, MM/DD/YYYY); None when the cell
    is not a day that exists."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    try:
        if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):  # Meta and LinkedIn: MM/DD/YYYY
            return date(int(m[3]), int(m[1]), int(m[2]))
    except ValueError:  # 31/02/2026, 13/45/2026
        return None
    return None


def parse_local(value: Any, tz: ZoneInfo) -> datetime | None:
    """A local timestamp from an export (no zone in the file) as an aware datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None else value
    day = parse_day(value)
    if day is None:
        return None
    m = re.search(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?", str(value))
    hour, minute = (int(m[1]), int(m[2])) if m else (0, 0)
    if m and m[4]:
        hour = hour % 12 + (12 if m[4].lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def read_text(path: Path) -> str:
    """The file's text: UTF-16 with a BOM (Meta's page-level files), UTF-8 with or without a
    BOM, else Windows-1252 (an export re-saved by Excel)."""
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ExportError(f"{path.name}: not readable as UTF-16 text") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def figures_of(header: Header, row: Sequence[object]) -> dict[str, int | None]:
    """The row's figures (columns of one figure added up; None when every cell is empty)."""
    out: dict[str, int | None] = {}
    for name, cols in header.figures.items():
        values = [to_int(row[i]) for i in cols if i < len(row)]
        known = [v for v in values if v is not None]
        out[name] = sum(known) if known else None
    return out
