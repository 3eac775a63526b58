"""The Graph API version vaktbot asks for by default is one Meta will keep serving."""

from __future__ import annotations

from datetime import date

import pytest

from bot.settings import Secrets
from bot.sources.meta.client import MetaClient
from bot.sources.meta.versions import (
    AVAILABLE_UNTIL,
    DEFAULT_VERSION,
    WARN_DAYS,
    days_left,
    is_version,
    retiring,
)

# the day this check stands for; move it forward when the table is brought up to date
TODAY = date(2026, 12, 7)


def test_the_default_version_is_not_within_90_days_of_its_retirement() -> None:
    assert not retiring(DEFAULT_VERSION, TODAY), (
        f"{DEFAULT_VERSION} stops working on {AVAILABLE_UNTIL[DEFAULT_VERSION]}: move "
        "DEFAULT_VERSION on (see https://developers.facebook.com/docs/graph-api/changelog)"
    )
    assert Secrets().graph_api_version == DEFAULT_VERSION  # type: ignore[call-arg]
    assert MetaClient("t").version == DEFAULT_VERSION


def test_the_default_is_the_newest_version_in_the_table() -> None:
    def number(v: str) -> float:
        return float(v.lstrip("v"))

    assert DEFAULT_VERSION == max(AVAILABLE_UNTIL, key=number)
    assert AVAILABLE_UNTIL[DEFAULT_VERSION] is None  # current: no retirement date yet


@pytest.mark.parametrize(
    ("version", "today", "expected"),
    [
        ("v21.0", date(2026, 10, 22), False),  # 91 days before 2027-01-21
        ("v21.0", date(2026, 10, 23), True),  # 90 days: within
        ("v21.0", date(2027, 2, 1), True),  # retired already
        ("v20.0", date(2026, 12, 7), True),
        ("v25.0", date(2026, 12, 7), False),
        ("v26.0", date(2031, 1, 1), False),  # no date published: not retiring
        ("v99.0", date(2026, 12, 7), False),  # not in the table: not known to retire
    ],
)
def test_retirement_is_judged_on_the_injected_day(
    version: str, today: date, expected: bool
) -> None:
    assert retiring(version, today) is expected


def test_days_left_and_the_version_format() -> None:
    assert days_left("v21.0", date(2027, 1, 1)) == 20
    assert days_left("v26.0", TODAY) is None
    assert WARN_DAYS == 90
    assert is_version("v26.0") and not is_version("26") and not is_version("v26")


def test_a_malformed_version_in_the_environment_is_refused(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("VAKTBOT_GRAPH_API_VERSION", "latest")
    with pytest.raises(ValueError, match="v26.0"):
        Secrets()  # type: ignore[call-arg]
    monkeypatch.setenv("VAKTBOT_GRAPH_API_VERSION", "v25.0")
    assert Secrets().graph_api_version == "v25.0"  # type: ignore[call-arg]
