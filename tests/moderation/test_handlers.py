"""The alert buttons, `/vakt queue` and `/vakt mine` (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import re
import threading
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.messages.console import to_text
from bot.messages.model import Actions, Message, Reply
from bot.requests import ActionRequest, Request
from bot.sources.meta.client import MetaClient
from bot.store.models import AuditLog, Comment, Outbox
from handlers.dispatch import dispatch, dispatch_action
from handlers.moderation.comments import home_section
from tests.moderation.test_pipeline import TEAM2, TUE_10, arrive, make_app, outbox
from tests.support.fake_graph import FakeGraph

LATER = TUE_10 + timedelta(minutes=14)


def press(app: App, person: str | None, action: str, value: str, locale: str = "en") -> Reply:
    reply = dispatch_action(
        app,
        ActionRequest(
            platform="console",
            person=person,
            action=f"moderation.{action}",
            value=value,
            now=LATER,
            locale=locale,
        ),
    )
    assert reply is not None
    return reply


def state(app: App, cid: int) -> tuple[str, str | None]:
    with app.sessions() as s:
        c = s.get(Comment, cid)
        assert c is not None
        return c.state, c.state_by


def test_claim_edits_every_copy_and_audits(engine: Any) -> None:
    app = make_app(engine)
    (cid,), _ = arrive(app, ["Hvorfor er skattekortet feil?"], TUE_10)
    reply = press(app, "hanna", "claim", str(cid), "nb")
    assert reply.replace_original and not reply.ephemeral
    assert "Tatt av Hanna Kristiansen kl. 10:14" in to_text(reply.message)
    assert state(app, cid) == ("claimed", "hanna")
    updates = [r for r in outbox(app) if r.op == "update"]
    assert {r.ref_key for r in updates} == {f"alert:comment:{cid}:{p}" for p in TEAM2}
    emma = next(r for r in updates if r.target == "user:emma")
    edited = Message.from_dict(emma.payload)
    assert "Tagen av Hanna Kristiansen kl. 10:14" in to_text(edited)
    actions = [b.action for blk in edited.blocks if isinstance(blk, Actions) for b in blk.buttons]
    assert "moderation.claim" not in actions and "moderation.answered" in actions
    with app.sessions() as s:
        log = s.scalars(select(AuditLog)).all()
    assert [(a.actor, a.action, a.subject) for a in log] == [
        ("hanna", "comment.claim", f"comment:{cid}")
    ]


def test_claim_race_exactly_one_wins(engine: Any) -> None:
    app = make_app(engine)
    (cid,), _ = arrive(app, ["Når kommer pengene?"], TUE_10)
    people = ["hanna", "jonas", "thea", "sander"]
    barrier = threading.Barrier(len(people))
    replies: dict[str, Reply] = {}

    def go(p: str) -> None:
        barrier.wait()
        replies[p] = press(app, p, "claim", str(cid))

    threads = [threading.Thread(target=go, args=(p,)) for p in people]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    winners = [p for p, r in replies.items() if r.replace_original]
    assert len(winners) == 1
    assert state(app, cid) == ("claimed", winners[0])
    for p in set(people) - set(winners):
        assert "got there first" in to_text(replies[p].message)
        assert replies[p].ephemeral and not replies[p].replace_original
    with app.sessions() as s:
        assert len(s.scalars(select(AuditLog)).all()) == 1


def test_resolved_or_outsider_press_is_refused_politely(engine: Any) -> None:
    app = make_app(engine)
    (cid,), _ = arrive(app, ["Hvorfor?"], TUE_10)
    assert press(app, "jonas", "answered", str(cid)).replace_original
    assert state(app, cid) == ("answered", "jonas")
    for action in ("claim", "answered", "not_relevant", "hide"):
        reply = press(app, "hanna", action, str(cid))
        assert "already been handled" in to_text(reply.message)
        assert state(app, cid) == ("answered", "jonas")
    (other,), _ = arrive(app, ["Hvorfor?"], TUE_10)
    reply = press(app, "direktor", "claim", str(other))  # a manager reads, does not moderate
    assert "can read duty, plan and reports" in to_text(reply.message)
    reply = press(app, None, "claim", str(other))  # not in vaktbot.yml
    assert "not in vaktbot's configuration" in to_text(reply.message)
    assert state(app, other) == ("new", None)
    assert "can't find" in to_text(press(app, "hanna", "claim", "999999").message)
    assert "can't find" in to_text(press(app, "hanna", "claim", "abc").message)


def test_own_claim_and_not_relevant(engine: Any) -> None:
    app = make_app(engine)
    (cid,), _ = arrive(app, ["Hvorfor?"], TUE_10)
    press(app, "hanna", "claim", str(cid))
    assert "already claimed this" in to_text(press(app, "hanna", "claim", str(cid)).message)
    reply = press(app, "hanna", "not_relevant", str(cid))
    assert "Marked not relevant by Hanna Kristiansen" in to_text(reply.message)
    assert state(app, cid) == ("dismissed", "hanna")


def test_hide_without_meta_says_so_and_changes_nothing(engine: Any) -> None:
    app = make_app(engine)
    (cid,), _ = arrive(app, ["Dere er idioter"], TUE_10)
    reply = press(app, "hanna", "hide", str(cid))
    assert "no connection to Meta" in to_text(reply.message) and not reply.replace_original
    assert state(app, cid) == ("new", None)


async def test_hide_through_meta_success_and_failure(engine: Any) -> None:
    graph = await FakeGraph().start()
    try:
        app = make_app(engine)
        app.meta = lambda account: MetaClient(graph.token, base_url=graph.url, max_retries=0)
        (ok_id, bad_id), _ = arrive(app, ["Dere er idioter", "Dere er tullinger"], TUE_10)
        with app.sessions() as s:
            ok_ext = s.get(Comment, ok_id).external_id  # type: ignore[union-attr]
            bad_ext = s.get(Comment, bad_id).external_id  # type: ignore[union-attr]
        reply = await asyncio.to_thread(press, app, "hanna", "hide", str(ok_id))
        assert "Hidden on the platform by Hanna Kristiansen" in to_text(reply.message)
        assert graph.hidden == {ok_ext: True}
        with app.sessions() as s:
            c = s.get(Comment, ok_id)
            assert c is not None and c.is_hidden and c.state == "hidden"
        graph.fail(bad_ext, code=10, message="(#10) Permission denied")
        reply = await asyncio.to_thread(press, app, "hanna", "hide", str(bad_id))
        text = to_text(reply.message)
        assert "Hiding failed" in text and "still visible" in text
        assert state(app, bad_id) == ("new", None)
        with app.sessions() as s:
            actions = [a.action for a in s.scalars(select(AuditLog).order_by(AuditLog.id))]
        assert actions == ["comment.hide", "comment.hide_failed"]
    finally:
        await graph.stop()


def ask(app: App, person: str, text: str, locale: str = "en") -> str:
    reply = dispatch(
        app, Request(platform="console", person=person, text=text, now=LATER, locale=locale)
    )
    return to_text(reply.message)


def test_queue_and_mine(engine: Any) -> None:
    app = make_app(engine)
    assert "No open comments" in ask(app, "hanna", "queue")
    ids, _ = arrive(app, ["Ring meg på 934 56 789", "Hvorfor?", "Takk!"], TUE_10)
    out = ask(app, "hanna", "queue")
    assert "Open comments (2)" in out and "[phone number removed]" in out
    assert f"moderation.claim {ids[0]}" in out and f"moderation.claim {ids[1]}" in out
    assert "Open comments (1)" in ask(app, "hanna", "queue personal_data")
    assert "no open comments" in ask(app, "hanna", "mine")
    press(app, "hanna", "claim", str(ids[1]))
    mine = ask(app, "hanna", "mine")
    assert "My comments (1)" in mine and f"#{ids[1]}" in mine
    assert f"moderation.claim {ids[1]}" not in ask(app, "jonas", "queue")
    assert "only members" in ask(app, "direktor", "queue")
    with app.sessions() as s:
        blocks = home_section(app, s, "hanna", LATER)
        assert blocks and home_section(app, s, "jonas", LATER) == []
    assert "queue" in ask(app, "hanna", "help") and "mine" in ask(app, "hanna", "help")


def test_a_comment_belongs_to_the_team_on_duty(engine: Any) -> None:
    """Whole teams take turns: a comment that arrives on team 2's shift is team 2's. Team 1's
    members may not touch it, its lead may not take over a claim; team 2's lead may."""
    app = make_app(engine)
    (cid,), _ = arrive(app, ["Hvorfor er skattekortet feil?"], TUE_10)
    assert "another team" in to_text(press(app, "ola", "claim", str(cid)).message)
    assert state(app, cid) == ("new", None)
    assert press(app, "hanna", "claim", str(cid)).replace_original
    # someone else's claim: not another member's to change, nor the other team's lead's
    assert "Someone else has claimed" in to_text(press(app, "jonas", "answered", str(cid)).message)
    assert "another team" in to_text(press(app, "kari", "answered", str(cid)).message)
    assert state(app, cid) == ("claimed", "hanna")
    assert press(app, "erik", "answered", str(cid)).replace_original  # team 2's lead
    assert state(app, cid) == ("answered", "erik")
    # /vakt queue shows team 1's members nothing of team 2's shift
    (other,), _ = arrive(app, ["Når kommer pengene?"], TUE_10)
    ola = dispatch(app, Request(platform="console", person="ola", text="queue", now=LATER))
    hanna = dispatch(app, Request(platform="console", person="hanna", text="queue", now=LATER))
    assert "Når kommer pengene" not in to_text(ola.message)
    assert "Når kommer pengene" in to_text(hanna.message)


