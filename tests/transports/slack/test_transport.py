"""SlackTransport against the fake Slack Web API: outbox delivery, routing, rate limits and
errors, edits in place, thread replies, attachments and find_sent after a crash."""

from __future__ import annotations

import base64
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.app import App
from bot.config import Channel, load_config
from bot.delivery.outbox import enqueue, enqueue_update
from bot.delivery.sender import Sender
from bot.messages.model import (
    Actions,
    Attachment,
    Button,
    Header,
    Image,
    Message,
    Section,
)
from bot.settings import Secrets
from bot.store.db import make_engine, session_factory
from bot.store.models import Outbox
from bot.transports.base import Envelope, PermanentError, Sent, Target, TransientError, Unroutable
from bot.transports.slack.transport import METADATA_EVENT, SlackTransport
from tests.support.fake_slack import FakeSlack
from tests.support.paths import ROOT

CONFIG = ROOT / "examples" / "vaktbot.yml"
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def make_app(db_url: str, api_url: str, *, management: str | None = None) -> App:
    config = load_config(CONFIG)
    if management:
        digest = config.digest.model_copy(update={"management_channel": Channel(slack=management)})
        config = config.model_copy(update={"digest": digest})
    secrets = Secrets(
        VAKTBOT_PLATFORM="slack", SLACK_BOT_TOKEN="xoxb-test", VAKTBOT_SLACK_API_URL=api_url
    )
    engine = make_engine(db_url)
    return App(config=config, engine=engine, sessions=session_factory(engine), secrets=secrets)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.stop()


@pytest.fixture
def app(db_url: str, fake: FakeSlack) -> App:
    return make_app(db_url, fake.api_url, management="C03MGMT")


@pytest.fixture
def transport(app: App) -> SlackTransport:
    return SlackTransport.from_app(app)


def digest_message(text: str = "Morgenoversikt for Vaktlag 1: 3 nye kommentarer") -> Message:
    return Message(
        text=text,
        blocks=(
            Header("Morgenoversikt"),
            Section("*3* nye kommentarer siden i går"),
            Actions((Button("Åpne rapport", "digest.open", "team-1"),)),
        ),
        locale="nb",
        tz="Europe/Oslo",
    )


def queue(app: App, key: str, target: str, message: Message, **kw: object) -> None:
    with app.sessions.begin() as s:
        assert enqueue(s, key=key, kind="test", target=target, message=message, now=NOW, **kw)


def row(app: App, key: str) -> Outbox:
    with app.sessions() as s:
        found = s.scalar(select(Outbox).where(Outbox.key == key))
    assert found is not None
    return found


async def test_outbox_post_to_team_channel_with_text_blocks_and_metadata(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    queue(app, "digest:daily:team-1:2026-11-23", "channel:team-1", digest_message())
    report = await Sender(app.sessions, transport).drain(NOW)
    assert len(report.sent) == 1
    [call] = fake.of("chat.postMessage")
    assert call.token == "xoxb-test"
    assert call.args["channel"] == "C01TEAM1"
    assert call.args["text"] == "Morgenoversikt for Vaktlag 1: 3 nye kommentarer"
    blocks = call.args["blocks"]
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Morgenoversikt", "emoji": True},
    }
    assert blocks[1]["text"]["text"] == "*3* nye kommentarer siden i går"
    button = blocks[2]["elements"][0]
    assert (button["action_id"], button["value"]) == ("digest.open", "team-1")
    assert call.args["metadata"] == {
        "event_type": METADATA_EVENT,
        "event_payload": {"key": "digest:daily:team-1:2026-11-23"},
    }
    assert "reply_broadcast" not in call.args and "thread_ts" not in call.args
    sent = row(app, "digest:daily:team-1:2026-11-23")
    assert (sent.status, sent.platform, sent.platform_channel) == ("sent", "slack", "C01TEAM1")
    assert sent.platform_message_id == fake.history["C01TEAM1"][0]["ts"]


