"""Imports of files a team downloads without an API app.

``import_export(path)`` reads a file, recognises its layout from the headers (in Norwegian,
Swedish, Danish, Finnish or English, :mod:`bot.sources.exports.vocabulary`) and returns
normalised posts and daily snapshots for :mod:`bot.sources.ingest`:

* Meta Business Suite post lists and page-level daily series (CSV, UTF-8 with or without BOM,
  UTF-16 with a ``sep=,`` first line), :mod:`bot.sources.exports.meta`;
* LinkedIn page exports (XLSX: content, followers), :mod:`bot.sources.exports.linkedin`.

Columns vaktbot does not understand are listed in ``ExportResult.unknown`` (each once); a file is
refused (:class:`ExportError`, naming what was found) only when nothing in it is usable.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.sources.exports.cells import ExportError, ExportResult, read_text
from bot.sources.exports.linkedin import import_linkedin
from bot.sources.exports.meta import (
    is_post_list,
    nothing_usable,
    page_series,
    post_list,
    titled_series,
)
from bot.sources.exports.vocabulary import classify, read_header

MAX_BYTES = 50 * 1024 * 1024  # an export of a few years of posts is a few MB


def _rows(text: str) -> list[list[str]]:
    lines = text.splitlines()
    delimiter = ","
    if lines and lines[0].strip().lower().startswith("sep="):
        delimiter = lines[0].strip()[4:5] or ","
        lines = lines[1:]
    elif lines:
        sample = lines[0]
        delimiter = max((",", ";", "\t"), key=sample.count)
    rows = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    return [row for row in rows if any(c.strip() for c in row)]


def import_export(
    path: str | Path,
    *,
    account_id: str | None = None,
    accounts: Mapping[str, str] | None = None,
    tz: str = "UTC",
) -> ExportResult:
    """Read an export. Rows go to ``account_id``, or to ``accounts[platform id in the file]``
    (ids not found are listed in ``unresolved``). ``tz`` is the zone of the file's times."""
    p = Path(path)
    if not p.exists():
        raise ExportError(f"{p}: file not found")
    if p.stat().st_size > MAX_BYTES:
        raise ExportError(f"{p.name}: larger than {MAX_BYTES // 2**20} MB; not an export")
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return import_linkedin(p, account_id=account_id, tz=ZoneInfo(tz))
    try:
        rows = _rows(read_text(p))
    except csv.Error as exc:
        raise ExportError(f"{p.name}: not a readable CSV file ({exc})") from None
    if not rows:
        raise ExportError(f"{p.name}: the file is empty")
    first = rows[0]
    if len([c for c in first if c.strip()]) == 1 and len(rows) > 1:
        if classify(rows[1][0]).name == "date":  # a title line, then "Date","Primary"
            return titled_series(p.name, first[0], rows[1], rows[2:], account_id)
    posts = read_header(first, per_post=True)
    if is_post_list(posts):
        return post_list(p.name, rows, account_id, accounts, ZoneInfo(tz))
    page = read_header(first)
    if first and classify(first[0]).name == "date":
        return page_series(p.name, page, first, rows[1:], account_id, None)
    raise nothing_usable(p.name, page, first)
