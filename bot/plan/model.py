"""The annual plan ("årshjul"): items, their yearly occurrences, reminders and overdue notices.

Pure: no I/O and no clock reads. The storage layer keeps :class:`PlanItem` rows (store
``item.when.text`` and rebuild with :func:`parse_when`) and one :class:`OccurrenceState` per
(item, occurrence) once somebody acts on it; an occurrence without a state is open.

Reminder rules (:func:`reminders_due`):

* for each lead time N (default 14, 7 and 1 days) a reminder on the deadline minus N days, at the
  team's morning time in the calendar's zone; a day that is not a working day (weekend, public
  holiday, closure day) moves to the previous working day. Two lead times that land on the same
  day give one reminder (the shorter lead time wins);
* an overdue notice on the working day after a deadline that is still open, then every 7 days
  (again moved back off non-working days) until the occurrence is resolved, at most
  ``max_overdue`` notices;
* ``done`` or ``skipped`` stops everything for that occurrence;
* a snooze (``snoozed_until``) drops every reminder up to and including that instant and puts one
  reminder at it instead (``snoozed=True``; kind ``overdue`` when the deadline has passed by then);
  the ordinary schedule resumes after it.

Wiring (``plan_items`` / ``plan_occurrences`` rows)::

    item = PlanItem(row.key, row.title, row.description, row.category, row.team,
                    tuple(row.owners), tuple(row.channels), parse_when(row.when_text),
                    tuple(row.lead_days))          # and row.when_text = item.when.text
    state = OccurrenceState(o.item_key, o.occurrence, o.status, o.by, o.at, o.snoozed_until)

Every reminder has a deterministic idempotency key (:func:`reminder_key`) for the outbox:
``plan:reminder:<item>:<occurrence>:<lead>``, ``plan:overdue:<item>:<occurrence>:<n>`` and
``plan:snooze:<item>:<occurrence>:<UTC yyyymmddThhmmZ>``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import chain
from operator import attrgetter
from typing import Literal, NamedTuple

from bot.plan.dayshifts import DayShifts
from bot.plan.gc import gc_paused as _gc_paused
from bot.plan.recurrence import NthWeekday, OnDate, Recurrence, RRule, WhenError, YearlyDate
from bot.plan.when import describe_when, parse_when
from bot.workdays import WorkCalendar

__all__ = [
    "DEFAULT_LEAD_DAYS",
    "NthWeekday",
    "OccurrenceState",
    "OnDate",
    "PlanItem",
    "RRule",
    "Recurrence",
    "Reminder",
    "WhenError",
    "YearlyDate",
    "deadlines_within",
    "describe_when",
    "index_states",
    "next_occurrence",
    "occurrences",
    "parse_when",
    "reminder_key",
    "reminders_due",
    "snooze_until",
]

Status = Literal["open", "done", "skipped"]
ReminderKind = Literal["reminder", "overdue"]
STATUSES: tuple[Status, ...] = ("open", "done", "skipped")
DEFAULT_LEAD_DAYS: tuple[int, ...] = (14, 7, 1)
SHIFT_MARGIN_DAYS = 31  # how far a reminder may move back over non-working days


@dataclass(frozen=True)
class PlanItem:
    """One line of the plan. ``key`` is stable across re-imports; ``owners`` are person ids."""

    key: str
    title: str
    description: str | None
    category: str | None
    team: str | None
    owners: tuple[str, ...]
    channels: tuple[str, ...]
    when: Recurrence
    lead_days: tuple[int, ...] = DEFAULT_LEAD_DAYS

    def __post_init__(self) -> None:
        if not self.key or not self.title:
            raise ValueError("a plan item needs a key and a title")
        if any(not isinstance(n, int) or n < 0 for n in self.lead_days):
            raise ValueError(f"lead days must be whole days >= 0: {self.lead_days!r}")


@dataclass(frozen=True)
class OccurrenceState:
    """What happened to one occurrence: who marked it done/skipped and when, or a snooze."""

    item_key: str
    occurrence: date
    status: Status = "open"
    by: str | None = None
    at: datetime | None = None
    snoozed_until: datetime | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        for value in (self.at, self.snoozed_until):
            if value is not None and value.utcoffset() is None:
                raise ValueError("OccurrenceState times must be timezone-aware")


class Reminder(NamedTuple):
    """A message due at ``at`` (aware, in the calendar's zone) about one occurrence.

    ``lead_days`` is the configured lead time for kind ``reminder`` (0 for overdue and snoozed
    reminders); ``number`` counts overdue notices from 1.
    """

    item_key: str
    occurrence: date
    lead_days: int
    at: datetime
    kind: ReminderKind
    number: int = 0
    snoozed: bool = False

    @property
    def key(self) -> str:
        return reminder_key(self)


def reminder_key(reminder: Reminder) -> str:
    """The outbox idempotency key of a reminder (stable for the same item, date and lead)."""
    base = f"{reminder.item_key}:{reminder.occurrence.isoformat()}"
    if reminder.snoozed:
        return f"plan:snooze:{base}:{reminder.at.astimezone(UTC):%Y%m%dT%H%MZ}"
    if reminder.kind == "overdue":
        return f"plan:overdue:{base}:{reminder.number}"
    return f"plan:reminder:{base}:{reminder.lead_days}"


def occurrences(item: PlanItem, start: date, end: date) -> list[date]:
    """The item's deadline dates in ``[start, end]`` (both inclusive), ascending."""
    if end < start:
        return []
    return item.when.between(start, end)


def next_occurrence(item: PlanItem, on_or_after: date, horizon_days: int = 800) -> date | None:
    """The first deadline on or after a date (None if none within ``horizon_days``)."""
    found = item.when.between(on_or_after, on_or_after + timedelta(days=horizon_days))
    return found[0] if found else None


def _aware(*values: datetime) -> None:
    for v in values:
        if v.utcoffset() is None:
            raise ValueError("naive datetime; pass timezone-aware datetimes")


def index_states(states: Iterable[OccurrenceState]) -> dict[tuple[str, date], OccurrenceState]:
    """The states by (item key, occurrence); a later state of the same occurrence wins."""
    return {(s.item_key, s.occurrence): s for s in states}


Slot = tuple[int, Callable[[Reminder], None], datetime]  # (lead or number, bucket append, at)


def reminders_due(
    items: Iterable[PlanItem],
    states: Iterable[OccurrenceState],
    cal: WorkCalendar,
    morning: time,
    start: datetime,
    end: datetime,
    *,
    since: date | None = None,
    max_overdue: int = 52,
) -> list[Reminder]:
    """Every reminder and overdue notice whose instant lies in ``[start, end)``.

    ``morning`` is the team's local wall time for reminders. ``since`` ignores occurrences with a
    deadline before it (pass the day the plan was imported so old years raise no overdue notices).
    The scheduler calls this for the window since its last run and writes each result to the
    outbox under ``reminder.key``; splitting a window in two gives the same reminders. Results
    are sorted by instant, then item key and occurrence.
    """
    _aware(start, end)
    if end <= start:
        return []
    with _gc_paused():
        buckets = _buckets(items, states, cal, morning, start, end, since, max_overdue)
        return list(chain.from_iterable(buckets))


def _buckets(
    items_in: Iterable[PlanItem],
    states: Iterable[OccurrenceState],
    cal: WorkCalendar,
    morning: time,
    start: datetime,
    end: datetime,
    since: date | None,
    max_overdue: int,
) -> list[list[Reminder]]:
    """The reminders of :func:`reminders_due` in one list per local day of the window."""
    items = sorted(items_in, key=attrgetter("key"))
    index = index_states(states)
    leads_of = {n: tuple(sorted(set(n))) for n in {i.lead_days for i in items}}  # ascending
    zone = cal.zone
    first = start.astimezone(zone).date().toordinal()
    last = end.astimezone(zone).date().toordinal()
    max_lead = max((n[-1] for n in leads_of.values() if n), default=0)
    # deadlines in [lo, hi] can have a reminder in the window
    lo = first - 7 * max(max_overdue, 0) - SHIFT_MARGIN_DAYS
    if since is not None:
        lo = max(lo, since.toordinal())
    hi = last + max_lead + SHIFT_MARGIN_DAYS
    reach = min(max_lead, 2 * 366) + SHIFT_MARGIN_DAYS  # beyond it the calendar is asked directly
    days = DayShifts(cal, morning.replace(tzinfo=None), start, end, min(lo, first) - reach, hi + 7)
    # One bucket per local day of the window, filled in item key and occurrence order; every
    # reminder of a day shares the instant, so only a bucket holding a snooze needs sorting.
    # (A day on either side too: a morning next to a midnight clock change can fall in it.)
    buckets: list[list[Reminder]] = [[] for _ in range(last - first + 3)]
    adds = {first - 1 + n: b.append for n, b in enumerate(buckets)}
    slots = _slots(days, first, last, adds, max_overdue)
    memo: dict[tuple[int, tuple[int, ...]], tuple[list[Slot], list[Slot]]] = {}
    snoozed: set[int] = set()
    # deadlines per recurrence, as (date, ordinal); by id first (items keep the objects alive)
    occ_by_id: dict[int, list[tuple[date, int]]] = {}
    occ_cache: dict[Recurrence, list[tuple[date, int]]] = {}
    new = tuple.__new__  # builds a Reminder without its Python-level __new__ (hot loop)
    for item in items:
        when = item.when
        occs = occ_by_id.get(id(when))
        if occs is None:
            occs = occ_cache.get(when)
            if occs is None:
                found = when.between(date.fromordinal(lo), date.fromordinal(hi))
                occs = occ_cache[when] = [(d, d.toordinal()) for d in found]
            occ_by_id[id(when)] = occs
        if not occs:
            continue
        key = item.key
        leads = leads_of[item.lead_days]
        for d, o in occs:
            state = index.get((key, d)) if index else None
            if state is not None and state.status != "open":
                continue
            pair = memo.get((o, leads))
            if pair is None:
                pair = memo[(o, leads)] = slots(o, leads)
            lead_slots, overdue_slots = pair
            if state is None or state.snoozed_until is None:
                for n, add, at in lead_slots:
                    add(new(Reminder, (key, d, n, at, "reminder", 0, False)))
                for n, add, at in overdue_slots:
                    add(new(Reminder, (key, d, 0, at, "overdue", n, False)))
                continue
            # a snooze drops everything up to its instant and puts one reminder at it
            snooze = state.snoozed_until
            for n, add, at in lead_slots:
                if at > snooze:
                    add(Reminder(key, d, n, at, "reminder", 0, False))
            for n, add, at in overdue_slots:
                if at > snooze:
                    add(Reminder(key, d, 0, at, "overdue", n, False))
            if start <= snooze < end:
                s_local = snooze.astimezone(zone)
                kind: ReminderKind = "overdue" if s_local.date() > d else "reminder"
                s_day = s_local.date().toordinal() - first + 1
                buckets[s_day].append(Reminder(key, d, 0, s_local, kind, 0, True))
                snoozed.add(s_day)
    for s_day in snoozed:
        buckets[s_day].sort(key=lambda r: r.at)  # stable: key order kept for equal instants
    return buckets


def _slots(
    days: DayShifts,
    first: int,
    last: int,
    adds: dict[int, Callable[[Reminder], None]],
    max_overdue: int,
) -> Callable[[int, tuple[int, ...]], tuple[list[Slot], list[Slot]]]:
    """``slots(deadline, leads)``: the lead-time reminders and overdue notices of an open
    occurrence that fall in the window, as (lead or number, bucket append, instant). They depend
    on the deadline day and the sorted lead times only, so the caller asks once per pair; the
    notices depend on the first working day after the deadline only and are kept per such day.
    """
    overdue_memo: dict[int, list[Slot]] = {}  # first working day after a deadline -> notices
    back, at_of = days.back, days.at

    def lead_slots(o: int, leads: tuple[int, ...]) -> list[Slot]:
        # ascending lead -> non-increasing day, so two leads on one day are adjacent
        out: list[Slot] = []
        prev = -1
        for n in leads:
            day = back(o - n)
            if day == prev:
                continue
            prev = day
            at = at_of(day)
            if at is not None:
                out.append((n, adds[day], at))
        return out

    def overdue_slots(f1: int) -> list[Slot]:
        # notice k + 1 on the working day on or before f1 + 7k; a day already used is skipped
        out: list[Slot] = []
        k = max(0, (first - f1) // 7 - 1)  # notices well before the window are never due in it
        prev = back(f1 + 7 * (k - 1)) if k > 0 else -1
        while k < max_overdue:
            day = back(f1 + 7 * k)
            if day > last:
                break
            if day != prev:
                at = at_of(day)
                if at is not None:
                    out.append((k + 1, adds[day], at))
            prev = day
            k += 1
        return out

    def slots(o: int, leads: tuple[int, ...]) -> tuple[list[Slot], list[Slot]]:
        f1 = days.next(o) if max_overdue > 0 and o <= last else last + 1
        if f1 > last:
            return lead_slots(o, leads), []
        overdue = overdue_memo.get(f1)
        if overdue is None:
            overdue = overdue_memo[f1] = overdue_slots(f1)
        return lead_slots(o, leads), overdue

    return slots


def deadlines_within(
    items: Iterable[PlanItem],
    states: Iterable[OccurrenceState],
    today: date,
    days: int,
    *,
    overdue_since: date | None = None,
) -> list[tuple[PlanItem, date, OccurrenceState]]:
    """Deadlines in the ``days`` days starting today (``[today, today + days)``) for digests.

    Each entry carries the occurrence's state (an open state when none is stored), so a digest
    can show done/skipped ones differently. With ``overdue_since`` it also lists occurrences still
    open whose deadline lies in ``[overdue_since, today)``. Sorted by date, then item key.
    """
    index = index_states(states)
    end = today + timedelta(days=days - 1)
    out: list[tuple[PlanItem, date, OccurrenceState]] = []
    for item in items:
        for d in item.when.between(today, end):
            out.append((item, d, index.get((item.key, d)) or OccurrenceState(item.key, d)))
        if overdue_since is not None and overdue_since < today:
            for d in item.when.between(overdue_since, today - timedelta(days=1)):
                state = index.get((item.key, d)) or OccurrenceState(item.key, d)
                if state.status == "open":
                    out.append((item, d, state))
    out.sort(key=lambda e: (e[1], e[0].key))
    return out


def snooze_until(cal: WorkCalendar, morning: time, now: datetime, delta: timedelta) -> datetime:
    """When a snooze of ``delta`` from ``now`` should end.

    Less than a day: simply ``now + delta``. A day or more: the team's morning time on the day
    ``delta.days`` later, moved forward to a working day ("1 day" on a Friday -> Monday morning).
    """
    _aware(now)
    if delta < timedelta(days=1):
        return now + delta
    local = now.astimezone(cal.zone)
    day = cal.on_or_after(local.date() + timedelta(days=delta.days))
    return datetime.combine(day, morning.replace(tzinfo=None), tzinfo=cal.zone)


@dataclass(frozen=True)
class DeadlineLine:
    """One coming deadline, as plain data for digests and App Home."""

    item_key: str
    title: str
    due: date
    owners: tuple[str, ...]  # display names
    status: str  # open | done | skipped
    category: str | None = None
