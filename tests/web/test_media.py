"""Chart images for Teams cards: served from the message's outbox row behind a signed URL."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from aiohttp import ClientSession

from bot.app import App
from bot.config import load_config
from bot.delivery.outbox import enqueue
from bot.messages.model import Attachment, Image, Message
from bot.messages.teams import to_adaptive_card
from bot.settings import Secrets
from bot.store.db import session_factory
from bot.web.server import build_web_app
from bot.web.urls import image_urls
from tests.support import loopback
from tests.support.paths import EXAMPLE_CONFIG

EXAMPLE = EXAMPLE_CONFIG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


async def test_chart_url_in_card_serves_the_png(engine) -> None:
    secrets = Secrets(  # type: ignore[call-arg]
        VAKTBOT_PLATFORM="console",
        VAKTBOT_PUBLIC_URL="https://bot.example.org",
        VAKTBOT_FEED_SECRET="media-test-secret",
    )
    app = App(
        config=load_config(EXAMPLE),
        engine=engine,
        sessions=session_factory(engine),
        secrets=secrets,
    )
    chart = Attachment(
        name="chart.png", content_type="image/png", data_b64=base64.b64encode(PNG * 2000).decode()
    )  # too big to inline
    msg = Message(
        text="Weekly",
        blocks=(Image(alt="Followers, 12 weeks", attachment="chart.png"),),
        attachments=(chart,),
    )
    key = "digest:weekly:direktor:2026-W48"
    with app.sessions.begin() as s:
        enqueue(
            s,
            key=key,
            kind="digest.weekly",
            target="user:direktor",
            message=msg,
            now=datetime(2026, 11, 23, 7, 0, tzinfo=UTC),
        )
    urls = image_urls(app, key, msg)
    card = to_adaptive_card(msg, image_urls=urls)
    images = [el for el in card["body"] if el.get("type") == "Image"]
    assert images and images[0]["url"] == urls["chart.png"]
    assert images[0]["altText"] == "Followers, 12 weeks"
    assert urls["chart.png"].startswith("https://bot.example.org/media/")

    runner, port = await loopback.serve(build_web_app(app))
    local = urls["chart.png"].replace("https://bot.example.org", f"http://127.0.0.1:{port}")
    try:
        async with ClientSession() as http:
            async with http.get(local) as r:
                assert r.status == 200 and r.content_type == "image/png"
                assert await r.read() == PNG * 2000
            async with http.get(local.replace("sig=", "sig=0")) as r:
                assert r.status == 404
    finally:
        await runner.cleanup()


def test_no_public_url_means_no_links(engine) -> None:
    app = App(
        config=load_config(EXAMPLE),
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(VAKTBOT_PLATFORM="console"),
    )  # type: ignore[call-arg]
    msg = Message(text="x", attachments=(Attachment("c.png", "image/png", "AAAA"),))
    assert image_urls(app, "k", msg) == {}
