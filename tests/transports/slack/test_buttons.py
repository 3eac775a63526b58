"""Every button of every feature pressed once through the real Slack path (issue 8).

The state is made by the real code (a /vakt swap, plan items added through the plan.add modal and
reminded by the scheduler Runner, comments alerted by bot.moderation.pipeline), the outbox is
delivered by the real Sender + SlackTransport to the fake Slack Web API
(tests/support/fake_slack.py), and each button is taken from the blocks fake Slack holds
(chat.postMessage, views.publish) and pressed with a signed block_actions request on /slack/events
(HTTP mode). Form-only actions (the callback_id of a modal: home.settings_save, plan.add) are
submitted with view_submission.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp import ClientSession
from sqlalchemy import func, select

from bot.app import App
from bot.delivery.sender import Sender
from bot.i18n import fmt_time, t
from bot.moderation.actions import perform_pending
from bot.moderation.pipeline import on_new_comments
from bot.sources.accounts import sync_accounts
from bot.sources.meta.client import MetaClient
from bot.store.models import Comment, PlanItemRow, Setting, SwapRow
from bot.transports.slack.transport import SlackTransport
from bot.web.server import build_web_app
from handlers import dispatch, duty, home
from handlers.moderation import comments as moderation
from handlers.moderation import replies
from handlers.plan import add as plan_add
from handlers.plan import commands as plan_commands
from scheduler.plan import jobs as plan_jobs
from scheduler.runner import Runner
from tests.moderation.test_pipeline import add_comments
from tests.support import loopback
from tests.support.fake_graph import FakeGraph
from tests.support.fake_slack import APP_ID, TEAM_ID, FakeSlack
from tests.transports.slack.test_e2e import NOW, Env, make_app

OSLO = ZoneInfo("Europe/Oslo")
FORM_ONLY = {
    home.SAVE_ACTION,
    plan_add.ADD_ACTION,
    replies.REPLY_SEND,
}  # modal callback_ids: no button carries them
FEATURES = (duty, moderation, plan_commands, home)  # every handlers module with ACTIONS


@dataclass
class Bed:
    env: Env
    sender: Sender
    now: datetime = NOW
    drained_to: datetime = NOW
    pressed: set[str] = field(default_factory=set)
    submitted: set[str] = field(default_factory=set)

    @property
    def fake(self) -> FakeSlack:
        return self.env.fake

    async def deliver(self) -> None:
        """Drain the outbox until it is empty, stepping past the 1 msg/s per channel limit."""
        at = max(self.drained_to, self.now)
        for _ in range(40):
            report = await self.sender.drain(at)
            if not report.sent and not report.deferred and not report.retried:
                break
            at += timedelta(seconds=6)
        else:
            raise AssertionError("the outbox did not empty")
        self.drained_to = at

    def posted(self, key_prefix: str) -> list[tuple[str, dict[str, Any]]]:
        """(channel, message) of what fake Slack holds for outbox keys starting with a prefix."""
        out = []
        for channel, messages in self.fake.history.items():
            for msg in messages:
                key = ((msg.get("metadata") or {}).get("event_payload") or {}).get("key", "")
                if key.startswith(key_prefix):
                    out.append((channel, msg))
        return sorted(out, key=lambda cm: cm[1]["ts"])

    async def press(
        self, name: str, user: str, at: tuple[str, dict[str, Any]] | None, view: Any = None
    ) -> None:
        """Press the control ``name`` shown in the posted message ``at`` = (channel, message),
        or in the App Home ``view``."""
        channel, message = at or ("", None)
        shown = controls((message or view or {}).get("blocks") or [])
        assert name in shown, f"{name} not among the posted controls {sorted(shown)}"
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "api_app_id": APP_ID,
            "user": {"id": user},
            "trigger_id": f"1337.{len(self.pressed)}.btn",
            "actions": [shown[name]],
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view["id"]}
            payload["view"] = {**view, "app_id": APP_ID}
        else:
            assert message is not None
            payload["response_url"] = self.fake.response_url(name)
            payload["container"] = {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": channel,
                "is_ephemeral": False,
            }
            payload["channel"] = {"id": channel}
            payload["message"] = message
        status, _ = await self.env.interact(payload)
        assert status == 200, name
        self.pressed.add(name)

    async def submit(self, modal: dict[str, Any], user: str, values: dict[str, str]) -> Any:
        """Fill the modal's inputs (by block_id) and submit it; returns the ack body."""
        state: dict[str, Any] = {}
        for block in modal["blocks"]:
            if block["type"] != "input":
                continue
            el, value = block["element"], values.get(block["block_id"])
            entry: dict[str, Any] = {"type": el["type"]}
            if el["type"] == "static_select":
                entry["selected_option"] = {"value": value} if value else None
            else:
                entry["value"] = value
            state[block["block_id"]] = {el["action_id"]: entry}
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM_ID},
            "api_app_id": APP_ID,
            "user": {"id": user},
            "view": {
                "id": "VMODAL",
                "type": "modal",
                "callback_id": modal["callback_id"],
                "private_metadata": modal.get("private_metadata") or "",
                "state": {"values": state},
            },
        }
        status, body = await self.env.interact(payload)
        assert status == 200
        self.submitted.add(modal["callback_id"])
        return json.loads(body) if body else None

    def updates_of(self, channel: str, ts: str) -> list[dict[str, Any]]:
        return [
            c.args
            for c in self.fake.of("chat.update")
            if (c.args.get("channel"), c.args.get("ts")) == (channel, ts)
        ]


