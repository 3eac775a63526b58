"""Teams' HTTP endpoint: POST /api/messages, through the Bot Framework adapter to the bot."""

from __future__ import annotations

import ipaddress
import logging
import re
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.app import App
from bot.transports.teams.adapter import auth_disabled
from bot.transports.teams.bot import VaktbotTeamsBot
from bot.transports.teams.transport import TeamsTransport

log = logging.getLogger("vaktbot.teams")


# where the Bot Connector lives (public cloud, GCC, GCC High, DoD): a serviceUrl elsewhere is
# refused, so proactive messages can never be steered to another host
SERVICE_HOST_SUFFIXES = (
    ".botframework.com",
    ".teams.microsoft.com",
    ".teams.microsoft.us",
)
_NETLOC = re.compile(
    r"^(?P<host>[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::(?P<port>\d{1,5}))?$"
)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def valid_service_url(url: object, *, local: bool) -> bool:
    """Strictly: http(s), a plain host[:port] (no user info, no backslash, no spaces), and a
    Bot Connector host - or, with authentication off, a loopback host only."""
    if not isinstance(url, str) or not url or len(url) > 300:
        return False
    if any(c in url for c in "@\\ \t\r\n") or not url.isascii():
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    m = _NETLOC.match(parts.netloc)
    if m is None or parts.scheme not in ("https", "http"):
        return False
    host = m["host"].strip("[]").lower().rstrip(".")
    if local:
        return _is_loopback(host)
    return parts.scheme == "https" and (
        host == "smba.trafficmanager.net" or host.endswith(SERVICE_HOST_SUFFIXES)
    )


def activity_problem(body: dict[str, Any]) -> str | None:
    """What makes this not an activity vaktbot can answer (None: nothing)."""
    if not isinstance(body.get("type"), str):
        return "type missing"
    for key in ("conversation", "from", "recipient"):
        part = body.get(key)
        if not isinstance(part, dict) or not isinstance(part.get("id"), str) or not part["id"]:
            return f"{key}.id missing"
    for key in ("text", "id", "channelId", "locale", "timestamp"):
        if key in body and body[key] is not None and not isinstance(body[key], str):
            return f"{key} is not text"
    for key in ("channelData", "value", "entities", "attachments"):
        value = body.get(key)
        if value is not None and not isinstance(value, dict | list):
            return f"{key} has the wrong type"
    return None


def make_handler(app: App, transport: TeamsTransport, bot: VaktbotTeamsBot) -> Any:
    no_auth = auth_disabled(app.secrets)

    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        if no_auth and not _is_loopback(request.remote or ""):
            log.warning("teams auth disabled: refused an activity from a non-local address")
            return web.json_response({"error": "authentication is off: local only"}, status=403)
        if no_auth and "Authorization" in request.headers:
            # a token cannot be checked without MicrosoftAppId (and the Bot Framework would try
            # to use it for the reply): the Emulator without an app id sends none
            return web.json_response(
                {"error": "authentication is off (no MicrosoftAppId): send no Authorization"},
                status=401,
            )
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting too
            return web.json_response({"error": "invalid JSON"}, status=400)
        if not isinstance(body, dict):
            return web.json_response({"error": "expected an activity object"}, status=400)
        if not valid_service_url(body.get("serviceUrl"), local=no_auth):
            log.warning("teams: refused an activity with a serviceUrl outside the Bot Connector")
            return web.json_response({"error": "serviceUrl not allowed"}, status=403)
        problem = activity_problem(body)
        if problem is not None:
            return web.json_response({"error": f"not a valid activity: {problem}"}, status=400)
        try:
            response = await transport.adapter.process(request, bot)
        except PermissionError:  # a token that does not validate
            return web.json_response({"error": "not authorized"}, status=401)
        except (
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
        ):  # not an activity botbuilder reads
            log.warning("teams: refused an activity that could not be read")
            return web.json_response({"error": "not a valid activity"}, status=400)
        return response if response is not None else web.Response(status=201)

    return messages


async def _refuse_unauthenticated(request: web.Request) -> web.Response:
    return web.json_response(
        {"error": "MicrosoftAppId is not set: Teams authentication is off, local only"},
        status=403,
    )


def routes(app: App) -> list[web.RouteDef]:
    """POST /api/messages, when Teams is the platform (or Teams credentials are set)."""
    if app.secrets.chosen_platform(app.config.platform) != "teams" and not app.secrets.teams_app_id:
        return []
    transport = TeamsTransport.from_app(app)
    bot = VaktbotTeamsBot(app, transport.adapter, transport)
    if auth_disabled(app.secrets):
        if not _is_loopback(app.secrets.http_host):
            log.error(
                "Teams authentication is off (MicrosoftAppId is empty) and the server listens "
                "on a non-local address: /api/messages refuses every request",
                extra={"host": app.secrets.http_host},
            )
            return [web.post("/api/messages", _refuse_unauthenticated)]
        log.warning(
            "Teams authentication is disabled (MicrosoftAppId is empty): for local tests "
            "with the Bot Framework Emulator only"
        )
    return [web.post("/api/messages", make_handler(app, transport, bot))]