async def test_dm_goes_to_the_users_slack_id(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    sent = await transport.post(
        Envelope(Target("user", "emma"), "dm1"), digest_message("Du har vakt")
    )
    assert fake.of("chat.postMessage")[0].args["channel"] == "U02EMMA"
    assert sent.channel == "D02EMMA"  # Slack answers with the DM conversation id


async def test_management_channel_and_unroutable_targets(
    app: App, fake: FakeSlack, transport: SlackTransport, db_url: str
) -> None:
    await transport.post(Envelope(Target("channel", "management"), "m1"), digest_message())
    assert fake.of("chat.postMessage")[0].args["channel"] == "C03MGMT"
    bare = SlackTransport.from_app(make_app(db_url, fake.api_url))
    with pytest.raises(Unroutable):
        await bare.post(Envelope(Target("channel", "management"), "m2"), digest_message())
    with pytest.raises(Unroutable):
        await bare.post(Envelope(Target("user", "nobody"), "m3"), digest_message())
    with pytest.raises(Unroutable):
        await bare.post(Envelope(Target("channel", "no-such-team"), "m4"), digest_message())
    assert len(fake.attempts("chat.postMessage")) == 1  # nothing was sent for the unroutable


async def test_unroutable_row_fails_without_retry(db_url: str, fake: FakeSlack) -> None:
    app = make_app(db_url, fake.api_url)
    queue(app, "weekly:mgmt", "channel:management", digest_message())
    report = await Sender(app.sessions, SlackTransport.from_app(app)).drain(NOW)
    assert report.failed == 1
    assert row(app, "weekly:mgmt").status == "failed"


async def test_429_with_short_retry_after_is_retried_quickly(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=0)
    sent = await transport.post(Envelope(Target("channel", "team-2"), "r1"), digest_message())
    statuses = [c.status for c in fake.attempts("chat.postMessage")]
    assert statuses == [429, 200]
    assert sent.channel == "C02TEAM2"


async def test_429_with_long_retry_after_goes_back_to_the_outbox(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=30)
    with pytest.raises(TransientError) as err:
        await transport.post(Envelope(Target("channel", "team-1"), "r2"), digest_message())
    assert err.value.retry_after == 30
    assert len(fake.attempts("chat.postMessage")) == 1  # no blocking sleep in the client

    fake.fail("chat.postMessage", status=429, retry_after=30)
    queue(app, "r3", "channel:team-1", digest_message())
    sender = Sender(app.sessions, transport, rng=random.Random(1))
    report = await sender.drain(NOW)
    assert report.retried == 1
    pending = row(app, "r3")
    assert pending.status == "pending"
    assert pending.next_attempt_at >= NOW + timedelta(seconds=30)
    later = await sender.drain(pending.next_attempt_at)
    assert [r.key for r in later.sent] == ["r3"]


async def test_5xx_on_a_post_is_never_repeated_blind_but_an_edit_is_retried(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    fake.fail("chat.postMessage", status=500)
    with pytest.raises(TransientError) as unsure:
        await transport.post(Envelope(Target("channel", "team-1"), "s1"), digest_message())
    # Slack may have posted it before failing: the outbox looks before trying again
    assert unsure.value.ambiguous
    assert [c.status for c in fake.attempts("chat.postMessage")] == [500]
    sent = await transport.post(Envelope(Target("channel", "team-1"), "s2"), digest_message())
    fake.fail("chat.update", status=503, times=2)
    await transport.update(sent, digest_message("edited"))  # an edit repeats safely
    assert [c.status for c in fake.attempts("chat.update")] == [503, 503, 200]


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "invalid_auth"])
async def test_slack_errors_that_retrying_cannot_fix_are_permanent(
    app: App, fake: FakeSlack, transport: SlackTransport, error: str
) -> None:
    fake.fail("chat.postMessage", error=error)
    with pytest.raises(PermanentError) as err:
        await transport.post(Envelope(Target("channel", "team-1"), "p1"), digest_message())
    assert error in str(err.value)
    assert "xoxb" not in str(err.value)


async def test_connection_refused_is_transient(app: App, db_url: str) -> None:
    dead = SlackTransport.from_app(make_app(db_url, "http://127.0.0.1:9/api/"))
    with pytest.raises(TransientError):
        await dead.post(Envelope(Target("channel", "team-1"), "c1"), digest_message())


async def test_update_edits_in_place(app: App, fake: FakeSlack, transport: SlackTransport) -> None:
    queue(app, "alert:1", "channel:team-1", digest_message("Ny kommentar trenger svar"))
    sender = Sender(app.sessions, transport)
    await sender.drain(NOW)
    edited = Message(
        text="Kommentaren er tatt av Kari",
        blocks=(Section("Tatt av *Kari Nordmann* kl. 09:14"),),
        locale="nb",
    )
    with app.sessions.begin() as s:
        enqueue_update(s, ref_key="alert:1", message=edited, now=NOW, version="claimed")
    await sender.drain(NOW + timedelta(seconds=5))
    assert len(fake.of("chat.postMessage")) == 1  # no new message, no new notification
    [call] = fake.of("chat.update")
    original = row(app, "alert:1")
    assert (call.args["channel"], call.args["ts"]) == ("C01TEAM1", original.platform_message_id)
    assert call.args["text"] == "Kommentaren er tatt av Kari"
    assert call.args["blocks"][0]["text"]["text"] == "Tatt av *Kari Nordmann* kl. 09:14"


