"""What every transport offers the delivery loop: post, update, and "was this already sent?"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.messages.model import Message


@dataclass(frozen=True)
class Target:
    """A neutral address: ("channel", team id | "management") or ("user", person id)."""

    kind: str
    id: str

    @classmethod
    def parse(cls, text: str) -> Target:
        kind, _, ident = text.partition(":")
        if kind not in ("channel", "user") or not ident:
            raise ValueError(f"bad target {text!r}")
        return cls(kind, ident)

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Sent:
    channel: str  # platform conversation id the message landed in
    message_id: str  # Slack ts / Teams activity id / console sequence


class TransientError(Exception):
    """Worth retrying (429, 5xx, timeouts). ``retry_after`` in seconds if the platform said."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


class PermanentError(Exception):
    """Retrying will not help (unknown channel, bot not installed, bad payload)."""


class Unroutable(PermanentError):
    """The target has no address on this platform (no channel id, no stored reference)."""


class Transport(Protocol):
    platform: str

    async def post(
        self,
        target: Target,
        message: Message,
        *,
        key: str,
        kind: str = "",
        thread: Sent | None = None,
    ) -> Sent: ...

    async def update(self, sent: Sent, message: Message) -> None: ...

    async def find_sent(self, target: Target, key: str) -> Sent | None:
        """After a crash mid-send: the message already delivered under ``key``, if any."""
        ...
