"""bolt's start-up warning that SLACK_BOT_TOKEN "will be unused" (vaktbot hands it a client made
from that same token) stays out of the log an admin reads; bolt's other warnings do not."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import App
from bot.transports.slack.bolt_app import TokenUnusedNotice, build_bolt_app
from tests.support.fake_slack import FakeSlack
from tests.transports.slack.test_transport import app, fake, make_app  # noqa: F401


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} {record.name}: {record.getMessage()}")


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch) -> Iterator[Kept]:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-the-environment")
    handler = Kept()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


async def test_bolt_really_warns_when_given_a_client_and_the_token_variable(kept: Kept) -> None:
    bolt_log = logging.getLogger("slack_bolt.AsyncApp")
    ours = [f for f in bolt_log.filters if isinstance(f, TokenUnusedNotice)]
    for f in ours:
        bolt_log.removeFilter(f)
    try:
        AsyncApp(client=AsyncWebClient(token="xoxb-x"), signing_secret="s")
    finally:
        for f in ours:
            bolt_log.addFilter(f)
    assert any("`token` will be unused" in line for line in kept.lines), kept.lines


async def test_the_service_bolt_app_starts_without_that_warning(
    app: App,  # noqa: F811
    fake: FakeSlack,  # noqa: F811
    kept: Kept,
) -> None:
    client = AsyncWebClient(token="xoxb-from-the-environment", base_url=fake.api_url)
    build_bolt_app(app, client, signing_secret="secret")
    build_bolt_app(app, client, socket_mode=True)
    assert not [line for line in kept.lines if "will be unused" in line], kept.lines
    bolt_log = logging.getLogger("slack_bolt.AsyncApp")
    assert sum(isinstance(f, TokenUnusedNotice) for f in bolt_log.filters) == 1
    bolt_log.warning("another bolt warning")
    assert "WARNING slack_bolt.AsyncApp: another bolt warning" in kept.lines
