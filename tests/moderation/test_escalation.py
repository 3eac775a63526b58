"""Escalation, deadline reminders, breaches, grouped bursts and the "while you were away"
summary, driven through scheduler.runner.Runner with explicit (frozen) times."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.config import AlertRoutes
from bot.duty.store import AbsenceRequest, add_absence
from bot.messages.console import to_text
from bot.messages.model import Message
from bot.moderation.pipeline import on_new_comments
from bot.requests import ActionRequest
from bot.sources.ingest import ingest_comments
from bot.sources.model import NormComment
from bot.store.models import AlertDelivery, Comment, Outbox
from handlers.dispatch import dispatch_action
from scheduler.moderation import jobs
from scheduler.runner import Runner
from tests.moderation.test_pipeline import OSLO, TEAM2, TUE_10, TUE_23, arrive, make_app, outbox


async def tick(app: App, at: datetime) -> list[str]:
    runner = Runner(app, jobs(app.config))
    return [name for name, _ in await runner.run_due(at)]


def keys(app: App, prefix: str) -> list[Outbox]:
    return [r for r in outbox(app) if r.key.startswith(prefix)]


def claim(app: App, person: str, cid: int, at: datetime) -> None:
    dispatch_action(
        app,
        ActionRequest(
            platform="console", person=person, action="moderation.claim", value=str(cid), now=at
        ),
    )


async def test_unclaimed_priority_goes_to_lead_after_15_minutes(engine: Any) -> None:
    app = make_app(engine, alert_mode="round_robin")
    # round robin by comment id over team-2's members (erik, the lead, at index 0)
    (cid,), _ = arrive(app, ["Ring meg på 934 56 789"], TUE_10)
    (first,) = keys(app, f"alert:comment:{cid}:")
    member = first.target.split(":")[1]
    assert member != "erik" and cid % 7 != 0
    assert await tick(app, TUE_10 + timedelta(minutes=14)) == [
        "moderation.minute",
        "moderation.platform_actions",  # nothing pending: it does nothing
    ]
    assert keys(app, "alert:escalate:") == []
    await tick(app, TUE_10 + timedelta(minutes=15))
    (esc,) = keys(app, "alert:escalate:")
    assert esc.key == f"alert:escalate:{cid}" and esc.target == "user:erik"
    msg = Message.from_dict(esc.payload)
    assert "Nobody has claimed" in msg.text or "Ingen har tatt" in msg.text
    await tick(app, TUE_10 + timedelta(minutes=16))
    assert len(keys(app, "alert:escalate:")) == 1  # idempotent
    # claiming edits the escalation message too
    claim(app, member, cid, TUE_10 + timedelta(minutes=17))
    refs = {r.ref_key for r in outbox(app) if r.op == "update"}
    assert refs == {f"alert:escalate:{cid}", f"alert:comment:{cid}:{member}"}


async def test_normal_priority_waits_60_minutes_and_lead_who_got_it_sees_channel(
    engine: Any,
) -> None:
    app = make_app(engine)  # alert_mode all: the lead already has the alert
    (cid,), _ = arrive(app, ["Hvorfor?"], TUE_10)
    await tick(app, TUE_10 + timedelta(minutes=59))
    assert keys(app, "alert:escalate:") == []
    await tick(app, TUE_10 + timedelta(minutes=60))
    (esc,) = keys(app, "alert:escalate:")
    assert esc.target == "channel:team-2"


async def test_claimed_comment_does_not_escalate(engine: Any) -> None:
    app = make_app(engine)
    (cid,), _ = arrive(app, ["Ring meg på 934 56 789"], TUE_10)
    claim(app, "jonas", cid, TUE_10 + timedelta(minutes=5))
    await tick(app, TUE_10 + timedelta(minutes=30))
    assert keys(app, "alert:escalate:") == []


async def test_reminder_to_claimer_then_breach_to_channel(engine: Any) -> None:
    app = make_app(engine)
    (cid,), _ = arrive(app, ["Hvorfor?"], TUE_10)
    claim(app, "thea", cid, TUE_10 + timedelta(minutes=2))
    due = datetime(2026, 11, 25, 10, 0, tzinfo=OSLO)  # 24 h later
    await tick(app, due - timedelta(minutes=61))
    assert keys(app, "alert:deadline:") == []
    await tick(app, due - timedelta(minutes=60))
    (rem,) = keys(app, "alert:deadline:")
    assert rem.target == "user:thea"
    assert "Reply deadline approaching" in to_text(Message.from_dict(rem.payload)) or (
        "Svarfristen nærmer seg" in to_text(Message.from_dict(rem.payload))
    )
    await tick(app, due - timedelta(minutes=1))
    assert keys(app, "alert:breach:") == []
    await tick(app, due)
    (breach,) = keys(app, "alert:breach:")
    assert breach.target == "channel:team-2"
    await tick(app, due + timedelta(minutes=5))
    assert len(keys(app, "alert:breach:")) == 1


async def test_reminder_goes_to_channel_when_claimer_is_off_duty(engine: Any) -> None:
    app = make_app(engine)
    # Tuesday 16:30 comment; deadline Wednesday 16:30; thea is sick on Wednesday
    at = datetime(2026, 11, 24, 16, 30, tzinfo=OSLO)
    (cid,), _ = arrive(app, ["Hvorfor?"], at)
    claim(app, "thea", cid, at + timedelta(minutes=1))
    with app.sessions.begin() as s:
        wed = at.date() + timedelta(days=1)
        add_absence(s, AbsenceRequest("thea", wed, wed, "sick"), by="thea", now=at)
    await tick(app, at + timedelta(days=1) - timedelta(minutes=30))
    (rem,) = keys(app, "alert:deadline:")
    assert rem.target == "channel:team-2"


async def test_burst_is_grouped_into_one_message(engine: Any) -> None:
    app = make_app(engine, batch_threshold=2)
    texts = [f"Hvorfor {i}?" for i in range(5)]
    ids, report = arrive(app, texts, TUE_10)
    assert report.messages == 2 * 7 and report.batched == 3 * 7
    await tick(app, TUE_10 + timedelta(minutes=1))
    groups = keys(app, "alert:group:")
    assert sorted(r.target for r in groups) == sorted(f"user:{p}" for p in TEAM2)
    nb = Message.from_dict(next(r for r in groups if r.target == "user:hanna").payload)
    assert nb.text.startswith("3 nye kommentarer")
    text = to_text(nb)
    assert all(f"#{i}" in text for i in ids[2:]) and f"#{ids[0]} " not in text
    # claiming one edits every group message that lists it
    claim(app, "hanna", ids[3], TUE_10 + timedelta(minutes=2))
    updates = [r for r in outbox(app) if r.op == "update" and r.ref_key.startswith("alert:group:")]
    assert len(updates) == 7
    assert "Claimed by Hanna" in to_text(Message.from_dict(updates[0].payload)) or (
        "Tatt av Hanna" in to_text(Message.from_dict(updates[0].payload))
    )


async def test_held_alerts_go_back_to_queue_if_shift_ended(engine: Any) -> None:
    app = make_app(engine, batch_threshold=1)
    at = datetime(2026, 11, 24, 16, 59, 30, tzinfo=OSLO)
    ids, _ = arrive(app, ["Hvorfor?", "Hvordan?"], at)
    await tick(app, at + timedelta(minutes=1))  # 17:00:30: opening over, on call for hate only
    assert keys(app, "alert:group:") == []
    with app.sessions() as s:
        assert s.get(Comment, ids[1]).routed_at is None  # type: ignore[union-attr]
        assert s.scalars(select(AlertDelivery).where(AlertDelivery.level == "batched")).all() == []


async def test_while_you_were_away_summary_at_opening(engine: Any) -> None:
    app = make_app(engine)
    ids, _ = arrive(app, ["Ring meg på 934 56 789", "Når kommer pengene?", "Takk!"], TUE_23)
    await tick(app, datetime(2026, 11, 25, 7, 59, tzinfo=OSLO))
    assert keys(app, "alert:away:") == []
    await tick(app, datetime(2026, 11, 25, 8, 0, tzinfo=OSLO))
    (away,) = keys(app, "alert:away:")
    assert away.key == "alert:away:team-2:2026-11-25" and away.target == "channel:team-2"
    msg = Message.from_dict(away.payload)
    assert msg.text.startswith("Mens dere var borte: 2 kommentarer")
    text = to_text(msg)
    assert f"#{ids[0]}" in text and f"#{ids[1]}" in text and f"#{ids[2]} " not in text
    assert "934" not in text
    # no DMs: the summary is for the team; and only once
    assert [r for r in outbox(app) if r.target.startswith("user:")] == []
    await tick(app, datetime(2026, 11, 25, 8, 1, tzinfo=OSLO))
    assert len(keys(app, "alert:away:")) == 1
    # the escalation clock started at the opening: 15 minutes later the lead's team hears of it
    await tick(app, datetime(2026, 11, 25, 8, 15, tzinfo=OSLO))
    assert [r.key for r in keys(app, "alert:escalate:")] == [f"alert:escalate:{ids[0]}"]


# --- grouped notices and their timing (issue 15) ---------------------------------------------


def posts(app: App, prefix: str) -> list[Outbox]:
    return [r for r in keys(app, prefix) if r.op == "post"]


def deliveries(app: App, key: str) -> list[int]:
    with app.sessions() as s:
        q = select(AlertDelivery.comment_id).where(AlertDelivery.outbox_key == key)
        return sorted(s.scalars(q))


async def test_notices_in_one_window_make_one_message_edited_in_place(engine: Any) -> None:
    """Three comments breach at once: one list to the channel, not three posts; a fourth
    breaching half an hour later is added to that list by an edit; one breaching after the
    window gets a message of its own. Claiming one edits the list."""
    app = make_app(engine, escalate_after_minutes={"high": 15, "normal": 600})
    ids, _ = arrive(app, ["Hvorfor?", "Hvorfor det?", "Hvorfor nå?"], TUE_10)
    (late,), _ = arrive(app, ["Hvorfor i all verden?"], TUE_10 + timedelta(minutes=30))
    (later,), _ = arrive(app, ["Hvorfor så sent?"], TUE_10 + timedelta(hours=4))
    due = TUE_10 + timedelta(days=1)
    await tick(app, due - timedelta(minutes=60))
    (reminders,) = posts(app, "alert:deadlines:")
    assert reminders.target == "channel:team-2" and deliveries(app, reminders.key) == ids
    assert keys(app, "alert:deadline:") == []  # no single reminders beside the list
    await tick(app, due)
    (breaches,) = posts(app, "alert:breaches:")
    assert breaches.op == "post" and breaches.kind == "alert.breaches"
    assert deliveries(app, breaches.key) == ids
    text = to_text(Message.from_dict(breaches.payload))
    assert "Svarfristen er passert (3)" in text and "Åpne køen" in text
    await tick(app, due + timedelta(minutes=30))
    assert len(posts(app, "alert:breaches:")) == 1 and keys(app, "alert:breach:") == []
    assert deliveries(app, breaches.key) == [*ids, late]
    edits = [r for r in outbox(app) if r.op == "update" and r.ref_key == breaches.key]
    assert len(edits) == 1
    assert "Svarfristen er passert (4)" in to_text(Message.from_dict(edits[0].payload))
    await tick(app, due + timedelta(hours=4))
    (single,) = keys(app, "alert:breach:")
    assert single.key == f"alert:breach:{later}" and len(posts(app, "alert:breaches:")) == 1
    claim(app, "thea", ids[0], due + timedelta(hours=4, minutes=1))
    edits = [r for r in outbox(app) if r.op == "update" and r.ref_key == breaches.key]
    assert len(edits) == 2
    assert "Tatt av Thea Halvorsen" in to_text(Message.from_dict(edits[-1].payload))


async def test_open_queue_button_answers_with_the_queue(engine: Any) -> None:
    app = make_app(engine)
    arrive(app, ["Hvorfor?", "Hvorfor det?"], TUE_10)
    reply = dispatch_action(
        app,
        ActionRequest(
            platform="console",
            person="thea",
            action="moderation.open_queue",
            value="breaches",
            now=TUE_10 + timedelta(hours=1),
            locale="nb",
        ),
    )
    assert reply is not None and "Åpne kommentarer (2)" in to_text(reply.message)


async def test_a_deadline_at_closing_time_is_told_at_the_next_opening_not_at_night(
    engine: Any,
) -> None:
    """Friday 14 May 2027 18:00, before Constitution Day (Monday 17 May): the 24 h clock stops
    on Saturday, Sunday and the holiday and gives Tuesday 18:00, outside the opening hours -> the
    deadline is Tuesday 17:00 (closing time); the reminder goes out at 16:00 and the breach is
    told at Wednesday's opening, not at 17:00 or in the night."""
    app = make_app(engine, escalate_after_minutes={"high": 15, "normal": 6000})
    fri = datetime(2027, 5, 14, 18, 0, tzinfo=OSLO)
    (cid,), _ = arrive(app, ["Hvorfor?"], fri)
    tue = datetime(2027, 5, 18, tzinfo=OSLO)
    for hour in (8, 12, 15):
        await tick(app, tue.replace(hour=hour))
    assert keys(app, "alert:deadline:") == []
    await tick(app, tue.replace(hour=16))
    (rem,) = keys(app, "alert:deadline:")
    assert "tirsdag 18. mai 17:00" in to_text(Message.from_dict(rem.payload))
    for at in (tue.replace(hour=17), tue.replace(hour=22), tue + timedelta(hours=31)):
        await tick(app, at)
        assert keys(app, "alert:breach:") == [], at
    wed_open = datetime(2027, 5, 19, 8, 0, tzinfo=OSLO)
    await tick(app, wed_open)
    (breach,) = keys(app, "alert:breach:")
    assert breach.key == f"alert:breach:{cid}" and breach.created_at == wed_open
    assert breach.target.startswith("channel:")


