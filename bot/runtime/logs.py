"""Structured (key=value) logging. Records carry ids and counts, never tokens or comment text.

Every record is one line: control characters in the message are escaped (a newline in outside
text cannot forge a log line), values are ``repr``-ed, and the lines of a traceback are indented,
so only the formatter starts a line at column 0. Request bodies that libraries log (Slack's
signature check) are left out."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

_STANDARD = set(vars(logging.LogRecord("x", 0, "", 0, "", None, None)).keys()) | {"message"}
_SECRETISH = re.compile(r"(xox[abpr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|EAA[A-Za-z0-9]{20,})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_BODY = re.compile(r"(?s)\bbody: .*")


def escape_controls(text: str) -> str:
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text)


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        base = (
            f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S')} {record.levelname:<7} {record.name}: "
        )
        msg = record.getMessage()
        if record.name.startswith("slack_bolt"):
            msg = _BODY.sub("body: [left out]", msg)
        msg = escape_controls(msg)
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        kv = " ".join(f"{k}={v!r}" for k, v in sorted(extras.items()))
        out = base + msg + (f" {kv}" if kv else "")
        if record.exc_info:
            trace = self.formatException(record.exc_info)
            out += "\n" + "\n".join("    " + escape_controls(line) for line in trace.splitlines())
        return _SECRETISH.sub("[secret]", out)


def setup_logging(level: str = "INFO", path: str | Path | None = None, *, mode: str = "a") -> None:
    """Log lines go to stderr, or to the file ``path`` (the console and the demo, so that log
    lines never mix with the chat)."""
    handler: logging.Handler
    if path is None:
        handler = logging.StreamHandler(sys.stderr)
    else:
        handler = logging.FileHandler(path, mode=mode, encoding="utf-8")
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    noisy_loggers = (
        "alembic",
        "httpx",
        "apscheduler",
        "aiohttp.access",
        "slack_bolt",
        "slack_sdk",
        "botbuilder",
        "msrest",
        "urllib3",
    )
    for noisy in noisy_loggers:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
