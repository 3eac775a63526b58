"""Reply from chat with saved answers: the Reply form (a Slack modal, a Teams card), its submit
(posted to Meta once, bot.moderation.actions), and `/vakt answers` to list and manage the team's
saved answers."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from bot.app import App
from bot.audit import audit
from bot.i18n import LOCALES, t
from bot.messages.markup import quote
from bot.messages.model import (
    Block,
    Context,
    Field,
    Form,
    Header,
    ListBlock,
    Message,
    Reply,
    Section,
)
from bot.moderation.actions import perform
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
from bot.moderation.ledger import (
    reply_key,
    request_action,
    retry_failed,
)
from bot.moderation.messages import (
    refusal_text,
)
from bot.moderation.pipeline import load_contexts
from bot.policy import Act, decide, is_admin
from bot.privacy.redact import excerpt
from bot.requests import ActionRequest, Request
from bot.store.models import Account, Comment, SavedAnswer
from handlers.moderation.common import (
    comment_teams,
    in_a_team,
    may_act,
    meta_ready,
    outcome_reply,
    pressed_comment,
    say,
)

log = logging.getLogger("vaktbot.moderation")

# a submitted form is answered within Slack's 3 s; a slower Meta is told as "not answered yet"
# and its answer is written when it comes (bot.moderation.actions)
FORM_TIMEOUT = 2.5
REPLY_SEND = "moderation.reply_send"  # the reply form's submit (no button carries it)


# --- the reply form -----------------------------------------------------------------------


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


def _replyable(
    app: App, s: Session, loc: str, person: str, cid: int, now: datetime
) -> Comment | Reply:
    """The comment ``person`` may reply to now, or the refusal: no such comment, not theirs to
    act on, or its account not ready to post to Meta."""
    c = s.get(Comment, cid)
    if c is None:
        return say(app, loc, "moderation.refuse.unknown")
    if not (verdict := may_act(app, person, c, now)):
        return say(app, loc, verdict.reason)
    if refused := meta_ready(app, loc, s.get(Account, c.account_id)):
        return refused
    return c


def reply(app: App, req: ActionRequest) -> Reply:
    """The Reply button: opens the reply form (a Slack modal, a Teams card)."""
    loc = req.locale
    pressed = pressed_comment(app, req)
    if isinstance(pressed, Reply):
        return pressed
    person, cid = pressed
    with app.sessions() as s:
        c = _replyable(app, s, loc, person, cid, req.now)
        if isinstance(c, Reply):
            return c
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
        return say(app, loc, verdict.reason)
    person = req.person
    cid_text, _, prefill = req.value.partition(":")
    try:
        cid = int(cid_text)
    except ValueError:
        return say(app, loc, "moderation.refuse.unknown")
    with app.sessions.begin() as s:
        c = _replyable(app, s, loc, person, cid, req.now)
        if isinstance(c, Reply):
            return c
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
        return say(app, loc, "moderation.reply.already")
    outcome = perform(app, action_id, req.now, timeout=FORM_TIMEOUT)
    log.info("comment reply", extra={"comment": cid, "status": outcome.status})
    if outcome.status == "failed":
        reason = refusal_text(loc, outcome.error)
        return say(app, loc, "moderation.action.failed", reason=reason)
    if outcome.status == "done" and not outcome.fresh:
        return say(app, loc, "moderation.reply.already")
    if outcome.status in ("busy", "unknown"):
        return outcome_reply(app, loc, cid, outcome, req.now)
    return say(app, loc, "moderation.reply.posted", text=excerpt(text, 300, loc))


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
    if not in_a_team(app, req.person):
        return say(app, loc, "moderation.answers.no_team")
    team_id = _answers_team(app, req)
    team = app.config.team(team_id or "")
    if team is None:
        return say(app, loc, "moderation.answers.no_team")
    sub = req.args[0].lower() if req.args else "list"
    if sub in ("add", "remove"):
        if not (verdict := decide(app.config, req.person, Act.EDIT_ANSWERS, team=team.id)):
            return say(app, loc, verdict.reason)
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
                return say(app, loc, "moderation.answers.not_found", name=name, team=team.name)
            return say(app, loc, "moderation.answers.removed", n=n, name=name)
        parts = [p.strip() for p in rest.split(";")]
        if len(parts) not in (3, 4):
            return say(
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
        return say(app, loc, "moderation.answers.saved", name=name, locale=lang, team=team.name)
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
