"""Sources wired into the bot: scheduled polling through the runner, admin notices once, and
`vaktbot import export`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.app import App
from bot.cli.main import cli
from bot.config import load_config
from bot.runtime.pollers import make_pollers, next_poll
from bot.settings import Secrets
from bot.sources.accounts import sync_accounts
from bot.store.db import session_factory
from bot.store.models import Comment, MetricSnapshot, Outbox
from scheduler.runner import Runner
from tests.sources.test_meta import PAGE, setup_page
from tests.support.fake_graph import FakeGraph
from tests.support.paths import ROOT

EXAMPLE = ROOT / "examples" / "vaktbot.yml"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    fake = await FakeGraph().start()
    yield fake
    await fake.stop()


def polling_app(engine, tmp_path: Path, graph: FakeGraph, monkeypatch) -> App:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["accounts"] = [
        {
            "id": "fb-page",
            "platform": "facebook",
            "external_id": PAGE,
            "name": "Kommunen",
            "poll_minutes": 5,
            "token_env": "FB_PAGE_TOKEN",
        }
    ]
    data["people"][0]["role"] = "admin"  # kari gets the admin notices
    path = tmp_path / "vaktbot.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("FB_PAGE_TOKEN", graph.token)
    secrets = Secrets(VAKTBOT_GRAPH_API_URL=graph.url)  # type: ignore[call-arg]
    app = App(
        config=load_config(path), engine=engine, sessions=session_factory(engine), secrets=secrets
    )
    with app.sessions.begin() as s:
        sync_accounts(s, app.config)
    return app


async def test_poller_ingests_and_reports_errors_once(
    engine, tmp_path: Path, graph: FakeGraph, monkeypatch
) -> None:
    app = polling_app(engine, tmp_path, graph, monkeypatch)
    setup_page(graph)
    assert not [j.name for j in Runner(app).jobs if j.name.startswith("sources.poll")]
    app.clock = lambda: NOW
    pollers = make_pollers(app)
    assert [p.account.id for p in pollers] == ["fb-page"]
    poller = pollers[0]
    async with poller.client() as client:
        first = await poller.poll_once(client, next_poll(NOW, 5))
        again = await poller.poll_once(client, next_poll(NOW, 5))  # the same fire: claimed
        assert first is not None and len(first.new_comment_ids) == 3 and again is None
        with app.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Comment)) == 3
            assert s.scalar(select(func.count()).select_from(MetricSnapshot)) >= 1

        # the token expires: the admin hears it once, not on every poll
        for _ in range(3):
            graph.fail("/comments", 190)
        for minutes in (5, 10, 15):
            result = await poller.poll_once(client, next_poll(NOW + timedelta(minutes=minutes), 5))
            assert result is not None and result.error is not None
    assert client.closed
    with app.sessions() as s:
        notices = s.scalars(select(Outbox).where(Outbox.kind == "sources.notice")).all()
    assert [n.target for n in notices] == ["user:kari"]
    assert "FB_PAGE_TOKEN" in notices[0].payload["text"]
    assert graph.token not in notices[0].payload["text"]


def test_import_export_cli(db_url: str) -> None:
    runner = CliRunner()

    def run(name: str, *account: str) -> Result:
        args = ["import", "export", str(ROOT / "tests/data" / name), *account]
        return runner.invoke(cli, [*args, "--config", str(EXAMPLE), "--database", db_url])

    good = run("meta_fb_posts_nb.csv", "--account", "fb-skatteetaten")
    assert good.exit_code == 0, good.output
    assert "3 nye innlegg" in good.output  # in the organisation's language (nb)
    assert "ikke forstått" not in good.output
    extra = run("fb_page_daily_en.csv", "--account", "fb-skatteetaten")
    assert extra.exit_code == 0, extra.output
    assert "kolonner som ikke ble forstått, ikke importert: Mystery metric" in extra.output
    wrong = run("ig_page_follows_daily_sv.csv", "--account", "fb-skatteetaten")
    assert wrong.exit_code == 2
    assert "filen har tall fra instagram" in wrong.output.replace("\n", " ")
    bad = run("unknown_layout.csv")
    assert bad.exit_code == 2 and "unknown export layout" in bad.output
    unknown = run("meta_fb_posts_nb.csv", "--account", "nope")
    assert unknown.exit_code == 2 and "ukjent konto" in unknown.output


async def test_hide_factory_uses_the_accounts_token(
    engine, tmp_path: Path, graph: FakeGraph, monkeypatch
) -> None:
    from bot.sources.accounts import meta_client_factory
    from bot.store.models import Account

    app = polling_app(engine, tmp_path, graph, monkeypatch)
    factory = meta_client_factory(app.config, app.secrets)
    assert factory is not None
    with app.sessions() as s:
        account = s.get(Account, "fb-page")
    client = factory(account)
    assert await client.hide_comment("c1", True, platform="facebook")
    hides = [r for r in graph.requests if r.method == "POST"]
    assert hides and hides[0].authorization == f"Bearer {graph.token}"
    monkeypatch.delenv("FB_PAGE_TOKEN")
    assert meta_client_factory(app.config, app.secrets) is None
