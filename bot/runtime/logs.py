"""Structured (key=value) logging. Records carry ids and counts, never tokens or comment text."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

_STANDARD = set(vars(logging.LogRecord("x", 0, "", 0, "", None, None)).keys()) | {"message"}
_SECRETISH = re.compile(r"(xox[abpr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|EAA[A-Za-z0-9]{20,})")


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        base = (
            f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S')} {record.levelname:<7} {record.name}: "
        )
        msg = record.getMessage()
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        kv = " ".join(f"{k}={v!r}" for k, v in sorted(extras.items()))
        out = base + msg + (f" {kv}" if kv else "")
        if record.exc_info:
            out += "\n" + self.formatException(record.exc_info)
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
