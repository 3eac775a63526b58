"""Meta Business Suite exports (CSV), Facebook and Instagram, in any of the languages
:mod:`bot.sources.exports.vocabulary` knows:

* post lists (``meta_posts``): one row per post with its lifetime totals (the "Date" cell says
  "Lifetime", "Livstid", "Totalt" ...), stored as a per-post snapshot on the day it was published;
  or one row per post and day (``meta_posts_daily``). Both add the number of posts published per
  day to the account's daily snapshot.
* page-level daily series (``page_daily``): a title line naming one metric ("Facebook-følginger",
  "Instagram reach", "Views") over "Date","Primary"; or a date column and several metric
  columns. Daily figures stay daily ("Follows" are the follows gained that day); only a
  "Followers" column is a lifetime total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from bot.sources.exports.cells import (
    ExportError,
    ExportResult,
    figures_of,
    parse_day,
    parse_local,
)
from bot.sources.exports.vocabulary import (
    LIFETIME,
    Header,
    norm_header,
    read_header,
    title_metric,
)
from bot.sources.model import METRIC_FIELDS, NormPost, NormSnapshot


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


def nothing_usable(name: str, header: Header, found: Sequence[object]) -> ExportError:
    """The refusal of a file none of whose columns holds a figure vaktbot stores."""
    seen = ", ".join(repr(str(h).strip()) for h in found[:14] if str(h or "").strip())
    stored = ", ".join(f for f in METRIC_FIELDS if f != "posts_published")
    return ExportError(
        f"{name}: unknown export layout: no column holds a figure vaktbot stores ({stored}). "
        f"Headers found: {seen}. Expected a Meta Business Suite post list (Post ID, Publish "
        "time, ...), a page-level daily series (Date, ...) or a LinkedIn page export (.xlsx)."
    )


def is_post_list(header: Header) -> bool:
    return "post_id" in header.fields and "published" in header.fields


def post_list(
    name: str,
    rows: list[list[str]],
    account_id: str | None,
    mapping: Mapping[str, str] | None,
    tz: ZoneInfo,
) -> ExportResult:
    header = read_header(rows[0], per_post=True)
    body = rows[1:]
    f = header.fields
    sample = " ".join(" ".join(r) for r in body[:5]).lower()
    instagram = "account_id" in f or "instagram.com" in sample or " ig-" in f" {sample}"
    platform = "instagram" if instagram else "facebook"
    resolve = Accounts(platform, account_id, mapping)
    daily = False
    posts: dict[str, NormPost] = {}
    snaps: list[NormSnapshot] = []
    skipped = 0

    def cell(row: Sequence[str], key: str) -> str:
        i = f.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""

    for row in body:
        published = parse_local(cell(row, "published"), tz)
        post_id = cell(row, "post_id")
        when = cell(row, "date")
        lifetime = not when or norm_header(when) in LIFETIME
        day = None if lifetime else parse_day(when)
        if not post_id or published is None or (not lifetime and day is None):
            skipped += 1
            continue
        acc = resolve(cell(row, "page_id") or cell(row, "account_id") or None)
        posts[post_id] = NormPost(
            account_id=acc,
            external_id=post_id,
            created_at=published,
            text=cell(row, "text") or cell(row, "title") or None,
            permalink=cell(row, "permalink") or None,
            kind=cell(row, "kind") or None,
        )
        daily = daily or day is not None
        figures = figures_of(header, row)
        figures.pop("followers", None)  # a post row holds no account totals
        snaps.append(
            NormSnapshot(
                account_id=acc,
                day=day or published.date(),
                post_external_id=post_id,
                source="export",
                **figures,  # type: ignore[arg-type]
            )
        )
    if not posts:
        raise ExportError(
            f"{name}: no row has a post id and a publishing time ({len(body)} rows read)"
        )
    per_day = Counter((post.account_id, post.created_at.date()) for post in posts.values())
    snaps += [
        NormSnapshot(account_id=acc, day=d, posts_published=n, source="export")
        for (acc, d), n in sorted(per_day.items())
    ]
    result = ExportResult(
        kind="meta_posts_daily" if daily else "meta_posts",
        platform=platform,
        posts=list(posts.values()),
        snapshots=snaps,
        rows=len(body),
        skipped=skipped,
        unresolved=resolve.unresolved,
    )
    result.note_columns(header.unknown, header.ignored)
    return result


def page_series(
    name: str,
    header: Header,
    found: Sequence[object],
    rows: list[list[str]],
    account_id: str | None,
    platform: str | None,
    skipped_head: int = 0,
) -> ExportResult:
    """Account-level daily figures: one row per day, the figures of ``header``."""
    if not header:
        raise nothing_usable(name, header, found)
    if not account_id:
        raise ExportError(f"{name}: a page-level series names no page; give the account id")
    date_col = header.fields.get("date", 0)
    snaps: list[NormSnapshot] = []
    skipped = skipped_head
    for row in rows:
        day = parse_day(row[date_col] if date_col < len(row) else None)
        if day is None:
            skipped += 1
            continue
        figures = figures_of(header, row)
        if all(v is None for v in figures.values()):
            skipped += 1
            continue
        snaps.append(NormSnapshot(account_id=account_id, day=day, source="export", **figures))  # type: ignore[arg-type]
    result = ExportResult(
        kind="page_daily",
        platform=platform or "",  # a series without a title does not name its platform
        snapshots=snaps,
        rows=len(rows),
        skipped=skipped,
    )
    result.note_columns(header.unknown, header.ignored)
    return result


def titled_series(
    name: str,
    title: str,
    columns: Sequence[str],
    rows: list[list[str]],
    account_id: str | None,
) -> ExportResult:
    """A one-metric series: the title names the metric ("Facebook-følginger"), the values are
    in the "Primary" column next to the date."""
    platform, col = title_metric(title)
    header = read_header(columns)
    value = header.fields.get("primary", 1)
    header.figures, header.ignored = {}, []
    if col.role == "figure":
        header.figures[col.name] = (value,)
    else:
        header.ignored.append(title.strip())
    if not header:
        raise ExportError(
            f"{name}: the series {title.strip()!r} is not a figure vaktbot stores "
            f"({', '.join(f for f in METRIC_FIELDS if f != 'posts_published')})"
        )
    return page_series(name, header, [title], rows, account_id, platform)
