"""`vaktbot demo`: two simulated weeks through the real scheduler path, as JSON lines."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import subprocess
import sys
from collections import Counter
from datetime import date

import pytest

from bot.config import load_config
from bot.privacy.identity import find_identity_numbers
from bot.runtime.demo import run_demo
from tests.support.paths import EXAMPLE_CONFIG, ROOT

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
    # the example annual plan is loaded: reminders go out, and the simulated team acts on them
    assert kinds["plan.reminder"] > 0 and any(e["op"] == "update" for e in events)
    handoff = next(e for e in posts if e["kind"] == "duty.handoff")
    assert handoff["at"] == "2026-12-07T08:00:00+01:00"  # local time with its offset
    # personal data in the sample comments never reaches chat
    for e in events:
        for text in (e["text"], e.get("body", "")):
            assert find_identity_numbers(text) == [], e["key"]
            assert not EMAIL.search(text) and "912 34 567" not in text, e["key"]


def test_jumping_loses_nothing_against_minute_by_minute(caplog: pytest.LogCaptureFixture) -> None:
    """The demo jumps from one due instant to the next (jobs' next_work hints); run minute by
    minute instead, as the service does, the same messages go out at the same instants, and
    every job that fires runs without failing (the platform-actions job works in a thread)."""
    caplog.set_level(logging.ERROR)
    config = load_config(EXAMPLE_CONFIG)
    outputs = []
    for skip_idle in (True, False):
        buf = io.StringIO()
        sent = asyncio.run(run_demo(config, date(2027, 1, 4), 1, "jsonl", buf, skip_idle=skip_idle))
        outputs.append((sent, buf.getvalue()))
    (jumped, text), (polled, reference) = outputs
    kinds = Counter(json.loads(line)["kind"] for line in text.splitlines())
    # a Monday after a weekend: the queue summary, alerts, escalations, edits after presses
    assert {"alert.away", "alert.comment", "alert.escalation", "update"} <= set(kinds)
    assert jumped == polled > 40
    assert text == reference
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_plan_reminders_fall_on_working_days_over_easter() -> None:
    """Easter 2027 (Maundy Thursday 25 March to Easter Monday 29 March) with the example plan:
    a reminder whose day is a weekend or a public holiday moves to the working day before."""
    config = load_config(EXAMPLE_CONFIG)
    buf = io.StringIO()
    asyncio.run(run_demo(config, date(2027, 3, 15), 16, "jsonl", buf))
    events = [json.loads(line) for line in buf.getvalue().splitlines()]
    plan = [e for e in events if e["kind"] in ("plan.reminder", "plan.overdue")]
    cal = config.work_calendar()
    days = {date.fromisoformat(e["at"][:10]) for e in plan}
    assert days and all(cal.is_working_day(d) for d in days), sorted(days)
    summer_time = sorted(
        e["at"][:10]
        for e in plan
        if "sommertid" in e["key"] and e["target"] == "user:sofie" and e["kind"] == "plan.reminder"
    )
    # due Sunday 28 March: the 7-day reminder moves from Sunday 21 to Friday 19, the 1-day
    # reminder from Saturday 27 past Good Friday and Maundy Thursday to Wednesday 24
    assert summer_time == ["2027-03-19", "2027-03-24"]
    assert any(e["kind"] == "update" and "plan:" in e["key"] for e in events)  # Done pressed
