"""The alert buttons (Claim / Mark answered / Hide on platform / Not relevant), `/vakt queue`,
`/vakt mine` and the App Home section "my comments".

A button moves a comment with ONE conditional UPDATE (``WHERE state IN (...)``) as the first
statement of its transaction, so when two people press Claim at the same moment exactly one row
update succeeds (SQLite serialises writers; PostgreSQL re-checks the condition after the row
lock) and the other person gets a polite note. The winner's press is written to the audit log,
every message that carried the comment is edited in place, and the presser's own message is
replaced. "Hide on platform" calls Meta through ``app.meta`` - a factory called with
the comment's ``Account`` row that returns a client with ``async hide_comment(external_id,
hidden, platform=...)`` - and reports failure plainly.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.audit import audit
from bot.duty.rotation import duty_at
from bot.duty.store import rotation_for
from bot.i18n import LOCALES, fmt_time, plural, t
from bot.messages.markup import quote
from bot.messages.model import (
    Actions,
    Block,
    Button,
    Context,
    Field,
    Form,
    Header,
    ListBlock,
    Message,
    Reply,
    Section,
)
from bot.moderation.actions import HIDEABLE, Outcome, perform
from bot.moderation.answers import (
    MAX_TEXT,
    Problem,
    answers_for,
    check,
    fill,
    first_name,
    remove_answer,
    save_answer,
)
from bot.moderation.classify import LABELS, label_of, label_text
from bot.moderation.ledger import (
    actions_of,
    next_toggle_key,
    reply_key,
    request_action,
    retry_failed,
)
from bot.moderation.messages import (
    comment_line,
    refusal_text,
    state_line,
)
from bot.moderation.pipeline import alert_message, deadline_for, load_contexts
from bot.moderation.rules import (
    OPEN_STATES,
    parse_labels,
    queue_order,
)
from bot.moderation.states import transition
from bot.moderation.status import is_open
from bot.policy import Act, Verdict, decide, is_admin, teams_of
from bot.prefs import locale_for
from bot.privacy.redact import excerpt
from bot.requests import ActionRequest, Request
from bot.store.models import Account, Comment, SavedAnswer

log = logging.getLogger("vaktbot.moderation")

# a submitted form is answered within Slack's 3 s; a slower Meta is told as "not answered yet"
# and its answer is written when it comes (bot.moderation.actions)
FORM_TIMEOUT = 2.5
QUEUE_LIMIT = 10  # comments per /vakt queue answer (a Section and a button row each)


def _say(app: App, loc: str, key: str, **kw: object) -> Reply:
    text = t(loc, key, **kw)
    return Reply(Message(text=text, blocks=(Section(text),), locale=loc, tz=app.tz))


def _refusal(app: App, loc: str, c: Comment | None, person: str) -> Reply:
    if c is None:
        return _say(app, loc, "moderation.refuse.unknown")
    if c.state == "claimed":
        if c.state_by == person:
            return _say(app, loc, "moderation.refuse.own")
        p = app.config.person(c.state_by or "")
        at = fmt_time(loc, c.state_at.astimezone(ZoneInfo(app.tz))) if c.state_at else "?"
        return _say(app, loc, "moderation.refuse.taken", name=p.name if p else c.state_by, time=at)
    return _say(app, loc, "moderation.refuse.resolved", state=state_line(app, loc, c) or c.state)


def _in_a_team(app: App, person: str | None) -> bool:
    return bool(person and (app.config.teams_of(person) or is_admin(app.config, person)))


def _team_of_account(app: App, account_id: str) -> str | None:
    acc = next((a for a in app.config.accounts if a.id == account_id), None)
    return acc.team if acc is not None else None


def comment_teams(app: App, c: Comment, now: datetime) -> frozenset[str] | None:
    """The teams a comment belongs to. With a rotation, whole teams take turns: the team on
    duty when it arrived, and the team on duty now (a new shift takes over what is open).
    Without one, the account's team (None: every team)."""
    rotation = rotation_for(app)
    if rotation is None:
        team = _team_of_account(app, c.account_id)
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


def _pressed(app: App, req: ActionRequest) -> tuple[str, int] | Reply:
    """(person, comment id) of a button press on a comment, or the refusal to answer."""
    verdict = decide(app.config, req.person, Act.ACT_ON_COMMENT)
    if not verdict or req.person is None:
        return _say(app, req.locale, verdict.reason)
    try:
        return req.person, int(req.value.partition("@")[0])
    except ValueError:
        return _say(app, req.locale, "moderation.refuse.unknown")