def first_poll(app: App, n: int, created: datetime, at: datetime) -> list[int]:
    """A first poll of an account: ``n`` comments created at ``created``, stored at ``at``
    (the path a poll takes: ingest, then the pipeline)."""
    rows = [
        NormComment(
            account_id="fb-skatteetaten",
            external_id=f"backfill-{created.isoformat()}-{k}",
            post_external_id="post-1",
            parent_external_id=None,
            text=f"Hvorfor {k}?",
            author_platform_id=f"u{k}",
            author_name="Per",
            created_at=created + timedelta(minutes=k),
            permalink="https://www.facebook.com/x",
            from_page=False,
        )
        for k in range(n)
    ]
    with app.sessions.begin() as s:
        ids = ingest_comments(s, rows, now=at, salt="test").added
        on_new_comments(app, s, ids, at)
    return ids


async def test_old_comments_arriving_one_by_one_join_one_backfill_list(engine: Any) -> None:
    """After an outage Meta re-sends the webhooks it could not deliver, one old comment each:
    the channel gets one "older comments" list, edited as each joins it; an hour later a new
    backfill starts a new list."""
    app = make_app(engine, alert_mode="round_robin")
    old = TUE_10 - timedelta(days=2)
    first = first_poll(app, 1, old, TUE_10)
    second = first_poll(app, 1, old + timedelta(hours=1), TUE_10 + timedelta(minutes=3))
    third = first_poll(app, 1, old + timedelta(hours=2), TUE_10 + timedelta(minutes=7))
    (post,) = [r for r in outbox(app) if r.kind == "alert.backfill"]
    assert post.target == "channel:team-2"
    assert deliveries(app, post.key) == sorted(first + second + third)
    edits = [r for r in outbox(app) if r.op == "update" and r.ref_key == post.key]
    assert len(edits) == 2
    last = to_text(Message.from_dict(edits[-1].payload))
    assert "Eldre kommentarer hentet inn (3)" in last
    assert all(f"#{cid} " in last for cid in first + second + third)

    later = first_poll(app, 1, old + timedelta(hours=3), TUE_10 + timedelta(minutes=70))
    posts = [r for r in outbox(app) if r.kind == "alert.backfill"]
    assert len(posts) == 2 and deliveries(app, posts[-1].key) == later


