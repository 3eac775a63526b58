"""On-duty rotation of whole teams in N-week shifts, with opening hours, holidays and on-call.

Pure domain: no I/O and no clock reads; every query takes an aware instant ``t``.

Model. A :class:`Rotation` alternates its ``teams`` in order, each for ``shift_weeks`` weeks.
Shift ``k`` starts at local wall time ``handoff_time`` on ``start + 7 * shift_weeks * k`` days
(``k`` may be negative, so exactly one team is on duty at every instant, also before ``start``).
Shift arithmetic is done on local dates, so a Monday 08:00 handoff stays at 08:00 in DST weeks.

Mode at ``t``: ``"open"`` inside opening hours on a working day (weekends, public holidays and
closure days from the :class:`WorkCalendar` have no opening hours; an :class:`ExtendedHours`
period replaces the weekly hours on its dates); else ``"on_call"`` inside the on-call hours
(holidays and closure days use the on-call hours of ``OnCall.holiday_weekday``, default Sunday);
else ``"closed"``. Opening hours win where they overlap on-call hours.

Speed: per rotation a timeline of (mode, shift) segments is precomputed per local year, lazily,
and cached on the rotation; ``duty_at`` without absences/swaps is a bisect plus a cached object.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.workdays import DEFAULT_OPENING, WeeklyHours, WorkCalendar

Mode = Literal["open", "on_call", "closed"]
ONE_DAY = timedelta(days=1)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _check_hours(hours: WeeklyHours, where: str) -> dict[int, tuple[tuple[time, time], ...]]:
    out: dict[int, tuple[tuple[time, time], ...]] = {}
    for day, spans in hours.items():
        if not isinstance(day, int) or not 0 <= day <= 6:
            raise ValueError(f"{where}: weekday must be 0 (Monday) .. 6 (Sunday), got {day!r}")
        for span in spans:
            if len(span) != 2 or not all(isinstance(x, time) and x.tzinfo is None for x in span):
                raise ValueError(f"{where}: {_WEEKDAYS[day]} needs (start, end) local times")
        out[day] = tuple((a, b) for a, b in spans)
    return out


@dataclass(frozen=True)
class DutyTeam:
    """A team that is on duty as a whole; ``lead`` must be one of ``members`` (person ids)."""

    id: str
    name: str
    lead: str
    members: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", tuple(self.members))
        if not self.id:
            raise ValueError("team id must not be empty")
        if not self.members:
            raise ValueError(f"team {self.id!r} has no members")
        if len(set(self.members)) != len(self.members):
            raise ValueError(f"team {self.id!r} lists a member twice")
        if self.lead not in self.members:
            raise ValueError(f"team {self.id!r}: lead {self.lead!r} is not a member of the team")


@dataclass(frozen=True)
class ExtendedHours:
    """Peak period (inclusive local dates) whose ``hours`` replace the weekly opening hours."""

    start: date
    end: date
    hours: WeeklyHours

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"extended hours end {self.end} is before start {self.start}")
        object.__setattr__(self, "hours", _check_hours(self.hours, "extended hours"))


@dataclass(frozen=True)
class OnCall:
    """On-call layer outside opening hours.

    ``rule="lead"``: the lead of the team on duty (the first available member if the lead is
    absent). ``rule="roster"``: ``roster[k % len(roster)]`` for shift ``k`` (the next roster
    person who is not absent). ``holiday_weekday``: whose hours apply on holidays and closure
    days (``None``: no on-call on those days).
    """

    hours: WeeklyHours
    rule: Literal["lead", "roster"] = "lead"
    roster: tuple[str, ...] = ()
    holiday_weekday: int | None = 6

    def __post_init__(self) -> None:
        object.__setattr__(self, "hours", _check_hours(self.hours, "on-call hours"))
        object.__setattr__(self, "roster", tuple(self.roster))
        if self.rule not in ("lead", "roster"):
            raise ValueError(f"on-call rule must be 'lead' or 'roster', got {self.rule!r}")
        if self.rule == "roster" and not self.roster:
            raise ValueError("on-call rule 'roster' needs a non-empty roster")
        if self.holiday_weekday is not None and not 0 <= self.holiday_weekday <= 6:
            raise ValueError("on-call holiday_weekday must be 0..6 or None")


@dataclass(frozen=True)
class Rotation:
    """Teams alternating in shifts. Raises ValueError with a clear message when invalid."""

    id: str
    teams: tuple[DutyTeam, ...]
    start: date
    shift_weeks: int = 2
    handoff_weekday: int = 0
    handoff_time: time = time(8)
    tz: str = "Europe/Oslo"
    opening: WeeklyHours = field(default_factory=lambda: dict(DEFAULT_OPENING))
    extended: tuple[ExtendedHours, ...] = ()
    on_call: OnCall | None = None
    calendar: WorkCalendar | None = None  # None: WorkCalendar("NO", tz=tz)
    _plan: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "teams", tuple(self.teams))
        setattr_(self, "extended", tuple(sorted(self.extended, key=lambda e: e.start)))
        if self.calendar is None:
            setattr_(self, "calendar", WorkCalendar(tz=self.tz))
        self.validate()
        setattr_(self, "opening", _check_hours(self.opening, "opening hours"))

    def validate(self) -> None:
        where = f"rotation {self.id!r}"
        if not self.teams:
            raise ValueError(f"{where} has no teams")
        ids = [team.id for team in self.teams]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"{where}: duplicate team ids {', '.join(dupes)}")
        if not isinstance(self.shift_weeks, int) or self.shift_weeks < 1:
            raise ValueError(f"{where}: shift_weeks must be a whole number >= 1")
        if not 0 <= self.handoff_weekday <= 6:
            raise ValueError(f"{where}: handoff_weekday must be 0 (Monday) .. 6 (Sunday)")
        if self.start.weekday() != self.handoff_weekday:
            raise ValueError(
                f"{where}: start {self.start} is a {_WEEKDAYS[self.start.weekday()]}, "
                f"but handoffs are on {_WEEKDAYS[self.handoff_weekday]}"
            )
        if self.handoff_time.tzinfo is not None:
            raise ValueError(f"{where}: handoff_time must be a local wall time without tzinfo")
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"{where}: unknown time zone {self.tz!r}") from exc
        assert self.calendar is not None
        if self.calendar.tz != self.tz:
            raise ValueError(f"{where}: calendar zone {self.calendar.tz} differs from {self.tz}")
        for a, b in zip(self.extended, self.extended[1:], strict=False):
            if b.start <= a.end:
                raise ValueError(f"{where}: extended periods overlap ({a.start}, {b.start})")
        if any(_check_hours(self.opening, f"{where} opening hours").get(d) for d in (5, 6)):
            raise ValueError(
                f"{where}: weekends are outside opening hours; use on_call or extended hours"
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def cal(self) -> WorkCalendar:
        assert self.calendar is not None
        return self.calendar

    def team(self, team_id: str) -> DutyTeam:
        for team in self.teams:
            if team.id == team_id:
                return team
        raise ValueError(f"rotation {self.id!r} has no team {team_id!r}")

    @property
    def period_weeks(self) -> int:
        """Weeks until the same team is on duty again (teams x shift length)."""
        return len(self.teams) * self.shift_weeks


@dataclass(frozen=True)
class Absence:
    """``person`` is away on the local dates ``start`` .. ``end`` (inclusive)."""

    person: str
    start: date
    end: date
    reason: Literal["sick", "vacation", "other"] = "other"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"absence end {self.end} is before start {self.start}")
        if self.reason not in ("sick", "vacation", "other"):
            raise ValueError(f"absence reason must be sick, vacation or other: {self.reason!r}")


@dataclass(frozen=True)
class Swap:
    """An accepted swap on local dates ``start`` .. ``end`` (inclusive). Either a member swap
    (``to_person`` takes ``from_person``'s duty: membership, lead role and on-call) or a team
    swap (``covering_team`` is on duty instead of ``covered_team`` when that one is scheduled).
    Build with :meth:`member` or :meth:`team`."""

    start: date
    end: date
    from_person: str | None = None
    to_person: str | None = None
    covered_team: str | None = None
    covering_team: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"swap end {self.end} is before start {self.start}")
        people = self.from_person is not None and self.to_person is not None
        teams = self.covered_team is not None and self.covering_team is not None
        if people == teams:
            raise ValueError("a swap is either between two persons or between two teams")
        if (people and self.from_person == self.to_person) or (
            teams and self.covered_team == self.covering_team
        ):
            raise ValueError("cannot swap with oneself")

    @classmethod
    def member(cls, from_person: str, to_person: str, start: date, end: date) -> Swap:
        return cls(start, end, from_person=from_person, to_person=to_person)

    @classmethod
    def team(cls, covering_team: str, covered_team: str, start: date, end: date) -> Swap:
        return cls(start, end, covered_team=covered_team, covering_team=covering_team)

    @property
    def kind(self) -> Literal["member", "team"]:
        return "member" if self.from_person is not None else "team"


@dataclass(frozen=True, slots=True)
class Duty:
    """Who is on duty at an instant. ``team`` is after team swaps (``scheduled_team`` before);
    ``lead`` is after member swaps (check ``lead in members`` for availability); ``members`` are
    the available members. ``mode_until``: when the current mode ends; ``next_opening``: the
    start of the first opening interval at or after t. Both ``None`` if none within 5 years."""

    team: DutyTeam
    scheduled_team: DutyTeam
    lead: str
    members: tuple[str, ...]
    mode: Mode
    on_call_person: str | None
    shift_index: int
    shift_start: datetime
    shift_end: datetime
    mode_until: datetime | None
    next_opening: datetime | None


class ShiftAt(NamedTuple):
    index: int  # type: ignore[assignment]  # shadows tuple.index on purpose: (index, team, ..)
    team: DutyTeam
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Shift:
    """A scheduled shift; ``holidays`` are holidays/closure days on its local dates."""

    index: int
    team: DutyTeam
    start: datetime
    end: datetime
    holidays: dict[date, str]


@dataclass(frozen=True)
class PersonShift:
    """Shift ``index`` in which a person serves with ``team`` on the local ``days``."""

    index: int
    team: DutyTeam
    start: datetime
    end: datetime
    days: tuple[date, ...]


@dataclass(frozen=True)
class Handoff:
    index: int  # the incoming shift
    at: datetime
    outgoing: DutyTeam
    incoming: DutyTeam


@dataclass(frozen=True)
class Window:
    """A stretch of one mode within one shift (see :func:`mode_windows`)."""

    start: datetime
    end: datetime
    mode: Mode
    shift_index: int


def _plan(rotation: Rotation) -> Any:
    plan = rotation._plan
    if plan is None:
        from bot.duty_calendar import Timeline  # the precomputed timeline lives there

        plan = Timeline(rotation)
        object.__setattr__(rotation, "_plan", plan)
    return plan


def _effective(
    rotation: Rotation,
    scheduled: DutyTeam,
    d: date,
    absences: Iterable[Absence],
    swaps: Iterable[Swap],
) -> tuple[DutyTeam, str, tuple[str, ...], set[str], dict[str, str]]:
    """(team, lead, available members, absent persons, member replacements) on local date d."""
    team = scheduled
    repl: dict[str, str] = {}
    for s in swaps:
        if s.start <= d <= s.end:
            if s.from_person is not None and s.to_person is not None:
                repl[s.from_person] = s.to_person
            elif s.covered_team == scheduled.id and team is scheduled:
                team = rotation.team(s.covering_team or "")
    absent = {a.person for a in absences if a.start <= d <= a.end}
    members: list[str] = []
    for m in team.members:
        p = repl.get(m, m)
        if p not in absent and p not in members:
            members.append(p)
    return team, repl.get(team.lead, team.lead), tuple(members), absent, repl


def _on_call_person(
    rotation: Rotation,
    k: int,
    lead: str,
    members: Sequence[str],
    absent: set[str] | frozenset[str] = frozenset(),
    repl: Mapping[str, str] | None = None,
) -> str | None:
    oc = rotation.on_call
    if oc is None:
        return None
    if oc.rule == "lead":
        return lead if lead not in absent else (members[0] if members else None)
    n = len(oc.roster)
    for j in range(n):
        p = oc.roster[(k + j) % n]
        p = repl.get(p, p) if repl else p
        if p not in absent:
            return p
    return None


def duty_at(
    rotation: Rotation, t: datetime, absences: Sequence[Absence] = (), swaps: Sequence[Swap] = ()
) -> Duty:
    """Who is on duty at aware instant ``t``. Absences and swaps apply by local date of t.

    Without absences/swaps the answer is a cached, shared :class:`Duty` (fast path)."""
    base: Duty = _plan(rotation).duty(t)
    if not absences and not swaps:
        return base
    d = t.astimezone(rotation.zone).date()
    team, lead, members, absent, repl = _effective(
        rotation, base.scheduled_team, d, absences, swaps
    )
    person = None
    if base.mode == "on_call":
        person = _on_call_person(rotation, base.shift_index, lead, members, absent, repl)
    if team is base.team and lead == base.lead and members == base.members:
        if person == base.on_call_person:
            return base  # nothing applies at t
    b = base
    return Duty(team, b.scheduled_team, lead, members, b.mode, person, b.shift_index,
                b.shift_start, b.shift_end, b.mode_until, b.next_opening)  # fmt: skip


def shift_at(rotation: Rotation, t: datetime) -> ShiftAt:
    """(index, scheduled team, start, end) of the shift containing ``t``."""
    plan = _plan(rotation)
    k = plan.index_at(t)
    return ShiftAt(
        k, rotation.teams[k % len(rotation.teams)], plan.boundary(k)[0], plan.boundary(k + 1)[0]
    )


def is_member_on_duty(
    rotation: Rotation,
    person: str,
    t: datetime,
    absences: Sequence[Absence] = (),
    swaps: Sequence[Swap] = (),
    hours_only: bool = True,
) -> bool:
    """May ``person`` be paged at ``t``? True if they are an available member during opening
    hours or the on-call person during on-call hours. ``hours_only=False``: on duty in the
    shift at all (available member or on-call person), whatever the mode."""
    duty = duty_at(rotation, t, absences, swaps)
    if not hours_only:
        return person in duty.members or person == duty.on_call_person
    if duty.mode == "open":
        return person in duty.members
    return duty.mode == "on_call" and person == duty.on_call_person


def handoffs_between(
    rotation: Rotation, a: datetime, b: datetime, swaps: Sequence[Swap] = ()
) -> list[Handoff]:
    """Handoffs with ``a <= at < b`` (team swaps applied on the local dates either side)."""
    plan = _plan(rotation)
    teams, n = rotation.teams, len(rotation.teams)
    k = plan.index_at(a)
    if plan.boundary(k)[1] < a.timestamp():
        k += 1
    out: list[Handoff] = []
    end = b.timestamp()
    while (bound := plan.boundary(k))[1] < end:
        at = bound[0]
        outgoing, incoming = teams[(k - 1) % n], teams[k % n]
        if swaps:
            d_out = at.date() if at.time() > time(0) else at.date() - ONE_DAY
            outgoing = _effective(rotation, outgoing, d_out, (), swaps)[0]
            incoming = _effective(rotation, incoming, at.date(), (), swaps)[0]
        out.append(Handoff(k, at, outgoing, incoming))
        k += 1
    return out


def upcoming_shifts(rotation: Rotation, t: datetime, weeks: int = 8) -> list[Shift]:
    """The shift containing ``t`` and every shift starting within ``weeks`` weeks of local t.
    Each local date belongs to the shift that starts on or before it (holidays are listed so)."""
    plan = _plan(rotation)
    lt = t.astimezone(rotation.zone)
    horizon = datetime.combine(lt.date() + timedelta(weeks=weeks), lt.time(), tzinfo=lt.tzinfo)
    k, out = plan.index_at(t), list[Shift]()
    while not out or plan.boundary(k)[1] < horizon.timestamp():
        start, end = plan.boundary(k)[0], plan.boundary(k + 1)[0]
        hol = rotation.cal.holidays_between(start.date(), end.date() - ONE_DAY)
        out.append(Shift(k, rotation.teams[k % len(rotation.teams)], start, end, hol))
        k += 1
    return out


def next_shifts_for(
    rotation: Rotation,
    person: str,
    t: datetime,
    count: int = 3,
    absences: Sequence[Absence] = (),
    swaps: Sequence[Swap] = (),
) -> list[PersonShift]:
    """The next ``count`` shifts (from the one containing t) in which ``person`` serves as an
    available member on at least one local date, one entry per team they serve with."""
    known = any(person in team.members for team in rotation.teams)
    if count <= 0 or not (known or any(s.to_person == person for s in swaps)):
        return []
    plan = _plan(rotation)
    today = t.astimezone(rotation.zone).date()
    k = plan.index_at(t)
    limit = k + max(2 * len(rotation.teams), 5 * 52 // rotation.shift_weeks)
    out: list[PersonShift] = []
    while k < limit and len(out) < count:
        start, end = plan.boundary(k)[0], plan.boundary(k + 1)[0]
        scheduled = rotation.teams[k % len(rotation.teams)]
        by_team: dict[str, list[date]] = {}
        d = max(start.date(), today)
        while d < end.date():
            team, _, members, _, _ = _effective(rotation, scheduled, d, absences, swaps)
            if person in members:
                by_team.setdefault(team.id, []).append(d)
            d += ONE_DAY
        for team_id, days in by_team.items():
            out.append(PersonShift(k, rotation.team(team_id), start, end, tuple(days)))
        k += 1
    return out[:count]


def mode_windows(rotation: Rotation, a: datetime, b: datetime) -> list[Window]:
    """The open / on-call / closed stretches in [a, b), split at handoffs."""
    plan = _plan(rotation)
    return [Window(plan.dt(s), plan.dt(e), mode, k) for s, e, mode, k in plan.raw_windows(a, b)]
