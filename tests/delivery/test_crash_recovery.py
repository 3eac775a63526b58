"""Killing the process between writing an outbox row and delivering it, then restarting,
delivers the message exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT

EXAMPLE = ROOT / "examples" / "vaktbot.yml"

WRITE_THEN_DIE = """
import os, signal
from datetime import datetime, UTC
from bot.app import build_app
from bot.messages.model import Message, Section
from bot.delivery.outbox import enqueue
app = build_app({config!r}, {db!r})
now = datetime.now(UTC)  # within the digest's useful life when `vaktbot send` runs
with app.sessions.begin() as s:
    enqueue(s, key="digest:daily:team-1:2026-11-23", kind="digest.daily",
            target="channel:team-1", message=Message(text="Morgenoversikt", blocks=(Section("x"),)),
            now=now)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _env(out: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        VAKTBOT_CONSOLE_OUT=str(out),
        VAKTBOT_CONSOLE_FORMAT="jsonl",
        VAKTBOT_PLATFORM="console",
    )
    return env


def test_killed_after_commit_then_restarted_delivers_exactly_once(
    db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "delivered.jsonl"
    died = subprocess.run(
        [sys.executable, "-c", WRITE_THEN_DIE.format(config=str(EXAMPLE), db=db_url)],
        env=_env(out),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert died.returncode == -signal.SIGKILL, died.stderr
    assert not out.exists()  # nothing was delivered before the crash

    vaktbot = [sys.executable, "-m", "bot.cli.main"]
    for _ in range(2):  # restart, then restart again: the second run must send nothing
        res = subprocess.run(
            vaktbot + ["send", "--config", str(EXAMPLE), "--database", db_url],
            env=_env(out),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert res.returncode == 0, res.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    posts = [e for e in lines if e["op"] == "post"]
    assert [p["key"] for p in posts] == ["digest:daily:team-1:2026-11-23"]
    assert posts[0]["text"] == "Morgenoversikt" and posts[0]["target"] == "channel:team-1"
