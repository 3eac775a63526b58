"""Leases with a fencing token: which sender may post an outbox row, and for how long.

* ``claim`` takes free rows (no lease, or an expired one) in one conditional UPDATE that raises
  each row's ``lease_token``; the sender keeps the token it got.
* ``hold`` runs immediately before the platform is called: one conditional UPDATE checks that the
  row still carries that token and is still pending (no other sender claimed it after our lease
  ran out, nobody dropped it), renews the lease for a full term, counts the attempt and marks the
  row ``check_first`` (an attempt is in flight: whoever finds the row after a crash looks for the
  message before posting it). Only if it matched is the platform called; the call is bounded by
  the client's timeout, far below the lease, so no other sender can claim the row meanwhile.
* ``renew`` extends every lease a long pass still holds (waiting for its turn behind a slow
  platform), so another replica does not take them over.
* ``release`` writes the outcome, only where the row still carries the token.

The same statements hold on SQLite (one writer at a time) and PostgreSQL (a competing UPDATE
waits for the row lock and then re-checks the condition).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, bindparam, or_, tuple_, update
from sqlalchemy.orm import Session

from bot.store.models import Outbox

LEASE = timedelta(seconds=120)

OUTBOX: Table = Outbox.__table__  # type: ignore[assignment]


def _conn(db: Session | Connection) -> Connection:
    return db.connection() if isinstance(db, Session) else db


def free_at(now: datetime) -> Any:
    """The row has no lease, or its lease ran out before ``now``."""
    return or_(OUTBOX.c.lease_until.is_(None), OUTBOX.c.lease_until < now)


def claim(
    session: Session, ids: Iterable[int], owner: str, now: datetime, lease: timedelta = LEASE
) -> dict[int, int]:
    """Claim the free, pending rows among ``ids``: {row id: fencing token}."""
    ids = list(ids)
    if not ids:
        return {}
    rows = session.execute(
        update(OUTBOX)
        .where(OUTBOX.c.id.in_(ids), OUTBOX.c.status == "pending", free_at(now))
        .values(
            lease_owner=owner,
            lease_until=now + lease,
            lease_token=OUTBOX.c.lease_token + 1,
        )
        .returning(OUTBOX.c.id, OUTBOX.c.lease_token)
    ).all()
    return {int(i): int(token) for i, token in rows}


def hold(
    db: Session | Connection, row_id: int, token: int, now: datetime, lease: timedelta = LEASE
) -> bool:
    """The fence: True if this sender still holds the row (then an attempt is recorded as in
    flight and the lease runs a full term from ``now``); False if another sender has it."""
    return row_id in hold_many(db, [(row_id, token)], now, lease)


def hold_many(
    db: Session | Connection, rows: list[tuple[int, int]], now: datetime, lease: timedelta = LEASE
) -> set[int]:
    """``hold`` for the rows that reach the platform together, in one statement: (row id,
    token) each; returns the ids this sender still holds."""
    if not rows:
        return set()
    held = _conn(db).execute(
        update(OUTBOX)
        .where(
            tuple_(OUTBOX.c.id, OUTBOX.c.lease_token).in_(rows),
            OUTBOX.c.status == "pending",
        )
        .values(
            lease_until=now + lease,
            check_first=True,
            attempts=OUTBOX.c.attempts + 1,
            last_attempt_at=now,
        )
        .returning(OUTBOX.c.id)
    )
    return {int(i) for (i,) in held}


def renew(
    session: Session, held: dict[int, int], owner: str, now: datetime, lease: timedelta = LEASE
) -> int:
    """Extend the leases this sender still holds; returns how many it still had."""
    if not held:
        return 0
    res = session.execute(
        update(OUTBOX)
        .where(
            OUTBOX.c.id.in_(list(held)),
            OUTBOX.c.lease_owner == owner,
            OUTBOX.c.status == "pending",
        )
        .values(lease_until=now + lease)
    )
    return int(getattr(res, "rowcount", 0) or 0)


_RELEASES: dict[frozenset[str], Any] = {}


def _release_statement(columns: frozenset[str]) -> Any:
    """UPDATE ... SET <columns> WHERE id and token match, built once per set of columns."""
    stmt = _RELEASES.get(columns)
    if stmt is None:
        stmt = _RELEASES[columns] = (
            update(OUTBOX)
            .where(OUTBOX.c.id == bindparam("row_id"), OUTBOX.c.lease_token == bindparam("token"))
            .values(
                lease_owner=None,
                lease_until=None,
                **{c: bindparam(f"v_{c}", type_=OUTBOX.c[c].type) for c in sorted(columns)},
            )
        )
    return stmt


def release(session: Session, row_id: int, token: int, **values: Any) -> bool:
    """Write an outcome and give the lease up, if the row still carries ``token``."""
    return release_many(session, [(row_id, token, values)]) == 1


def release_many(db: Session | Connection, outcomes: list[tuple[int, int, dict[str, Any]]]) -> int:
    """``release`` for many rows at once: (row id, token, values); returns how many rows still
    carried their token."""
    groups: dict[frozenset[str], list[dict[str, Any]]] = {}
    for row_id, token, values in outcomes:
        one = {"row_id": row_id, "token": token, **{f"v_{c}": v for c, v in values.items()}}
        groups.setdefault(frozenset(values), []).append(one)
    kept = 0
    conn = _conn(db)
    for columns, many in groups.items():
        res = conn.execute(_release_statement(columns), many)
        kept += max(res.rowcount, 0)
    return kept


def defer(session: Session, rows: list[tuple[int, int, datetime]]) -> None:
    """Give up leases on rows not tried in this pass, each with its next attempt:
    (row id, token, next attempt)."""
    if not rows:
        return
    session.execute(
        update(OUTBOX)
        .where(OUTBOX.c.id == bindparam("row_id"), OUTBOX.c.lease_token == bindparam("token"))
        .values(lease_owner=None, lease_until=None, next_attempt_at=bindparam("next_at")),
        [{"row_id": i, "token": tok, "next_at": at} for i, tok, at in rows],
    )
