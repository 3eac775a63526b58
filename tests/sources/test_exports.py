"""Export imports: every variant in tests/data (made by tests/data/make_exports.py)."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.sources.exports.cells import ExportError, parse_day, to_int
from bot.sources.exports.importer import import_export
from bot.sources.ingest import ingest_posts, ingest_snapshots
from bot.store.models import Account, MetricSnapshot, Post
from tests.support.paths import DATA

ACCOUNTS = {"1001": "fb", "17841400000000001": "ig"}
OSLO = ZoneInfo("Europe/Oslo")


def snap(result, post: str, day: date):  # type: ignore[no-untyped-def]
    return next(s for s in result.snapshots if s.post_external_id == post and s.day == day)


def test_facebook_posts_english_lifetime() -> None:
    r = import_export(DATA / "meta_fb_posts_en.csv", accounts=ACCOUNTS, tz="Europe/Oslo")
    assert (r.kind, r.platform, r.rows, r.skipped, r.unresolved) == (
        "meta_posts",
        "facebook",
        3,
        0,
        set(),
    )
    assert [p.external_id for p in r.posts] == ["1001_501", "1001_502", "1001_503"]
    first = r.posts[0]
    assert first.account_id == "fb" and first.text == "Brøyting i sentrum i natt"
    assert first.created_at == datetime(2026, 3, 2, 9, 15, tzinfo=OSLO)
    s = snap(r, "1001_501", date(2026, 3, 2))
    assert (s.views, s.reach, s.reactions, s.comments, s.shares, s.clicks) == (
        4100,
        3200,
        120,
        14,
        9,
        77,
    )
    assert snap(r, "1001_503", date(2026, 3, 4)).views == 1234  # "1,234"
    published = {s.day: s.posts_published for s in r.snapshots if s.post_external_id == ""}
    assert published == {date(2026, 3, 2): 2, date(2026, 3, 4): 1}


def test_facebook_posts_norwegian_headers() -> None:
    r = import_export(DATA / "meta_fb_posts_nb.csv", accounts=ACCOUNTS)
    assert r.kind == "meta_posts" and r.platform == "facebook"
    s = snap(r, "1001_601", date(2026, 3, 5))
    assert (s.views, s.reach, s.reactions, s.comments, s.shares, s.clicks) == (
        2500,
        2100,
        50,
        10,
        6,
        31,
    )
    assert r.posts[1].kind == "Bilder"


def test_instagram_posts_swedish_headers() -> None:
    r = import_export(DATA / "meta_ig_posts_sv.csv", accounts=ACCOUNTS)
    assert r.kind == "meta_posts" and r.platform == "instagram"
    assert {p.account_id for p in r.posts} == {"ig"}
    s = snap(r, "18000000000000702", date(2026, 3, 7))
    assert (s.views, s.reach, s.reactions, s.comments, s.shares, s.followers) == (
        9100,
        7000,
        502,
        33,
        40,
        None,
    )  # "Följare" per post = new follows, not the total


def test_daily_breakdown_variant() -> None:
    r = import_export(DATA / "meta_fb_posts_daily_en.csv", accounts=ACCOUNTS)
    assert r.kind == "meta_posts_daily" and len(r.posts) == 2
    assert snap(r, "1001_501", date(2026, 3, 2)).reach == 2500
    assert snap(r, "1001_501", date(2026, 3, 3)).reach == 700
    per_post = [s for s in r.snapshots if s.post_external_id]
    assert len(per_post) == 3


def test_page_daily_series_utf16_single_metric_norwegian() -> None:
    raw = (DATA / "fb_page_reach_daily_nb.csv").read_bytes()
    assert raw.startswith(b"\xff\xfe") and "sep=,".encode("utf-16-le") in raw[:20]
    r = import_export(DATA / "fb_page_reach_daily_nb.csv", account_id="fb")
    assert r.kind == "facebook_page_daily"
    assert [(s.day, s.reach, s.views) for s in r.snapshots] == [
        (date(2026, 3, 1), 1234, None),
        (date(2026, 3, 2), 2345, None),
        (date(2026, 3, 3), 987, None),
    ]


def test_page_daily_series_utf16_several_metrics() -> None:
    r = import_export(DATA / "fb_page_daily_en.csv", account_id="fb")
    assert [(s.day, s.reach, s.views, s.followers, s.clicks) for s in r.snapshots] == [
        (date(2026, 3, 1), 1234, 3001, 5012, 40),
        (date(2026, 3, 2), 2345, 4100, 5020, 52),
    ]
    with pytest.raises(ExportError, match="give the account id"):
        import_export(DATA / "fb_page_daily_en.csv")


@pytest.mark.parametrize("name", ["linkedin_content_shares.xlsx", "linkedin_content_reposts.xlsx"])
def test_linkedin_page_export(name: str) -> None:
    r = import_export(DATA / name, account_id="li", tz="Europe/Oslo")
    assert r.kind == "linkedin_page" and r.platform == "linkedin"
    daily = [s for s in r.snapshots if not s.post_external_id]
    assert [
        (s.day, s.views, s.reach, s.clicks, s.reactions, s.comments, s.shares) for s in daily
    ] == [(date(2026, 3, 1), 800, 610, 25, 30, 4, 2), (date(2026, 3, 2), 1050, 700, 34, 42, 6, 4)]
    assert [p.external_id for p in r.posts] == [
        "urn:li:activity:7300000000000000001",
        "urn:li:ugcPost:7300000000000000002",
    ]
    post = snap(r, "urn:li:activity:7300000000000000001", date(2026, 3, 1))
    assert (post.views, post.clicks, post.reactions, post.comments, post.shares) == (
        1200,
        48,
        60,
        7,
        5,
    )


def test_unknown_layouts_name_the_headers(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as err:
        import_export(DATA / "unknown_layout.csv")
    assert "'Navn', 'E-post', 'Telefon'" in str(err.value)
    bad_xlsx = tmp_path / "other.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["note"])  # type: ignore[union-attr]
    wb.active.append(["Navn", "Avdeling"])  # type: ignore[union-attr]
    wb.save(bad_xlsx)
    with pytest.raises(ExportError, match="navn, avdeling"):
        import_export(bad_xlsx, account_id="li")
    not_xlsx = tmp_path / "fake.xlsx"
    shutil.copy(DATA / "unknown_layout.csv", not_xlsx)
    with pytest.raises(ExportError, match="not a readable XLSX"):
        import_export(not_xlsx, account_id="li")
    with pytest.raises(ExportError, match="not found"):
        import_export(tmp_path / "missing.csv")


def test_unmapped_page_ids_are_reported() -> None:
    r = import_export(DATA / "meta_fb_posts_en.csv")
    assert r.unresolved == {"1001"} and r.posts[0].account_id == "facebook:1001"
    assert import_export(DATA / "meta_fb_posts_en.csv", account_id="fb").posts[0].account_id == "fb"


def test_number_and_date_parsing() -> None:
    assert [to_int(v) for v in ("1 234", "1\u00a0234", "12,345", "", None, "n/a", 7)] == [
        1234,
        1234,
        12345,
        None,
        None,
        None,
        7,
    ]
    assert parse_day("03/09/2026") == date(2026, 3, 9)  # Meta/LinkedIn US order
    assert parse_day("09.03.2026") == date(2026, 3, 9)
    assert parse_day("2026-03-09T00:00:00") == date(2026, 3, 9)


def test_reimport_is_idempotent_and_updates_figures(sessions: sessionmaker[Session]) -> None:
    with sessions() as s, s.begin():
        s.add(Account(id="fb", platform="facebook", external_id="1001", name="K"))
    lifetime = import_export(DATA / "meta_fb_posts_en.csv", accounts=ACCOUNTS)
    for _ in range(2):
        with sessions() as s, s.begin():
            ingest_posts(s, lifetime.posts)
            ingest_snapshots(s, lifetime.snapshots)
    page = import_export(DATA / "fb_page_daily_en.csv", account_id="fb")
    with sessions() as s, s.begin():
        added = ingest_posts(s, lifetime.posts)
        ingest_snapshots(s, page.snapshots)
    assert added.added == [] and added.duplicates == 3
    with sessions() as s:
        assert len(s.scalars(select(Post)).all()) == 3
        rows = s.scalars(
            select(MetricSnapshot).where(
                MetricSnapshot.post_external_id == "", MetricSnapshot.day == date(2026, 3, 2)
            )
        ).all()
        assert len(rows) == 1
        # posts_published from the post export and reach from the page series, merged
        assert (rows[0].posts_published, rows[0].reach, rows[0].followers) == (2, 2345, 5020)
