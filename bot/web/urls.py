"""The one URL signer: every URL the bot hands out that must not be guessable (a team's calendar
feeds, the images of a message) carries an HMAC-SHA256 token of what it opens, keyed with
VAKTBOT_FEED_SECRET. The same function makes the token and checks it."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import quote

from bot.app import App
from bot.messages.model import Message

TOKEN_CHARS = 32


def token(app: App, scope: str) -> str:
    """The token for ``scope`` (e.g. ``duty:team-1``, ``plan:team-1``, ``media:<key>:<name>``)."""
    secret = app.feed_secret().encode()
    return hmac.new(secret, scope.encode(), hashlib.sha256).hexdigest()[:TOKEN_CHARS]


def valid(app: App, scope: str, given: str | None) -> bool:
    """Whether ``given`` is the token of ``scope`` (constant time; any text is safe to pass)."""
    if not given or len(given) != TOKEN_CHARS or not given.isascii():
        return False
    return hmac.compare_digest(token(app, scope).encode(), given.encode())


def feed_url(app: App, base: str, kind: str, team: str) -> str:
    """The subscribable URL of a team's ``duty`` or ``plan`` calendar."""
    return f"{base.rstrip('/')}/feeds/{kind}/{team}.ics?token={token(app, f'{kind}:{team}')}"


def image_urls(app: App, key: str, message: Message) -> dict[str, str]:
    """attachment name -> public URL, for the message's images (empty without a public URL)."""
    base = (app.secrets.public_url or "").rstrip("/")
    if not base:
        return {}
    return {
        a.name: f"{base}/media/{quote(key, safe='')}/{quote(a.name)}"
        f"?sig={token(app, f'media:{key}:{a.name}')}"
        for a in message.attachments
        if a.content_type.startswith("image/")
    }
