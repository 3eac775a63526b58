"""Every registered action (dispatch.actions()) pressed once through the real Teams path.

Real state is made by the real code: plan reminders by the scheduler Runner, moderation alerts
by bot.moderation.pipeline.on_new_comments, swap requests and the plan.add form by commands sent to
/api/messages. The outbox is delivered proactively through the real TeamsTransport to the fake
Bot Connector (tests/fake_connector.py); each button is then taken from an Adaptive Card the
connector recorded and pressed by POSTing its Action.Submit ``data`` (plus form inputs) to the
real /api/messages. Each press must reach its handler (a visible effect in the database or the
answer) and update the card in place (PUT) or be answered with a new card.

Exception: home.settings and home.help live on the App Home, which only Slack has. Teams never
shows that message by itself, so the test delivers the real ``home_message`` through the outbox
as a personal-chat card to press them (home.settings_save comes from the card that press sent).
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from aiohttp import ClientSession
from sqlalchemy import select

import tests.support.fake_connector as fk
from bot.app import App
from bot.config import Config
from bot.delivery.outbox import enqueue
from bot.delivery.sender import Sender
from bot.moderation.actions import perform_pending
from bot.moderation.messages import list_message
from bot.moderation.pipeline import load_contexts, on_new_comments
from bot.plan.store import get_state
from bot.settings import Secrets
from bot.sources.accounts import sync_accounts
from bot.sources.meta.client import MetaClient
from bot.store.db import make_engine, session_factory
from bot.store.models import Comment, Outbox, PlanItemRow, Setting, SwapRow
from bot.transports.teams.adapter import RetryPolicy
from bot.transports.teams.transport import TeamsTransport
from handlers import dispatch
from handlers.home import home_message
from handlers.moderation.replies import REPLY_SEND
from scheduler.plan import jobs as plan_jobs
from scheduler.runner import Runner
from tests.moderation.test_pipeline import add_comments
from tests.plan.test_store import item, store
from tests.support import cards
from tests.support.fake_connector import FakeConnector, Recorded
from tests.support.fake_graph import FakeGraph
from tests.transports.teams.test_e2e import (
    CONFIG,
    Env,
    RecordingSleep,
    assert_valid_card,
    card_text,
    start_server,
)

OSLO = ZoneInfo("Europe/Oslo")
# team-2 (erik, hanna, ...) is on duty 23 Nov - 7 Dec 2026; a Tuesday inside its shift
MORNING = datetime(2026, 11, 24, 9, 0, tzinfo=OSLO)  # plan.reminders fires at 09:00
ARRIVAL = datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)  # comments come in
CLOCK = datetime(2026, 11, 24, 10, 15, tzinfo=OSLO)  # the bot's clock for messages and presses
DEADLINE = date(2026, 12, 8)  # 14 days after MORNING: the first reminder is due at MORNING
PLAN_ITEMS = {  # item key -> the reminder button pressed on it
    "rapport-done": "plan.done",
    "rapport-skip": "plan.skip",
    "rapport-snooze-dag": "plan.snooze_1d",
    "rapport-snooze-uke": "plan.snooze_1w",
}
PLAN_STATE = {  # (status, by, snoozed until) after the press; both snoozes end on working days
    "plan.done": ("done", "ola", None),
    "plan.skip": ("skipped", "kari", None),
    "plan.snooze_1d": ("open", "kari", date(2026, 11, 25)),
    "plan.snooze_1w": ("open", "kari", date(2026, 12, 1)),
}


def teams_config() -> Config:
    """examples/vaktbot.yml with everyone known to Teams (teams_id = the AAD id fk.user() sends)
    and alerts going to every on-duty member."""
    raw = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    for person in raw["people"]:
        person["teams_id"] = f"aad-{person['id']}"
    raw["moderation"]["alert_mode"] = "all"
    return Config.model_validate(raw)


@contextmanager
def graph_in_thread() -> Iterator[FakeGraph]:
    """A fake Graph API on its own event loop: the hide handler is synchronous and blocks the
    server's loop while it waits for Meta, so Meta must not be served by that same loop."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    graph = asyncio.run_coroutine_threadsafe(FakeGraph().start(), loop).result(10)
    try:
        yield graph
    finally:
        asyncio.run_coroutine_threadsafe(graph.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@pytest.fixture
async def env(db_url: str) -> AsyncIterator[Env]:
    fc = await FakeConnector().start()
    engine = make_engine(db_url)
    config = teams_config()
    app = App(
        config=config,
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(VAKTBOT_PLATFORM="teams", MicrosoftAppTenantId=fk.TENANT),
    )
    with app.sessions.begin() as s:
        sync_accounts(s, config)
    sleep = RecordingSleep()
    TeamsTransport.from_app(app).retry = RetryPolicy(sleep=sleep, rng=random.Random(1))
    runner, url = await start_server(app)
    app.clock = lambda: CLOCK
    async with ClientSession() as http:
        yield Env(app, fc, url, http, sleep, db_url, [runner])
    await runner.cleanup()
    await fc.stop()
    engine.dispose()


# --- helpers ------------------------------------------------------------------------------------


async def drain(env: Env, now: datetime) -> list[Recorded]:
    """Deliver the whole outbox through the real TeamsTransport (past the 7/s rate limit);
    returns what reached the connector."""
    before = len(env.fc.requests)
    sender = Sender(env.app.sessions, TeamsTransport.from_app(env.app), rng=random.Random(1))
    for i in range(30):
        report = await sender.drain(now + timedelta(seconds=2 * i))
        if not report.sent and not report.deferred:
            break
    with env.app.sessions() as s:
        left = [(r.key, r.status, r.last_error) for r in s.scalars(select(Outbox))]
    assert all(status == "sent" for _, status, _ in left), [x for x in left if x[1] != "sent"]
    out = env.fc.requests[before:]
    assert all(r.status == 200 for r in out)
    return out


def buttons(env: Env, action: str, conversation: str) -> list[tuple[Recorded, dict[str, Any]]]:
    """(recorded activity, Action.Submit data) of every delivered card in ``conversation`` that
    carries ``action``, oldest first (a PUT counts: its card replaced the posted one)."""
    found = []
    for rec in env.fc.delivered:
        if rec.conversation_id.split(";")[0] == conversation:
            found += [
                (rec, d) for d in cards.submit_data(rec.card or {}) if d.get("action") == action
            ]
    return found


class Presser:
    def __init__(self, env: Env) -> None:
        self.env = env
        self.pressed: set[str] = set()

    async def press(
        self,
        rec: Recorded,
        data: dict[str, Any],
        who: str,
        form: dict[str, str] | None = None,
        *,
        in_place: bool,
    ) -> list[Recorded]:
        """Press the button ``data`` of the card ``rec`` as Teams would; returns what the bot
        sent the connector. ``in_place``: the card must be updated (PUT), else answered anew."""
        env = self.env
        card_id = rec.new_id or ""
        conv_id = rec.conversation_id.split(";")[0]
        conversation = (
            fk.personal(who) if conv_id.startswith("a:") else fk.channel(conv_id, root=card_id)
        )
        before = len(env.fc.requests)
        value = {**data, **(form or {})}  # Teams merges the card's input values into data
        activity = fk.submit(env.fc.url, who, value, card_id=card_id, conversation=conversation)
        if not conv_id.startswith("a:"):
            activity["channelData"] = fk.team_data(conv_id)
        assert await env.post(activity) == 201
        self.pressed.add(data["action"])
        out = env.fc.requests[before:]
        assert out, f"{data['action']}: no answer"
        assert all(r.status == 200 for r in out)
        for r in out:
            assert_valid_card(r)
        if in_place:
            assert [(r.op, r.method, r.activity_id) for r in out] == [("update", "PUT", card_id)]
            assert out[0].conversation_id.split(";")[0] == conv_id
        else:
            assert all(r.op in ("send", "reply") for r in out)
        return out


# --- the test -----------------------------------------------------------------------------------


async def test_every_action_is_pressed_through_teams(env: Env) -> None:
    app, fc = env.app, env.fc
    for person in app.config.people:  # everyone opens a personal chat with the bot
        assert await env.post(fk.install_personal(fc.url, person.id)) == 201
    assert await env.post(fk.install_team(fc.url)) == 201
    assert await env.post(fk.message_channel(fc.url, "kari", "link team-1")) == 201

    # plan reminders by the scheduler: a DM to each owner (kari, ola) per item - the owners
    # or the channel, not both (plan.notify)
    owners = ("kari", "ola")
    items = [item(k, DEADLINE, team="team-1", owners=owners) for k in PLAN_ITEMS]
    store(app, items, today=date(2026, 11, 1))
    fired = await Runner(app, plan_jobs(app.config)).run_due(MORNING)
    assert ("plan.reminders", MORNING) in fired
    # three alert-worthy comments: each goes to every member of team-2 (on duty)
    texts = ["Dere er noen idioter", "Hvordan endrer jeg skattekortet mitt", "Dere er tullinger"]
    with app.sessions.begin() as s:
        comment_ids = add_comments(s, list(texts), ARRIVAL)
        assert on_new_comments(app, s, comment_ids, ARRIVAL).alerted == 3
    # two swap requests, asked in Teams: hanna -> ola (to accept), hanna -> ingrid (to decline)
    for text in ("vakt swap @ola 2026-11-26", "vakt swap @ingrid 2026-11-27"):
        assert await env.post(fk.message_personal(fc.url, "hanna", text)) == 201
    # the App Home message (Slack's Home tab) as a card in kari's personal chat
    with app.sessions.begin() as s:
        enqueue(
            s,
            key="test:home:kari",
            kind="test.home",
            target="user:kari",
            message=home_message(app, "kari", CLOCK, "nb"),
            now=CLOCK,
        )
    await drain(env, CLOCK)

    presser = Presser(env)
    await press_swaps(env, presser)
    await press_plan_reminders(env, presser)
    await press_alerts(env, presser, comment_ids)
    await press_home(env, presser)
    await press_plan_add(env, presser)

    assert presser.pressed == set(dispatch.actions())


async def press_swaps(env: Env, p: Presser) -> None:
    [(card, accept)] = buttons(env, "duty.swap_accept", "a:personal-ola")
    await p.press(card, accept, "ola", in_place=True)
    [(card, decline)] = buttons(env, "duty.swap_decline", "a:personal-ingrid")
    await p.press(card, decline, "ingrid", in_place=True)
    with env.app.sessions() as s:
        swaps = {r.to_id: r.status for r in s.scalars(select(SwapRow))}
    assert swaps == {"ola": "accepted", "ingrid": "declined"}
    answers = await drain(env, CLOCK + timedelta(minutes=1))  # hanna hears both answers
    assert [(r.op, r.conversation_id) for r in answers] == [("send", "a:personal-hanna")] * 2


async def press_plan_reminders(env: Env, p: Presser) -> None:
    def occurrence_state(key: str) -> tuple[str, str | None, date | None]:
        with env.app.sessions() as s:
            st = get_state(s, key, DEADLINE)
        until = st.snoozed_until.astimezone(OSLO).date() if st.snoozed_until else None
        return st.status, st.by, until

    for key, action in PLAN_ITEMS.items():
        value = f"{key}|{DEADLINE.isoformat()}"
        dm = [(r, d) for r, d in buttons(env, action, "a:personal-kari") if d["value"] == value]
        ola = [(r, d) for r, d in buttons(env, action, "a:personal-ola") if d["value"] == value]
        chan = [(r, d) for r, d in buttons(env, action, fk.TEAM_CHANNEL) if d["value"] == value]
        assert len(dm) == 1 and len(ola) == 1, f"{key}: one reminder per conversation"
        assert chan == [], f"{key}: the owners are told, not the channel as well"
        # done is pressed in ola's personal chat, the others in kari's
        pressed, other = (ola[0], dm[0]) if action == "plan.done" else (dm[0], ola[0])
        [put] = await p.press(*pressed, "ola" if action == "plan.done" else "kari", in_place=True)
        edits = await drain(env, CLOCK + timedelta(minutes=2))
        assert action not in card_text(put.card or {})  # the pressed card loses its buttons
        if action in ("plan.done", "plan.skip"):  # the other copy is edited through the outbox
            [edit] = edits
            assert (edit.op, edit.activity_id) == ("update", other[0].new_id)
            assert edit.conversation_id.split(";")[0] == other[0].conversation_id
            assert action not in card_text(edit.card or {})
        else:
            assert edits == []  # a snooze leaves the other copy's buttons alone
        assert occurrence_state(key) == PLAN_STATE[action]


async def press_alerts(env: Env, p: Presser, comment_ids: list[int]) -> None:
    claim_id, dismiss_id, hide_id = (str(c) for c in comment_ids)

    def hanna_card(action: str, cid: str) -> tuple[Recorded, dict[str, Any]]:
        found = [(r, d) for r, d in buttons(env, action, "a:personal-hanna") if d["value"] == cid]
        assert found, f"no {action} button for comment {cid} in hanna's chat"
        return found[-1]  # the latest version of the card

    def state(cid: str) -> tuple[str, str | None]:
        with env.app.sessions() as s:
            c = s.get(Comment, int(cid))
            assert c is not None
            return c.state, c.state_by

    # Claim: hanna's card changes in place, the six other copies are edited through the outbox
    [put] = await p.press(*hanna_card("moderation.claim", claim_id), "hanna", in_place=True)
    assert state(claim_id) == ("claimed", "hanna")
    assert "Hanna Kristiansen" in card_text(put.card or {})
    edits = await drain(env, CLOCK + timedelta(minutes=3))
    assert all(r.op == "update" for r in edits)
    # every copy, hanna's own too (already replaced by the press, now edited once more)
    assert sorted(r.conversation_id for r in edits) == sorted(
        f"a:personal-{m}" for m in ("erik", "hanna", "jonas", "emma", "henrik", "thea", "sander")
    )
    # "Mark answered" taken from the card the claim press PUT
    await p.press(*hanna_card("moderation.answered", claim_id), "hanna", in_place=True)
    assert state(claim_id) == ("answered", "hanna")

    await p.press(*hanna_card("moderation.not_relevant", dismiss_id), "hanna", in_place=True)
    assert state(dismiss_id)[0] == "dismissed"

    with graph_in_thread() as graph:
        env.app.meta = lambda account: MetaClient(graph.token, base_url=graph.url, max_retries=0)
        await p.press(*hanna_card("moderation.hide", hide_id), "hanna", in_place=True)
        with env.app.sessions() as s:
            c = s.get(Comment, int(hide_id))
            assert c is not None and c.is_hidden and c.state == "hidden"
            assert graph.hidden == {c.external_id: True}
        # a grouped notice (the lead's escalations) carries one button that opens the queue
        with env.app.sessions.begin() as s:
            rows = list(s.scalars(select(Comment).where(Comment.id.in_(comment_ids))))
            ctxs = load_contexts(env.app, s, rows)
            notice = list_message(env.app, list(ctxs.values()), "nb", CLOCK, "escalations")
            enqueue(s, key="test:escalations", kind="alert.escalations", target="user:hanna",
                    message=notice, now=CLOCK)  # fmt: skip
        await drain(env, CLOCK + timedelta(minutes=4))
        [(card, data)] = buttons(env, "moderation.open_queue", "a:personal-hanna")
        answer = await p.press(card, data, "hanna", in_place=False)
        # the three comments were answered, dismissed and hidden above: the queue is empty
        assert any("Ingen åpne kommentarer" in card_text(r.card or {}) for r in answer)
        await review_and_reply(env, p, graph, hide_id, hanna_card, state)


def premoderate(app: App, account_id: str) -> None:
    accounts = [
        a.model_copy(update={"premoderate": True}) if a.id == account_id else a
        for a in app.config.accounts
    ]
    app.config = app.config.model_copy(update={"accounts": accounts})


async def review_and_reply(
    env: Env, p: Presser, graph: FakeGraph, hidden_id: str, hanna_card: Any, state: Any
) -> None:
    """Issue 19: Show undoes the hide; a pre-moderated comment hidden on arrival is kept hidden;
    a reply from the card's form, submitted twice, is posted once."""
    app = env.app

    def ext(cid: str) -> str:
        with app.sessions() as s:
            c = s.get(Comment, int(cid))
            assert c is not None
            return c.external_id

    [put] = await p.press(*hanna_card("moderation.show", hidden_id), "hanna", in_place=True)
    assert state(hidden_id) == ("claimed", "hanna") and graph.hidden[ext(hidden_id)] is False
    assert "Tatt av Hanna Kristiansen" in card_text(put.card or {})

    premoderate(app, "ig-skatteetaten")
    with app.sessions.begin() as s:
        kept, asked = add_comments(s, ["Fint bilde!"], ARRIVAL, account="ig-skatteetaten") + (
            add_comments(s, ["Hvordan søker jeg om utsettelse?"], ARRIVAL)
        )
        on_new_comments(app, s, [kept, asked], ARRIVAL)
    await asyncio.to_thread(perform_pending, app, CLOCK, [kept])
    assert graph.hidden[ext(str(kept))] is True
    await drain(env, CLOCK + timedelta(minutes=4))
    card, keep = hanna_card("moderation.keep_hidden", str(kept))
    assert "Skjult automatisk ved ankomst (regel: forhåndsmoderering)" in card_text(card.card or {})
    await p.press(card, keep, "hanna", in_place=True)
    assert state(str(kept)) == ("hidden", "hanna")

    [form_card] = await p.press(
        *hanna_card("moderation.reply", str(asked)), "hanna", in_place=False
    )
    assert "text" in cards.inputs(form_card.card or {})
    [(_, send)] = [
        (form_card, d) for d in cards.submit_data(form_card.card or {}) if d["action"] == REPLY_SEND
    ]
    text = "Hei Per, søk på skatteetaten.no/utsettelse"
    for _ in range(2):  # pressed twice: one reply
        await p.press(form_card, send, "hanna", {"text": text}, in_place=False)
    assert graph.replies == [(ext(str(asked)), "comments", text)]
    assert state(str(asked)) == ("answered", "hanna")


async def press_home(env: Env, p: Presser) -> None:
    [(home, settings)] = buttons(env, "home.settings", "a:personal-kari")
    [(_, help_button)] = buttons(env, "home.help", "a:personal-kari")
    [answer] = await p.press(home, help_button, "kari", in_place=False)
    assert answer.conversation_id == "a:personal-kari"
    help_text = card_text(answer.card or {})  # the help card lists every command, Teams-style
    # (angle brackets of placeholders such as <nr> are shown as ‹nr›: no markup from text)
    shown = help_text.replace("‹", "<").replace("›", ">")
    assert all(f"@vaktbot {cmd}" in shown for cmd, _ in dispatch.help_entries())
    [form_card] = await p.press(home, settings, "kari", in_place=False)
    fields = cards.inputs(form_card.card or {})
    assert "en" in [c["value"] for c in fields["locale"]["choices"]]
    [(_, save)] = _saves(form_card)
    await p.press(form_card, save, "kari", {"locale": "en"}, in_place=False)
    with env.app.sessions() as s:
        row = s.get(Setting, "home.locale.kari")
        assert row is not None and row.value == "en"


def _saves(rec: Recorded) -> list[tuple[Recorded, dict[str, Any]]]:
    return [
        (rec, d) for d in cards.submit_data(rec.card or {}) if d["action"] == "home.settings_save"
    ]


async def press_plan_add(env: Env, p: Presser) -> None:
    before = len(env.fc.requests)
    assert await env.post(fk.message_personal(env.fc.url, "kari", "vakt plan add")) == 201
    [form_card] = env.fc.requests[before:]
    fields = cards.inputs(form_card.card or {})
    assert {"when", "title", "owner"} <= set(fields)
    [submit] = [d for d in cards.submit_data(form_card.card or {}) if d["action"] == "plan.add"]
    values = {name: str(f.get("value", "")) for name, f in fields.items()}
    values.update({"when": "2027-03-15", "title": "Budsjettinnspill", "owner": "kari"})
    [answer] = await p.press(form_card, submit, "kari", values, in_place=False)
    assert "Budsjettinnspill" in card_text(answer.card or {})
    with env.app.sessions() as s:
        row = s.scalars(select(PlanItemRow).where(PlanItemRow.title == "Budsjettinnspill")).one()
        assert row.owners == ["kari"] and row.source == "chat:kari"
