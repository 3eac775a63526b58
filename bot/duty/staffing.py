"""Who actually staffs a shift on a date: the scheduled team after swaps and absences, and who
is on call. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.duty.model import Deviations, DutyTeam, Rotation


def effective(
    rotation: Rotation,
    scheduled: DutyTeam,
    d: date,
    deviations: Deviations,
) -> tuple[DutyTeam, str, tuple[str, ...], set[str], dict[str, str]]:
    """(team, lead, available members, absent persons, member replacements) on local date d."""
    team = scheduled
    repl: dict[str, str] = {}
    for s in deviations.swaps:
        if s.start <= d <= s.end:
            if s.from_person is not None and s.to_person is not None:
                repl[s.from_person] = s.to_person
            elif s.covered_team == scheduled.id and team is scheduled:
                team = rotation.team(s.covering_team or "")
    absent = {a.person for a in deviations.absences if a.start <= d <= a.end}
    members: list[str] = []
    for m in team.members:
        p = repl.get(m, m)
        if p not in absent and p not in members:
            members.append(p)
    return team, repl.get(team.lead, team.lead), tuple(members), absent, repl


def on_call_person(
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
