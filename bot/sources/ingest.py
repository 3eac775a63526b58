"""Bulk, idempotent ingestion of posts, comments and metric snapshots.

The same comment arriving twice (webhook and poll, a redelivered webhook, a re-imported file) is
stored once: rows go in with ``INSERT ... ON CONFLICT DO NOTHING`` on the natural key, in chunks.

* SQLite: the dialect insert is compiled once and run with the driver's ``executemany``; the ids
  of the new rows follow from SQLite's rowid rule (a new row gets max(rowid) + 1, and the writer
  holds the database lock for the statement), so the ids are exact without RETURNING.
* PostgreSQL (and others): ``INSERT ... ON CONFLICT DO NOTHING RETURNING id`` through
  SQLAlchemy's batched "insertmanyvalues".

Nothing here commits: the caller's transaction decides (so a poll's cursor moves with its rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, tuple_, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from bot.sources.model import (
    METRIC_FIELDS,
    CommentEvent,
    NormComment,
    NormPost,
    NormSnapshot,
    author_hash,
)
from bot.store.models import Comment, MetricSnapshot, Post
from bot.store.types import UTCDateTime, sqlite_utc_text
from bot.store.upsert import insert_for

CHUNK = 10_000
_COMMENT_COLS = (
    "account_id",
    "external_id",
    "post_external_id",
    "parent_external_id",
    "text",
    "author_hash",
    "author_name",
    "created_at",
    "received_at",
    "permalink",
    "from_page",
    "is_hidden",
    "deleted",
    "labels",
    "state",
)
COMMENTS = cast(Table, Comment.__table__)
POSTS = cast(Table, Post.__table__)
SNAPSHOTS = cast(Table, MetricSnapshot.__table__)
_POST_COLS = ("account_id", "external_id", "created_at", "text", "permalink", "kind")


@dataclass
class IngestResult:
    added: list[int] = field(default_factory=list)  # row ids of new rows
    duplicates: int = 0  # rows already stored (or repeated within the batch)

    def __iadd__(self, other: IngestResult) -> IngestResult:
        self.added.extend(other.added)
        self.duplicates += other.duplicates
        return self


@lru_cache(maxsize=32)
def _sqlite_plan(
    dialect: Dialect, table: Table, cols: tuple[str, ...], keys: tuple[str, ...]
) -> tuple[str, list[int], list[Callable[[Any], Any] | None]]:
    """The compiled dialect insert, its parameter order and SQLAlchemy's own bind processors
    (for UTC timestamps the one-step equivalent, :func:`bot.store.types.sqlite_utc_text`)."""
    stmt = sqlite.insert(table).on_conflict_do_nothing(index_elements=list(keys))
    compiled = stmt.compile(dialect=dialect, column_keys=list(cols))
    order = [cols.index(name) for name in compiled.positiontup or ()]
    procs: list[Callable[[Any], Any] | None] = [
        sqlite_utc_text
        if isinstance(table.c[cols[i]].type, UTCDateTime)
        else table.c[cols[i]].type._cached_bind_processor(dialect)  # SQLAlchemy's own
        for i in order
    ]
    return compiled.string, order, procs


def _sqlite_bulk(
    conn: Connection, table: Table, cols: Sequence[str], keys: Sequence[str], rows: list[tuple]
) -> list[int]:
    """Driver-level executemany of the compiled dialect insert; returns the new rows' ids."""
    sql, order, procs = _sqlite_plan(conn.dialect, table, tuple(cols), tuple(keys))
    added: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        columns = list(zip(*chunk, strict=True))
        out: list[Sequence[Any]] = []
        for i, proc in zip(order, procs, strict=True):
            col = columns[i]
            if proc is None:
                out.append(col)
            elif col.count(col[0]) == len(col):  # one value for the whole chunk (received_at)
                out.append([proc(col[0])] * len(col))
            else:
                out.append(list(map(proc, col)))
        params = list(zip(*out, strict=True))
        result = conn.exec_driver_sql(sql, params)
        n = result.rowcount
        if n > 0:
            top = conn.exec_driver_sql(f"SELECT max(id) FROM {table.name}").scalar_one()
            added.extend(range(top - n + 1, top + 1))
    return added


def _returning_bulk(
    conn: Connection, table: Table, cols: Sequence[str], keys: Sequence[str], rows: list[tuple]
) -> list[int]:
    stmt = (
        insert_for(conn, table)
        .on_conflict_do_nothing(index_elements=list(keys))
        .returning(table.c.id)
    )
    added: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = [dict(zip(cols, row, strict=True)) for row in rows[start : start + CHUNK]]
        added.extend(conn.execute(stmt, chunk).scalars().all())
    return sorted(added)


def _bulk_insert(
    session: Session, table: Table, cols: Sequence[str], keys: Sequence[str], rows: list[tuple]
) -> list[int]:
    if not rows:
        return []
    session.flush()
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        return _sqlite_bulk(conn, table, cols, keys, rows)
    return _returning_bulk(conn, table, cols, keys, rows)


