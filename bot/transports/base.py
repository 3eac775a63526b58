"""What every transport offers the delivery loop: where a target's messages go (``route``), post,
update, and "was this already sent?" (``find_sent``). A post and the look for it take the same
:class:`Envelope`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

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


@dataclass(frozen=True)
class Envelope:
    """What a message is sent under, and what it is looked for by after an unclear outcome:
    its target, its outbox key, the message it answers in a thread (None: a message of its own),
    and its kind (for the logs; the key's prefix when empty)."""

    target: Target
    key: str
    kind: str = ""
    thread: Sent | None = None


@dataclass(frozen=True)
class Route:
    """Where a target's messages land: the platform conversation (a Slack channel or user id, a
    Teams conversation id), whose messages go out in order at the platform's pace, and the pool
    that shares a wider limit (the Teams tenant; "" when the platform has none)."""

    conversation: str
    pool: str = ""


class TransientError(Exception):
    """Worth retrying (429, 5xx, timeouts). ``retry_after`` in seconds if the platform said.

    ``ambiguous``: the request may have been carried out although no answer came back (a
    timeout or a dropped connection after it was sent, a 5xx): a post must then be looked for
    before it is sent again, never re-posted blind."""

    def __init__(self, reason: str, retry_after: float | None = None, *, ambiguous: bool = False):
        super().__init__(reason)
        self.retry_after = retry_after
        self.ambiguous = ambiguous


class NotReachableYet(TransientError):
    """The target will have an address once someone acts (the app installed in Teams, a team's
    channel linked): the message waits for it, within its useful life, instead of failing."""

    WAIT = 300.0  # seconds before the address is looked up again

    def __init__(self, reason: str):
        super().__init__(reason, self.WAIT)


class PermanentError(Exception):
    """Retrying will not help (unknown channel, bot not installed, bad payload)."""


class Unroutable(PermanentError):
    """The target has no address on this platform (no channel id, no stored reference)."""


class Transport(Protocol):
    platform: str
    # whether find_sent can really look (Slack, the console file); Teams cannot
    can_look: bool

    def route(self, target: Target) -> Route:
        """The conversation a target's messages go to (Unroutable if it has none)."""
        ...

    async def post(self, envelope: Envelope, message: Message) -> Sent: ...

    async def update(self, sent: Sent, message: Message) -> None: ...

    async def find_sent(self, envelope: Envelope, *, since: datetime | None = None) -> Sent | None:
        """After a crash or an ambiguous failure: the message already delivered under the
        envelope's key (in its thread when it is a reply; posted no earlier than ``since``), or
        None when it is certainly not there. Raises TransientError when the platform cannot be
        asked right now."""
        ...


class Reach(StrEnum):
    """How a direct message to a person would arrive, asked before promising one."""

    DM = "dm"  # a personal chat exists (or the platform opens one on its own, as Slack does)
    OPEN = "open"  # none yet, but the bot may open one (a Teams roster member)
    CHANNEL = "channel"  # the platform refused a personal chat: an @mention in their team's channel
    NONE = "none"  # the bot has no way to reach them on this platform


@runtime_checkable
class Reachable(Protocol):
    """A transport that can tell whether a direct message to a person can be delivered."""

    def reach(self, person: str) -> Reach: ...


@runtime_checkable
class HandleKeeper(Protocol):
    """A transport that keeps an on-duty handle: user groups and channel topics (Slack)."""

    async def set_usergroup(self, usergroup: str, users: list[str]) -> None: ...

    async def set_topic(self, channel: str, topic: str) -> None: ...
