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

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from bot.duty.model import (
    NO_DEVIATIONS,
    ONE_DAY,
    Deviations,
    Duty,
    Handoff,
    PersonShift,
    Rotation,
    Shift,
    ShiftAt,
    Swap,
    Window,
)
from bot.duty.staffing import effective, on_call_person
from bot.duty.timeline import timeline_of


def duty_at(rotation: Rotation, t: datetime, deviations: Deviations = NO_DEVIATIONS) -> Duty:
    """Who is on duty at aware instant ``t``. Absences and swaps apply by local date of t.

    Without absences/swaps the answer is a cached, shared :class:`Duty` (fast path)."""
    base: Duty = timeline_of(rotation).duty(t)
    if not deviations:
        return base
    d = t.astimezone(rotation.zone).date()
    team, lead, members, absent, repl = effective(rotation, base.scheduled_team, d, deviations)
    person = None
    if base.mode == "on_call":
        person = on_call_person(rotation, base.shift_index, lead, members, absent, repl)
    if team is base.team and lead == base.lead and members == base.members:
        if person == base.on_call_person:
            return base  # nothing applies at t
    b = base
    return Duty(team, b.scheduled_team, lead, members, b.mode, person, b.shift_index,
                b.shift_start, b.shift_end, b.mode_until, b.next_opening)  # fmt: skip


def shift_at(rotation: Rotation, t: datetime) -> ShiftAt:
    """(index, scheduled team, start, end) of the shift containing ``t``."""
    plan = timeline_of(rotation)
    k = plan.index_at(t)
    return ShiftAt(
        k, rotation.teams[k % len(rotation.teams)], plan.boundary(k)[0], plan.boundary(k + 1)[0]
    )


def is_member_on_duty(
    rotation: Rotation,
    person: str,
    t: datetime,
    deviations: Deviations = NO_DEVIATIONS,
    hours_only: bool = True,
) -> bool:
    """May ``person`` be paged at ``t``? True if they are an available member during opening
    hours or the on-call person during on-call hours. ``hours_only=False``: on duty in the
    shift at all (available member or on-call person), whatever the mode."""
    duty = duty_at(rotation, t, deviations)
    if not hours_only:
        return person in duty.members or person == duty.on_call_person
    if duty.mode == "open":
        return person in duty.members
    return duty.mode == "on_call" and person == duty.on_call_person


def handoffs_between(
    rotation: Rotation, a: datetime, b: datetime, swaps: Sequence[Swap] = ()
) -> list[Handoff]:
    """Handoffs with ``a <= at < b`` (team swaps applied on the local dates either side)."""
    team_swaps = Deviations(swaps=tuple(swaps))
    plan = timeline_of(rotation)
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
            outgoing = effective(rotation, outgoing, d_out, team_swaps)[0]
            incoming = effective(rotation, incoming, at.date(), team_swaps)[0]
        out.append(Handoff(k, at, outgoing, incoming))
        k += 1
    return out


def upcoming_shifts(rotation: Rotation, t: datetime, weeks: int = 8) -> list[Shift]:
    """The shift containing ``t`` and every shift starting within ``weeks`` weeks of local t.
    Each local date belongs to the shift that starts on or before it (holidays are listed so)."""
    plan = timeline_of(rotation)
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
    deviations: Deviations = NO_DEVIATIONS,
) -> list[PersonShift]:
    """The next ``count`` shifts (from the one containing t) in which ``person`` serves as an
    available member on at least one local date, one entry per team they serve with."""
    known = any(person in team.members for team in rotation.teams)
    if count <= 0 or not (known or any(s.to_person == person for s in deviations.swaps)):
        return []
    plan = timeline_of(rotation)
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
            team, _, members, _, _ = effective(rotation, scheduled, d, deviations)
            if person in members:
                by_team.setdefault(team.id, []).append(d)
            d += ONE_DAY
        for team_id, days in by_team.items():
            out.append(PersonShift(k, rotation.team(team_id), start, end, tuple(days)))
        k += 1
    return out[:count]


def mode_windows(rotation: Rotation, a: datetime, b: datetime) -> list[Window]:
    """The open / on-call / closed stretches in [a, b), split at handoffs."""
    plan = timeline_of(rotation)
    return [Window(plan.dt(s), plan.dt(e), mode, k) for s, e, mode, k in plan.raw_windows(a, b)]
