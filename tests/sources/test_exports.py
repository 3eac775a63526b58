"""Export imports: every layout and language in tests/data (made by tests/data/make_exports.py).

The same figures are written in each language's file, so each test states the figures once and
checks every language against them: a header a language names differently fails here."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.sources.exports.cells import ExportError, ExportResult, parse_day, to_int
from bot.sources.exports.importer import import_export
from bot.sources.exports.vocabulary import classify, title_metric
from bot.sources.ingest import ingest_posts, ingest_snapshots
from bot.sources.model import NormSnapshot
from bot.store.models import Account, MetricSnapshot, Post
from tests.support.paths import DATA

ACCOUNTS = {"1001": "fb", "17841400000000001": "ig"}
OSLO = ZoneInfo("Europe/Oslo")
LANGS = ["en", "nb", "sv", "da", "fi"]
FIGS = ("views", "reach", "reactions", "comments", "shares", "clicks")


def snap(result: ExportResult, post: str, day: date) -> NormSnapshot:
    return next(s for s in result.snapshots if s.post_external_id == post and s.day == day)


def figs(s: NormSnapshot, names: tuple[str, ...] = FIGS) -> tuple[int | None, ...]:
    return tuple(getattr(s, n) for n in names)


@pytest.mark.parametrize("lang", LANGS)
def test_facebook_post_lists_in_every_language(lang: str) -> None:
    r = import_export(DATA / f"meta_fb_posts_{lang}.csv", accounts=ACCOUNTS, tz="Europe/Oslo")
    assert (r.kind, r.platform, r.rows, r.skipped, r.unresolved) == (
        "meta_posts",
        "facebook",
        3,
        0,
        set(),
    )
    assert r.unknown == []  # every column is understood (figures, fields or known extras)
    n = LANGS.index(lang)
    ids = [f"1001_{5 + n}0{k}" for k in (1, 2, 3)]
    assert [p.external_id for p in r.posts] == ids
    first = r.posts[0]
    assert first.account_id == "fb" and first.created_at == datetime(2026, 3, 2, 9, 15, tzinfo=OSLO)
    assert first.text and first.permalink == f"https://www.facebook.com/{ids[0]}"
    lifetime = snap(r, ids[0], date(2026, 3, 2))  # lifetime totals on the publishing day
    assert figs(lifetime) == (4100, 3200, 120, 14, 9, 77)  # "Total clicks", not link clicks
    assert lifetime.interactions == 143 and lifetime.followers is None
    assert figs(snap(r, ids[2], date(2026, 3, 4)))[:2] == (1234, 1002)  # "1,234" in English
    published = {s.day: s.posts_published for s in r.snapshots if s.post_external_id == ""}
    assert published == {date(2026, 3, 2): 1, date(2026, 3, 3): 1, date(2026, 3, 4): 1}


@pytest.mark.parametrize("lang", LANGS)
def test_instagram_post_lists_keep_follows_and_saves(lang: str) -> None:
    r = import_export(DATA / f"meta_ig_posts_{lang}.csv", accounts=ACCOUNTS, tz="Europe/Oslo")
    assert (r.kind, r.platform, r.unknown) == ("meta_posts", "instagram", [])
    assert {p.account_id for p in r.posts} == {"ig"}
    post = r.posts[1]
    s = snap(r, post.external_id, post.created_at.date())
    names = (*FIGS[:5], "new_follows", "saves", "followers")
    # a post's "Follows" are the follows it brought, never the account's total
    assert figs(s, names) == (5700, 4000, 320, 26, 11, 5, 9, None)


def test_swedish_instagram_q4_list_has_twelve_posts_with_their_totals() -> None:
    r = import_export(DATA / "meta_ig_posts_sv.csv", accounts=ACCOUNTS, tz="Europe/Stockholm")
    per_post = [s for s in r.snapshots if s.post_external_id]
    assert len(r.posts) == 12 and len(per_post) == 12
    assert {p.created_at.month for p in r.posts} == {10, 11, 12}
    assert sum(s.reach or 0 for s in per_post) == sum(3500 + 500 * k for k in range(12))
    assert sum(s.saves or 0 for s in per_post) == sum(8 + k for k in range(12))  # Sparade objekt
    assert sum(s.new_follows or 0 for s in per_post) == sum(4 + k % 3 for k in range(12))  # Följer


def test_daily_breakdown_variant() -> None:
    r = import_export(DATA / "meta_fb_posts_daily_en.csv", accounts=ACCOUNTS)
    assert r.kind == "meta_posts_daily" and len(r.posts) == 2
    assert snap(r, "1001_501", date(2026, 3, 2)).reach == 2500
    assert snap(r, "1001_501", date(2026, 3, 3)).reach == 700
    assert len([s for s in r.snapshots if s.post_external_id]) == 3


def test_norwegian_follows_series_is_daily_new_follows_not_the_total() -> None:
    """The file of the report: UTF-16, sep=, and the title "Facebook-følginger"."""
    raw = (DATA / "fb_page_follows_daily_nb.csv").read_bytes()
    assert raw.startswith(b"\xff\xfe") and "sep=,".encode("utf-16-le") in raw[:20]
    assert "Facebook-følginger".encode("utf-16-le") in raw
    r = import_export(DATA / "fb_page_follows_daily_nb.csv", account_id="fb")
    assert (r.kind, r.platform, r.rows, r.skipped) == ("page_daily", "facebook", 31, 0)
    assert [s.day for s in r.snapshots] == [date(2026, 10, d) for d in range(1, 32)]
    assert all(s.followers is None for s in r.snapshots)
    assert sum(s.new_follows or 0 for s in r.snapshots) == 584


@pytest.mark.parametrize(
    ("name", "platform", "figure", "total"),
    [
        ("fb_page_follows_daily_en.csv", "facebook", "new_follows", 584),
        ("fb_page_follows_daily_fi.csv", "facebook", "new_follows",
         sum(2 + d % 4 for d in range(31))),
        ("ig_page_follows_daily_sv.csv", "instagram", "new_follows",
         sum(3 + d % 5 for d in range(31))),
        ("fb_page_reach_daily_da.csv", "facebook", "reach", sum(1500 + 37 * d for d in range(31))),
        ("fb_page_reach_daily_nb.csv", "facebook", "reach", 1234 + 2345 + 987),
    ],
)  # fmt: skip
def test_titled_page_series_in_every_language(
    name: str, platform: str, figure: str, total: int
) -> None:
    r = import_export(DATA / name, account_id="acc")
    assert (r.kind, r.platform, r.skipped) == ("page_daily", platform, 0)
    assert sum(getattr(s, figure) for s in r.snapshots) == total
    others = {f for s in r.snapshots for f, v in s.figures().items() if v is not None}
    assert others == {figure}


def test_series_with_several_columns_keeps_follows_daily_and_followers_total() -> None:
    r = import_export(DATA / "fb_page_daily_en.csv", account_id="fb")
    assert [
        (s.day, s.reach, s.views, s.new_follows, s.followers, s.clicks) for s in r.snapshots
    ] == [
        (date(2026, 3, 1), 1234, 3001, 12, 5012, 40),
        (date(2026, 3, 2), 2345, 4100, 8, 5020, 52),
    ]
    assert r.unknown == ["Mystery metric"]  # reported once, the rest imported
    assert r.platform == ""  # the file does not say
    with pytest.raises(ExportError, match="give the account id"):
        import_export(DATA / "fb_page_daily_en.csv")


def test_a_series_of_a_figure_vaktbot_does_not_store_is_refused_with_its_name() -> None:
    with pytest.raises(ExportError, match="'Facebook visits' is not a figure vaktbot stores"):
        import_export(DATA / "fb_page_visits_daily_en.csv", account_id="fb")


@pytest.mark.parametrize("name", ["linkedin_content_shares.xlsx", "linkedin_content_reposts.xlsx"])
def test_linkedin_content_export(name: str) -> None:
    r = import_export(DATA / name, account_id="li", tz="Europe/Oslo")
    assert (r.kind, r.platform, r.unknown) == ("linkedin_page", "linkedin", [])
    daily = [s for s in r.snapshots if not s.post_external_id]
    assert len(daily) == 30 and daily[0].day == date(2026, 10, 24)
    names = ("views", "reach", "clicks", "reactions", "comments", "shares")
    assert figs(daily[0], names) == (800, 610, 26, 30, 4, 2)
    assert figs(daily[1], names) == (913, 619, 27, 31, 5, 3)  # (total) = organic + sponsored
    assert [p.external_id for p in r.posts] == [
        "urn:li:activity:7300000000000000001",
        "urn:li:ugcPost:7300000000000000002",
    ]
    post = snap(r, "urn:li:activity:7300000000000000001", date(2026, 11, 2))
    assert figs(post, (*names[:1], *names[2:], "new_follows")) == (1200, 48, 60, 7, 5, 2)
    assert r.posts[0].kind == "Text"  # "Content Type", not "Post type" (Organic)


@pytest.mark.parametrize("lang", ["nb", "sv", "da", "fi"])
def test_linkedin_content_export_in_nordic_languages(lang: str) -> None:
    english = import_export(DATA / "linkedin_content_reposts.xlsx", account_id="li")
    r = import_export(DATA / f"linkedin_content_{lang}.xlsx", account_id="li")
    assert r.unknown == []
    assert r.snapshots == english.snapshots
    assert [(p.external_id, p.created_at) for p in r.posts] == [
        (p.external_id, p.created_at) for p in english.posts
    ]


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_linkedin_new_followers_are_daily_follows(lang: str) -> None:
    r = import_export(DATA / f"linkedin_followers_{lang}.xlsx", account_id="li")
    assert r.platform == "linkedin" and len(r.snapshots) == 7
    assert all(s.followers is None for s in r.snapshots)
    if lang == "en":  # "Total followers" there counts the day's new followers
        assert [s.new_follows for s in r.snapshots] == [d % 2 + 11 + d for d in range(7)]
    else:  # no total column: sponsored + organic
        assert [s.new_follows for s in r.snapshots] == [21 + d for d in range(7)]


def test_unknown_layouts_name_the_headers(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as err:
        import_export(DATA / "unknown_layout.csv")
    assert "unknown export layout" in str(err.value)
    assert "'Navn', 'E-post', 'Telefon'" in str(err.value)
    bad_xlsx = tmp_path / "other.xlsx"
    wb = Workbook()
    wb.active.append(["note"])  # type: ignore[union-attr]
    wb.active.append(["Navn", "Avdeling"])  # type: ignore[union-attr]
    wb.save(bad_xlsx)
    with pytest.raises(ExportError, match="navn, avdeling|other.xlsx: unknown LinkedIn layout"):
        import_export(bad_xlsx, account_id="li")
    not_xlsx = tmp_path / "fake.xlsx"
    shutil.copy(DATA / "unknown_layout.csv", not_xlsx)
    with pytest.raises(ExportError, match="not a readable XLSX"):
        import_export(not_xlsx, account_id="li")
    with pytest.raises(ExportError, match="not found"):
        import_export(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\xef\xbb\xbf\r\n")
    with pytest.raises(ExportError, match="empty"):
        import_export(empty)


def test_unknown_columns_are_reported_once_and_the_rest_imported(tmp_path: Path) -> None:
    src = (DATA / "meta_fb_posts_en.csv").read_text(encoding="utf-8-sig").splitlines()
    lines = [src[0] + ",Brand safety score,Brand safety score"]
    lines += [line + ",3,3" for line in src[1:]]
    path = tmp_path / "extra.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    r = import_export(path, accounts=ACCOUNTS)
    assert r.unknown == ["Brand safety score"]
    assert len(r.posts) == 3 and snap(r, "1001_501", date(2026, 3, 2)).reach == 3200


def test_hostile_cells_are_skipped_not_stored(tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    path.write_text(
        "Post ID,Page ID,Publish time,Date,Reach,Reactions\n"
        "1001_1,1001,03/02/2026 09:15,Lifetime,-5,=cmd|' /C calc'!A0\n"
        "1001_2,1001,not a time,Lifetime,10,1\n"
        ",1001,03/02/2026 09:15,Lifetime,10,1\n"
        "1001_3,1001,03/02/2026 09:15,13/45/2026,10,1\n",
        encoding="utf-8",
    )
    r = import_export(path, accounts=ACCOUNTS)
    assert (r.rows, r.skipped, [p.external_id for p in r.posts]) == (4, 3, ["1001_1"])
    s = snap(r, "1001_1", date(2026, 3, 2))
    assert (s.reach, s.reactions) == (None, None)  # a negative count or a formula is no count


def test_vocabulary_reads_titles_and_headers() -> None:
    assert title_metric("Facebook-følginger") == ("facebook", classify("følginger"))
    assert title_metric("Facebook-følginger")[1].name == "new_follows"
    assert title_metric("Instagram reach")[0] == "instagram"
    assert title_metric("Viewers")[1].name == "reach"  # Meta's newer name for reach
    assert title_metric("Content interactions")[1].name == "interactions"
    assert classify("Følgere").name == "followers"  # a page-level column: the total
    assert classify("Følgere", per_post=True).name == "new_follows"  # on a post: gained
    assert classify("Sparade objekt").name == "saves" and classify("Följer").name == "new_follows"
    assert classify("Link clicks").rank > classify("Total clicks").rank
    assert classify("Reposts (sponsored)").variant == "sponsored"
    assert classify("Seconds viewed").role == "ignored"
    assert classify("Brand safety score").role == "unknown"


def test_number_and_date_parsing() -> None:
    values = ("1 234", "1\u00a0234", "12,345", "1.234", "12.0", "", None, "n/a", 7, -3, "-3")
    assert [to_int(v) for v in values] == [
        1234,
        1234,
        12345,
        1234,
        12,
        None,
        None,
        None,
        7,
        None,
        None,
    ]
    assert parse_day("03/09/2026") == date(2026, 3, 9)  # Meta/LinkedIn US order
    assert parse_day("09.03.2026") == date(2026, 3, 9)
    assert parse_day("2026-03-09T00:00:00") == date(2026, 3, 9)


def test_unmapped_page_ids_are_reported() -> None:
    r = import_export(DATA / "meta_fb_posts_en.csv")
    assert r.unresolved == {"1001"} and r.posts[0].account_id == "facebook:1001"
    assert import_export(DATA / "meta_fb_posts_en.csv", account_id="fb").posts[0].account_id == "fb"


def test_reimport_is_idempotent_and_merges_figures(sessions: sessionmaker[Session]) -> None:
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
        assert s.scalar(select(func.count()).select_from(Post)) == 3
        rows = s.scalars(
            select(MetricSnapshot).where(
                MetricSnapshot.post_external_id == "", MetricSnapshot.day == date(2026, 3, 2)
            )
        ).all()
        assert len(rows) == 1
        # posts_published from the post list, the rest from the page series, merged
        row = rows[0]
        assert (row.posts_published, row.reach, row.new_follows, row.followers) == (
            1,
            2345,
            8,
            5020,
        )