def _listed(value: str) -> list[int]:
    """The comments of the list card a button was on ("<id>@<id>,<id>,..."), else []."""
    _, _, rest = value.partition("@")
    try:
        return [int(x) for x in rest.split(",") if x][:QUEUE_LIMIT]
    except ValueError:
        return []


def _list_value(cid: int, listed: Sequence[int]) -> str:
    return f"{cid}@{','.join(str(x) for x in listed)}"


def _queue_blocks(
    app: App, session: Session, rows: Sequence[Comment], loc: str, now: datetime, total: int
) -> list[Block]:
    """The queue card: a line per comment, Claim while it is new, who has it once claimed."""
    ctxs = load_contexts(app, session, rows)
    listed = [c.id for c in rows]
    blocks: list[Block] = [Header(plural(loc, "moderation.queue.header", total))]
    for c in rows:
        blocks.append(Section(comment_line(app, ctxs[c.id], loc, now)))
        if c.state == "new":
            label = t(loc, "moderation.button.claim")
            value = _list_value(c.id, listed)
            blocks.append(Actions((Button(label, "moderation.claim", value, "primary"),)))
        elif (line := state_line(app, loc, c)) is not None:
            blocks.append(Context(line))
    return blocks


def _press(app: App, req: ActionRequest, action: str) -> Reply:
    loc = req.locale
    pressed = _pressed(app, req)
    if isinstance(pressed, Reply):
        return pressed
    person, cid = pressed
    with app.sessions.begin() as s:
        current = s.get(Comment, cid)
        if current is not None and not (verdict := may_act(app, person, current, req.now)):
            return _say(app, loc, verdict.reason)
        c = transition(app, s, cid, action, person, req.now)
        if c is None:  # someone got there first: read the comment as it is now
            return _refusal(app, loc, s.get(Comment, cid, populate_existing=True), person)
        listed = _listed(req.value)
        if cid in listed:
            # a button on the queue card: the same list, only the pressed item changed
            found = {x.id: x for x in s.scalars(select(Comment).where(Comment.id.in_(listed)))}
            rows = [found[x] for x in listed if x in found]
            total = sum(1 for x in rows if x.state in OPEN_STATES)
            blocks = _queue_blocks(app, s, rows, loc, req.now, total)
            text = plural(loc, "moderation.queue.text", total)
            msg = Message(text=text, blocks=tuple(blocks), locale=loc, tz=app.tz)
        else:
            msg = alert_message(app, load_contexts(app, s, [c])[cid], loc, req.now)
    log.info("comment state changed", extra={"comment": cid, "action": action})
    return Reply(msg, ephemeral=False, replace_original=True)


def claim(app: App, req: ActionRequest) -> Reply:
    return _press(app, req, "claim")


def answered(app: App, req: ActionRequest) -> Reply:
    return _press(app, req, "answered")


def not_relevant(app: App, req: ActionRequest) -> Reply:
    return _press(app, req, "dismiss")


def _meta_ready(app: App, loc: str, account: Account | None) -> Reply | None:
    """The refusal when this comment's platform cannot be reached from here, else None."""
    if app.meta is None or account is None:
        return _say(app, loc, "moderation.hide.no_meta")
    if account.platform not in HIDEABLE:
        return _say(app, loc, "moderation.hide.unsupported", platform=account.platform)
    return None


def _current(app: App, loc: str, cid: int, now: datetime, replace: bool = True) -> Reply:
    """The comment's alert as it is now (the presser's copy is replaced with it)."""
    with app.sessions() as s:
        c = s.get(Comment, cid)
        if c is None:
            return _say(app, loc, "moderation.refuse.unknown")
        msg = alert_message(app, load_contexts(app, s, [c])[cid], loc, now)
    return Reply(msg, ephemeral=not replace, replace_original=replace)


def _outcome_reply(app: App, loc: str, cid: int, outcome: Outcome, now: datetime) -> Reply:
    if outcome.status == "busy":
        return _say(app, loc, "moderation.action.busy")
    if outcome.status == "unknown":
        return _say(app, loc, "moderation.action.unknown")
    return _current(app, loc, cid, now)


