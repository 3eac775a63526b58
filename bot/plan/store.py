"""The annual plan in the database: items, occurrence states, imports, deadline lines.

Tables ``plan_items`` (one row per item, soft-deleted with ``removed_at``) and
``plan_occurrences`` (one row per occurrence somebody acted on). Every function takes the
caller's session and never commits: the caller's transaction is the unit of work, so an import
is all or nothing.

* **Import** (:func:`apply_import`): rows are matched by their stable key; new keys are inserted,
  changed rows updated in place, unchanged rows left alone. Items imported earlier from a file
  of the same name (``source``) that are missing from this one are marked removed — only within
  ``team`` when the import is for one team; items from other files or added in chat
  (``source`` ``chat:<person>``) are never removed by an import. A removed item that comes
  back is restored.
  ``dry_run`` computes the same :class:`ImportDiff` and writes nothing.
* **First seen**: the date each item entered the plan is kept in the settings row
  ``plan.first_seen`` ({key: "YYYY-MM-DD"}); reminders pass it as ``since`` so importing a plan
  in March raises no overdue notices for January.
* **Row helpers** (rows <-> domain objects, first seen, audit rows) live in
  :mod:`bot.plan.rows`.
* **Listings and short ids** for ``/vakt plan`` live in :mod:`bot.plan.listing`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from bot.plan.model import DeadlineLine, OccurrenceState, PlanItem, deadlines_within
from bot.plan.rows import (
    audit,
    changed_fields,
    first_seen,
    record_first_seen,
    row_to_item,
    row_to_state,
    row_values,
    team_filter,
)
from bot.store.models import PlanItemRow, PlanOccurrenceRow
from bot.store.upsert import insert_ignore

if TYPE_CHECKING:
    from bot.app import App

CHAT_SOURCE = "chat:"


@dataclass
class ImportDiff:
    added: list[PlanItem] = field(default_factory=list)
    changed: list[tuple[PlanItem, PlanItem, tuple[str, ...]]] = field(default_factory=list)
    unchanged: list[PlanItem] = field(default_factory=list)
    removed: list[PlanItem] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
        }


def load_items(
    session: Session, *, team: str | None = None, keys: Collection[str] | None = None
) -> list[PlanItem]:
    """Items in the plan (not removed), sorted by key; ``team`` keeps that team's and team-less
    items; ``keys`` only those keys."""
    stmt = select(PlanItemRow).where(PlanItemRow.removed_at.is_(None), team_filter(team))
    if keys is not None:
        wanted = list(keys)
        if not wanted:
            return []
        rows: list[PlanItemRow] = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows.extend(session.scalars(stmt.where(PlanItemRow.key.in_(chunk))))
    else:
        rows = list(session.scalars(stmt))
    return sorted((row_to_item(r) for r in rows), key=lambda i: i.key)


def get_item(session: Session, key: str) -> PlanItem | None:
    row = session.get(PlanItemRow, key)
    return row_to_item(row) if row is not None and row.removed_at is None else None


def load_states(
    session: Session,
    *,
    keys: Collection[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[OccurrenceState]:
    """Stored occurrence states, optionally for some items and occurrences in [start, end]."""
    stmt = select(PlanOccurrenceRow)
    if start is not None:
        stmt = stmt.where(PlanOccurrenceRow.occurrence >= start)
    if end is not None:
        stmt = stmt.where(PlanOccurrenceRow.occurrence <= end)
    if keys is not None:
        wanted = set(keys)
        if len(wanted) <= 500:
            stmt = stmt.where(PlanOccurrenceRow.item_key.in_(wanted))
        return [row_to_state(r) for r in session.scalars(stmt) if r.item_key in wanted]
    return [row_to_state(r) for r in session.scalars(stmt)]


def get_state(session: Session, key: str, occurrence: date) -> OccurrenceState:
    row = session.get(PlanOccurrenceRow, (key, occurrence))
    return row_to_state(row) if row is not None else OccurrenceState(key, occurrence)


# --- import --------------------------------------------------------------------------------


def diff_import(
    session: Session, items: Iterable[PlanItem], *, source: str, team: str | None = None
) -> tuple[ImportDiff, dict[str, PlanItemRow]]:
    """What importing ``items`` from ``source`` would change, and the existing rows by key."""
    rows = {r.key: r for r in session.scalars(select(PlanItemRow))}
    diff = ImportDiff()
    seen: set[str] = set()
    for item in items:
        seen.add(item.key)
        row = rows.get(item.key)
        if row is None:
            diff.added.append(item)
            continue
        old = row_to_item(row)
        fields = changed_fields(old, item)
        if row.removed_at is not None:
            fields = fields or ("restored",)
        if fields:
            diff.changed.append((old, item, fields))
        else:
            diff.unchanged.append(item)
    for key, row in sorted(rows.items()):
        if key in seen or row.removed_at is not None or row.source != source:
            continue
        if team is not None and row.team != team:
            continue
        diff.removed.append(row_to_item(row))
    return diff, rows


def apply_import(
    session: Session,
    items: list[PlanItem],
    *,
    source: str,
    now: datetime,
    today: date,
    actor: str = "cli",
    team: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportDiff:
    """Store an import (see the module docstring) in the caller's transaction; return the diff."""
    source = source[:300]
    diff, _rows = diff_import(session, items, source=source, team=team)
    if dry_run:
        return diff
    new_rows = [
        {**row_values(i), "source": source, "updated_at": now, "removed_at": None}
        for i in diff.added
    ]
    changed_rows = [
        {**row_values(new), "source": source, "updated_at": now, "removed_at": None}
        for _old, new, _f in diff.changed
    ]
    step = 1000
    for i in range(0, len(new_rows), step):
        session.execute(insert(PlanItemRow), new_rows[i : i + step])
        if progress:
            progress(len(new_rows[i : i + step]))
    for i in range(0, len(changed_rows), step):
        session.execute(update(PlanItemRow), changed_rows[i : i + step])
        if progress:
            progress(len(changed_rows[i : i + step]))
    unchanged_keys = [i.key for i in diff.unchanged]
    for i in range(0, len(unchanged_keys), step):  # the file is now their source
        chunk = unchanged_keys[i : i + step]
        session.execute(
            update(PlanItemRow)
            .where(PlanItemRow.key.in_(chunk), PlanItemRow.source.is_distinct_from(source))
            .values(source=source)
            .execution_options(synchronize_session=False)
        )
        if progress:
            progress(len(chunk))
    removed = [i.key for i in diff.removed]
    for i in range(0, len(removed), step):
        session.execute(
            update(PlanItemRow)
            .where(PlanItemRow.key.in_(removed[i : i + step]))
            .values(removed_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    record_first_seen(session, (i.key for i in diff.added), today, now, actor)
    audit(
        session,
        now=now,
        actor=actor,
        action="plan.import",
        subject=source,
        detail={**diff.counts, "team": team},
    )
    return diff


def unique_key(session: Session, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… when an item already has that key."""
    taken = set(session.scalars(select(PlanItemRow.key).where(PlanItemRow.key.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def add_item(session: Session, item: PlanItem, *, now: datetime, today: date, actor: str) -> None:
    """Store one item added from chat (``/vakt plan add``)."""
    session.execute(
        insert(PlanItemRow),
        [
            {
                **row_values(item),
                "source": f"{CHAT_SOURCE}{actor}",
                "updated_at": now,
                "removed_at": None,
            }
        ],
    )
    record_first_seen(session, [item.key], today, now, actor)
    audit(
        session,
        now=now,
        actor=actor,
        action="plan.add",
        subject=item.key,
        detail={"when": item.when.text, "team": item.team},
    )


# --- occurrence states ---------------------------------------------------------------------


def _lock_occurrence(session: Session, key: str, occurrence: date) -> PlanOccurrenceRow:
    insert_ignore(
        session,
        PlanOccurrenceRow,
        {"item_key": key, "occurrence": occurrence, "status": "open"},
        conflict=["item_key", "occurrence"],
    )
    row = session.get(
        PlanOccurrenceRow, (key, occurrence), with_for_update=True, populate_existing=True
    )
    assert row is not None
    return row


def lock_state(session: Session, key: str, occurrence: date) -> OccurrenceState:
    """The occurrence's state, its row locked until the transaction ends (so two people pressing
    Done at once are serialised and the second sees the first's answer)."""
    return row_to_state(_lock_occurrence(session, key, occurrence))


def set_status(
    session: Session, key: str, occurrence: date, status: str, *, by: str, now: datetime
) -> tuple[OccurrenceState, OccurrenceState]:
    """Mark an occurrence done, skipped or open again; returns (before, after). Writes an
    audit row. Changing an already resolved occurrence is the caller's decision."""
    if status not in ("open", "done", "skipped"):
        raise ValueError(f"unknown status {status!r}")
    row = _lock_occurrence(session, key, occurrence)
    before = row_to_state(row)
    row.status, row.by, row.at, row.snoozed_until = status, by, now, None
    audit(
        session,
        now=now,
        actor=by,
        action=f"plan.{status}",
        subject=f"{key}:{occurrence.isoformat()}",
    )
    return before, row_to_state(row)


def snooze(
    session: Session, key: str, occurrence: date, until: datetime, *, by: str, now: datetime
) -> tuple[OccurrenceState, OccurrenceState]:
    """Snooze an open occurrence's reminders until ``until`` (aware); returns (before, after)."""
    if until.utcoffset() is None:
        raise ValueError("snooze time must be timezone-aware")
    row = _lock_occurrence(session, key, occurrence)
    before = row_to_state(row)
    row.snoozed_until, row.by, row.at = until, by, now
    audit(
        session,
        now=now,
        actor=by,
        action="plan.snooze",
        subject=f"{key}:{occurrence.isoformat()}",
        detail={"until": until.isoformat()},
    )
    return before, row_to_state(row)


def snoozes_between(session: Session, start: datetime, end: datetime) -> list[OccurrenceState]:
    """Open occurrences whose snooze ends in [start, end)."""
    stmt = select(PlanOccurrenceRow).where(
        PlanOccurrenceRow.status == "open",
        PlanOccurrenceRow.snoozed_until >= start,
        PlanOccurrenceRow.snoozed_until < end,
    )
    return [row_to_state(r) for r in session.scalars(stmt)]


_FIRST_SNOOZE = select(func.min(PlanOccurrenceRow.snoozed_until)).where(
    PlanOccurrenceRow.status == "open", PlanOccurrenceRow.snoozed_until > bindparam("after")
)


def first_snooze_after(session: Session, after: datetime) -> datetime | None:
    """When the first open snooze ending after ``after`` ends (None: there is none)."""
    return session.scalar(_FIRST_SNOOZE, {"after": after})


# --- listings for digests, commands and App Home -------------------------------------------


def _names(app: App, owners: Iterable[str]) -> tuple[str, ...]:
    out = []
    for pid in owners:
        p = app.config.person(pid)
        out.append(p.name if p is not None else pid)
    return tuple(out)


def upcoming_deadlines(
    app: App,
    session: Session,
    today: date,
    days: int,
    team: str | None = None,
    *,
    overdue_days: int = 0,
) -> list[DeadlineLine]:
    """Deadlines in ``[today, today + days)`` (the team's and team-less items when ``team``),
    for digests and App Home; owners as display names. With ``overdue_days`` also the
    occurrences still open whose deadline passed within that many days (not before the item
    entered the plan): the weekly digest's overdue list, where nagging ends."""
    items = load_items(session, team=team)
    end = today + timedelta(days=max(days, 0))
    since = today - timedelta(days=overdue_days) if overdue_days > 0 else None
    states = load_states(session, start=since or today, end=end)
    seen = first_seen(session) if since is not None else {}
    return [
        DeadlineLine(
            item.key, item.title, due, _names(app, item.owners), state.status, item.category
        )
        for item, due, state in deadlines_within(items, states, today, days, overdue_since=since)
        if due >= today or due >= seen.get(item.key, today)
    ]