async def test_a_first_poll_summarises_old_comments_once_and_never_alerts_them_singly(
    engine: Any,
) -> None:
    """118 comments from three days ago arrive with a first poll on Tuesday 10:00: one summary
    to the channel of the team on duty, no alert per comment, no breach card per comment; an
    hour later the lead hears of the unclaimed ones in one message, not 118."""
    app = make_app(engine, alert_mode="round_robin")
    ids = first_poll(app, 118, TUE_10 - timedelta(days=3), TUE_10)
    (summary,) = outbox(app)
    assert summary.kind == "alert.backfill" and summary.target == "channel:team-2"
    assert deliveries(app, summary.key) == sorted(ids)
    text = to_text(Message.from_dict(summary.payload))
    assert "Eldre kommentarer hentet inn (118)" in text and "og 103 til" in text
    # each line tells how long the writer has waited (three days), not when we fetched it
    assert text.count("(for 3 døgn siden)") == 15 and "nå nettopp" not in text
    for minutes in (1, 30, 60, 61, 120, 240):
        await tick(app, TUE_10 + timedelta(minutes=minutes))
    posts = [r for r in outbox(app) if r.op == "post"]
    # the deadlines passed before the comments arrived: no breach notice at all; the
    # escalations (the priority ones after 15 minutes, the rest after 60) make one message,
    # turned into a list by edits
    kinds = Counter(r.kind.removesuffix("s") for r in posts)
    assert kinds == {"alert.backfill": 1, "alert.escalation": 1}, kinds
    (esc,) = [r for r in posts if r.kind.startswith("alert.escalation")]
    assert esc.target == "user:erik" and deliveries(app, esc.key) == sorted(ids)
    # a comment created after the last digest is alerted as usual
    (fresh,) = first_poll(app, 1, TUE_10 + timedelta(hours=5), TUE_10 + timedelta(hours=5))
    assert keys(app, f"alert:comment:{fresh}:")