def ingest_comments(
    session: Session, comments: Iterable[NormComment], *, now: datetime, salt: str
) -> IngestResult:
    """Store new comments (labels None = not yet classified); skip ones already stored."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    hashes: dict[str | None, str | None] = {}
    seen: set[tuple[str, str]] = set()
    rows: list[tuple] = []
    repeated = 0
    for c in comments:
        key = (c.account_id, c.external_id)
        if key in seen:
            repeated += 1
            continue
        seen.add(key)
        pid = c.author_platform_id
        h = hashes.get(pid)
        if h is None and pid:
            h = hashes[pid] = author_hash(pid, salt)
        rows.append(
            (
                c.account_id,
                c.external_id,
                c.post_external_id,
                c.parent_external_id,
                c.text,
                h,
                c.author_name,
                c.created_at,
                now,
                c.permalink,
                c.from_page,
                c.is_hidden,
                False,
                None,
                "new",
            )
        )
    added = _bulk_insert(session, COMMENTS, _COMMENT_COLS, ("account_id", "external_id"), rows)
    return IngestResult(added=added, duplicates=len(rows) - len(added) + repeated)


def ingest_posts(session: Session, posts: Iterable[NormPost]) -> IngestResult:
    """Store new posts; for posts already stored, fill in text/permalink/kind when given."""
    latest: dict[tuple[str, str], NormPost] = {}
    repeated = 0
    for p in posts:
        if (p.account_id, p.external_id) in latest:
            repeated += 1
        latest[(p.account_id, p.external_id)] = p
    if not latest:
        return IngestResult(duplicates=repeated)
    session.flush()
    existing: set[tuple[str, str]] = set()
    keys = list(latest)
    for start in range(0, len(keys), 500):
        part = keys[start : start + 500]
        existing.update(
            (a, e)
            for a, e in session.execute(
                select(Post.account_id, Post.external_id).where(
                    tuple_(Post.account_id, Post.external_id).in_(part)
                )
            )
        )
    new_rows = [
        (p.account_id, p.external_id, p.created_at, p.text, p.permalink, p.kind)
        for k, p in latest.items()
        if k not in existing
    ]
    added = _bulk_insert(session, POSTS, _POST_COLS, ("account_id", "external_id"), new_rows)
    updates = [
        {"a": p.account_id, "e": p.external_id, "t": p.text, "l": p.permalink, "k": p.kind}
        for k, p in latest.items()
        if k in existing and (p.text or p.permalink or p.kind)
    ]
    if updates:
        stmt = (
            update(POSTS)
            .where(POSTS.c.account_id == bindparam("a"))
            .where(POSTS.c.external_id == bindparam("e"))
            .values(
                text=func.coalesce(bindparam("t", type_=Post.text.type), POSTS.c.text),
                permalink=func.coalesce(bindparam("l"), POSTS.c.permalink),
                kind=func.coalesce(bindparam("k"), POSTS.c.kind),
            )
        )
        session.connection().execute(stmt, updates)
    return IngestResult(added=added, duplicates=len(latest) - len(added) + repeated)


def _merge(a: NormSnapshot, b: NormSnapshot) -> NormSnapshot:
    """b's known figures over a's (b arrived later)."""
    values = {
        f: (getattr(b, f) if getattr(b, f) is not None else getattr(a, f)) for f in METRIC_FIELDS
    }
    return NormSnapshot(
        account_id=a.account_id,
        day=a.day,
        post_external_id=a.post_external_id,
        source=b.source or a.source,
        **values,
    )


def ingest_snapshots(session: Session, snapshots: Iterable[NormSnapshot]) -> int:
    """Upsert daily figures: a later snapshot for the same account/post/day overwrites the
    figures it knows (non-null) and keeps the others. Returns the number of rows written."""
    merged: dict[tuple[str, str, Any], NormSnapshot] = {}
    for s in snapshots:
        key = (s.account_id, s.post_external_id or "", s.day)
        merged[key] = _merge(merged[key], s) if key in merged else s
    if not merged:
        return 0
    session.flush()
    conn = session.connection()
    table = SNAPSHOTS
    ins = insert_for(conn, table)
    set_ = {f: func.coalesce(ins.excluded[f], table.c[f]) for f in METRIC_FIELDS}
    set_["source"] = func.coalesce(ins.excluded.source, table.c.source)
    stmt = ins.on_conflict_do_update(
        index_elements=["account_id", "post_external_id", "day"], set_=set_
    )
    rows = [
        {
            "account_id": s.account_id,
            "post_external_id": s.post_external_id or "",
            "day": s.day,
            "source": s.source,
            **s.figures(),
        }
        for s in merged.values()
    ]
    for start in range(0, len(rows), CHUNK):
        conn.execute(stmt, rows[start : start + CHUNK])
    return len(rows)


def apply_comment_event(session: Session, event: CommentEvent) -> bool:
    """Apply an edited/remove/hide/unhide verb to a stored comment. Returns False when the
    comment is not stored (the caller may ingest ``event.comment`` instead) or nothing changed.
    Text of a purged comment stays purged."""
    row = session.scalars(
        select(Comment).where(
            Comment.account_id == event.account_id, Comment.external_id == event.external_id
        )
    ).one_or_none()
    if row is None:
        return False
    before = (row.text, row.is_hidden, row.deleted)
    if event.verb == "edited" and event.text is not None and row.purged_at is None:
        row.text = event.text
    elif event.verb == "remove":
        row.deleted = True
    elif event.verb == "hide":
        row.is_hidden = True
    elif event.verb == "unhide":
        row.is_hidden = False
    changed = (row.text, row.is_hidden, row.deleted) != before
    if changed:
        session.flush()
    return changed
