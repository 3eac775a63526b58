"""Importing an annual plan from XLSX, CSV or ICS, reporting every bad row in one run.

Pure: pass the file's bytes and name; the CLI reads the file, stores ``result.items`` in one
transaction only when ``result.errors`` is empty, and prints :func:`format_error` lines::

    result = parse_plan(path.read_bytes(), path.name, known_people=ids, resolve_person=lookup)
    if result.errors:
        for e in result.errors:
            print(format_error(locale, e))
        raise SystemExit(1)

Headers are accepted in English, Norwegian and Swedish (see ``HEADERS``); the header row is the
first of the first 20 rows that names both a title and a date column. Each item gets a stable key:
the Key column when present, else a slug of team + title (a second row with the same team and
title gets the slug of its date appended), so re-importing the same file updates in place.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePath

from bot.i18n import t
from bot.plan.formats import FileProblem, Record, RowError, Sheet, read_csv, read_ics, read_xlsx
from bot.plan.model import DEFAULT_LEAD_DAYS, PlanItem
from bot.plan.recurrence import OnDate, Recurrence, WhenError
from bot.plan.when import parse_when

__all__ = ["HEADERS", "ImportResult", "RowError", "format_error", "parse_plan", "slug"]

FIELDS = ("key", "title", "date", "owner", "category", "description", "channel", "team",
          "lead_days")  # fmt: skip
REQUIRED = ("title", "date")
HEADERS: dict[str, tuple[str, ...]] = {
    "key": ("key", "nøkkel", "nokkel", "nyckel", "id"),
    "title": ("title", "tittel", "titel", "aktivitet"),
    "date": ("date", "dato", "datum", "deadline", "frist", "when", "når", "när"),
    "owner": ("owner", "owners", "ansvarlig", "ansvarlige", "ansvarig", "ansvariga"),
    "category": ("category", "kategori"),
    "description": ("description", "beskrivelse", "beskrivning"),
    "channel": ("channel", "channels", "kanal", "kanaler"),
    "team": ("team", "teams"),
    "lead_days": ("lead days", "lead time", "varsel (dager)", "varsel", "varsel dager",
                  "påminnelse (dagar)", "påminnelse", "påminnelse dagar", "reminder days"),
}  # fmt: skip
MAX_LEN = {"key": 200, "title": 300, "category": 120, "team": 80, "owner": 80, "channel": 80}
NO_LEAD_DAYS = {"-", "none", "ingen", "inga", "nei", "nej", "no"}  # no reminders, overdue only
EXCEL_ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"}
_SPLIT = re.compile(r"\s*(?:[,;/\n]|\s(?:og|och|and|&)\s)\s*")
_LEAD_SPLIT = re.compile(r"[\s,;/]+")
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ß": "ss"})


def _norm_header(text: str) -> str:
    return re.sub(r"[^\w]+", "", text.lower())


_HEADER_INDEX = {_norm_header(h): f for f, names in HEADERS.items() for h in names}


@dataclass
class ImportResult:
    """Items ready to store, and problems. Store nothing when ``errors`` is not empty."""

    items: list[PlanItem]
    errors: list[RowError]
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def slug(text: str, limit: int = 80) -> str:
    """``"Skattemeldingen: frist"`` -> ``"skattemeldingen-frist"`` (ASCII, stable)."""
    s = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLIT))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:limit].strip("-")


def format_error(locale: str | None, error: RowError) -> str:
    """One localised line, e.g. "Rad 7, kolonne «Dato»: «31.02.2026» finnes ikke i kalenderen."."""
    value = error.value if error.value is not None else ""
    if error.message_key == "plan.import.missing_column" and error.column in FIELDS:
        value = t(locale, f"plan.field.{error.column}")
    message = t(locale, error.message_key, value=value)
    if error.row <= 0:
        return message
    if error.column and error.message_key != "plan.import.missing_column":
        return t(locale, "plan.import.at_row", row=error.row, column=error.column, message=message)
    return t(locale, "plan.import.at_row_only", row=error.row, message=message)


def parse_plan(
    data: bytes,
    filename: str,
    *,
    known_people: set[str] | None = None,
    resolve_person: Callable[[str], str | None] | None = None,
    categories: Collection[str] | None = None,
    default_team: str | None = None,
    default_lead_days: tuple[int, ...] = DEFAULT_LEAD_DAYS,
    resolve_team: Callable[[str], str | None] | None = None,
) -> ImportResult:
    """Parse a plan file (format from the extension: .xlsx/.xlsm, .csv/.txt, .ics).

    Owners: each name (split on , ; / "og" "och" "and") goes through ``resolve_person`` (name
    -> person id, None when unknown) when given; the id must then be in ``known_people`` when
    given. ``categories``, when given, is the configured list (matched case-insensitively).
    ``resolve_team``, when given, maps a Team cell to a team id (None: unknown team, reported
    as ``planbot.import.unknown_team``); ``default_team`` is used as given.
    """
    ext = PurePath(filename).suffix.lower()
    if not data.strip():
        return ImportResult([], [RowError(0, None, "plan.import.empty_file")])
    validator = _Validator(known_people, resolve_person, categories, default_team,
                           default_lead_days, resolve_team)  # fmt: skip
    try:
        if ext in (".xlsx", ".xlsm"):
            validator.sheet(read_xlsx(data))
        elif ext in (".csv", ".txt"):
            validator.sheet(read_csv(data))
        elif ext in (".ics", ".ical", ".ifb"):
            records, warnings, errors = read_ics(data)
            validator.warnings.extend(warnings)
            validator.errors.extend(errors)
            validator.records(records)
        elif ext == ".xls":
            raise FileProblem("plan.import.xls_not_supported")
        else:
            raise FileProblem("plan.import.unknown_format", filename)
    except FileProblem as p:
        value = filename if p.value and p.value.startswith(".") else p.value
        return ImportResult([], [RowError(0, None, p.key, value)], validator.warnings)
    return ImportResult(validator.items, validator.errors, validator.warnings)


class _Validator:
    def __init__(
        self,
        known_people: set[str] | None,
        resolve_person: Callable[[str], str | None] | None,
        categories: Collection[str] | None,
        default_team: str | None,
        default_lead_days: tuple[int, ...],
        resolve_team: Callable[[str], str | None] | None = None,
    ) -> None:
        self.resolve_team = resolve_team
        self.known = known_people
        self.resolve = resolve_person
        self.categories = {c.casefold(): c for c in categories} if categories is not None else None
        self.default_team = default_team
        self.default_lead = tuple(default_lead_days)
        self.items: list[PlanItem] = []
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self.keys: set[str] = set()
        self._owner_cache: dict[str, str | None] = {}

    # --- tables (XLSX, CSV) -------------------------------------------------------------

    def sheet(self, sheet: Sheet) -> None:
        self.warnings.extend(sheet.warnings)
        rows = iter(sheet.rows)
        buffered: list[tuple[int, Sequence[object], dict[str, tuple[int, str]]]] = []
        for number, values in rows:
            if not any(_cell_text(v) for v in values):
                continue
            found = _header_columns(values)
            buffered.append((number, values, found))
            if ("title" in found and "date" in found) or len(buffered) >= 20:
                break
        if not buffered:
            self.errors.append(RowError(0, None, "plan.import.empty_file"))
            return
        best = max(range(len(buffered)), key=lambda i: (len(buffered[i][2]), -i))
        header_row, _, columns = buffered[best]
        for f in REQUIRED:
            if f not in columns:
                self.errors.append(RowError(header_row, f, "plan.import.missing_column"))
        pending = ((n, v) for n, v, _ in buffered[best + 1 :])
        data_rows = 0
        for number, values in itertools.chain(pending, rows):
            if not any(_cell_text(v) for v in values):
                continue
            data_rows += 1
            fields: dict[str, tuple[str, object]] = {}
            for name, (col, label) in columns.items():
                value = values[col] if col < len(values) else None
                if value is None and (number, col) in sheet.no_value:
                    self.errors.append(RowError(number, label, "plan.import.formula_no_value"))
                    value = _BAD
                fields[name] = (label, value)
            self.row(number, fields)
        if data_rows == 0:
            self.errors.append(RowError(header_row, None, "plan.import.no_rows"))

    def records(self, records: Iterable[Record]) -> None:
        count = 0
        for rec in records:
            count += 1
            self.row(rec.row, rec.fields)
        if count == 0:
            self.errors.append(RowError(0, None, "plan.import.no_rows"))

    # --- one row ------------------------------------------------------------------------

    def row(self, number: int, fields: dict[str, tuple[str, object]]) -> None:
        before = len(self.errors)
        err = self.errors.append

        def text(name: str) -> str | None:
            label, raw = fields.get(name, (name, None))
            if raw is _BAD:
                return None
            s = _cell_text(raw)
            if s in EXCEL_ERRORS:
                err(RowError(number, label, "plan.import.cell_error", s))
                return None
            if s and name in MAX_LEN and len(s) > MAX_LEN[name]:
                err(RowError(number, label, "plan.import.too_long", str(MAX_LEN[name])))
                return None
            return s or None

        title = text("title")
        if title is None and "title" in fields and not _cell_text(fields["title"][1]):
            err(RowError(number, fields["title"][0], "plan.import.empty_cell"))
        when = self._when(number, fields, err)
        owners = self._owners(number, fields.get("owner", ("owner", None))[0], text("owner"), err)
        category = text("category")
        if category and self.categories is not None:
            if category.casefold() in self.categories:
                category = self.categories[category.casefold()]
            else:
                err(RowError(number, fields["category"][0], "plan.import.unknown_category",
                             category))  # fmt: skip
        description = text("description")
        channels = tuple(c for c in _SPLIT.split(text("channel") or "") if c)
        team = text("team")
        if team and self.resolve_team is not None:
            resolved = self.resolve_team(team)
            if resolved is None:
                err(RowError(number, fields["team"][0], "planbot.import.unknown_team", team))
            team = resolved
        team = team or self.default_team
        lead = self._lead_days(number, fields, err)
        key = text("key")
        if len(self.errors) > before or title is None or when is None or lead is None:
            return
        if key is None:
            key = "-".join(p for p in (slug(team or ""), slug(title)) if p) or "item"
            if key in self.keys:
                key = f"{key}-{slug(when.text)}"
        if key in self.keys:
            err(RowError(number, fields.get("key", ("key", None))[0], "plan.import.duplicate_key",
                         key))  # fmt: skip
            return
        self.keys.add(key)
        self.items.append(
            PlanItem(key, title, description, category, team, owners, channels, when, lead)
        )

    def _when(
        self, number: int, fields: dict[str, tuple[str, object]], err: Callable[[RowError], None]
    ) -> Recurrence | None:
        if "date" not in fields:
            return None
        label, raw = fields["date"]
        if raw is _BAD:
            return None
        if isinstance(raw, datetime):
            return OnDate(raw.date())
        if isinstance(raw, date):
            return OnDate(raw)
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            if raw == int(raw) and 20000 <= raw <= 80000:  # an Excel serial day number
                return OnDate(date(1899, 12, 30) + timedelta(days=int(raw)))
        s = _cell_text(raw)
        if s in EXCEL_ERRORS:
            err(RowError(number, label, "plan.import.cell_error", s))
            return None
        if not s:
            key = "plan.import.ics_no_date" if label == "DTSTART" else "plan.import.empty_cell"
            err(RowError(number, label, key))
            return None
        try:
            return parse_when(s)
        except WhenError as e:
            err(RowError(number, label, e.key, s))
            return None

    def _owners(
        self, number: int, label: str, value: str | None, err: Callable[[RowError], None]
    ) -> tuple[str, ...]:
        out: list[str] = []
        for name in _SPLIT.split(value or ""):
            name = name.strip().lstrip("@").strip()
            if not name:
                continue
            if name in self._owner_cache:
                pid = self._owner_cache[name]
            else:
                pid = self.resolve(name) if self.resolve is not None else name
                if pid is not None and self.known is not None and pid not in self.known:
                    pid = None
                self._owner_cache[name] = pid
            if pid is None:
                err(RowError(number, label, "plan.import.unknown_owner", name))
            elif pid not in out:
                out.append(pid)
        return tuple(out)

    def _lead_days(
        self, number: int, fields: dict[str, tuple[str, object]], err: Callable[[RowError], None]
    ) -> tuple[int, ...] | None:
        label, raw = fields.get("lead_days", ("lead_days", None))
        if raw is _BAD:
            return None
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            tokens = [str(int(raw))] if raw == int(raw) else [str(raw)]
        else:
            tokens = [p for p in _LEAD_SPLIT.split(_cell_text(raw)) if p]
        if not tokens:
            return self.default_lead
        if len(tokens) == 1 and tokens[0].casefold() in NO_LEAD_DAYS:
            return ()
        try:
            days = sorted({int(p) for p in tokens}, reverse=True)
        except ValueError:
            days = [-1]
        if any(d < 0 or d > 366 for d in days):
            err(RowError(number, label, "plan.import.bad_lead_days", _cell_text(raw)))
            return None
        return tuple(days)


_BAD = object()  # a cell already reported (formula without a value)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _header_columns(values: Iterable[object]) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for col, value in enumerate(values):
        label = _cell_text(value)
        name = _HEADER_INDEX.get(_norm_header(label)) if label else None
        if name and name not in found:
            found[name] = (col, label)
    return found
