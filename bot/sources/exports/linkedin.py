"""The LinkedIn page content export (XLSX): a note on row 1, the header on row 2.

* "Metrics" sheet: Date, Impressions (organic/sponsored/total), Unique impressions, Clicks,
  Reactions, Comments, Shares or Reposts (older and newer exports) -> daily account snapshots.
* "All posts" sheet: Post title, Post link, Created date, Impressions, Clicks, Likes/Reactions,
  Comments, Shares/Reposts -> posts and a per-post snapshot on the day the post was created.

The follower export counts *new* followers a day, not the total, so it is not read.
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
    norm_header,
    parse_day,
    parse_local,
    to_int,
)
from bot.sources.model import NormPost, NormSnapshot

# figure -> header candidates, best first (total, then organic)
DAILY: dict[str, tuple[str, ...]] = {
    "views": ("impressions (total)", "impressions (organic)"),
    "reach": ("unique impressions (total)", "unique impressions (organic)"),
    "clicks": ("clicks (total)", "clicks (organic)"),
    "reactions": ("reactions (total)", "reactions (organic)"),
    "comments": ("comments (total)", "comments (organic)"),
    "shares": ("reposts (total)", "reposts (organic)", "shares (total)", "shares (organic)"),
}
POSTS: dict[str, tuple[str, ...]] = {
    "views": ("impressions",),
    "clicks": ("clicks",),
    "reactions": ("reactions", "likes"),
    "comments": ("comments",),
    "shares": ("reposts", "shares"),
}
_URN = re.compile(r"urn:li:(?:activity|ugcPost|share):\d+")


def _sheet_rows(ws: Any) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    rows = ws.iter_rows(values_only=True)
    next(rows, None)  # row 1: LinkedIn's note about the export
    header = [norm_header(h) for h in (next(rows, None) or ())]
    return header, rows


def _pick(header: list[str], options: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for figure, names in options.items():
        for name in names:
            if name in header:
                found[figure] = header.index(name)
                break
    return found


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
            header, rows = _sheet_rows(ws)
            seen.append(f"{ws.title}: {', '.join(h for h in header if h)[:200]}")
            if "date" in header and any(h.startswith("impressions") for h in header):
                _metrics(result, header, rows, account_id)
            elif "created date" in header and ("post link" in header or "post title" in header):
                _posts(result, header, rows, account_id, tz)
    finally:
        wb.close()
    if not result.posts and not result.snapshots and not result.rows:
        raise ExportError(
            f"{path.name}: unknown LinkedIn layout (header expected on row 2). Found: "
            + "; ".join(seen)
        )
    return result


def _metrics(result: ExportResult, header: list[str], rows: Any, account_id: str) -> None:
    cols = _pick(header, DAILY)
    date_col = header.index("date")
    for row in rows:
        if not row or all(v is None for v in row):
            continue
        result.rows += 1
        day = parse_day(row[date_col])
        if day is None:
            result.skipped += 1
            continue
        figures = {f: to_int(row[i]) if i < len(row) else None for f, i in cols.items()}
        result.snapshots.append(
            NormSnapshot(account_id=account_id, day=day, source="export:linkedin", **figures)  # type: ignore[arg-type]
        )


def _posts(
    result: ExportResult, header: list[str], rows: Any, account_id: str, tz: ZoneInfo
) -> None:
    cols = _pick(header, POSTS)
    link = header.index("post link") if "post link" in header else None
    title = header.index("post title") if "post title" in header else None
    created = header.index("created date")
    kind = header.index("post type") if "post type" in header else None
    for row in rows:
        if not row or all(v is None for v in row):
            continue
        result.rows += 1
        when = parse_local(row[created], tz)
        url = str(row[link] or "") if link is not None else ""
        urn = _URN.search(url)
        ext = urn[0] if urn else url
        if when is None or not ext:
            result.skipped += 1
            continue
        result.posts.append(
            NormPost(
                account_id=account_id,
                external_id=ext,
                created_at=when,
                text=str(row[title]) if title is not None and row[title] else None,
                permalink=url or None,
                kind=str(row[kind]) if kind is not None and row[kind] else None,
            )
        )
        figures = {f: to_int(row[i]) if i < len(row) else None for f, i in cols.items()}
        result.snapshots.append(
            NormSnapshot(
                account_id=account_id,
                day=when.date(),
                post_external_id=ext,
                source="export:linkedin",
                **figures,  # type: ignore[arg-type]
            )
        )
