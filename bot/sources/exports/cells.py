"""Reading export files and their cells: text in any of the encodings the tools write, counts
with thousands separators, days and local times as Meta and LinkedIn print them, and the result
every export reader returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.sources.model import NormPost, NormSnapshot


class ExportError(ValueError):
    """The file is not a layout vaktbot knows; the message names what was found."""


@dataclass
class ExportResult:
    kind: str
    platform: str
    posts: list[NormPost] = field(default_factory=list)
    snapshots: list[NormSnapshot] = field(default_factory=list)
    rows: int = 0
    skipped: int = 0
    unresolved: set[str] = field(default_factory=set)  # platform ids not mapped to an account


def norm_header(h: Any) -> str:
    return re.sub(r"\s+", " ", str(h or "").replace("\ufeff", "")).strip().strip('"').lower()


def to_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    text = re.sub(r"[\s\u00a0\u202f,.']", "", str(value))
    if text.lstrip("-").isdigit():
        return int(text)
    return None


def parse_day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        return date(int(m[3]), int(m[2]), int(m[1]))
    if m := re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):  # Meta and LinkedIn: MM/DD/YYYY
        return date(int(m[3]), int(m[1]), int(m[2]))
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
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")
