"""Structured logging: every ``extra=`` key in the code is one logging accepts.

``logging`` raises KeyError for an ``extra`` key that names a LogRecord attribute ("thread",
"name", "message", …) - at the moment the line is logged, i.e. only at the levels that are on.
A Slack post once logged ``extra={"thread": …}`` at INFO: every post raised after Slack had
accepted it, and the outbox posted it again. This test reads every call site from the source.
"""

from __future__ import annotations

import ast
import logging

from bot.runtime.logs import KeyValueFormatter, setup_logging
from tests.support.paths import ROOT

RESERVED = set(vars(logging.LogRecord("x", 0, "", 0, "", None, None))) | {"message", "asctime"}


def extra_keys() -> list[tuple[str, int, str]]:
    found: list[tuple[str, int, str]] = []
    for folder in ("bot", "handlers", "scheduler"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                for kw in node.keywords:
                    if kw.arg == "extra" and isinstance(kw.value, ast.Dict):
                        for key in kw.value.keys:
                            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                                found.append((str(path.relative_to(ROOT)), node.lineno, key.value))
    return found


def test_the_source_has_log_calls_with_extra() -> None:
    assert len(extra_keys()) > 50


def test_no_extra_key_is_a_reserved_log_record_attribute() -> None:
    clashes = [f"{p}:{line} {key!r}" for p, line, key in extra_keys() if key in RESERVED]
    assert clashes == []


def test_a_reserved_key_really_raises_at_the_level_that_is_on(capsys) -> None:  # type: ignore[no-untyped-def]
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        setup_logging("INFO")
        log = logging.getLogger("vaktbot.test")
        try:
            log.info("posted", extra={"thread": True})
        except KeyError:
            pass
        else:  # pragma: no cover - would mean the guard above is pointless
            raise AssertionError("logging accepted a reserved extra key")
        log.info("posted", extra={"in_thread": True})
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    assert "in_thread=True" in capsys.readouterr().err


def test_formatter_escapes_control_characters_in_values() -> None:
    record = logging.LogRecord("vaktbot", logging.INFO, "", 0, "msg", None, None)
    record.reason = "a\nFAKE 2026-01-01T00:00:00 ERROR forged"
    line = KeyValueFormatter().format(record)
    assert "\n" not in line
