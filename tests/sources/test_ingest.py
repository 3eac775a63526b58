"""Bulk idempotent ingestion on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.sources.ingest import (
    CHUNK,
    apply_comment_event,
    ingest_comments,
    ingest_posts,
    ingest_snapshots,
)
from bot.sources.model import (
    CommentEvent,
    NormComment,
    NormPost,
    NormSnapshot,
    author_hash,
    parse_time,
)
from bot.sources.retention import purge_expired
from bot.store.models import Account, Comment, MetricSnapshot, Post

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def comment(
    acc: str, ext: str, *, minutes: int = 0, author: str | None = "u1", text: str | None = "Hei"
) -> NormComment:
    return NormComment(acc, ext, "p1", None, text, author, "Kari", NOW - timedelta(minutes=minutes))


@pytest.fixture
def accounts(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions() as s, s.begin():
        s.add(Account(id="a", platform="facebook", external_id="1", name="A"))
        s.add(Account(id="b", platform="instagram", external_id="2", name="B"))
    return sessions


def stored(sessions: sessionmaker[Session]) -> dict[tuple[str, str], int]:
    with sessions() as s:
        return {
            (a, e): i
            for i, a, e in s.execute(select(Comment.id, Comment.account_id, Comment.external_id))
        }


def test_new_ids_duplicates_and_fields(accounts: sessionmaker[Session]) -> None:
    batch = [
        comment("a", "c1", author="u1"),
        comment("a", "c2", author=None),
        comment("b", "c1"),
        comment("a", "c1"),
    ]  # c1 twice in one batch
    with accounts() as s, s.begin():
        res = ingest_comments(s, batch, now=NOW, salt="salt")
    rows = stored(accounts)
    assert sorted(res.added) == sorted(rows.values()) and len(rows) == 3
    assert res.duplicates == 1
    with accounts() as s:
        c1 = s.get(Comment, rows[("a", "c1")])
        c2 = s.get(Comment, rows[("a", "c2")])
        assert c1 is not None and c2 is not None
        assert c1.author_hash == author_hash("u1", "salt") and c2.author_hash is None
        assert (c1.state, c1.labels, c1.deleted, c1.received_at) == ("new", None, False, NOW)
        assert c1.created_at == NOW and c1.created_at.tzinfo is not None
    with accounts() as s, s.begin():
        again = ingest_comments(s, batch + [comment("b", "c9")], now=NOW, salt="salt")
    assert len(again.added) == 1 and again.duplicates == 4
    assert stored(accounts)[("b", "c9")] == again.added[0]


def test_ids_are_exact_after_deletes_and_across_chunks(accounts: sessionmaker[Session]) -> None:
    with accounts() as s, s.begin():
        ingest_comments(s, [comment("a", f"x{i}") for i in range(5)], now=NOW, salt="s")
        s.execute(delete(Comment).where(Comment.external_id.in_(["x3", "x4"])))
    n = CHUNK + 500
    batch = [comment("a", f"x{i}") for i in range(n)]
    with accounts() as s, s.begin():
        res = ingest_comments(s, batch, now=NOW, salt="s")
    rows = stored(accounts)
    assert len(res.added) == n - 3 and res.duplicates == 3
    assert sorted(res.added) == sorted(rows[("a", f"x{i}")] for i in range(3, n))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    batches=st.lists(
        st.lists(st.tuples(st.sampled_from("ab"), st.integers(0, 30)), max_size=25),
        min_size=1,
        max_size=4,
    )
)
def test_property_each_comment_stored_once(
    accounts: sessionmaker[Session], batches: list[list[tuple[str, int]]]
) -> None:
    with accounts() as s, s.begin():
        s.execute(delete(Comment))
    seen: set[tuple[str, str]] = set()
    for batch in batches:
        items = [comment(acc, f"c{n}") for acc, n in batch]
        with accounts() as s, s.begin():
            res = ingest_comments(s, items, now=NOW, salt="s")
        new_keys = {(acc, f"c{n}") for acc, n in batch} - seen
        seen |= new_keys
        rows = stored(accounts)
        assert sorted(res.added) == sorted(rows[k] for k in new_keys)
        assert res.duplicates == len(batch) - len(new_keys)
        assert set(rows) == seen


def test_posts_fill_in_missing_text(accounts: sessionmaker[Session]) -> None:
    bare = NormPost("a", "p1", NOW)
    with accounts() as s, s.begin():
        assert len(ingest_posts(s, [bare, NormPost("a", "p2", NOW, text="To")]).added) == 2
    with accounts() as s, s.begin():
        res = ingest_posts(
            s,
            [
                NormPost("a", "p1", NOW, text="Tekst", permalink="https://x/1"),
                NormPost("a", "p2", NOW),
            ],
        )
    assert res.added == [] and res.duplicates == 2
    with accounts() as s:
        texts = dict(s.execute(select(Post.external_id, Post.text)).all())
        assert texts == {"p1": "Tekst", "p2": "To"}  # known text is not blanked


def test_snapshot_upsert_keeps_known_figures(accounts: sessionmaker[Session]) -> None:
    d = date(2026, 3, 9)
    with accounts() as s, s.begin():
        ingest_snapshots(
            s,
            [
                NormSnapshot("a", d, followers=100, reach=50),
                NormSnapshot("a", d, post_external_id="p1", reactions=3),
            ],
        )
    with accounts() as s, s.begin():
        n = ingest_snapshots(
            s, [NormSnapshot("a", d, reach=70, views=200), NormSnapshot("a", d, clicks=9)]
        )  # merged within the batch
    assert n == 1
    with accounts() as s:
        rows = {r.post_external_id: r for r in s.scalars(select(MetricSnapshot))}
        acc = rows[""]
        assert (acc.followers, acc.reach, acc.views, acc.clicks) == (100, 70, 200, 9)
        assert rows["p1"].reactions == 3 and len(rows) == 2


def test_comment_events(accounts: sessionmaker[Session]) -> None:
    with accounts() as s, s.begin():
        ingest_comments(s, [comment("a", "c1", minutes=60 * 24 * 40)], now=NOW, salt="s")
    with accounts() as s, s.begin():
        assert apply_comment_event(s, CommentEvent("a", "c1", "edited", text="Ny tekst"))
        assert apply_comment_event(s, CommentEvent("a", "c1", "hide"))
        assert not apply_comment_event(s, CommentEvent("a", "c1", "hide"))  # no change
        assert not apply_comment_event(s, CommentEvent("a", "nope", "remove"))
    with accounts() as s, s.begin():
        assert purge_expired(s, NOW, 30).comments == 1
        assert not apply_comment_event(s, CommentEvent("a", "c1", "edited", text="Igjen"))
        assert apply_comment_event(s, CommentEvent("a", "c1", "remove"))
    with accounts() as s:
        c = s.scalars(select(Comment)).one()
        assert (c.text, c.is_hidden, c.deleted) == (None, True, True)


def test_naive_now_is_refused(accounts: sessionmaker[Session]) -> None:
    with accounts() as s, pytest.raises(ValueError):
        ingest_comments(s, [comment("a", "c")], now=NOW.replace(tzinfo=None), salt="s")
    with accounts() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 0


def test_author_hash_and_time_parsing() -> None:
    h = author_hash("12345", "salt")
    assert h == author_hash("12345", "salt") and h != author_hash("12345", "other")
    assert h == hmac.new(b"salt", b"12345", hashlib.sha256).hexdigest()  # keys stay the same
    assert len(h or "") == 64 and "12345" not in (h or "")
    assert author_hash(None, "salt") is None and author_hash("", "salt") is None
    expected = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
    assert parse_time("2026-03-10T11:00:00+0000") == expected
    assert parse_time("2026-03-10T12:00:00+01:00") == expected
    assert parse_time("2026-03-10T11:00:00Z") == expected
    assert parse_time(int(expected.timestamp())) == expected
    assert parse_time(None) is None
