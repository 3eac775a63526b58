"""Images of outgoing messages (the weekly chart) served over the bot's HTTP server, for Teams
cards, which show images only from a URL. The image is read from the message's own outbox row,
so nothing new is stored; the URL is signed (:mod:`bot.web.urls`), so it cannot be guessed."""

from __future__ import annotations

import base64

from aiohttp import web
from sqlalchemy import select

from bot.app import App
from bot.store.models import Outbox
from bot.web.urls import valid


def routes(app: App) -> list[web.RouteDef]:
    async def serve_media(request: web.Request) -> web.Response:
        key, name = request.match_info["key"], request.match_info["name"]
        if not valid(app, f"media:{key}:{name}", request.query.get("sig")):
            raise web.HTTPNotFound()
        with app.sessions() as s:
            payload = s.scalar(select(Outbox.payload).where(Outbox.key == key))
        if payload is None:
            raise web.HTTPNotFound()
        for att in payload.get("attachments", ()):
            if att["name"] == name and att["content_type"].startswith("image/"):
                return web.Response(
                    body=base64.b64decode(att["data_b64"]),
                    content_type=att["content_type"],
                    headers={"Cache-Control": "private, max-age=86400"},
                )
        raise web.HTTPNotFound()

    return [web.get("/media/{key}/{name}", serve_media)]
