"""iCalendar feed of a rotation: one VEVENT per shift (``icalendar`` package).

Pure: builds bytes from the rotation; no clock reads (DTSTAMP is ``stamp`` or the range start).
UIDs are stable (``<rotation id>-shift-<index>@vaktbot``) so subscribed calendars update in place.
Absence reasons are never exported (the feed is shared by link); only who is away.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

import icalendar

from bot.duty.model import NO_DEVIATIONS, ONE_DAY, Deviations, Rotation
from bot.duty.timeline import timeline_of
from bot.i18n import fmt_date, normalise_locale, t


def _t(locale: str, key: str, **kw: object) -> str:
    return t(normalise_locale(locale), key, **kw)


def _dates(locale: str, a: date, b: date) -> str:
    if a == b:
        return fmt_date(locale, a, "short")
    return f"{fmt_date(locale, a, 'short')}–{fmt_date(locale, b, 'short')}"


def rotation_ics(
    rotation: Rotation,
    start: datetime,
    end: datetime,
    deviations: Deviations = NO_DEVIATIONS,
    *,
    locale: str = "nb",
    names: Mapping[str, str] | None = None,
    stamp: datetime | None = None,
    only_team: str | None = None,
) -> bytes:
    """VCALENDAR with one VEVENT per shift overlapping [start, end).

    SUMMARY names the team (the covering team when a team swap covers the whole shift),
    DESCRIPTION the lead, members, holidays, absences and swaps touching the shift. DTSTART and
    DTEND carry the rotation's TZID (a VTIMEZONE is included). ``names`` maps person ids to
    display names. ``X-VAKTBOT-TEAM`` / ``X-VAKTBOT-SHIFT`` carry the team id and shift index.
    ``only_team``: a team's own feed - its shifts only, so it names nobody of the other teams."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("rotation_ics needs aware datetimes")
    loc = normalise_locale(locale)
    name = (names or {}).get
    plan = timeline_of(rotation)
    teams, n = rotation.teams, len(rotation.teams)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//vaktbot//duty rotation//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _t(loc, "duty_ics.calname", rotation=rotation.id))
    cal.add("x-wr-timezone", rotation.tz)
    dtstamp = (stamp or start).astimezone(UTC)
    k = plan.index_at(start)
    first = last = start.astimezone(rotation.zone).date()
    while (bound := plan.boundary(k))[1] < end.timestamp():
        s, e = bound[0], plan.boundary(k + 1)[0]
        d0, d1 = s.date(), e.date() - ONE_DAY  # local dates belonging to this shift
        first, last = min(first, d0), max(last, e.date())
        team = teams[k % n]
        for sw in deviations.swaps:
            if sw.covered_team == team.id and sw.start <= d0 and d1 <= sw.end:
                team = rotation.team(sw.covering_team or "")
                break
        if only_team is not None and team.id != only_team:
            k += 1
            continue
        lines = [
            _t(loc, "duty_ics.lead", lead=name(team.lead, team.lead)),
            _t(loc, "duty_ics.members", names=", ".join(name(m, m) for m in team.members)),
        ]
        hol = rotation.cal.holidays_between(d0, d1)
        red = {d: h for d, h in hol.items() if h != "closure"}
        closed = [d for d, h in hol.items() if h == "closure"]
        if red:
            days = ", ".join(f"{fmt_date(loc, d, 'short')} {h}" for d, h in red.items())
            lines.append(_t(loc, "duty_ics.holidays", days=days))
        if closed:
            days = ", ".join(fmt_date(loc, d, "short") for d in closed)
            lines.append(_t(loc, "duty_ics.closures", days=days))
        involved = set(team.members)
        for sw in deviations.swaps:
            if sw.start <= d1 and d0 <= sw.end:
                if sw.kind == "member" and sw.from_person in involved:
                    frm, to = sw.from_person or "", sw.to_person or ""
                elif sw.kind == "team" and sw.covered_team == team.id:
                    frm = team.name
                    to = rotation.team(sw.covering_team or "").name
                else:
                    continue
                dates = _dates(loc, max(sw.start, d0), min(sw.end, d1))
                lines.append(
                    _t(loc, "duty_ics.swap", frm=name(frm, frm), to=name(to, to), dates=dates)
                )
                involved.add(to)
        for ab in deviations.absences:
            if ab.person in involved and ab.start <= d1 and d0 <= ab.end:
                dates = _dates(loc, max(ab.start, d0), min(ab.end, d1))
                lines.append(_t(loc, "duty_ics.away", name=name(ab.person, ab.person), dates=dates))
        ev = icalendar.Event()
        ev.add("uid", f"{rotation.id}-shift-{k}@vaktbot")
        ev.add("dtstamp", dtstamp)
        ev.add("dtstart", s)
        ev.add("dtend", e)
        ev.add("summary", _t(loc, "duty_ics.summary", team=team.name))
        ev.add("description", "\n".join(lines))
        ev.add("transp", "TRANSPARENT")
        ev.add("x-vaktbot-team", team.id)
        ev.add("x-vaktbot-shift", str(k))
        cal.add_component(ev)
        k += 1
    cal.add_missing_timezones(first - timedelta(days=400), last + timedelta(days=400))
    return cal.to_ical()


def parse_rotation_ics(data: bytes | str) -> list[tuple[str, datetime, datetime]]:
    """(team id, aware start, aware end) of every vaktbot shift VEVENT, sorted by start."""
    cal = icalendar.Calendar.from_ical(data)
    out: list[tuple[str, datetime, datetime]] = []
    for ev in cal.walk("VEVENT"):
        team = ev.get("x-vaktbot-team")
        start, end = ev.decoded("dtstart"), ev.decoded("dtend")
        if team is None or not isinstance(start, datetime) or not isinstance(end, datetime):
            continue
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("shift event without a time zone")
        out.append((str(team), start, end))
    return sorted(out, key=lambda row: row[1])
