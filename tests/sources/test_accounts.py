"""vaktbot.yml is the source of truth for accounts at every start (build_app), on a fresh database
and after edits: added, changed, removed -> disabled (history kept), re-added -> enabled."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.app import build_app
from bot.config import ConfigError
from bot.settings import Secrets
from bot.store.models import Account, Comment
from tests.support.paths import EXAMPLE_CONFIG

EXAMPLE = EXAMPLE_CONFIG


def write(tmp_path: Path, accounts: list[dict[str, str]]) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["accounts"] = accounts
    path = tmp_path / "vaktbot.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


FB = {"id": "fb", "platform": "facebook", "external_id": "1001", "name": "Kommunen"}
IG = {"id": "ig", "platform": "instagram", "external_id": "1789", "name": "@kommunen"}


def rows(app) -> dict[str, tuple[str, bool]]:  # type: ignore[no-untyped-def]
    with app.sessions() as s:
        return {a.id: (a.name, a.active) for a in s.scalars(select(Account))}


def test_a_fresh_install_has_the_configured_accounts(tmp_path: Path, db_url: str) -> None:
    app = build_app(write(tmp_path, [FB, IG]), db_url, secrets=Secrets())
    assert rows(app) == {"fb": ("Kommunen", True), "ig": ("@kommunen", True)}


def test_edits_follow_the_config_and_history_stays(tmp_path: Path, db_url: str) -> None:
    app = build_app(write(tmp_path, [FB, IG]), db_url, secrets=Secrets())
    with app.sessions.begin() as s:
        s.add(
            Comment(
                account_id="ig",
                external_id="c1",
                post_external_id="p1",
                text="Hei",
                created_at=app.clock(),
                received_at=app.clock(),
            )
        )
    renamed = {**FB, "name": "Kommunen Oslo"}
    app = build_app(write(tmp_path, [renamed]), db_url, secrets=Secrets())
    assert rows(app) == {"fb": ("Kommunen Oslo", True), "ig": ("@kommunen", False)}
    with app.sessions() as s:
        assert s.get(Account, "ig").disabled_at is not None  # type: ignore[union-attr]
        assert s.scalar(select(Comment.text).where(Comment.account_id == "ig")) == "Hei"
    app = build_app(write(tmp_path, [renamed, IG]), db_url, secrets=Secrets())
    assert rows(app)["ig"] == ("@kommunen", True)


def test_a_page_id_moved_to_another_account_id_is_a_config_error(
    tmp_path: Path, db_url: str
) -> None:
    build_app(write(tmp_path, [FB]), db_url, secrets=Secrets())
    with pytest.raises(ConfigError) as exc:
        build_app(write(tmp_path, [{**FB, "id": "facebook-1"}]), db_url, secrets=Secrets())
    assert "accounts.facebook-1" in str(exc.value) and "use id 'fb'" in str(exc.value)
