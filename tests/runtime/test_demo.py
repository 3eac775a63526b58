"""`vaktbot demo`: two simulated weeks through the real scheduler path, as JSON lines."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

from bot.privacy.identity import find_identity_numbers
from tests.support.paths import ROOT

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def test_demo_two_weeks_jsonl() -> None:
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli.main",
            "demo",
            "--days",
            "14",
            "--start",
            "2026-11-30",
            "--format",
            "jsonl",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    events = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    posts = [e for e in events if e["op"] == "post"]
    keys = [e["key"] for e in posts]
    assert len(keys) == len(set(keys)), "every delivered message has its own idempotency key"
    for e in events:
        assert {"kind", "key", "target", "at", "text"} <= e.keys()
        assert e["at"].startswith("2026-12-") or e["at"].startswith("2026-11-30")
    kinds = Counter(e["kind"] for e in posts)
    # ten working days (Mon 30 Nov - Fri 11 Dec) x two team channels
    assert kinds["digest.daily"] == 20
    assert kinds["digest.weekly"] == 2  # Mondays 30 Nov and 7 Dec, to the manager
    assert kinds["duty.handoff"] == 2  # Monday 7 Dec 08:00, to both team channels
    assert kinds["alert.comment"] > 0 and kinds["duty.notice"] == 7
    handoff = next(e for e in posts if e["kind"] == "duty.handoff")
    assert handoff["at"] == "2026-12-07T08:00:00+01:00"  # local time with its offset
    # personal data in the sample comments never reaches chat
    for e in events:
        for text in (e["text"], e.get("body", "")):
            assert find_identity_numbers(text) == [], e["key"]
            assert not EMAIL.search(text) and "912 34 567" not in text, e["key"]