def test_alerts_live_until_the_deadline_and_a_handled_comment_drops_the_undelivered(
    engine: Any,
) -> None:
    app = make_app(engine)
    (cid,), _ = arrive(app, ["Hvorfor er skattekortet feil?"], TUE_10)
    alerts = outbox(app, "alert.comment")
    assert {r.target for r in alerts} == {f"user:{p}" for p in TEAM2}
    # "answer within 24 hours": Tuesday 10:00 is due Wednesday 10:00 (Oslo)
    assert {r.expires_at for r in alerts} == {(TUE_10 + timedelta(days=1)).astimezone(UTC)}
    with app.sessions.begin() as s:  # jonas's copy went out; the others are still waiting
        sent = s.scalars(select(Outbox).where(Outbox.key == f"alert:comment:{cid}:jonas")).one()
        sent.status, sent.platform_channel, sent.platform_message_id = "sent", "D-J", "1.0"
    assert press(app, "jonas", "answered", str(cid)).replace_original
    after = {r.key: r for r in outbox(app)}
    dropped = {k for k, r in after.items() if r.status == "dropped"}
    assert dropped == {f"alert:comment:{cid}:{p}" for p in TEAM2 - {"jonas"}}
    assert {after[k].last_error for k in dropped} == {"the comment was answered before delivery"}
    # only the delivered copy is edited; nothing edits a message that will never go out
    updates = [r for r in after.values() if r.op == "update"]
    assert [u.ref_key for u in updates] == [f"alert:comment:{cid}:jonas"]


