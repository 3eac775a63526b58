"""Where things are, for tests at any depth of tests/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
EXAMPLES = ROOT / "examples"
EXAMPLE_CONFIG = EXAMPLES / "vaktbot.yml"
DATA = TESTS / "data"
PLAN_DATA = DATA / "plan"  # the plan tests' annual plan (tests/data/make_plan_fixture.py)
GOLDEN = TESTS / "golden"
