"""Mount the Meta and generic webhooks on the bot's HTTP server, and send what they bring in
straight to the moderation pipeline and the outbox (seconds matter for alerts)."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from bot.app import App
from bot.sources.webhooks import webhook_routes

log = logging.getLogger("vaktbot.sources")


def comment_pipeline(app: App):  # type: ignore[no-untyped-def]
    """An async callback for new comment ids: classify and route them, then wake the sender."""

    async def on_comments(ids: list[int]) -> None:
        from bot.demo import comment_hook

        hook = comment_hook()
        if hook is None:
            return
        now = app.clock()

        def work() -> None:
            with app.sessions.begin() as s:
                hook(app, s, ids, now)

        await asyncio.to_thread(work)
        kick = app.services.get("kick")
        if isinstance(kick, asyncio.Event):
            kick.set()

    return on_comments


def register_routes(web_app: web.Application, app: App) -> None:
    web_app.add_routes(webhook_routes(app.secrets, comment_pipeline(app), sessions=app.sessions))
