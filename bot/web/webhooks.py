"""Mount the Meta and generic webhooks on the bot's HTTP server. New comments are classified and
routed (alerts into the outbox) in the transaction that stores them; after the commit the
sender is woken, so an alert leaves within milliseconds rather than at the next tick, and the
hides of the accounts' moderation rules go to Meta at once (bot.moderation.actions)."""

from __future__ import annotations

from functools import partial

from aiohttp import web

from bot.app import App
from bot.moderation.actions import start_pending
from bot.moderation.pipeline import on_new_comments
from bot.sources.webhooks import webhook_routes


def _after_commit(app: App, ids: list[int]) -> None:
    """Send the new alerts now, and hide at once what a moderation rule hides on arrival."""
    app.wake_sender()
    start_pending(app, ids)


def routes(app: App) -> list[web.AbstractRouteDef]:
    return list(
        webhook_routes(
            app.secrets,
            partial(on_new_comments, app),
            sessions=app.sessions,
            author_salt=app.author_salt,  # read at the first request, not at start
            now=app.clock,
            after_commit=partial(_after_commit, app),
            refused=app.refusals.counts,
        )
    )
