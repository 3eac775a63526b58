"""The platform-neutral message model.

Handlers and jobs build these; only the renderers in this package turn them into Slack Block Kit,
Teams Adaptive Cards or console text. Messages are plain data and round-trip through JSON
(``to_dict`` / ``from_dict``) so they can wait in the outbox.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Style = Literal["primary", "danger"] | None


@dataclass(frozen=True)
class Header:
    text: str
    type: Literal["header"] = "header"


@dataclass(frozen=True)
class Section:
    """A paragraph. ``text`` may use *bold*, _italic_ and <url|label> links (mrkdwn subset)."""

    text: str
    type: Literal["section"] = "section"


@dataclass(frozen=True)
class Facts:
    """Label/value pairs, e.g. ("On duty", "Team A")."""

    items: tuple[tuple[str, str], ...]
    type: Literal["facts"] = "facts"


@dataclass(frozen=True)
class ListBlock:
    """A bulleted list; ``more`` = how many items were left out ("… and N more")."""

    items: tuple[str, ...]
    title: str | None = None
    more: int = 0
    type: Literal["list"] = "list"


@dataclass(frozen=True)
class Context:
    """Small print under a section (who acted, when, the formula used)."""

    text: str
    type: Literal["context"] = "context"


@dataclass(frozen=True)
class Divider:
    type: Literal["divider"] = "divider"


@dataclass(frozen=True)
class Image:
    """An image by URL, or attached bytes named by ``attachment`` (see Message.attachments)."""

    alt: str
    url: str | None = None
    attachment: str | None = None
    title: str | None = None
    type: Literal["image"] = "image"


@dataclass(frozen=True)
class Button:
    """A button: ``action`` names the handler (e.g. "moderation.claim"), ``value`` its argument."""

    label: str
    action: str
    value: str = ""
    style: Style = None
    url: str | None = None  # a link button opens the URL instead of calling back


@dataclass(frozen=True)
class Actions:
    """One to three buttons shown; further ones go into an overflow menu."""

    buttons: tuple[Button, ...]
    type: Literal["actions"] = "actions"


@dataclass(frozen=True)
class Field:
    """A form input (modal in Slack, Input.* in a Teams card)."""

    name: str
    label: str
    kind: Literal["text", "date", "select", "multiline"] = "text"
    required: bool = True
    placeholder: str | None = None
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for select
    error: str | None = None  # the message shown when the value is missing or invalid
    initial: str | None = None


@dataclass(frozen=True)
class Form:
    """A form with a submit action (``action``) and the fields to fill."""

    title: str
    action: str
    submit_label: str
    fields: tuple[Field, ...]
    value: str = ""
    type: Literal["form"] = "form"


Block = Header | Section | Facts | ListBlock | Context | Divider | Image | Actions | Form

_BLOCK_TYPES: dict[str, type] = {
    "header": Header,
    "section": Section,
    "facts": Facts,
    "list": ListBlock,
    "context": Context,
    "divider": Divider,
    "image": Image,
    "actions": Actions,
    "form": Form,
}


@dataclass(frozen=True)
class Attachment:
    """A file sent with the message (a chart PNG, a CSV of the figures)."""

    name: str
    content_type: str
    data_b64: str
    title: str | None = None


@dataclass(frozen=True)
class Message:
    """``text`` is the one-line summary: notification text, fallback and screen-reader text.

    It must say what happened, to what, and what the reader can do.
    """

    text: str
    blocks: tuple[Block, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    locale: str = "en"
    tz: str = "UTC"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        blocks: list[Block] = []
        for raw in data.get("blocks", ()):
            kind = raw["type"]
            b = dict(raw)
            if kind == "facts":
                b["items"] = tuple(tuple(x) for x in b["items"])
            elif kind == "list":
                b["items"] = tuple(b["items"])
            elif kind == "actions":
                b["buttons"] = tuple(Button(**x) for x in b["buttons"])
            elif kind == "form":
                b["fields"] = tuple(
                    Field(**{**f, "options": tuple(tuple(o) for o in f.get("options", ()))})
                    for f in b["fields"]
                )
            blocks.append(_BLOCK_TYPES[kind](**b))
        return cls(
            text=data["text"],
            blocks=tuple(blocks),
            attachments=tuple(Attachment(**a) for a in data.get("attachments", ())),
            locale=data.get("locale", "en"),
            tz=data.get("tz", "UTC"),
        )


@dataclass
class Reply:
    """What a handler answers: a message, and whether only the asker should see it."""

    message: Message
    ephemeral: bool = True
    # for a button press: replace the message the button was on (edit in place)
    replace_original: bool = False
    # messages the handler queued for others (already in the outbox) need nothing here
    open_form: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
