"""Images of outgoing messages (the weekly chart) served over the bot's HTTP server, for Teams
cards, which show images only from a URL. The image is read from the message's own outbox row,
so nothing new is stored; the URL carries an HMAC signature, so it cannot be guessed."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

from aiohttp import web
from sqlalchemy import select

from bot.app import App
from bot.messages.model import Message
from bot.store.models import Outbox


def _sig(app: App, key: str, name: str) -> str:
    secret = app.secrets.feed_secret.get_secret_value().encode()
    return hmac.new(secret, f"media:{key}:{name}".encode(), hashlib.sha256).hexdigest()[:32]


def image_urls(app: App, key: str, message: Message) -> dict[str, str]:
    """attachment name -> public URL, for the message's images (empty without a public URL)."""
    base = (app.secrets.public_url or "").rstrip("/")
    if not base:
        return {}
    return {
        a.name: f"{base}/media/{quote(key, safe='')}/{quote(a.name)}?sig={_sig(app, key, a.name)}"
        for a in message.attachments
        if a.content_type.startswith("image/")
    }


async def serve_media(request: web.Request) -> web.Response:
    from bot.server import APP_KEY

    app = request.app[APP_KEY]
    key, name = request.match_info["key"], request.match_info["name"]
    sig = request.query.get("sig", "")
    if not hmac.compare_digest(sig, _sig(app, key, name)):
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


def register_routes(web_app: web.Application, app: App) -> None:
    web_app.router.add_get("/media/{key}/{name}", serve_media)