def _settle(app: App, cid: int, now: datetime) -> None:
    """Perform what is still pending for the comment (a rule's hide on its way) first, so a
    Show or Keep hidden pressed meanwhile acts on the comment as it will be."""
    with app.sessions() as s:
        waiting = [a.id for a in actions_of(s, [cid])[cid] if a.status == "pending"]
    for action_id in waiting:
        perform(app, action_id, now)


def _toggle(app: App, req: ActionRequest, kind: str) -> Reply:
    """Hide (``kind="hide"``) or show again (``"unhide"``) on the platform: written as an
    action under its idempotency key, then performed once (bot.moderation.actions)."""
    loc = req.locale
    pressed = _pressed(app, req)
    if isinstance(pressed, Reply):
        return pressed
    person, cid = pressed
    if kind == "unhide":
        _settle(app, cid, req.now)
    with app.sessions.begin() as s:
        c = s.get(Comment, cid)
        if c is None:
            return _say(app, loc, "moderation.refuse.unknown")
        if kind == "hide" and c.state not in OPEN_STATES:
            return _refusal(app, loc, c, person)
        if kind == "unhide" and not c.is_hidden:
            return _say(app, loc, "moderation.action.already_visible")
        if not (verdict := may_act(app, person, c, req.now)):
            return _say(app, loc, verdict.reason)
        if refused := _meta_ready(app, loc, s.get(Account, c.account_id)):
            return refused
        key = next_toggle_key(s, kind, cid)
        action = request_action(s, key=key, comment_id=cid, kind=kind, actor=person, now=req.now)
        action_id = action.id
        retry_failed(s, action_id)
    outcome = perform(app, action_id, req.now)
    log.info("comment action", extra={"comment": cid, "kind": kind, "status": outcome.status})
    if outcome.status == "failed":
        reason = refusal_text(loc, outcome.error)
        if kind == "hide":
            return _say(app, loc, "moderation.hide.failed", reason=reason)
        return _say(app, loc, "moderation.action.failed", reason=reason)
    return _outcome_reply(app, loc, cid, outcome, req.now)


def hide(app: App, req: ActionRequest) -> Reply:
    return _toggle(app, req, "hide")


def show(app: App, req: ActionRequest) -> Reply:
    """Show a hidden comment again (Facebook is_hidden=false, Instagram hide=false): the undo
    of a rule's hide and of a moderator's."""
    return _toggle(app, req, "unhide")


def keep_hidden(app: App, req: ActionRequest) -> Reply:
    """A comment a rule hid, reviewed: it stays hidden (no call to Meta). Not hidden yet (the
    rule's hide failed): hidden now."""
    pressed = _pressed(app, req)
    if isinstance(pressed, Reply):
        return pressed
    person, cid = pressed
    _settle(app, cid, req.now)
    with app.sessions() as s:
        c = s.get(Comment, cid)
        hidden = c is not None and c.is_hidden
    if not hidden:
        return _toggle(app, req, "hide")
    return _press(app, req, "keep_hidden")


# --- replies ----------------------------------------------------------------------------------


def _reply_form(
    app: App, s: Session, c: Comment, loc: str, now: datetime, chosen: int | None = None
) -> Message:
    """The Reply form: the team's saved answers and the text, prefilled with the chosen answer
    (else the first one in the presser's language) filled in for this comment."""
    teams = comment_teams(app, c, now)
    answers = answers_for(s, None if teams is None else set(teams))
    ctx = load_contexts(app, s, [c])[c.id]
    prefill = next((a for a in answers if a.id == chosen), None) or next(
        (a for a in answers if a.locale == loc), answers[0] if answers else None
    )
    text = fill_answer(prefill, c, ctx.account) if prefill else ""
    fields: list[Field] = []
    if answers:
        options = tuple((str(a.id), f"{a.name} ({a.locale})") for a in answers[:100])
        fields.append(
            Field(
                "answer",
                t(loc, "moderation.reply.field.answer"),
                kind="select",
                required=False,
                options=options,
                initial=str(prefill.id) if prefill else None,
            )
        )
    fields.append(
        Field(
            "text",
            t(loc, "moderation.reply.field.text"),
            kind="multiline",
            required=False,
            initial=text or None,
        )
    )
    form = Form(
        title=t(loc, "moderation.reply.title"),
        action=REPLY_SEND,
        submit_label=t(loc, "moderation.reply.submit"),
        fields=tuple(fields),
        value=f"{c.id}:{prefill.id if prefill else ''}",
    )
    short = quote(excerpt(c.text or "", 300, loc)) or t(loc, "moderation.empty_text")
    intro = t(loc, "moderation.reply.comment", account=ctx.account, excerpt=short)
    return Message(
        text=t(loc, "moderation.reply.title"),
        blocks=(Section(intro), form),
        locale=loc,
        tz=app.tz,
    )


