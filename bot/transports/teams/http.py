"""Teams' HTTP endpoint: POST /api/messages, through the Bot Framework adapter to the bot."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any
from urllib.parse import urlparse

from aiohttp import web

from bot.app import App
from bot.transports.teams.adapter import auth_disabled
from bot.transports.teams.bot import VaktbotTeamsBot
from bot.transports.teams.transport import TeamsTransport

log = logging.getLogger("vaktbot.teams")


def _loopback(url: str | None) -> bool:
    host = urlparse(url or "").hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_handler(app: App, transport: TeamsTransport, bot: VaktbotTeamsBot) -> Any:
    no_auth = auth_disabled(app.secrets)

    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        if no_auth:
            try:
                body = await request.json()
            except ValueError:
                return web.json_response({"error": "invalid JSON"}, status=400)
            if not isinstance(body, dict) or not _loopback(body.get("serviceUrl")):
                log.warning("teams auth disabled: refused an activity for a non-local serviceUrl")
                return web.json_response({"error": "serviceUrl not allowed"}, status=403)
        try:
            response = await transport.adapter.process(request, bot)
        except ValueError:
            return web.json_response({"error": "invalid JSON"}, status=400)
        return response if response is not None else web.Response(status=201)

    return messages


def routes(app: App) -> list[web.RouteDef]:
    """POST /api/messages, when Teams is the platform (or Teams credentials are set)."""
    if app.secrets.chosen_platform(app.config.platform) != "teams" and not app.secrets.teams_app_id:
        return []
    transport = TeamsTransport.from_app(app)
    bot = VaktbotTeamsBot(app, transport.adapter, transport)
    if auth_disabled(app.secrets):
        log.warning(
            "Teams authentication is disabled (MicrosoftAppId is empty): for local tests "
            "with the Bot Framework Emulator only"
        )
    return [web.post("/api/messages", make_handler(app, transport, bot))]