async def test_a_first_poll_at_night_waits_for_the_morning_summary(engine: Any) -> None:
    app = make_app(engine)
    ids = first_poll(app, 40, TUE_23 - timedelta(days=2), TUE_23)
    assert outbox(app) == []
    await tick(app, datetime(2026, 11, 25, 8, 0, tzinfo=OSLO))
    (away,) = [r for r in outbox(app) if r.op == "post"]
    assert away.kind == "alert.away" and "(40)" in to_text(Message.from_dict(away.payload))
    assert len(ids) == 40


def with_routes(app: App, team_id: str, **routes: str) -> None:
    teams = [
        t.model_copy(update={"alerts": AlertRoutes(**routes)}) if t.id == team_id else t  # type: ignore[arg-type]
        for t in app.config.teams
    ]
    app.config = app.config.model_copy(update={"teams": teams})


async def test_a_team_chooses_where_each_kind_of_alert_goes(engine: Any) -> None:
    """Team 2 wants new comments and escalations in its channel, deadline reminders there too
    and breaches to its lead; team 1 keeps the defaults."""
    app = make_app(engine)
    with_routes(app, "team-2", comment="channel", escalation="channel", reminder="channel",
                breach="lead")  # fmt: skip
    (cid,), _ = arrive(app, ["Hvorfor?"], TUE_10)
    assert [(r.key, r.target) for r in outbox(app)] == [
        (f"alert:comment:{cid}:team-2", "channel:team-2")
    ]
    await tick(app, TUE_10 + timedelta(minutes=60))
    (esc,) = keys(app, "alert:escalate:")
    assert esc.target == "channel:team-2"
    claim(app, "thea", cid, TUE_10 + timedelta(minutes=61))
    due = TUE_10 + timedelta(days=1)
    await tick(app, due - timedelta(minutes=60))
    (rem,) = keys(app, "alert:deadline:")
    assert rem.target == "channel:team-2"  # not thea's DM
    await tick(app, due)
    (breach,) = keys(app, "alert:breach:")
    assert breach.target == "user:erik"


async def test_default_routes_send_alerts_to_the_members_and_escalations_to_the_lead(
    engine: Any,
) -> None:
    app = make_app(engine, alert_mode="round_robin")
    assert app.config.team("team-2").alerts == AlertRoutes()  # type: ignore[union-attr]
    (cid,), _ = arrive(app, ["Hvorfor?"], TUE_10)
    (alert,) = outbox(app)
    assert alert.target.startswith("user:") and alert.target.split(":")[1] in TEAM2