def controls(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Action name -> the ``actions`` entry Slack sends when that button / menu option is used."""
    out: dict[str, dict[str, Any]] = {}
    for block in blocks:
        if block.get("type") != "actions":
            continue
        bid = block.get("block_id") or "actions"
        for el in block["elements"]:
            if el["type"] == "button" and not el.get("url"):
                name = re.sub(r"~\d+$", "", el["action_id"])
                out[name] = {"type": "button", "action_id": el["action_id"], "block_id": bid}
                out[name]["value"] = el.get("value", "")
            elif el["type"] == "overflow":
                for opt in el["options"]:
                    entry = {"type": "overflow", "action_id": el["action_id"], "block_id": bid}
                    out[opt["value"].split("|")[0]] = {**entry, "selected_option": opt}
    return out


def text_of(payload: dict[str, Any]) -> str:
    return json.dumps(payload.get("blocks") or [], ensure_ascii=False) + str(payload.get("text"))


def user_of(channel: str) -> str:
    assert channel.startswith("D"), channel  # fake Slack: DM with U01X is D01X
    return "U" + channel[1:]


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    """A fake Meta Graph API on its own thread and loop: "Hide on platform" waits for Meta
    synchronously inside the Slack listener, so a server on the test's loop could never answer."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    fake = asyncio.run_coroutine_threadsafe(FakeGraph().start(), loop).result(10)
    yield fake
    asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


@pytest.fixture
async def bed(db_url: str, graph: FakeGraph) -> AsyncIterator[Bed]:
    fake = await FakeSlack().start()
    app = make_app(db_url, fake.api_url)
    holder: list[Bed] = []
    app.clock = lambda: holder[0].now  # read by the Slack edge at every request
    app.meta = lambda account: MetaClient(graph.token, base_url=graph.url)
    with app.sessions.begin() as s:
        sync_accounts(s, app.config)
    runner, port = await loopback.serve(build_web_app(app))
    async with ClientSession() as http:
        env = Env(app, fake, http, f"http://127.0.0.1:{port}/slack/events")
        holder.append(Bed(env, Sender(app.sessions, SlackTransport.from_app(app))))
        yield holder[0]
    await runner.cleanup()
    await fake.stop()
    app.engine.dispose()


# --- the scenarios: each makes real state, delivers it, presses what Slack shows --------------


async def duty_buttons(bed: Bed) -> None:
    """hanna asks ola to take two of her days; ola accepts one request and declines the other."""
    app, fake = bed.env.app, bed.fake
    for day in ("25.11.2026", "26.11.2026"):
        await bed.env.command(f"swap @ola {day}", user="U02HANNA")
    await fake.wait_for(lambda: len([r for r in fake.responses if r["rid"] == "swap"]) >= 2)
    assert all("Jeg har spurt Ola Hansen" in r["text"] for r in fake.responses)
    await bed.deliver()
    requests = bed.posted("duty:swap:")
    assert [c for c, _ in requests] == ["D01OLA", "D01OLA"]
    for (channel, msg), name, verb in zip(
        requests, ("duty.swap_accept", "duty.swap_decline"), ("godtok", "avslo"), strict=True
    ):
        assert "Hanna Kristiansen spør om du kan ta vakten" in msg["text"]
        await bed.press(name, "U01OLA", (channel, msg))
        await fake.wait_for(lambda c=channel, m=msg: bed.updates_of(c, m["ts"]))
        [edit] = bed.updates_of(channel, msg["ts"])
        assert f"Ola Hansen {verb} byttet" in edit["text"]
        assert "actions" not in [b["type"] for b in edit["blocks"]]  # no second answer
    with app.sessions() as s:
        assert sorted(r.status for r in s.scalars(select(SwapRow))) == ["accepted", "declined"]
    await bed.deliver()  # hanna hears both answers in her DM
    answers = [
        c.args["text"] for c in fake.of("chat.postMessage") if c.args["channel"] == "U02HANNA"
    ]
    assert len(answers) == 2 and "godtok" in answers[0] and "avslo" in answers[1]


async def moderation_buttons(bed: Bed, graph: FakeGraph) -> None:
    """Four alerted comments; each recipient presses a different button on their alert DM."""
    app, fake = bed.env.app, bed.fake
    arrived = bed.now - timedelta(minutes=10)
    texts = [
        "Hvordan endrer jeg skattekortet mitt?",
        "Når kommer oppgjøret mitt?",
        "Dere er noen idioter",
        "Hvorfor er skattekortet feil?",
    ]
    with app.sessions.begin() as s:
        ids = add_comments(s, list(texts), arrived)
        on_new_comments(app, s, ids, arrived)
    await bed.deliver()
    cases = zip(
        ids,
        ("moderation.claim", "moderation.answered", "moderation.hide", "moderation.not_relevant"),
        ("claimed", "answered", "hidden", "dismissed"),
        strict=True,
    )
    for cid, name, state in cases:
        [(channel, msg)] = bed.posted(f"alert:comment:{cid}:")
        user = user_of(channel)
        person = next(p for p in app.config.people if p.slack_id == user)
        loc = app.config.locale_of(person.id)
        await bed.press(name, user, (channel, msg))
        await fake.wait_for(lambda c=channel, m=msg: bed.updates_of(c, m["ts"]), timeout=15)
        line = t(
            loc,
            f"moderation.state.{state}",
            name=person.name,
            time=fmt_time(loc, bed.now.astimezone(OSLO)),
        )
        assert line in text_of(bed.updates_of(channel, msg["ts"])[0]), name
        with app.sessions() as s:
            c = s.get(Comment, cid)
            assert c is not None and (c.state, c.state_by) == (state, person.id)
    with app.sessions() as s:
        hidden = s.get(Comment, ids[2])
        assert hidden is not None and hidden.is_hidden
        assert graph.hidden == {hidden.external_id: True}  # Meta was really asked
    # comments from two days ago, as a first poll brings them: one summary to the team channel
    # with one button that opens the queue for whoever presses it
    with app.sessions.begin() as s:
        old = add_comments(s, ["Hvorfor fikk jeg restskatt?", "Hvor er pengene?"], arrived)
        for c in s.scalars(select(Comment).where(Comment.id.in_(old))):
            c.created_at = arrived - timedelta(days=2)
        s.flush()
        on_new_comments(app, s, old, arrived)
    await bed.deliver()
    [(channel, msg)] = bed.posted("alert:backfill:")
    await bed.press("moderation.open_queue", "U02THEA", (channel, msg))
    await fake.wait_for(lambda: [r for r in fake.responses if r["rid"] == "moderation.open_queue"])
    (answer,) = [r for r in fake.responses if r["rid"] == "moderation.open_queue"]
    assert "Åpne kommentarer (3)" in json.dumps(answer, ensure_ascii=False)
    await review_buttons(bed, graph, ids[2])


def premoderate(app: App, account_id: str) -> None:
    accounts = [
        a.model_copy(update={"premoderate": True}) if a.id == account_id else a
        for a in app.config.accounts
    ]
    app.config = app.config.model_copy(update={"accounts": accounts})


async def review_buttons(bed: Bed, graph: FakeGraph, hidden_id: int) -> None:
    """Issue 19: Show on the comment hidden by hand; a pre-moderated account's comments hidden
    on arrival, one shown again, one kept hidden; a reply from the Reply modal, submitted
    twice, posted once."""
    app, fake = bed.env.app, bed.fake
    loc_of = app.config.locale_of

    async def press_on(cid: int, name: str) -> tuple[str, dict[str, Any], Any]:
        [(channel, msg)] = bed.posted(f"alert:comment:{cid}:")
        person = next(p for p in app.config.people if p.slack_id == user_of(channel))
        edits = len(bed.updates_of(channel, msg["ts"]))
        shown = msg if not edits else {**msg, **bed.updates_of(channel, msg["ts"])[-1]}
        await bed.press(name, user_of(channel), (channel, shown))
        await fake.wait_for(lambda: len(bed.updates_of(channel, msg["ts"])) > edits, timeout=15)
        return channel, bed.updates_of(channel, msg["ts"])[-1], person

    def row(cid: int) -> Comment:
        with app.sessions() as s:
            c = s.get(Comment, cid)
            assert c is not None
            return c

    # Show on what a moderator hid: visible again, back as claimed by whoever showed it
    _, edit, person = await press_on(hidden_id, "moderation.show")
    loc = loc_of(person.id)
    at = fmt_time(loc, bed.now.astimezone(OSLO))
    assert t(loc, "moderation.state.claimed", name=person.name, time=at) in text_of(edit)
    assert graph.hidden[row(hidden_id).external_id] is False
    assert row(hidden_id).state == "claimed" and not row(hidden_id).is_hidden

    # a pre-moderated account: every new comment hidden on arrival, waiting for review
    premoderate(app, "ig-skatteetaten")
    arrived = bed.now - timedelta(minutes=5)
    with app.sessions.begin() as s:
        shown_id, kept_id = add_comments(
            s, ["Fint bilde!", "Flott!"], arrived, account="ig-skatteetaten"
        )
        on_new_comments(app, s, [shown_id, kept_id], arrived)
    await asyncio.to_thread(perform_pending, app, bed.now, [shown_id, kept_id])
    assert graph.hidden[row(shown_id).external_id] and graph.hidden[row(kept_id).external_id]
    await bed.deliver()
    [(channel, msg)] = bed.posted(f"alert:comment:{shown_id}:")
    person = next(p for p in app.config.people if p.slack_id == user_of(channel))
    rule = t(loc_of(person.id), "moderation.rule.premoderate")
    waiting = t(loc_of(person.id), "moderation.auto.done", rule=rule)
    assert waiting in text_of(bed.updates_of(channel, msg["ts"])[-1])
    assert {"moderation.show", "moderation.keep_hidden"} <= set(controls(msg["blocks"]))
    _, edit, person = await press_on(shown_id, "moderation.show")
    assert graph.hidden[row(shown_id).external_id] is False and not row(shown_id).is_hidden
    name = person.name
    assert t(loc_of(person.id), "moderation.done.unhide", name=name, time=at) in text_of(edit)
    _, edit, person = await press_on(kept_id, "moderation.keep_hidden")
    assert (row(kept_id).state, row(kept_id).is_hidden) == ("hidden", True)
    assert set(controls(edit["blocks"])) == {"moderation.show"}

    # Reply: the modal opens prefilled from the team's saved answer, two submits, one reply
    await bed.env.command(
        "answers add takk ; nb ; Hei {first_name}, takk for spørsmålet! ; https://www.skatteetaten.no",
        user="U02ERIK",
    )
    with app.sessions.begin() as s:
        (asked,) = add_comments(s, ["Hvordan søker jeg om utsettelse?"], arrived)
        on_new_comments(app, s, [asked], arrived)
    await bed.deliver()
    [(channel, msg)] = bed.posted(f"alert:comment:{asked}:")
    opened = len(fake.of("views.open"))
    await bed.press("moderation.reply", user_of(channel), (channel, msg))
    await fake.wait_for(lambda: len(fake.of("views.open")) > opened)
    modal = fake.of("views.open")[-1].args["view"]
    assert modal["callback_id"] == replies.REPLY_SEND
    assert "Hei Per, takk for spørsmålet!" in json.dumps(modal, ensure_ascii=False)
    text = "Hei Per, takk for spørsmålet!"
    answers = [await bed.submit(modal, user_of(channel), {"text": text}) for _ in range(2)]
    assert [a["response_action"] for a in answers] == ["update", "update"]
    assert graph.replies == [(row(asked).external_id, "comments", text)]
    assert row(asked).state == "answered" and row(asked).answered_at == bed.now


async def plan_buttons(bed: Bed) -> None:
    """Four items added through the plan.add modal, reminded 7 days ahead by the Runner;
    Done, Skip, Snooze 1 day and Snooze 1 week pressed on one reminder each."""
    app, fake = bed.env.app, bed.fake
    bed.now = datetime(2026, 11, 20, 10, 0, tzinfo=OSLO)  # Friday: the items go in
    await bed.env.command("plan add", user="U01KARI")  # in C01TEAM1: team-1

    def add_forms() -> list[Any]:  # (the moderation scenario may have opened a Reply modal)
        opened = fake.of("views.open")
        return [c for c in opened if c.args["view"]["callback_id"] == plan_add.ADD_ACTION]

    await fake.wait_for(add_forms)
    modal = add_forms()[-1].args["view"]
    assert modal["private_metadata"] == "team-1"
    answer = await bed.submit(modal, "U01KARI", {"when": "31.02.", "title": "", "team": "team-1"})
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"when", "title"}
    titles = ("Frist ferdig", "Frist hopp", "Frist dag", "Frist uke")
    for title in titles:
        values = {"when": "2026-11-30", "title": title, "owner": "@kari, @ola", "team": "team-1"}
        answer = await bed.submit(modal, "U01KARI", values)
        assert answer["response_action"] == "update"
        assert f"Lagt til: «{title}»" in text_of(answer["view"])
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(PlanItemRow)) == 4

    bed.now = NOW  # Monday 23 Nov, 7 days before: the morning reminders
    fired = await Runner(app, plan_jobs(app.config)).run_due(
        datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)
    )
    assert "plan.reminders" in [name for name, _ in fired]
    await bed.deliver()
    presses = zip(
        titles, ("plan.done", "plan.skip", "plan.snooze_1d", "plan.snooze_1w"), strict=True
    )
    for title, name in presses:
        copies = [(c, m) for c, m in bed.posted("plan:reminder:") if title in m["text"]]
        # the owners by DM, not the team channel as well (plan.notify)
        assert sorted(c for c, _ in copies) == ["D01KARI", "D01OLA"], title
        channel, msg = next(cm for cm in copies if cm[0] == "D01OLA")
        await bed.press(name, "U01OLA", (channel, msg))
        await fake.wait_for(lambda c=channel, m=msg: bed.updates_of(c, m["ts"]))
        [edit] = bed.updates_of(channel, msg["ts"])
        assert "actions" not in [b["type"] for b in edit["blocks"]], name
        status = {"plan.done": "✓ Ferdig – markert av", "plan.skip": "Hoppet over av"}
        assert status.get(name, "Utsatt av Ola Hansen til") in text_of(edit), name
    await bed.deliver()  # Done and Skip also edit kari's DM copy; a snooze leaves it alone
    for title, edited in zip(titles, (True, True, False, False), strict=True):
        [(channel, msg)] = [
            (c, m) for c, m in bed.posted("plan:reminder:") if c == "D01KARI" and title in m["text"]
        ]
        assert bool(bed.updates_of(channel, msg["ts"])) is edited, title


