"""Slack HTTP events mode: POST /slack/events, when VAKTBOT_SLACK_MODE=http.

Requests go through bolt's AsyncApp (the same listeners as Socket Mode), which checks the
signing secret and the request timestamp: a bad signature or a stale timestamp gets 401 and
nothing runs. bolt has no aiohttp request handler class of its own, so its aiohttp adapter
converts the request and the response around ``AsyncApp.async_dispatch``.
"""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

from bot.app import App
from bot.transports.slack.bolt_app import build_bolt_app
from bot.transports.slack.transport import make_client

log = logging.getLogger("vaktbot.slack")

EVENTS_PATH = "/slack/events"


def routes(app: App) -> list[web.RouteDef]:
    """The Slack events endpoint (HTTP mode only; Socket Mode needs no public URL)."""
    if (
        app.secrets.slack_mode != "http"
        or app.secrets.chosen_platform(app.config.platform) != "slack"
    ):
        return []
    if app.secrets.slack_signing_secret is None:
        log.error("VAKTBOT_SLACK_MODE=http needs SLACK_SIGNING_SECRET; /slack/events not mounted")
        return []

    token = app.secrets.slack_bot_token
    client = make_client(token.get_secret_value() if token else None, app.secrets.slack_api_url)
    bolt = build_bolt_app(app, client)

    async def slack_events(request: web.Request) -> web.Response:
        try:
            bolt_request = await to_bolt_request(request)
            bolt_response = await bolt.async_dispatch(bolt_request)
        except Exception as exc:  # bolt could not read the request (it even failed reporting it)
            log.warning("slack request not understood", extra={"error": type(exc).__name__})
            return web.json_response({"error": "malformed Slack request"}, status=400)
        return await to_aiohttp_response(bolt_response)

    log.info("slack http events mounted", extra={"path": EVENTS_PATH})
    return [web.post(EVENTS_PATH, slack_events)]