def test_queue_puts_personal_data_and_hate_first_then_the_soonest_deadline(engine: Any) -> None:
    """Twelve questions from Monday, then a personal-data and a hate comment on Tuesday: the
    two Tuesday comments lead the queue, not hidden behind "… and 4 more"; the rest follow by
    deadline (Monday's before Tuesday's)."""
    app = make_app(engine)
    monday = TUE_10 - timedelta(days=1)
    questions, _ = arrive(app, [f"Hvorfor {k}?" for k in range(12)], monday)
    (later,), _ = arrive(app, ["Hvorfor i dag?"], TUE_10)
    urgent, _ = arrive(app, ["Ring meg på 934 56 789", "Han burde henges"], TUE_10)
    out = ask(app, "hanna", "queue")
    assert "Open comments (15)" in out
    order = [int(m) for m in re.findall(r"moderation\.claim (\d+)", out)]
    assert order[:2] == urgent and order[2:] == questions[:8]
    assert later not in order and "and 5 more" in out
    assert "Open comments (1)" in ask(app, "hanna", "queue hate")


def test_unknown_queue_filter_answers_with_the_localised_filters(engine: Any) -> None:
    app = make_app(engine)
    arrive(app, ["Hvorfor?"], TUE_10)
    out = ask(app, "hanna", "queue blåbær", locale="nb")
    assert "«blåbær»" in out and "Personopplysninger" in out and "Trenger svar" in out


def test_claiming_from_the_queue_card_changes_only_that_item(engine: Any) -> None:
    app = make_app(engine)
    ids, _ = arrive(app, ["Hvorfor?", "Når kommer skattekortet?", "Hva er fristen?"], TUE_10)
    card = dispatch(
        app, Request(platform="console", person="hanna", text="queue", now=LATER, locale="en")
    ).message
    buttons = [b for blk in card.blocks if isinstance(blk, Actions) for b in blk.buttons]
    assert [b.value.partition("@")[0] for b in buttons] == [str(i) for i in ids]
    reply = press(app, "hanna", "claim", buttons[1].value)
    assert reply.replace_original
    # the same list: three comments, the other two still with Claim, the pressed one claimed
    after = reply.message
    left = [b for blk in after.blocks if isinstance(blk, Actions) for b in blk.buttons]
    assert [b.value.partition("@")[0] for b in left] == [str(ids[0]), str(ids[2])]
    text = to_text(after)
    assert all(f"#{i}" in text for i in ids)
    assert "Claimed by Hanna Kristiansen" in text and "Open comments (3)" in text
    assert state(app, ids[1]) == ("claimed", "hanna")
    assert state(app, ids[0])[0] == state(app, ids[2])[0] == "new"
