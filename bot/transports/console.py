"""The console transport: the embedded default, and what `vaktbot demo` prints through.

Messages are written to a text stream as readable text (``fmt="text"``: a header with the kind,
the target and the local time, then the message) or one JSON object per line (``fmt="jsonl"``:
kind, key, target, at, text, body). Message ids are the outbox keys, so ``find_sent`` can tell
from the output file whether a message already went out before a crash; the text header shows the
key too, except in the chat of the interactive console (``keys=False``).
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.messages.console import to_text
from bot.messages.model import Message
from bot.transports.base import Envelope, Route, Sent, Target


class ConsoleTransport:
    platform = "console"

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        fmt: str = "text",
        path: str | Path | None = None,
        clock: Callable[[], datetime] | None = None,
        keys: bool = True,
    ):
        self.path = Path(path) if path else None
        self.stream = stream if stream is not None else sys.stdout
        self.fmt = fmt
        self.clock = clock
        self.keys = keys or path is not None  # a file needs them to find what was sent
        self._seq = itertools.count(1)
        self.delivered: list[dict[str, object]] = []
        self.can_look = self.path is not None  # find_sent reads the output file

    def route(self, target: Target) -> Route:
        return Route(str(target))

    def _write(self, line: str) -> None:
        if self.path:
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def _record(self, event: dict[str, object], message: Message) -> None:
        self.delivered.append(event)
        if self.fmt == "jsonl":
            self._write(json.dumps(event, ensure_ascii=False))
        else:
            head = f"── {event['kind']} → {event['target']}"
            when = self.clock() if self.clock else None
            if when is not None:
                head += f" · {when:%Y-%m-%d %H:%M} {when.tzname()}"
            if self.keys:
                head += f" [{event['key']}]"
            self._write(f"\n{head}\n{to_text(message)}")

    async def post(self, envelope: Envelope, message: Message) -> Sent:
        key, thread = envelope.key, envelope.thread
        event: dict[str, object] = {
            "op": "post",
            "kind": envelope.kind or key.split(":", 1)[0],
            "key": key,
            "target": str(envelope.target),
            "at": self.clock().isoformat(timespec="seconds") if self.clock else None,
            "text": message.text,
            "body": to_text(message),
        }
        if thread:
            event["thread"] = thread.message_id
        self._record(event, message)
        return Sent(channel=str(envelope.target), message_id=key)

    async def update(self, sent: Sent, message: Message) -> None:
        event: dict[str, object] = {
            "op": "update",
            "kind": "update",
            "key": sent.message_id,
            "target": sent.channel,
            "at": self.clock().isoformat(timespec="seconds") if self.clock else None,
            "text": message.text,
            "body": to_text(message),
        }
        self._record(event, message)

    async def find_sent(self, envelope: Envelope, *, since: datetime | None = None) -> Sent | None:
        key = envelope.key
        if self.path and self.path.exists():
            marker = json.dumps(key, ensure_ascii=False)
            for line in self.path.read_text(encoding="utf-8").splitlines():
                if f'"key": {marker}' in line and '"op": "post"' in line or f"[{key}]" in line:
                    return Sent(channel=str(envelope.target), message_id=key)
        return None
