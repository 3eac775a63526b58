"""The on-duty handle: what the Slack user groups and the team channels' topics should say at an
instant (pure: the runtime compares it with what was last set and changes only what differs,
so the platform is touched exactly when the people change - at a handoff, an absence, a swap).

* ``handle.slack_usergroup`` (vaktbot.yml): the people on duty now (``@vakt``);
* ``teams[].slack_usergroup``: that team's people - those available while the team is on duty,
  else all its members (``@vakt-team1`` always reaches the team);
* ``handle.topic``: each team channel's topic names the team on duty and its lead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.config import Config
from bot.duty.model import Duty


@dataclass(frozen=True)
class Wanted:
    key: str  # what is kept: "usergroup:now", "usergroup:team-1", "topic:team-1"
    kind: str  # usergroup | topic
    target: str  # the Slack user group (S…) or channel (C…) id
    value: str  # comma-separated Slack user ids (sorted), or the topic text


def wanted(config: Config, duty: Duty, topic: Callable[[str, str], str]) -> list[Wanted]:
    """What the handles should be while ``duty`` holds; ``topic(team name, lead name)`` words
    the channel topic."""
    slack = {p.id: p.slack_id for p in config.people if p.slack_id}

    def ids(people: tuple[str, ...] | list[str]) -> str:
        return ",".join(sorted({slack[p] for p in people if p in slack}))

    out: list[Wanted] = []
    if config.handle.slack_usergroup:
        out.append(
            Wanted("usergroup:now", "usergroup", config.handle.slack_usergroup, ids(duty.members))
        )
    for team in config.teams:
        if team.slack_usergroup:
            people = duty.members if duty.team.id == team.id else team.members
            out.append(
                Wanted(f"usergroup:{team.id}", "usergroup", team.slack_usergroup, ids(people))
            )
    if config.handle.topic:
        lead = config.person(duty.lead)
        text = topic(duty.team.name, lead.name if lead else duty.lead)
        for team in config.teams:
            if team.channel.slack:
                out.append(Wanted(f"topic:{team.id}", "topic", team.channel.slack, text))
    return out
