"""Retention: text and display names are purged after N days; counts and states stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.sources.ingest import ingest_comments
from bot.sources.model import NormComment, author_hash
from bot.sources.retention import purge_expired
from bot.store.models import Account, Comment

NOW = datetime(2026, 9, 1, 3, 0, tzinfo=UTC)


def comment(ext: str, age: timedelta) -> NormComment:
    return NormComment("a", ext, "p1", None, f"Tekst {ext}", "u1", "Kari Nordmann", NOW - age)


@pytest.fixture
def filled(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions() as s, s.begin():
        s.add(Account(id="a", platform="facebook", external_id="1", name="A"))
        ingest_comments(
            s,
            [
                comment("old", timedelta(days=200)),
                comment("edge", timedelta(days=180, seconds=1)),
                comment("young", timedelta(days=179, hours=23)),
            ],
            now=NOW - timedelta(days=200),
            salt="s",
        )
        for c in s.scalars(select(Comment)):
            c.state, c.labels, c.state_by = "answered", "question", "anna"
    return sessions


def test_purges_old_text_and_names_only(filled: sessionmaker[Session]) -> None:
    with filled() as s, s.begin():
        assert purge_expired(s, NOW, 180) == 2
    with filled() as s:
        rows = {c.external_id: c for c in s.scalars(select(Comment))}
        for ext in ("old", "edge"):
            c = rows[ext]
            assert (c.text, c.author_name, c.purged_at) == (None, None, NOW)
            assert (c.state, c.labels, c.state_by) == ("answered", "question", "anna")
            assert c.author_hash == author_hash("u1", "s")  # pseudonymous key stays for counts
        young = rows["young"]
        assert young.text == "Tekst young" and young.author_name == "Kari Nordmann"
        assert young.purged_at is None
        assert s.scalar(select(func.count()).select_from(Comment)) == 3


def test_purge_is_idempotent_and_reingest_does_not_restore(filled: sessionmaker[Session]) -> None:
    with filled() as s, s.begin():
        purge_expired(s, NOW, 180)
    with filled() as s, s.begin():
        assert purge_expired(s, NOW, 180) == 0
        res = ingest_comments(s, [comment("old", timedelta(days=200))], now=NOW, salt="s")
        assert res.added == [] and res.duplicates == 1
    with filled() as s:
        old = s.scalars(select(Comment).where(Comment.external_id == "old")).one()
        assert old.text is None and old.purged_at == NOW
    with filled() as s, s.begin():
        assert purge_expired(s, NOW + timedelta(days=1), 180) == 1  # "young" comes of age


def test_bad_arguments(filled: sessionmaker[Session]) -> None:
    with filled() as s:
        with pytest.raises(ValueError):
            purge_expired(s, NOW.replace(tzinfo=None), 180)
        with pytest.raises(ValueError):
            purge_expired(s, NOW, 0)
