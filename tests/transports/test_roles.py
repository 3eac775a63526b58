"""The table of who may do what (README "Roles"), walked through Slack and Teams.

Each row is a command as a person types it; the answer they get back through the platform says
whether it was done or refused (and why). Slack: signed slash commands through the real
/slack/events endpoint, answers at the fake Slack's response_url. Teams: activities through the
real /api/messages endpoint, answers at the fake Bot Connector.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.i18n import t
from bot.store.models import AbsenceRow, Setting
from tests.support import fake_connector as fk
from tests.transports.slack.test_e2e import Env as SlackEnv
from tests.transports.slack.test_e2e import env as slack_env  # noqa: F401
from tests.transports.teams.test_e2e import Env as TeamsEnv
from tests.transports.teams.test_e2e import card_text, install_kari_and_team
from tests.transports.teams.test_e2e import env as teams_env  # noqa: F401

STRANGER = "U0STRANGER"  # in the Slack workspace, not in vaktbot.yml
NB = "nb"  # the fake Slack's locale for U01KARI, and organisation.locale for everyone else here

# (who, command, allowed?, what the refusal says) - in the order of README "Roles"
SLACK_TABLE = [
    (STRANGER, "who", False, "common.not_registered"),
    (STRANGER, "plan", False, "common.not_registered"),
    (STRANGER, "hours 2026-11", False, "common.not_registered"),
    (STRANGER, "help", True, None),
    ("U01OLA", "who", True, None),
    ("U01OLA", "report q3", False, "policy.reports_only"),
    ("U03ANNE", "report q3", True, None),  # the manager
    ("U01KARI", "report q3", True, None),  # a lead
    ("U01KARI", "away 2026-12-01 2026-12-02 for @hanna", False, "policy.lead_of_team"),
    ("U01OLA", "away 2026-12-01 2026-12-02 for @nora", False, "policy.lead_of_team"),
    ("U02ERIK", "away 2026-12-01 2026-12-02 for @hanna", True, None),
    ("U02ERIK", "swap @kari 2026-11-26 force", False, "policy.lead_of_team"),
    ("U03ANNE", "away 2026-12-01 2026-12-02", False, "policy.manager_reads"),
]


@pytest.mark.parametrize(("user", "command", "allowed", "refusal"), SLACK_TABLE)
async def test_the_roles_table_through_slack(
    slack_env: SlackEnv,  # noqa: F811
    user: str,
    command: str,
    allowed: bool,
    refusal: str | None,
) -> None:
    status, _ = await slack_env.command(command, user=user)
    assert status == 200
    await slack_env.fake.wait_for(lambda: slack_env.fake.responses)
    [answer] = slack_env.fake.responses
    shown = answer["text"]
    if allowed:
        assert not any(r in shown for r in _all_refusals()), shown
    else:
        assert refusal is not None and shown == t(NB, refusal), shown
    with slack_env.app.sessions() as s:
        absences = s.scalar(select(func.count()).select_from(AbsenceRow)) or 0
    # only the allowed absence was written
    assert absences == (1 if allowed and command.startswith("away") else 0)


def _all_refusals() -> set[str]:
    keys = ("common.not_registered", "policy.reports_only", "policy.lead_of_team")
    return {t(loc, k) for k in keys for loc in ("nb", "sv", "en")}


async def test_links_in_teams_only_for_the_teams_lead(teams_env: TeamsEnv) -> None:  # noqa: F811
    await install_kari_and_team(teams_env)
    # kari leads team-1: linking team-2 (or the management channel) is not hers to do
    for other in ("team-2", "management"):
        teams_env.fc.clear()
        assert await teams_env.post(fk.message_channel(teams_env.fc.url, "kari", f"link {other}"))
        with teams_env.app.sessions() as s:
            assert s.get(Setting, f"teams.channel.{other}") is None
        [answer] = teams_env.sends()
        assert t(NB, "teams.link.not_allowed") in card_text(answer.card or {})
    teams_env.fc.clear()
    assert await teams_env.post(fk.message_channel(teams_env.fc.url, "kari", "link team-1"))
    with teams_env.app.sessions() as s:
        assert s.get(Setting, "teams.channel.team-1") is not None


async def test_someone_not_in_the_config_gets_only_help_in_teams(
    teams_env: TeamsEnv,  # noqa: F811
) -> None:
    await install_kari_and_team(teams_env)
    assert await teams_env.post(fk.install_personal(teams_env.fc.url, "ola")) in (200, 201)
    for command in ("who", "hours 2026-11", "plan"):
        teams_env.fc.clear()
        assert await teams_env.post(fk.message_personal(teams_env.fc.url, "ola", command))
        [answer] = teams_env.sends()
        text = card_text(answer.card or {})
        assert t(NB, "common.not_registered") in text, text
    teams_env.fc.clear()
    assert await teams_env.post(fk.message_personal(teams_env.fc.url, "ola", "report q3"))
    [answer] = teams_env.sends()
    assert t(NB, "common.not_registered") in card_text(answer.card or {})
