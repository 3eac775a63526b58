"""The simulated clock is for tests and trials only: a simulated start without
VAKTBOT_ALLOW_SIMULATED_CLOCK=yes is refused by every command that builds the app, on one line,
with exit code 2, no traceback, and before the database is touched."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.production.harness import CONFIG, VAKTBOT, free_port, service_env


@pytest.mark.parametrize("command", [["run"], ["tick", "--at", "2026-10-25T02:30+01:00"], ["send"]])
def test_a_simulated_start_is_refused_unless_allowed(command: list[str], tmp_path: Path) -> None:
    db = tmp_path / "vaktbot.db"
    env = service_env(
        VAKTBOT_DATABASE_URL=f"sqlite:///{db}",
        VAKTBOT_HTTP_PORT=str(free_port()),
        VAKTBOT_SIMULATED_START="2026-10-24T20:00+02:00",
        VAKTBOT_SIMULATED_SPEED="3600",
    )
    done = subprocess.run(
        [str(VAKTBOT), *command, "--config", str(CONFIG)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: VAKTBOT_SIMULATED_START:")
    assert "VAKTBOT_ALLOW_SIMULATED_CLOCK=yes" in lines[0] and "tests and trials" in lines[0]
    assert "Traceback" not in done.stderr + done.stdout
    assert not db.exists(), "refused before the database was touched"


def test_a_bad_speed_is_refused_too(tmp_path: Path) -> None:
    env = service_env(
        VAKTBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'vaktbot.db'}",
        VAKTBOT_SIMULATED_START="2026-10-24T20:00+02:00",
        VAKTBOT_SIMULATED_SPEED="-5",
        VAKTBOT_ALLOW_SIMULATED_CLOCK="yes",
    )
    done = subprocess.run(
        [str(VAKTBOT), "run", "--config", str(CONFIG)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "error: VAKTBOT_SIMULATED_SPEED: expected a number of simulated seconds per real "
        "second > 0, got '-5'"
    ]
