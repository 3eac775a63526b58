"""What the moderation handlers share: who may act on a comment (its teams, the roles), what
a press names, and the answers every press can end in (a refusal, the comment as it is now, a
Meta outcome)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.app import App
from bot.duty.rotation import duty_at
from bot.duty.store import rotation_for
from bot.i18n import fmt_time, t
from bot.messages.model import (
    Message,
    Reply,
    Section,
)
from bot.moderation.actions import HIDEABLE, Outcome, perform
from bot.moderation.ledger import (
    actions_of,
)
from bot.moderation.messages import (
    state_line,
)
from bot.moderation.pipeline import alert_message, load_contexts
from bot.policy import Act, Verdict, decide, is_admin, teams_of
from bot.requests import ActionRequest
from bot.store.models import Account, Comment


def say(app: App, loc: str, key: str, **kw: object) -> Reply:
    text = t(loc, key, **kw)
    return Reply(Message(text=text, blocks=(Section(text),), locale=loc, tz=app.tz))


def refusal(app: App, loc: str, c: Comment | None, person: str) -> Reply:
    if c is None:
        return say(app, loc, "moderation.refuse.unknown")
    if c.state == "claimed":
        if c.state_by == person:
            return say(app, loc, "moderation.refuse.own")
        p = app.config.person(c.state_by or "")
        at = fmt_time(loc, c.state_at.astimezone(ZoneInfo(app.tz))) if c.state_at else "?"
        return say(app, loc, "moderation.refuse.taken", name=p.name if p else c.state_by, time=at)
    return say(app, loc, "moderation.refuse.resolved", state=state_line(app, loc, c) or c.state)


def in_a_team(app: App, person: str | None) -> bool:
    return bool(person and (app.config.teams_of(person) or is_admin(app.config, person)))


def team_of_account(app: App, account_id: str) -> str | None:
    acc = next((a for a in app.config.accounts if a.id == account_id), None)
    return acc.team if acc is not None else None


def comment_teams(app: App, c: Comment, now: datetime) -> frozenset[str] | None:
    """The teams a comment belongs to. With a rotation, whole teams take turns: the team on
    duty when it arrived, and the team on duty now (a new shift takes over what is open).
    Without one, the account's team (None: every team)."""
    rotation = rotation_for(app)
    if rotation is None:
        team = team_of_account(app, c.account_id)
        return None if team is None else frozenset({team})
    return frozenset({duty_at(rotation, c.received_at).team.id, duty_at(rotation, now).team.id})


def may_act(app: App, person: str, c: Comment, now: datetime) -> Verdict:
    """May ``person`` change this comment (policy: a comment of their team; someone else's
    claim only as that team's lead or an admin)?"""
    owner = c.state_by if c.state == "claimed" else None
    teams = comment_teams(app, c, now)
    return decide(app.config, person, Act.ACT_ON_COMMENT, team=teams, owner=owner)


def visible_to(app: App, person: str | None, rows: list[Comment], now: datetime) -> list[Comment]:
    """The comments that belong to the person's teams (all of them for an admin)."""
    if is_admin(app.config, person):
        return rows
    mine = teams_of(app.config, person)
    out = []
    for c in rows:
        teams = comment_teams(app, c, now)
        if teams is None or teams & mine:
            out.append(c)
    return out


def pressed_comment(app: App, req: ActionRequest) -> tuple[str, int] | Reply:
    """(person, comment id) of a button press on a comment, or the refusal to answer."""
    verdict = decide(app.config, req.person, Act.ACT_ON_COMMENT)
    if not verdict or req.person is None:
        return say(app, req.locale, verdict.reason)
    try:
        return req.person, int(req.value.partition("@")[0])
    except ValueError:
        return say(app, req.locale, "moderation.refuse.unknown")


def meta_ready(app: App, loc: str, account: Account | None) -> Reply | None:
    """The refusal when this comment's platform cannot be reached from here, else None."""
    if app.meta is None or account is None:
        return say(app, loc, "moderation.hide.no_meta")
    if account.platform not in HIDEABLE:
        return say(app, loc, "moderation.hide.unsupported", platform=account.platform)
    return None


def current(app: App, loc: str, cid: int, now: datetime, replace: bool = True) -> Reply:
    """The comment's alert as it is now (the presser's copy is replaced with it)."""
    with app.sessions() as s:
        c = s.get(Comment, cid)
        if c is None:
            return say(app, loc, "moderation.refuse.unknown")
        msg = alert_message(app, load_contexts(app, s, [c])[cid], loc, now)
    return Reply(msg, ephemeral=not replace, replace_original=replace)


def outcome_reply(app: App, loc: str, cid: int, outcome: Outcome, now: datetime) -> Reply:
    if outcome.status == "busy":
        return say(app, loc, "moderation.action.busy")
    if outcome.status == "unknown":
        return say(app, loc, "moderation.action.unknown")
    return current(app, loc, cid, now)


def settle(app: App, cid: int, now: datetime) -> None:
    """Perform what is still pending for the comment (a rule's hide on its way) first, so a
    Show or Keep hidden pressed meanwhile acts on the comment as it will be."""
    with app.sessions() as s:
        waiting = [a.id for a in actions_of(s, [cid])[cid] if a.status == "pending"]
    for action_id in waiting:
        perform(app, action_id, now)