def fill_answer(answer: SavedAnswer, c: Comment, account: str) -> str:
    return fill(answer.text, first=first_name(c.author_name), link=answer.link, account=account)


def reply(app: App, req: ActionRequest) -> Reply:
    """The Reply button: opens the reply form (a Slack modal, a Teams card)."""
    loc = req.locale
    pressed = _pressed(app, req)
    if isinstance(pressed, Reply):
        return pressed
    person, cid = pressed
    with app.sessions() as s:
        c = s.get(Comment, cid)
        if c is None:
            return _say(app, loc, "moderation.refuse.unknown")
        if not (verdict := may_act(app, person, c, req.now)):
            return _say(app, loc, verdict.reason)
        if refused := _meta_ready(app, loc, s.get(Account, c.account_id)):
            return refused
        form = _reply_form(app, s, c, loc, req.now)
    return Reply(form, open_form=True)


def _chosen_text(app: App, s: Session, c: Comment, form: dict[str, str], prefill: str) -> str:
    """What to post: the text as written; a saved answer chosen in the form when the text is
    empty or still the one prefilled (the form cannot refill it when the choice changes)."""
    text = (form.get("text") or "").strip()
    chosen = (form.get("answer") or "").strip()
    account = load_contexts(app, s, [c])[c.id].account
    answers = {str(a.id): a for a in answers_for(s, None)}
    before = answers.get(prefill)
    untouched = not text or (before is not None and text == fill_answer(before, c, account))
    if chosen in answers and chosen != prefill and untouched:
        return fill_answer(answers[chosen], c, account)
    if not text and chosen in answers:
        return fill_answer(answers[chosen], c, account)
    return text


def reply_send(app: App, req: ActionRequest) -> Reply:
    """The submitted reply form: posts the reply once (its key is the comment and the text),
    marks the comment answered with the response time, and shows the reply on the alert."""
    loc = req.locale
    verdict = decide(app.config, req.person, Act.ACT_ON_COMMENT)
    if not verdict or req.person is None:
        return _say(app, loc, verdict.reason)
    person = req.person
    cid_text, _, prefill = req.value.partition(":")
    try:
        cid = int(cid_text)
    except ValueError:
        return _say(app, loc, "moderation.refuse.unknown")
    with app.sessions.begin() as s:
        c = s.get(Comment, cid)
        if c is None:
            return _say(app, loc, "moderation.refuse.unknown")
        if not (verdict := may_act(app, person, c, req.now)):
            return _say(app, loc, verdict.reason)
        if refused := _meta_ready(app, loc, s.get(Account, c.account_id)):
            return refused
        text = _chosen_text(app, s, c, req.form, prefill)
        problem = None
        if not text:
            problem = t(loc, "moderation.reply.empty")
        elif len(text) > MAX_TEXT:
            problem = t(loc, "moderation.reply.too_long", n=len(text), max=MAX_TEXT)
        if problem:
            form = _reply_form(app, s, c, loc, req.now)
            return Reply(form, open_form=True, extra={"errors": {"text": problem}})
        action = request_action(
            s,
            key=reply_key(cid, text),
            comment_id=cid,
            kind="reply",
            actor=person,
            text=text,
            now=req.now,
        )
        action_id, before = action.id, action.status
        retry_failed(s, action_id)
    if before == "done":
        return _say(app, loc, "moderation.reply.already")
    outcome = perform(app, action_id, req.now, timeout=FORM_TIMEOUT)
    log.info("comment reply", extra={"comment": cid, "status": outcome.status})
    if outcome.status == "failed":
        reason = refusal_text(loc, outcome.error)
        return _say(app, loc, "moderation.action.failed", reason=reason)
    if outcome.status == "done" and not outcome.fresh:
        return _say(app, loc, "moderation.reply.already")
    if outcome.status in ("busy", "unknown"):
        return _outcome_reply(app, loc, cid, outcome, req.now)
    return _say(app, loc, "moderation.reply.posted", text=excerpt(text, 300, loc))


