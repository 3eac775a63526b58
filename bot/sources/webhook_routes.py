"""Mount the Meta and generic webhooks on the bot's HTTP server. New comments are classified and
routed (alerts into the outbox) in the transaction that stores them; after the commit the
sender is woken, so an alert leaves within milliseconds rather than at the next tick."""

from __future__ import annotations

import asyncio
from functools import partial

from aiohttp import web

from bot.alerts import on_new_comments
from bot.app import App
from bot.sources.webhooks import webhook_routes


def register_routes(web_app: web.Application, app: App) -> None:
    def wake_sender(ids: list[int]) -> None:
        kick = app.services.get("kick")
        if isinstance(kick, asyncio.Event):
            kick.set()

    web_app.add_routes(
        webhook_routes(
            app.secrets,
            partial(on_new_comments, app),
            sessions=app.sessions,
            now=app.clock,
            after_commit=wake_sender,
        )
    )
