"""Numbered deadline listings and short ids for ``/vakt plan`` (on top of :mod:`bot.plan.store`).

* :func:`listing`: open overdue deadlines (since the item entered the plan, at most
  ``OVERDUE_LOOKBACK_DAYS`` back), then the coming ones by date and key, numbered from 1. The
  list for N weeks is a prefix of the list for more weeks, so a number means the same whatever
  window was shown.
* :func:`remember_shown` keeps, per person, the numbered lines they were last shown, and
  :func:`resolve_id` reads ``/vakt plan done|skip|snooze <id>``: a number is a line of the list
  that person last saw (a number never shown is refused with :class:`NotShown`, never guessed
  from a longer list), or the item key or an unambiguous start of it: then its earliest open
  occurrence from the overdue window to 4 weeks ahead, else the latest one in that window (so
  "done" twice says "already done" rather than marking next year's), else the next one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.plan.model import OccurrenceState, PlanItem, deadlines_within, next_occurrence, occurrences
from bot.plan.rows import first_seen, team_filter
from bot.plan.store import get_item, get_state, load_items, load_states
from bot.store.models import PlanItemRow, Setting

OVERDUE_LOOKBACK_DAYS = 90
KEY_WINDOW_DAYS = 28


class NotShown(LookupError):
    """A number that is not a line of the list the person last saw (``shown`` lines)."""

    def __init__(self, number: int, shown: int) -> None:
        super().__init__(number)
        self.number, self.shown = number, shown


class AmbiguousId(LookupError):
    """A key prefix that matches several items (``keys``: the first few)."""

    def __init__(self, value: str, keys: list[str]) -> None:
        super().__init__(value)
        self.value, self.keys = value, keys


@dataclass(frozen=True)
class Listed:
    """One line of ``/vakt plan``: its number, the item, the deadline and its state."""

    number: int
    item: PlanItem
    due: date
    state: OccurrenceState
    overdue: bool


def listing(session: Session, today: date, days: int, team: str | None = None) -> list[Listed]:
    """``/vakt plan``: open overdue deadlines (since the item entered the plan, at most
    ``OVERDUE_LOOKBACK_DAYS`` back), then the coming ``days`` days; numbered from 1."""
    items = load_items(session, team=team)
    since = today - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    states = load_states(session, start=since, end=today + timedelta(days=days))
    seen = first_seen(session)
    out: list[Listed] = []
    for item, due, state in deadlines_within(items, states, today, days, overdue_since=since):
        overdue = due < today
        if overdue and due < seen.get(item.key, since):
            continue
        out.append(Listed(len(out) + 1, item, due, state, overdue))
    return out


def _seen_key(person: str) -> str:
    return f"plan.shown.{person}"


def remember_shown(session: Session, person: str, entries: Sequence[Listed], now: datetime) -> None:
    """The numbered lines ``person`` was just shown, in order (numbers refer to them)."""
    value = {
        "at": now.isoformat(),
        "lines": [[e.item.key, e.due.isoformat()] for e in entries],
    }
    session.merge(Setting(key=_seen_key(person), value=value, updated_at=now, updated_by=person))


def shown(session: Session, person: str | None) -> list[tuple[str, date]]:
    """The (item key, deadline) lines ``person`` was last shown, numbered from 1."""
    row = session.get(Setting, _seen_key(person)) if person else None
    lines = row.value.get("lines", []) if row is not None and isinstance(row.value, dict) else []
    return [(str(k), date.fromisoformat(str(d))) for k, d in lines]


def resolve_id(
    session: Session,
    ident: str,
    today: date,
    team: str | None = None,
    *,
    person: str | None = None,
) -> Listed | None:
    """The deadline a short id names (see the module docstring); raises :class:`NotShown` for
    a number that was not on ``person``'s last list and :class:`AmbiguousId` for a key prefix
    that matches several items."""
    ident = ident.strip().lstrip("#")
    if not ident:
        return None
    if ident.isdigit():
        n = int(ident)
        lines = shown(session, person)
        if not 1 <= n <= len(lines):
            raise NotShown(n, len(lines))
        key, due = lines[n - 1]
        found = get_item(session, key)
        if found is None:
            return None
        return Listed(n, found, due, get_state(session, key, due), due < today)
    low = ident.casefold()
    keys = list(
        session.scalars(
            select(PlanItemRow.key).where(PlanItemRow.removed_at.is_(None), team_filter(team))
        )
    )
    exact = [k for k in keys if k.casefold() == low]
    matches = exact or sorted(k for k in keys if k.casefold().startswith(low))
    if not matches:
        return None
    if len(matches) > 1:
        raise AmbiguousId(ident, matches[:5])
    key = matches[0]
    item = get_item(session, key)
    if item is None:
        return None
    since = max(today - timedelta(days=OVERDUE_LOOKBACK_DAYS), first_seen(session).get(key, today))
    near = occurrences(item, since, today + timedelta(days=KEY_WINDOW_DAYS - 1))
    states = {s.occurrence: s for s in load_states(session, keys=[key], start=since)}
    chosen = next((d for d in near if d not in states or states[d].status == "open"), None)
    if chosen is None:
        chosen = near[-1] if near else next_occurrence(item, today)
    if chosen is None:
        return None
    state = states.get(chosen) or OccurrenceState(key, chosen)
    return Listed(0, item, chosen, state, chosen < today)
