"""Imports of files a team downloads without an API app.

``import_export(path)`` detects the layout from the headers and returns normalised posts and
daily snapshots for :mod:`bot.sources.ingest`:

* ``meta_posts`` / ``meta_posts_daily`` - Meta Business Suite post CSVs (Facebook and Instagram;
  English, Norwegian and Swedish headers; UTF-8 with BOM). "Lifetime" rows become a per-post
  snapshot on the publishing day; the daily-breakdown variant one snapshot per post and day.
  Both add the number of posts published per day to the account's daily snapshot.
* ``facebook_page_daily`` - the Facebook page-level daily series (UTF-16, ``sep=,`` first line),
  either one metric (a title line, then "Date","Primary") or several metric columns.
* ``linkedin_page`` - the LinkedIn page content export (XLSX, header on row 2; "Shares" or
  "Reposts"), see :mod:`bot.sources.exports.linkedin`.

An unknown layout raises :class:`ExportError` naming the headers found.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.sources.exports.cells import (
    ExportError,
    ExportResult,
    norm_header,
    parse_day,
    parse_local,
    read_text,
    to_int,
)
from bot.sources.exports.linkedin import import_linkedin
from bot.sources.model import NormPost, NormSnapshot

# normalised header -> canonical field
ALIASES: dict[str, str] = {}
for _canon, _names in {
    "post_id": "post id|publicerings-id|innleggs-id|publiserings-id|inläggs-id",
    "page_id": "page id|side-id|sid-id",
    "account_id": "account id|konto-id",
    "account_name": "page name|account name|account username|sidenavn|sidnamn|kontonavn|"
    "kontonamn|brukernavn for konto|kontots användarnamn",
    "title": "title|tittel|titel",
    "text": "description|beskrivelse|beskrivning",
    "published": "publish time|publiseringstidspunkt|publiceringstid|publiceringstidpunkt",
    "permalink": "permalink|permalenke|permalänk",
    "kind": "post type|innleggstype|inläggstyp",
    "date": "date|dato|datum",
    "reach": "reach|rekkevidde|räckvidd",
    "views": "views|visninger|visningar|impressions|eksponeringer|exponeringar",
    "reactions": "reactions|likes|reaksjoner|reaktioner|liker|gilla-markeringar",
    "comments": "comments|kommentarer",
    "shares": "shares|delinger|delningar",
    "clicks": "total clicks|klikk totalt|klick totalt|link clicks|lenkeklikk|länkklick",
    "followers": "follows|page follows|facebook follows|følgere|facebook-følgere|följare|"
    "facebook-följare|followers",
    "primary": "primary|primær|primär",
}.items():
    for _name in _names.split("|"):
        ALIASES[_name] = _canon
LIFETIME = {"lifetime", "livstid", "total", "totalt", "hele perioden", "hela perioden"}
METRICS = ("followers", "reach", "views", "reactions", "comments", "shares", "clicks")
_TITLE_METRIC = (
    (re.compile(r"reach|rekkevidde|räckvidd", re.I), "reach"),
    (re.compile(r"view|visning|impression|eksponering|exponering", re.I), "views"),
    (re.compile(r"follow|følge|följ", re.I), "followers"),
    (re.compile(r"click|klikk|klick", re.I), "clicks"),
)


def _rows(text: str) -> list[list[str]]:
    lines = text.splitlines()
    delimiter = ","
    if lines and lines[0].strip().lower().startswith("sep="):
        delimiter = lines[0].strip()[4:5] or ","
        lines = lines[1:]
    elif lines:
        sample = lines[0]
        delimiter = max((",", ";", "\t"), key=sample.count)
    return [row for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]


class Accounts:
    """Resolves platform ids in a file to account ids of vaktbot.yml."""

    def __init__(self, platform: str, account_id: str | None, mapping: Mapping[str, str] | None):
        self.platform, self.account_id, self.mapping = platform, account_id, mapping or {}
        self.unresolved: set[str] = set()

    def __call__(self, external: str | None) -> str:
        if self.account_id:
            return self.account_id
        if external and external in self.mapping:
            return self.mapping[external]
        key = f"{self.platform}:{external or '?'}"
        self.unresolved.add(external or "?")
        return key


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
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return import_linkedin(p, account_id=account_id, tz=ZoneInfo(tz))
    rows = _rows(read_text(p))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ExportError(f"{p.name}: the file is empty")
    header = [norm_header(h) for h in rows[0]]
    canon = [ALIASES.get(h) for h in header]
    if "post_id" in canon and "published" in canon:
        return _meta_posts(p, canon, rows[1:], account_id, accounts, ZoneInfo(tz))
    if len(rows) > 1 and len([c for c in rows[0] if c.strip()]) == 1:
        title = rows[0][0]
        canon2 = [ALIASES.get(norm_header(h)) for h in rows[1]]
        if canon2[:2] == ["date", "primary"]:
            metric = next((m for rx, m in _TITLE_METRIC if rx.search(title)), None)
            if metric is None:
                raise ExportError(f"{p.name}: unknown metric {title.strip()!r} in a daily series")
            return _page_daily(p, ["date", metric], rows[2:], account_id)
    if canon and canon[0] == "date" and any(c in METRICS for c in canon[1:]):
        return _page_daily(p, canon, rows[1:], account_id)
    found = ", ".join(repr(h) for h in rows[0][:12] if h.strip())
    raise ExportError(
        f"{p.name}: unknown export layout. Headers found: {found}. Expected a Meta Business Suite "
        "post export (Post ID, Publish time, ...), a Facebook page daily series (Date, ...) "
        "or a LinkedIn page export (.xlsx)."
    )


def _meta_posts(
    p: Path,
    canon: list[str | None],
    rows: list[list[str]],
    account_id: str | None,
    mapping: Mapping[str, str] | None,
    tz: ZoneInfo,
) -> ExportResult:
    platform = (
        "instagram" if "account_id" in canon or "instagram.com" in str(rows[:3]) else "facebook"
    )
    resolve = Accounts(platform, account_id, mapping)
    daily = False
    posts: dict[str, NormPost] = {}
    snaps: list[NormSnapshot] = []
    skipped = 0
    for raw in rows:
        rec: dict[str, str] = {}
        for name, value in zip(canon, raw, strict=False):
            if name and name not in rec:
                rec[name] = value.strip()
        published = parse_local(rec.get("published"), tz)
        post_id = rec.get("post_id")
        if not post_id or published is None:
            skipped += 1
            continue
        acc = resolve(rec.get("page_id") or rec.get("account_id"))
        posts[post_id] = NormPost(
            account_id=acc,
            external_id=post_id,
            created_at=published,
            text=rec.get("text") or rec.get("title") or None,
            permalink=rec.get("permalink") or None,
            kind=rec.get("kind") or None,
        )
        when = rec.get("date", "")
        day = None if when.lower() in LIFETIME or not when else parse_day(when)
        if when and day is None and when.lower() not in LIFETIME:
            skipped += 1
            continue
        daily = daily or day is not None
        figures = {m: to_int(rec.get(m)) for m in METRICS if m != "followers"}
        snaps.append(
            NormSnapshot(
                account_id=acc,
                day=day or published.date(),
                post_external_id=post_id,
                source="export",
                **figures,  # type: ignore[arg-type]
            )
        )
    per_day = Counter((post.account_id, post.created_at.date()) for post in posts.values())
    snaps += [
        NormSnapshot(account_id=acc, day=d, posts_published=n, source="export")
        for (acc, d), n in sorted(per_day.items())
    ]
    return ExportResult(
        kind="meta_posts_daily" if daily else "meta_posts",
        platform=platform,
        posts=list(posts.values()),
        snapshots=snaps,
        rows=len(rows),
        skipped=skipped,
        unresolved=resolve.unresolved,
    )


def _page_daily(
    p: Path, canon: list[str | None], rows: list[list[str]], account_id: str | None
) -> ExportResult:
    if not account_id:
        raise ExportError(f"{p.name}: a page-level series names no page; give the account id")
    snaps: list[NormSnapshot] = []
    skipped = 0
    for raw in rows:
        day = parse_day(raw[0] if raw else None)
        if day is None:
            skipped += 1
            continue
        figures = {
            name: to_int(value)
            for name, value in zip(canon[1:], raw[1:], strict=False)
            if name in METRICS
        }
        snap = NormSnapshot(account_id=account_id, day=day, source="export", **figures)  # type: ignore[arg-type]
        snaps.append(snap)
    return ExportResult(
        kind="facebook_page_daily",
        platform="facebook",
        snapshots=snaps,
        rows=len(rows),
        skipped=skipped,
    )
