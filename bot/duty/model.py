"""Duty data model: the validated, frozen rotation configuration (teams, opening, extended and
on-call hours), the absences and swaps that deviate from it (:class:`Deviations`) and the result
types of the duty queries in :mod:`bot.duty.rotation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.workdays import DEFAULT_OPENING, WeeklyHours, WorkCalendar

ONE_DAY = timedelta(days=1)

Mode = Literal["open", "on_call", "closed"]
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


@dataclass(frozen=True)
class Deviations:
    """The deviations ("avvik") from the planned rotation: registered absences and accepted
    swaps. They travel together into every duty query (see :mod:`bot.duty.rotation`) and are
    loaded together by :func:`bot.duty.store.load_deviations`. Falsy when there are none."""

    absences: tuple[Absence, ...] = ()
    swaps: tuple[Swap, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.absences or self.swaps)


NO_DEVIATIONS = Deviations()


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


@dataclass(frozen=True)
class DutySummary:
    """Who is on duty now, as plain data for digests and App Home."""

    team_id: str
    team_name: str
    lead_id: str
    lead_name: str
    members: tuple[str, ...]  # display names of available members
    mode: str  # open | on_call | closed
    on_call_name: str | None
    shift_end: datetime | None
    next_opening: datetime | None
