"""Mount the Meta and generic webhooks on the bot's HTTP server. New comments are classified and
routed (alerts into the outbox) in the transaction that stores them; after the commit the
sender is woken, so an alert leaves within milliseconds rather than at the next tick."""

from __future__ import annotations

from functools import partial

from aiohttp import web

from bot.app import App
from bot.moderation.pipeline import on_new_comments
from bot.sources.webhooks import webhook_routes


def routes(app: App) -> list[web.AbstractRouteDef]:
    return list(
        webhook_routes(
            app.secrets,
            partial(on_new_comments, app),
            sessions=app.sessions,
            author_salt=app.author_salt,  # read at the first request, not at start
            now=app.clock,
            after_commit=lambda ids: app.wake_sender(),
            refused=app.refusals.counts,
        )
    )