async def test_thread_reply_uses_thread_ts_without_broadcast(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    queue(app, "swap:7", "channel:team-1", digest_message("Bytte foreslått"))
    sender = Sender(app.sessions, transport)
    await sender.drain(NOW)
    queue(
        app,
        "swap:7:accepted",
        "channel:team-1",
        digest_message("Bytte godtatt"),
        thread_key="swap:7",
    )
    await sender.drain(NOW + timedelta(seconds=2))
    parent, reply = fake.of("chat.postMessage")
    assert reply.args["thread_ts"] == row(app, "swap:7").platform_message_id
    assert reply.args["channel"] == "C01TEAM1"
    assert not reply.args.get("reply_broadcast")
    assert reply.args["text"] == "Bytte godtatt"


async def test_attachments_are_uploaded_into_the_thread(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    png = b"\x89PNG\r\n\x1a\n-chart-bytes"
    csv = b"dag;rekkevidde\n2026-11-23;1200\n"
    message = Message(
        text="Ukesrapport for Vaktlag 1",
        blocks=(Header("Ukesrapport"), Image(alt="Rekkevidde per dag", attachment="chart.png")),
        attachments=(
            Attachment("chart.png", "image/png", base64.b64encode(png).decode(), "Rekkevidde"),
            Attachment("tall.csv", "text/csv", base64.b64encode(csv).decode()),
        ),
        locale="nb",
    )
    sent = await transport.post(Envelope(Target("channel", "team-1"), "weekly:1"), message)
    assert len(fake.of("files.getUploadURLExternal")) == 2
    assert sorted(fake.uploads.values()) == sorted([png, csv])
    [done] = fake.of("files.completeUploadExternal")
    assert done.args["channel_id"] == "C01TEAM1"
    assert done.args["thread_ts"] == sent.message_id
    assert [f["title"] for f in done.args["files"]] == ["Rekkevidde", "tall.csv"]
    posted = fake.of("chat.postMessage")[0].args["blocks"]
    assert "Rekkevidde per dag" in str(posted)  # the image block says the chart is attached


async def test_failed_upload_does_not_repost_the_message(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    fake.fail("files.completeUploadExternal", error="invalid_arguments")
    message = Message(
        text="Ukesrapport",
        attachments=(Attachment("x.csv", "text/csv", base64.b64encode(b"a;b").decode()),),
    )
    sent = await transport.post(Envelope(Target("channel", "team-1"), "weekly:2"), message)
    assert sent.channel == "C01TEAM1"
    assert len(fake.attempts("chat.postMessage")) == 1


async def test_find_sent_after_a_crash_does_not_post_twice(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    key = "digest:daily:team-1:2026-11-24"
    queue(app, key, "channel:team-1", digest_message())
    # a sender claimed the row, Slack accepted the message, then the process died before
    # recording it: the lease is left behind and no outcome is stored
    delivered = await transport.post(Envelope(Target("channel", "team-1"), key), digest_message())
    await transport.post(Envelope(Target("channel", "team-1"), "other"), digest_message("annet"))
    with app.sessions.begin() as s:
        s.execute(
            update(Outbox)
            .where(Outbox.key == key)
            .values(
                lease_owner="dead-sender",
                lease_until=NOW - timedelta(seconds=1),
                attempts=1,
                check_first=True,  # the attempt was in flight when the process died
            )
        )
    report = await Sender(app.sessions, transport).drain(NOW)
    assert [r.key for r in report.sent] == [key]
    assert len(fake.of("chat.postMessage")) == 2  # the two above; nothing re-posted
    [history] = fake.of("conversations.history")
    assert history.args["channel"] == "C01TEAM1"
    assert str(history.args["include_all_metadata"]).lower() in ("true", "1")
    recorded = row(app, key)
    assert (recorded.platform_channel, recorded.platform_message_id) == (
        delivered.channel,
        delivered.message_id,
    )


async def test_find_sent_in_a_dm_and_when_not_found(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    sent = await transport.post(Envelope(Target("user", "kari"), "dm:kari:1"), digest_message())
    assert await transport.find_sent(Envelope(Target("user", "kari"), "dm:kari:1")) == sent
    assert fake.of("conversations.open")[0].args["users"] == "U01KARI"
    assert await transport.find_sent(Envelope(Target("user", "kari"), "dm:kari:2")) is None
    assert await transport.find_sent(Envelope(Target("channel", "team-2"), "dm:kari:1")) is None


async def test_find_sent_without_history_scope_returns_none(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    fake.fail("conversations.history", error="missing_scope")
    assert await transport.find_sent(Envelope(Target("channel", "team-1"), "k")) is None
    fake.fail("conversations.history", status=500, times=3)
    with pytest.raises(TransientError):
        await transport.find_sent(Envelope(Target("channel", "team-1"), "k"))


async def test_update_of_a_deleted_message_is_permanent(
    app: App, fake: FakeSlack, transport: SlackTransport
) -> None:
    fake.fail("chat.update", error="message_not_found")
    with pytest.raises(PermanentError):
        await transport.update(Sent("C01TEAM1", "1790000000.000001"), digest_message())