async def home_buttons(bed: Bed) -> None:
    """The App Home's buttons: Help answers in the Messages tab, Settings opens a modal whose
    submit (home.settings_save) stores the language and publishes the home again."""
    app, fake = bed.env.app, bed.fake
    event = {"type": "app_home_opened", "user": "U01KARI", "tab": "home"}
    await bed.env.event(event, "EvHOMEBTN")
    await fake.wait_for(lambda: fake.of("views.publish"))
    published = fake.of("views.publish")[-1]
    view = {**published.args["view"], "id": "VHOME"}
    assert set(controls(view["blocks"])) == {home.SETTINGS_ACTION, home.HELP_ACTION}

    await bed.press(home.HELP_ACTION, "U01KARI", None, view)
    help_title = "vaktbot – dette kan du spørre om"

    def help_dms() -> list[Any]:  # (a reminder may be delivered to Kari's DM meanwhile)
        return [
            c
            for c in fake.of("chat.postMessage")
            if c.args["channel"] == "U01KARI" and c.args["text"] == help_title
        ]

    await fake.wait_for(lambda: help_dms())
    [dm] = help_dms()
    await bed.press(home.SETTINGS_ACTION, "U01KARI", None, view)
    await fake.wait_for(
        lambda: any(
            c.args["view"]["callback_id"] == home.SAVE_ACTION for c in fake.of("views.open")
        )
    )
    modal = fake.of("views.open")[-1].args["view"]
    publishes = len(fake.of("views.publish"))
    answer = await bed.submit(modal, "U01KARI", {"locale": "sv"})
    assert answer["response_action"] == "update"
    assert "Inställningarna är sparade." in text_of(answer["view"])
    with app.sessions() as s:
        row = s.get(Setting, "home.locale.kari")
        assert row is not None and row.value == "sv"
    await fake.wait_for(lambda: len(fake.of("views.publish")) > publishes)
    home_view = fake.of("views.publish")[-1].args["view"]
    assert home_view["blocks"][0]["text"]["text"] == "Hej, Kari Nordmann"