# --- /vakt answers ----------------------------------------------------------------------------


def _answers_team(app: App, req: Request) -> str | None:
    """The team of the channel the command came from when the person is in it (or an admin),
    else the person's own (first) team."""
    mine = [tm.id for tm in app.config.teams_of(req.person or "")]
    if (
        req.team
        and app.config.team(req.team)
        and (req.team in mine or is_admin(app.config, req.person))
    ):
        return req.team
    return mine[0] if mine else None


def _problem(loc: str, problem: Problem) -> str:
    key = f"moderation.answers.problem.{problem.key}"
    reason = t(
        loc,
        key,
        value=problem.value,
        fn="{first_name}",
        link="{link}",
        account="{account}",
        max=MAX_TEXT,
    )
    return t(loc, "moderation.answers.bad", problem=reason)


def answers(app: App, req: Request) -> Reply:
    """`/vakt answers` lists the team's saved answers; `add name ; lang ; text ; [link]` and
    `remove name [lang]` change them (the team's lead or an admin)."""
    loc = req.locale
    if not _in_a_team(app, req.person):
        return _say(app, loc, "moderation.answers.no_team")
    team_id = _answers_team(app, req)
    team = app.config.team(team_id or "")
    if team is None:
        return _say(app, loc, "moderation.answers.no_team")
    sub = req.args[0].lower() if req.args else "list"
    if sub in ("add", "remove"):
        if not (verdict := decide(app.config, req.person, Act.EDIT_ANSWERS, team=team.id)):
            return _say(app, loc, verdict.reason)
        assert req.person is not None
        rest = req.rest.split(None, 1)[1] if len(req.rest.split(None, 1)) > 1 else ""
        if sub == "remove":
            name, _, lang = rest.strip().rpartition(" ")
            if lang not in LOCALES:
                name, lang = rest.strip(), ""
            with app.sessions.begin() as s:
                n = remove_answer(s, team.id, name, lang or None)
                if n:
                    audit(
                        s,
                        actor=req.person,
                        action="answers.remove",
                        subject=f"team:{team.id}",
                        now=req.now,
                        detail={"name": name},
                    )
            if not n:
                return _say(app, loc, "moderation.answers.not_found", name=name, team=team.name)
            return _say(app, loc, "moderation.answers.removed", n=n, name=name)
        parts = [p.strip() for p in rest.split(";")]
        if len(parts) not in (3, 4):
            return _say(
                app,
                loc,
                "moderation.answers.bad",
                problem=t(loc, "moderation.answers.problem.parts"),
            )
        name, lang, text = parts[0], parts[1].lower(), parts[2]
        link = parts[3] if len(parts) == 4 and parts[3] else None
        if problem := check(name, lang, text, link):
            return Reply(Message(text=_problem(loc, problem), locale=loc, tz=app.tz))
        with app.sessions.begin() as s:
            save_answer(
                s,
                team=team.id,
                name=name,
                locale=lang,
                text=text,
                link=link,
                person=req.person,
                now=req.now,
            )
            audit(
                s,
                actor=req.person,
                action="answers.save",
                subject=f"team:{team.id}",
                now=req.now,
                detail={"name": name, "locale": lang},
            )
        return _say(app, loc, "moderation.answers.saved", name=name, locale=lang, team=team.name)
    with app.sessions() as s:
        rows = answers_for(s, {team.id})
    usage = t(
        loc, "moderation.answers.usage", fn="{first_name}", link="{link}", account="{account}"
    )
    if not rows:
        text = t(loc, "moderation.answers.empty", team=team.name)
        return Reply(
            Message(text=text, blocks=(Section(text), Context(usage)), locale=loc, tz=app.tz)
        )
    lines = tuple(
        t(
            loc,
            "moderation.answers.line",
            name=a.name,
            locale=a.locale,
            text=excerpt(a.text, 120, loc),
        )
        for a in rows
    )
    header = t(loc, "moderation.answers.header", team=team.name)
    blocks: tuple[Block, ...] = (
        Header(header),
        ListBlock(lines[:40], more=max(0, len(lines) - 40)),
        Context(usage),
    )
    return Reply(Message(text=header, blocks=blocks, locale=loc, tz=app.tz))


# --- commands ---------------------------------------------------------------------------------


