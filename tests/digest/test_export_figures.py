"""Every stored figure reaches the messages: figures imported from real export layouts show up in
the daily digest, the weekly digest and its chart, and the quarterly report, per platform, and a
platform with figures is never "not reported"."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.app import App
from bot.config import load_config
from bot.dateparse import ReportPeriod
from bot.digest.chart import render_chart
from bot.digest.collect import collect_daily, collect_report, collect_weekly
from bot.digest.daily import build_daily
from bot.digest.model import ORGANISATION, Audience, Trend
from bot.digest.reports import build_report, report_csv
from bot.digest.weekly import build_weekly
from bot.messages.console import to_text
from bot.sources.accounts import sync_accounts
from bot.sources.exports.importer import import_export
from bot.sources.ingest import ingest_posts, ingest_snapshots
from bot.store.db import session_factory
from tests.support.paths import DATA, ROOT

OSLO = ZoneInfo("Europe/Oslo")
EXAMPLE = ROOT / "examples" / "vaktbot.yml"
ACCOUNTS = {"fb": "fb-skatteetaten", "ig": "ig-skatteetaten", "li": "li-skatteetaten"}


def app_with(engine, *files: tuple[str, str]) -> App:  # type: ignore[no-untyped-def]
    """The example organisation with nothing stored but these exports (file, account)."""
    app = App(config=load_config(EXAMPLE), engine=engine, sessions=session_factory(engine))
    with app.sessions.begin() as s:
        sync_accounts(s, app.config)
        for name, account in files:
            result = import_export(DATA / name, account_id=account, tz="Europe/Oslo")
            ingest_posts(s, result.posts)
            ingest_snapshots(s, result.snapshots)
    return app


def line_of(text: str, name: str) -> str:
    """The account's figures line (the last line naming it: comments come first)."""
    return [line for line in text.splitlines() if name in line and ":" in line][-1]


def test_q4_report_sums_daily_follows_instead_of_taking_the_last_day(engine) -> None:  # type: ignore[no-untyped-def]
    app = app_with(engine, ("fb_page_follows_daily_nb.csv", ACCOUNTS["fb"]))
    now = datetime(2027, 1, 4, 8, 0, tzinfo=OSLO)
    with app.sessions() as s:
        q4 = ReportPeriod("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
        data = collect_report(app, s, q4, now, ORGANISATION)
    fb = next(a for a in data.accounts if a.account_id == ACCOUNTS["fb"]).stats.figures
    assert fb is not None and (fb.new_follows, fb.followers) == (584, None)
    text = to_text(build_report(data, now.date()))
    fb_line = line_of(text, "Skatteetaten (Facebook)")
    assert "Nye følgere 584" in fb_line
    assert "Følgere 39" not in text and "ikke rapportert" not in fb_line
    csv_text = report_csv(data).decode("utf-8-sig")
    assert "Nye følgere" in csv_text.splitlines()[0] and ",584," in csv_text


def test_instagram_post_export_reaches_the_daily_digest_and_the_report(engine) -> None:  # type: ignore[no-untyped-def]
    app = app_with(engine, ("meta_ig_posts_sv.csv", ACCOUNTS["ig"]))
    result = import_export(DATA / "meta_ig_posts_sv.csv", account_id="x", tz="Europe/Oslo")
    posts = [s for s in result.snapshots if s.post_external_id]
    reach = sum(s.reach or 0 for s in posts)
    interactions = sum((s.reactions or 0) + (s.comments or 0) + (s.shares or 0) for s in posts)

    now = datetime(2027, 1, 4, 8, 0, tzinfo=OSLO)
    with app.sessions() as s:
        data = collect_report(
            app,
            s,
            ReportPeriod("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
            now,
            Audience(locale="nb"),
        )
    ig = next(a for a in data.accounts if a.account_id == ACCOUNTS["ig"]).stats.figures
    assert ig is not None
    assert (ig.reach, ig.interactions, ig.posts, ig.saves) == (
        reach,
        interactions,
        12,
        sum(8 + k for k in range(12)),
    )
    ig_line = line_of(to_text(build_report(data, now.date())), "@skatteetaten (Instagram)")
    assert f"Rekkevidde {reach:,}".replace(",", "\u00a0") in ig_line
    assert "Interaksjoner" in ig_line and "ikke rapportert" not in ig_line

    # the first post: Saturday 3 October 2026; Monday's digest covers the weekend
    monday = datetime(2026, 10, 5, 8, 0, tzinfo=OSLO)
    with app.sessions() as s:
        daily = build_daily(collect_daily(app, s, "team-1", monday, locale="nb"))
    first = posts[0]
    ig_daily = line_of(to_text(daily), "@skatteetaten (Instagram)")
    assert f"Rekkevidde {first.reach:,}".replace(",", "\u00a0") in ig_daily
    expected = (first.reactions or 0) + (first.comments or 0) + (first.shares or 0)
    assert f"Interaksjoner {expected}" in ig_daily and "ikke rapportert" not in ig_daily


def test_weekly_chart_draws_linkedin_when_only_linkedin_has_figures(engine) -> None:  # type: ignore[no-untyped-def]
    app = app_with(engine, ("linkedin_content_reposts.xlsx", ACCOUNTS["li"]))
    now = datetime(2026, 11, 23, 8, 0, tzinfo=OSLO)  # the 30 days end on Sunday 22 November
    with app.sessions() as s:
        data = collect_weekly(app, s, now, Audience(locale="nb"))
    assert [p.platform for p in data.trend.platforms] == ["linkedin"]
    linkedin = data.trend.platforms[0]
    assert linkedin.followers == (None,) * 12  # LinkedIn's export has no follower count
    assert [v is not None for v in linkedin.interactions] == [False] * 7 + [True] * 5
    message = build_weekly(data)
    image = next(b for b in message.blocks if type(b).__name__ == "Image")
    assert "Ingen tall å vise ennå" not in image.alt  # type: ignore[attr-defined]
    assert "LinkedIn: nye følgere per uke fra" in image.alt  # type: ignore[attr-defined]
    assert "interaksjoner per uke fra 75 til 309" in image.alt  # type: ignore[attr-defined]
    assert render_chart(data.trend, "nb") != render_chart(Trend(data.trend.weeks), "nb")
    li_line = line_of(to_text(message), "• Skatteetaten (LinkedIn):")
    assert "Rekkevidde" in li_line and "Visninger" in li_line and "ikke rapportert" not in li_line


def test_chart_draws_each_platform_that_has_figures(engine) -> None:  # type: ignore[no-untyped-def]
    app = app_with(
        engine,
        ("linkedin_content_nb.xlsx", ACCOUNTS["li"]),
        ("meta_ig_posts_sv.csv", ACCOUNTS["ig"]),
        ("fb_page_follows_daily_nb.csv", ACCOUNTS["fb"]),
    )
    now = datetime(2026, 11, 23, 8, 0, tzinfo=OSLO)
    with app.sessions() as s:
        data = collect_weekly(app, s, now, Audience(locale="en"))
    assert [p.platform for p in data.trend.platforms] == ["facebook", "instagram", "linkedin"]
    alt = next(b for b in build_weekly(data).blocks if type(b).__name__ == "Image").alt  # type: ignore[attr-defined]
    assert "Instagram: new followers per week from" in alt and "LinkedIn:" in alt
    assert "Facebook: new followers per week from" in alt  # only follows: still drawn