# --- tests ------------------------------------------------------------------------------------


def expected(*features: Any) -> set[str]:
    return set().union(*(set(f.ACTIONS) for f in features))


async def test_duty_swap_buttons(bed: Bed) -> None:
    await duty_buttons(bed)
    assert bed.pressed == expected(duty) and not bed.submitted


async def test_moderation_alert_buttons(bed: Bed, graph: FakeGraph) -> None:
    await moderation_buttons(bed, graph)
    assert bed.pressed == expected(moderation) - FORM_ONLY
    assert bed.submitted == {replies.REPLY_SEND}


async def test_plan_reminder_buttons_and_add_form(bed: Bed) -> None:
    await plan_buttons(bed)
    assert bed.pressed == expected(plan_commands) - FORM_ONLY
    assert bed.submitted == {plan_add.ADD_ACTION}


async def test_app_home_buttons_and_settings_form(bed: Bed) -> None:
    await home_buttons(bed)
    assert bed.pressed == (expected(home) | {home.HELP_ACTION}) - FORM_ONLY
    assert bed.submitted == {home.SAVE_ACTION}


async def test_every_registered_action_is_pressed_or_submitted_once(
    bed: Bed, graph: FakeGraph
) -> None:
    """All scenarios on one workspace; together they reach every action of every feature."""
    await duty_buttons(bed)
    await moderation_buttons(bed, graph)
    await plan_buttons(bed)
    bed.now = NOW
    await home_buttons(bed)
    registered = set(dispatch.actions())
    # a new feature with buttons must be added here; the help button is wired by dispatch
    assert registered == expected(*FEATURES) | {home.HELP_ACTION}
    assert FORM_ONLY <= registered
    assert bed.pressed == registered - FORM_ONLY
    assert bed.submitted == FORM_ONLY
