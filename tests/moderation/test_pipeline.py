"""New comments through the whole pipeline: classification, routing at the arrival time, alert
DMs in the outbox, batching, and "nobody off duty is ever messaged" (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.config import Config
from bot.duty.rotation import is_member_on_duty
from bot.duty.store import load_deviations, rotation_for
from bot.messages.console import to_text
from bot.messages.model import Actions, Message
from bot.moderation.pipeline import AlertReport, on_new_comments
from bot.sources.accounts import sync_accounts
from bot.sources.ingest import ingest_comments
from bot.sources.model import NormComment
from bot.store.db import session_factory
from bot.store.models import AlertDelivery, Comment, Outbox
from tests.support.idgen import near_miss, valid_number
from tests.support.paths import EXAMPLE_CONFIG

EXAMPLE = EXAMPLE_CONFIG
OSLO = ZoneInfo("Europe/Oslo")
# team-2 (lead erik) is on duty 23 Nov - 7 Dec 2026; opening 08-17, on call 17-21 (lead)
TUE_10 = datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)
TUE_19 = datetime(2026, 11, 24, 19, 0, tzinfo=OSLO)
TUE_23 = datetime(2026, 11, 24, 23, 0, tzinfo=OSLO)
TEAM2 = {"erik", "hanna", "jonas", "emma", "henrik", "thea", "sander"}
_ids = itertools.count(1)


def make_app(engine: Any, **moderation: Any) -> App:
    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    raw["moderation"].update({"alert_mode": "all", **moderation})
    config = Config.model_validate(raw)
    app = App(config=config, engine=engine, sessions=session_factory(engine))
    with app.sessions.begin() as s:
        sync_accounts(s, config)
    return app


def add_comments(
    s: Session,
    texts: list[str | None],
    at: datetime,
    *,
    post: str = "post-1",
    from_page: bool = False,
    account: str = "fb-skatteetaten",
) -> list[int]:
    rows = [
        NormComment(
            account_id=account,
            external_id=f"c{next(_ids)}",
            post_external_id=post,
            parent_external_id=None,
            text=text,
            author_platform_id="u1",
            author_name="Per",
            created_at=at,
            permalink="https://www.facebook.com/x",
            from_page=from_page,
        )
        for text in texts
    ]
    return ingest_comments(s, rows, now=at, salt="test").added


def arrive(
    app: App, texts: list[str | None], at: datetime, **kw: Any
) -> tuple[list[int], AlertReport]:
    with app.sessions.begin() as s:
        ids = add_comments(s, texts, at, **kw)
        report = on_new_comments(app, s, ids, at)
    return ids, report


def labels_of(app: App, cid: int) -> set[str]:
    with app.sessions() as s:
        c = s.get(Comment, cid)
        assert c is not None and c.labels is not None
        return {x for x in c.labels.split(",") if x}


def outbox(app: App, kind: str | None = None) -> list[Outbox]:
    with app.sessions() as s:
        q = select(Outbox).order_by(Outbox.id)
        if kind:
            q = q.where(Outbox.kind == kind)
        return list(s.scalars(q))


# --- labels through the pipeline -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Hvordan endrer jeg skattekortet mitt", "needs_answer"),
        ("Når kommer oppgjøret?", "needs_answer"),
        ("Hur ändrar jag min preliminärskatt", "needs_answer"),
        ("Ring meg på 934 56 789", "personal_data"),
        ("Skriv til ola.nordmann@example.no", "personal_data"),
        ("Dere er noen idioter", "troll"),
        ("Sjekk ut https://gratis-premie.example/klikk", "link"),
    ],
)
def test_each_label_is_stored_and_alerted(engine: Any, text: str, label: str) -> None:
    app = make_app(engine)
    (cid,), report = arrive(app, [text], TUE_10)
    assert label in labels_of(app, cid)
    assert report.alerted == 1 and report.messages == 7
    assert {r.target for r in outbox(app, "alert.comment")} == {f"user:{p}" for p in TEAM2}


@pytest.mark.parametrize("kind", ["no_fnr", "no_dnr", "se_pnr10", "se_pnr12", "se_snr"])
def test_identity_numbers_valid_flagged_wrong_check_digit_not(engine: Any, kind: str) -> None:
    app = make_app(engine)
    rng = random.Random(kind)
    good = valid_number(kind, rng)
    bad = near_miss(kind, rng)
    while bad.digits.startswith("0"):  # "0404090290" is a well-formed Swedish phone number
        bad = near_miss(kind, rng)
    (c_good, c_bad), _ = arrive(app, [f"Mitt nummer er {good.text}", f"Saksnr {bad.text}"], TUE_10)
    assert labels_of(app, c_good) == {"personal_data"}
    assert "personal_data" not in labels_of(app, c_bad)
    # the alert never carries the number itself
    for row in outbox(app, "alert.comment"):
        rendered = to_text(Message.from_dict(row.payload)) + row.payload["text"]
        assert good.digits not in rendered.replace(" ", "").replace("-", "")


def test_hate_word_from_config_and_defaults(engine: Any) -> None:
    app = make_app(engine, hate_words=["skurkestat"])
    (a, b), _ = arrive(app, ["For en skurkestat", "Fin dag i dag"], TUE_10)
    assert "hate" in labels_of(app, a)
    assert labels_of(app, b) == set()


def test_quiet_comments_are_classified_but_not_alerted(engine: Any) -> None:
    app = make_app(engine)
    long_text = "Takk for informasjonen. " * 2000
    ids, report = arrive(
        app, ["Takk!", "👏👏👏", "", None, long_text, "Здравствуйте друзья"], TUE_10
    )
    assert report.classified == 6 and report.quiet == 6 and report.alerted == 0
    assert outbox(app) == []
    with app.sessions() as s:
        assert all(s.get(Comment, i).labels == "" for i in ids)  # type: ignore[union-attr]


def test_page_own_comments_are_skipped(engine: Any) -> None:
    app = make_app(engine)
    _, report = arrive(app, ["Hei! Hva lurer du på?"], TUE_10, from_page=True)
    assert report.skipped == 1 and outbox(app) == []


def test_surge_labels_one_comment_per_cooldown(engine: Any) -> None:
    app = make_app(engine, batch_threshold=100)
    ids: list[int] = []
    for i in range(14):
        got, _ = arrive(app, [f"Enig {i}"], TUE_10 + timedelta(minutes=2 * i), post="hot")
        ids += got
    surged = [i for i in ids if "surge" in labels_of(app, i)]
    assert len(surged) == 1  # the tenth arrival within the hour; then the cool-down holds
    assert ids.index(surged[0]) == 9
    # another post is not affected
    (other,), _ = arrive(app, ["Enig"], TUE_10 + timedelta(minutes=30), post="calm")
    assert "surge" not in labels_of(app, other)


def test_alert_message_has_everything_a_moderator_needs(engine: Any) -> None:
    app = make_app(engine)
    (cid,), _ = arrive(app, ["Hvorfor er skattekortet feil? Ring 934 56 789"], TUE_10)
    row = next(r for r in outbox(app) if r.target == "user:emma")  # emma reads Swedish
    msg = Message.from_dict(row.payload)
    assert row.key == f"alert:comment:{cid}:emma" and msg.locale == "sv"
    text = to_text(msg)
    assert "934" not in text and "934" not in msg.text
    for part in ("Skatteetaten", "Behöver svar", "Personuppgifter", "Svara senast", "CET"):
        assert part in text
    assert "onsdag 25 nov. 10:00 CET" in text  # 24 h later, local and labelled
    buttons = [b for blk in msg.blocks if isinstance(blk, Actions) for b in blk.buttons]
    assert [b.action for b in buttons] == [
        "moderation.claim",
        "moderation.reply",
        "moderation.answered",
        "moderation.hide",
        "moderation.not_relevant",
    ]
    assert all(b.value == str(cid) for b in buttons)
    assert msg.text.startswith("Behöver svar, Personuppgifter") or "Personuppgifter" in msg.text


# --- routing ---------------------------------------------------------------------------------


def test_inside_hours_all_available_members_get_it(engine: Any) -> None:
    app = make_app(engine)
    (cid,), _ = arrive(app, ["Når kommer pengene?"], TUE_10)
    with app.sessions() as s:
        people = set(s.scalars(select(AlertDelivery.person).where(AlertDelivery.comment_id == cid)))
    assert people == TEAM2


def test_round_robin_spreads_alerts(engine: Any) -> None:
    app = make_app(engine, alert_mode="round_robin")
    for i in range(7):
        arrive(app, [f"Spørsmål {i}?"], TUE_10 + timedelta(minutes=i))
    assert sorted(r.target for r in outbox(app)) == sorted(f"user:{p}" for p in TEAM2)


def test_on_call_gets_priority_labels_only(engine: Any) -> None:
    app = make_app(engine)
    (q,), r1 = arrive(app, ["Når kommer pengene?"], TUE_19)
    (pd,), r2 = arrive(app, ["Ring meg på 934 56 789"], TUE_19)
    assert r1.queued == 1 and r2.alerted == 1
    assert [r.target for r in outbox(app)] == ["user:erik"]
    with app.sessions() as s:
        assert s.get(Comment, q).routed_at is None  # type: ignore[union-attr]


def test_closed_hours_queue_without_messages(engine: Any) -> None:
    app = make_app(engine)
    _, report = arrive(app, ["Ring meg på 934 56 789", "Når?"], TUE_23)
    assert report.queued == 2 and outbox(app) == []


def test_routing_uses_arrival_time_across_the_handoff(engine: Any) -> None:
    """Team 1 until Monday 7 Dec 08:00, team 2 before; duty is asked at received_at."""
    app = make_app(engine)
    before = datetime(2026, 12, 7, 7, 59, tzinfo=OSLO)  # Monday before opening: closed
    after = datetime(2026, 12, 7, 8, 1, tzinfo=OSLO)
    friday = datetime(2026, 12, 4, 16, 59, tzinfo=OSLO)
    arrive(app, ["Hvorfor?"], friday)
    arrive(app, ["Hvorfor?"], before)
    arrive(app, ["Hvorfor?"], after)
    targets = [r.target.split(":")[1] for r in outbox(app)]
    team1 = {"kari", "ola", "ingrid", "lars", "sofie", "magnus", "nora"}
    assert set(targets[:7]) == TEAM2 and set(targets[7:]) == team1 and len(targets) == 14


def test_absent_member_is_not_messaged(engine: Any) -> None:
    from bot.duty.store import AbsenceRequest, add_absence

    app = make_app(engine)
    with app.sessions.begin() as s:
        add_absence(
            s, AbsenceRequest("hanna", TUE_10.date(), TUE_10.date(), "sick"), by="hanna", now=TUE_10
        )
    arrive(app, ["Hvorfor?"], TUE_10)
    assert {r.target for r in outbox(app)} == {f"user:{p}" for p in TEAM2 - {"hanna"}}


# --- batching --------------------------------------------------------------------------------


def test_burst_more_than_k_within_a_minute_is_held_for_one_group(engine: Any) -> None:
    app = make_app(engine, alert_mode="round_robin", batch_threshold=3)
    # round robin with one person available: make everyone but thea absent
    from bot.duty.store import AbsenceRequest, add_absence

    with app.sessions.begin() as s:
        for p in TEAM2 - {"thea"}:
            add_absence(
                s, AbsenceRequest(p, TUE_10.date(), TUE_10.date(), "other"), by=p, now=TUE_10
            )
    _, r1 = arrive(app, ["Hvorfor?", "Hvordan?"], TUE_10)
    _, r2 = arrive(app, ["Når?", "Hvor?", "Hva?", "Hvem?"], TUE_10 + timedelta(seconds=30))
    assert (r1.messages, r1.batched) == (2, 0)
    assert (r2.messages, r2.batched) == (1, 3)
    assert len(outbox(app, "alert.comment")) == 3
    # a minute later the window is fresh again
    _, r3 = arrive(app, ["Hvorfor ikke?"], TUE_10 + timedelta(seconds=95))
    assert (r3.messages, r3.batched) == (1, 0)


# --- nobody off duty is ever messaged ---------------------------------------------------------

TEXTS = ["Ring meg på 934 56 789", "Når kommer pengene?", "Dere er idioter", "Takk!", "Hei"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    minutes=st.lists(st.integers(0, 60 * 24 * 42), min_size=1, max_size=6),
    picks=st.lists(st.integers(0, len(TEXTS) - 1), min_size=6, max_size=6),
    mode=st.sampled_from(["all", "round_robin"]),
)
def test_nobody_off_duty_is_ever_messaged(
    engine: Any, minutes: list[int], picks: list[int], mode: str
) -> None:
    app = make_app(engine, alert_mode=mode, batch_threshold=1000)
    rotation = rotation_for(app)
    assert rotation is not None
    start = datetime(2026, 11, 20, 0, 0, tzinfo=OSLO)
    for i, m in enumerate(sorted(minutes)):
        at = start + timedelta(minutes=m)
        with app.sessions.begin() as s:
            first = s.scalar(select(Outbox.id).order_by(Outbox.id.desc()).limit(1)) or 0
            ids = add_comments(s, [TEXTS[picks[i]]], at)
            on_new_comments(app, s, ids, at)
            deviations = load_deviations(s)
            new = s.scalars(select(Outbox).where(Outbox.id > first)).all()
        for row in new:
            assert row.target.startswith("user:")
            person = row.target.split(":", 1)[1]
            assert is_member_on_duty(rotation, person, at, deviations), (person, at)