def _open(app: App, session: Session, now: datetime) -> list[Comment]:
    """The open comments, most urgent first (:func:`bot.moderation.rules.queue_order`)."""
    rows = session.scalars(
        select(Comment).where(is_open()).order_by(Comment.received_at, Comment.id)
    ).all()
    return sorted(rows, key=lambda c: _urgency(app, c))


def _urgency(app: App, c: Comment) -> tuple[int, datetime]:
    return queue_order(parse_labels(c.labels), deadline_for(app, c.created_at))


def queue(app: App, req: Request) -> Reply:
    loc = req.locale
    if not _in_a_team(app, req.person):
        return _say(app, loc, "moderation.refuse.not_in_team")
    wanted: set[str] = set()
    if req.args:
        label = label_of(req.rest)
        if label is None:
            names = ", ".join(label_text(loc, x) for x in LABELS)
            return _say(app, loc, "moderation.queue.bad_label", value=req.rest, labels=names)
        wanted.add(label)
    with app.sessions() as s:
        rows = [
            c
            for c in visible_to(app, req.person, _open(app, s, req.now), req.now)
            if not wanted or wanted & set(parse_labels(c.labels))
        ]
        if not rows:
            return _say(app, loc, "moderation.queue.empty")
        blocks = _queue_blocks(app, s, rows[:QUEUE_LIMIT], loc, req.now, len(rows))
    if len(rows) > QUEUE_LIMIT:
        blocks.append(Context(t(loc, "common.and_more", n=len(rows) - QUEUE_LIMIT)))
    text = plural(loc, "moderation.queue.text", len(rows))
    return Reply(Message(text=text, blocks=tuple(blocks), locale=loc, tz=app.tz))


def _mine(app: App, session: Session, person: str, now: datetime, loc: str) -> list[str]:
    rows = session.scalars(
        select(Comment)
        .where(Comment.state == "claimed", Comment.state_by == person)
        .order_by(Comment.received_at, Comment.id)
    ).all()
    rows = sorted(rows, key=lambda c: _urgency(app, c))
    ctxs = load_contexts(app, session, rows)
    return [comment_line(app, ctxs[c.id], loc, now) for c in rows]


def mine(app: App, req: Request) -> Reply:
    loc = req.locale
    if not _in_a_team(app, req.person):
        return _say(app, loc, "moderation.refuse.not_in_team")
    assert req.person is not None
    with app.sessions() as s:
        lines = _mine(app, s, req.person, req.now, loc)
    if not lines:
        return _say(app, loc, "moderation.mine.empty")
    n = len(lines)
    blocks = (
        Header(plural(loc, "moderation.mine.header", n)),
        ListBlock(tuple(lines[:30]), more=max(0, n - 30)),
    )
    return Reply(
        Message(text=plural(loc, "moderation.mine.text", n), blocks=blocks, locale=loc, tz=app.tz)
    )


def home_section(app: App, session: Session, person: str | None, now: datetime) -> list[Block]:
    """App Home: my open claims (nothing when I have none)."""
    if not person:
        return []
    loc = locale_for(session, app.config, person)
    lines = _mine(app, session, person, now, loc)
    if not lines:
        return []
    return [
        Header(t(loc, "moderation.home.header")),
        ListBlock(tuple(lines[:10]), more=max(0, len(lines) - 10)),
    ]


def open_queue(app: App, req: ActionRequest) -> Reply:
    """The "Open the queue" button on a grouped notice: the presser's `/vakt queue`."""
    ask = Request(
        platform=req.platform,
        person=req.person,
        text="queue",
        now=req.now,
        locale=req.locale,
        platform_user=req.platform_user,
    )
    return queue(app, ask)


REPLY_SEND = "moderation.reply_send"  # the reply form's submit (no button carries it)
COMMANDS = {"queue": queue, "mine": mine, "answers": answers}
BARE = ("mine",)
ACTIONS = {
    "moderation.open_queue": open_queue,
    "moderation.claim": claim,
    "moderation.answered": answered,
    "moderation.hide": hide,
    "moderation.not_relevant": not_relevant,
    "moderation.show": show,
    "moderation.keep_hidden": keep_hidden,
    "moderation.reply": reply,
    REPLY_SEND: reply_send,
}
HELP = [
    ("queue", "moderation.help.queue"),
    ("mine", "moderation.help.mine"),
    ("answers", "moderation.help.answers"),
]
