"""Who may do what: the one place that decides. Pure (the config and ids in, a verdict out).

Roles come from ``people[].role`` and team leadership (``teams[].lead``):

=====================  ==============================================================
role                   may
=====================  ==============================================================
not in vaktbot.yml     ``help``, and be told they are not set up; nothing else
member                 read duty, plan and their own hours; act on comments of their
                       team's accounts (claim; answer, dismiss or hide what is unclaimed
                       or claimed by themselves); their own absences, swaps and plan items
lead                   all a member may, for their whole team: absences of and swaps
                       for members, another member's claimed comment, the team's hours,
                       linking the team's channel in Teams, the team's saved answers
manager                read duty, plan, digests and reports; every team's hours
admin                  everything, for every team (and the management channel)
=====================  ==============================================================

An account without ``team`` belongs to every team. Handlers ask :func:`decide` and show its
``reason`` (a text key) when the answer is no; transports never check roles.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from bot.config import Config


class Act(StrEnum):
    READ = "read"  # who, rota, me, plan, queue of the own team
    READ_HOURS = "read_hours"  # duty hours of a person (``subject``)
    READ_REPORTS = "read_reports"  # digest preview, quarterly and half-year reports
    ACT_ON_COMMENT = "act_on_comment"  # claim / answer / dismiss / hide (``team``, ``owner``)
    ABSENCE = "absence"  # register an absence for ``subject``
    SWAP = "swap"  # ask for a swap for ``subject``, or force one (``force``)
    DECIDE_SWAP = "decide_swap"  # accept / decline a swap addressed to ``subject``
    PLAN_ITEM = "plan_item"  # done / skip / snooze / add for ``team`` (None: team-less)
    LINK_CHANNEL = "link_channel"  # bind a Teams channel to ``team`` ("management" too)
    EDIT_ANSWERS = "edit_answers"  # add or remove the saved answers of ``team``


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""  # a text key when not allowed

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Verdict(True)


def _no(reason: str) -> Verdict:
    return Verdict(False, reason)


def teams_of(config: Config, person: str | None) -> set[str]:
    return {t.id for t in config.teams_of(person)} if person else set()


def led_teams(config: Config, person: str | None) -> set[str]:
    """Teams the person leads (``teams[].lead``, or role lead in a team of theirs)."""
    if person is None:
        return set()
    p = config.person(person)
    led = {t.id for t in config.teams if t.lead == person}
    if p is not None and p.role == "lead":
        led |= teams_of(config, person)
    return led


def role(config: Config, person: str | None) -> str | None:
    p = config.person(person) if person else None
    return p.role if p is not None else None


def is_admin(config: Config, person: str | None) -> bool:
    return role(config, person) == "admin"


def decide(
    config: Config,
    person: str | None,
    act: Act,
    *,
    team: str | Collection[str] | None = None,
    subject: str | None = None,
    owner: str | None = None,
    force: bool = False,
) -> Verdict:
    """May ``person`` do ``act``? ``team``: the team (or teams) the thing belongs to (None: every
    team's);
    ``subject``: the person it is about; ``owner``: who holds it now (a comment's claim)."""
    if person is None or config.person(person) is None:
        return _no("common.not_registered")
    if is_admin(config, person):
        return ALLOW
    mine = teams_of(config, person)
    led = led_teams(config, person)
    manager = role(config, person) == "manager"
    subject_teams = teams_of(config, subject) if subject else set()

    if act is Act.READ:
        return ALLOW
    if act is Act.READ_REPORTS:
        return ALLOW if manager or led else _no("policy.reports_only")
    if act is Act.READ_HOURS:
        if manager or subject == person or (subject_teams & led) or (subject is None and led):
            return ALLOW
        return _no("policy.hours_own")
    if manager:
        return _no("policy.manager_reads")
    if act is Act.ACT_ON_COMMENT:
        teams = {team} if isinstance(team, str) else (set(team) if team is not None else None)
        if teams is not None and not teams & mine:
            return _no("policy.other_team")
        if not mine:
            return _no("moderation.refuse.not_in_team")
        if owner is not None and owner != person and not (led and (teams is None or teams & led)):
            return _no("policy.claimed_by_other")
        return ALLOW
    if act in (Act.ABSENCE, Act.SWAP):
        if subject == person and not force:
            return ALLOW
        if subject_teams & led:
            return ALLOW
        return _no("policy.lead_of_team")
    if act is Act.DECIDE_SWAP:
        if subject == person or subject_teams & led:
            return ALLOW
        return _no("duty.error.not_asked")
    if act is Act.PLAN_ITEM:
        if team is None or (isinstance(team, str) and (team in mine or team in led)):
            return ALLOW
        return _no("policy.other_team")
    if act is Act.EDIT_ANSWERS:
        if isinstance(team, str) and team in led:
            return ALLOW
        return _no("moderation.answers.lead_only")
    if act is Act.LINK_CHANNEL:
        if isinstance(team, str) and team in led:
            return ALLOW
        return _no("teams.link.not_allowed")
    return _no("common.not_allowed")
