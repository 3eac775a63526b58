"""LinkedIn page exports (XLSX), in any of the languages
:mod:`bot.sources.exports.vocabulary` knows. Each sheet is recognised by its header (found on
one of the first rows: LinkedIn puts a note on row 1), not by its name:

* a content "Metrics" sheet: Date, Impressions / Unique impressions / Clicks / Reactions /
  Comments / Reposts (or Shares), each "(organic)", "(sponsored)", "(total)" -> daily account
  snapshots (the total, else organic + sponsored);
* an "All posts" sheet: Post title, Post link, Created date, Impressions, Clicks, Likes,
  Comments, Reposts, Follows -> posts and a per-post snapshot on the day the post was created;
* a followers "New followers" sheet: Date, Sponsored / Organic / Auto-invited followers, Total
  followers -> the follows gained each day (``new_follows``: LinkedIn's "Total followers" there
  is the day's new followers, not the page's total).

Sheets without a date or post columns (followers by location, job function ...) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.sources.exports.cells import (
    ExportError,
    ExportResult,
    figures_of,
    parse_day,
    parse_local,
)
from bot.sources.exports.vocabulary import Header, read_header
from bot.sources.model import NormPost, NormSnapshot

_URN = re.compile(r"urn:li:(?:activity|ugcPost|share):\d+")
HEAD_ROWS = 4  # the header is on one of the first rows


def _header(ws: Any) -> tuple[Header, list[str], Iterator[tuple[Any, ...]]] | None:
    rows = ws.iter_rows(values_only=True)
    for _ in range(HEAD_ROWS):
        row = next(rows, None)
        if row is None:
            return None
        per_post = read_header(row, per_post=True)
        if "published" in per_post.fields and "permalink" in per_post.fields:
            return per_post, [str(c or "") for c in row], rows
        daily = read_header(row, per_post=True)  # LinkedIn has no daily follower totals
        if "date" in daily.fields and daily:
            return daily, [str(c or "") for c in row], rows
    return None


def import_linkedin(path: Path, *, account_id: str | None, tz: ZoneInfo) -> ExportResult:
    if not account_id:
        raise ExportError(f"{path.name}: a LinkedIn export names no page; give the account id")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for non-XLSX files
        raise ExportError(f"{path.name}: not a readable XLSX file ({type(exc).__name__})") from None
    result = ExportResult(kind="linkedin_page", platform="linkedin")
    seen: list[str] = []
    try:
        for ws in wb.worksheets:
            found = _header(ws)
            if found is None:
                seen.append(ws.title)
                continue
            header, labels, rows = found
            seen.append(f"{ws.title}: {', '.join(h for h in labels if h)[:200]}")
            result.note_columns(header.unknown, header.ignored)
            if "permalink" in header.fields:
                _posts(result, header, rows, account_id, tz)
            else:
                _daily(result, header, rows, account_id)
    finally:
        wb.close()
    if not result.posts and not result.snapshots:
        raise ExportError(
            f"{path.name}: unknown LinkedIn layout: no sheet has figures vaktbot stores (a date "
            "or post columns and impressions, clicks, reactions, comments, reposts or "
            "followers). Found: " + "; ".join(seen).lower()
        )
    return result


def _daily(result: ExportResult, header: Header, rows: Any, account_id: str) -> None:
    date_col = header.fields["date"]
    for row in rows:
        if not row or all(v is None for v in row):
            continue
        result.rows += 1
        day = parse_day(row[date_col] if date_col < len(row) else None)
        figures = figures_of(header, row)
        if day is None or all(v is None for v in figures.values()):
            result.skipped += 1
            continue
        result.snapshots.append(
            NormSnapshot(account_id=account_id, day=day, source="export:linkedin", **figures)  # type: ignore[arg-type]
        )


def _posts(result: ExportResult, header: Header, rows: Any, account_id: str, tz: ZoneInfo) -> None:
    f = header.fields
    for row in rows:
        if not row or all(v is None for v in row):
            continue
        result.rows += 1

        def cell(key: str, row: tuple[Any, ...] = row) -> Any:
            i = f.get(key)
            return row[i] if i is not None and i < len(row) else None

        when = parse_local(cell("published"), tz)
        url = str(cell("permalink") or "").strip()
        urn = _URN.search(url)
        ext = urn[0] if urn else url
        if when is None or not ext:
            result.skipped += 1
            continue
        text = cell("text") or cell("title")
        kind = cell("kind")
        result.posts.append(
            NormPost(
                account_id=account_id,
                external_id=ext,
                created_at=when,
                text=str(text) if text else None,
                permalink=url or None,
                kind=str(kind) if kind else None,
            )
        )
        figures = figures_of(header, row)
        figures.pop("followers", None)
        result.snapshots.append(
            NormSnapshot(
                account_id=account_id,
                day=when.date(),
                post_external_id=ext,
                source="export:linkedin",
                **figures,  # type: ignore[arg-type]
            )
        )
