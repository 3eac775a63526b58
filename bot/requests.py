"""Neutral requests: what a transport turns a slash command, message or button press into."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Request:
    """A command: `/vakt who` in Slack, `@vaktbot who` in Teams, `/vakt who` in the console."""

    platform: str
    person: str | None  # person id from the config, None if the user is not configured
    text: str  # everything after the command word, e.g. "away 2026-12-01 2026-12-03 ferie"
    now: datetime
    locale: str = "en"
    platform_user: str = ""
    channel: str | None = None  # the platform conversation the command came from
    team: str | None = None  # the team whose channel it came from, if known

    @property
    def command(self) -> str:
        return self.text.strip().split(" ", 1)[0].lower() if self.text.strip() else "help"

    @property
    def args(self) -> list[str]:
        parts = self.text.strip().split()
        return parts[1:]

    @property
    def rest(self) -> str:
        parts = self.text.strip().split(None, 1)
        return parts[1] if len(parts) > 1 else ""


@dataclass(frozen=True)
class ActionRequest:
    """A button press or a submitted form."""

    platform: str
    person: str | None
    action: str  # e.g. "moderation.claim"
    value: str
    now: datetime
    locale: str = "en"
    platform_user: str = ""
    form: dict[str, str] = field(default_factory=dict)
    # the message the button was on (platform channel, message id) if the platform told us
    message_channel: str | None = None
    message_id: str | None = None
    # the client's own language as the platform tells it (Teams: the activity; Slack: users.info)
    client_locale: str | None = None

    def as_command(self, text: str) -> Request:
        """A button that stands for a command (Help, Open the queue): the presser's own
        command ``text``, answered as if typed."""
        return Request(
            platform=self.platform,
            person=self.person,
            text=text,
            now=self.now,
            locale=self.locale,
            platform_user=self.platform_user,
        )
