"""Daily and weekly digests and period reports: golden renderings in nb/sv/en through all three
renderers, privacy (no identity number survives), bad input, the scheduled jobs and commands.

UPDATE_GOLDEN=1 regenerates tests/golden/digest_*.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from typer.testing import CliRunner

from bot.app import App
from bot.config import load_config
from bot.dateparse import ReportPeriod, parse_report_period
from bot.digest.chart import chart_alt, render_chart, scale_ticks
from bot.digest.collect import collect_daily, collect_report, collect_weekly, judge_for
from bot.digest.daily import build_daily
from bot.digest.figmap import figure_map
from bot.digest.figures import load_days
from bot.digest.model import Audience, PlatformTrend, Trend
from bot.digest.queries import CHUNK, response_stats
from bot.digest.reports import build_report, previous_periods, report_csv, report_md
from bot.digest.weekly import CHART_NAME, build_weekly
from bot.duty.model import DutySummary
from bot.messages.console import to_text
from bot.messages.model import ListBlock, Message
from bot.messages.slack import to_slack
from bot.messages.teams import to_adaptive_card
from bot.plan.model import DeadlineLine
from bot.requests import Request
from bot.runtime.sample_data import POSTS, comments_between, metric_rows
from bot.sources.accounts import sync_accounts
from bot.store.db import session_factory
from bot.store.models import Comment, MetricSnapshot, Outbox, Post
from handlers.digest import digest_command, report_command
from scheduler.digest import jobs
from scheduler.runner import Runner
from tests.support import idgen
from tests.support.paths import GOLDEN, ROOT

EXAMPLE = ROOT / "examples" / "vaktbot.yml"
OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=OSLO)  # a Monday
CHART_URL = {CHART_NAME: "https://files.example.org/vaktbot-weekly.png"}


def make_app(engine, config=None) -> App:  # type: ignore[no-untyped-def]
    return App(
        config=config or load_config(EXAMPLE), engine=engine, sessions=session_factory(engine)
    )


def _h(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def seed(app: App, now: datetime = NOW, *, comment_days: int = 10, extra: list[str] = ()) -> None:
    """Accounts, four months of daily figures and ``comment_days`` of comments before ``now``;
    older comments are mostly answered. ``extra`` texts become comments on the busiest post."""
    cfg = app.config
    with app.sessions.begin() as s:
        sync_accounts(s, cfg)
        today = now.astimezone(OSLO).date()
        s.add_all(metric_rows(cfg, today - timedelta(days=120), today - timedelta(days=1)))
        sample = comments_between(cfg, now - timedelta(days=comment_days), now)
        seen: set[tuple[str, str]] = set()
        for c in sample:
            key = (c.account_id, c.post_external_id)
            if key not in seen:
                seen.add(key)
                n = int(c.post_external_id.rsplit("post", 1)[1])
                s.add(
                    Post(
                        account_id=c.account_id,
                        external_id=c.post_external_id,
                        created_at=c.created_at - timedelta(hours=2),
                        text=POSTS[n % len(POSTS)][0],
                        permalink=f"https://www.facebook.com/{c.post_external_id}",
                    )
                )
            roll = _h(c.external_id) % 100
            old = c.created_at < now - timedelta(hours=20)
            answered = (
                c.created_at + timedelta(minutes=20 + roll * 17) if old and roll < 85 else None
            )
            labels = []
            if any(ch.isdigit() for ch in c.text) or "@" in c.text:
                labels.append("personal_data")
            if "idioter" in c.text:
                labels.append("hate")
            s.add(
                Comment(
                    account_id=c.account_id,
                    external_id=c.external_id,
                    post_external_id=c.post_external_id,
                    text=c.text,
                    author_name=c.author,
                    created_at=c.created_at,
                    received_at=c.created_at,
                    state="answered" if answered else ("hidden" if roll >= 97 else "new"),
                    answered_at=answered,
                    labels=",".join(labels),
                )
            )
        if extra and sample:
            busiest = sample[-1]
            for i, text in enumerate(extra):
                s.add(
                    Comment(
                        account_id=busiest.account_id,
                        external_id=f"extra-{i}-{_h(text)}",
                        post_external_id=busiest.post_external_id,
                        text=text,
                        author_name="Test",
                        created_at=now - timedelta(minutes=5),
                        received_at=now - timedelta(minutes=5),
                    )
                )


DUTY = DutySummary(
    team_id="team-1",
    team_name="Vaktlag 1",
    lead_id="kari",
    lead_name="Kari Nordmann",
    members=("Kari Nordmann", "Ola Hansen", "Ingrid Berg"),
    mode="open",
    on_call_name=None,
    shift_end=datetime(2026, 11, 30, 8, 0, tzinfo=OSLO),
    next_opening=None,
)
DEADLINES = (
    DeadlineLine(
        "skattekort",
        "Kampanje: nytt skattekort",
        date(2026, 11, 25),
        ("Ola Hansen",),
        "open",
        "Kampanje",
    ),
    DeadlineLine("arsrapport", "Innspill til årsrapporten", date(2026, 11, 27), (), "done"),
)


def _fixed(message_data):  # type: ignore[no-untyped-def]
    """Duty and deadlines come from other features' providers; pin them for the goldens."""
    return replace(message_data, duty=DUTY, deadlines=DEADLINES)


def renderings(message: Message) -> dict[str, str]:
    return {
        "slack.json": json.dumps(
            to_slack(message, image_urls=CHART_URL), ensure_ascii=False, indent=1, sort_keys=True
        ),
        "teams.json": json.dumps(
            to_adaptive_card(message, image_urls=CHART_URL),
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        ),
        "console.txt": to_text(message),
    }


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    assert path.exists(), f"missing golden {path}; run with UPDATE_GOLDEN=1"
    assert text + "\n" == path.read_text(encoding="utf-8"), f"{name} differs from the golden"


# --- goldens ------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["nb", "sv", "en"])
def test_daily_and_weekly_goldens(engine, locale: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    seed(app)
    with app.sessions() as s:
        daily = build_daily(_fixed(collect_daily(app, s, "team-1", NOW, locale=locale)))
        weekly_data = _fixed(collect_weekly(app, s, NOW, Audience(locale=locale)))
    weekly = build_weekly(weekly_data)
    head = {
        "nb": "Morgenoppsummering for Vaktlag 1:",
        "sv": "Morgonsammanfattning för Vaktlag 1:",
        "en": "Morning digest for Vaktlag 1:",
    }
    assert daily.text.startswith(head[locale]) and "NaN" not in daily.text
    for kind, msg in (("daily", daily), ("weekly", weekly)):
        for suffix, text in renderings(msg).items():
            assert "NaN" not in text and "nan %" not in text
            check_golden(f"digest_{kind}_{locale}.{suffix}", text)
    slack = to_slack(weekly, image_urls=CHART_URL)
    assert len(slack["blocks"]) <= 50 and slack["text"] == weekly.text
    card = json.dumps(to_adaptive_card(weekly, image_urls=CHART_URL))
    assert len(card.encode()) < 28_000
    names = [a.name for a in weekly.attachments]
    assert names == [CHART_NAME, "vaktbot-weekly.csv"]
    import base64

    png = base64.b64decode(weekly.attachments[0].data_b64)
    assert png.startswith(b"\x89PNG") and len(png) > 5_000
    csv_text = base64.b64decode(weekly.attachments[1].data_b64).decode("utf-8-sig")
    assert csv_text.count("\r\n") == 1 + 3 * 4  # header + (3 accounts + total) x 3 weeks


def test_daily_digest_figures_are_right(engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    seed(app)
    with app.sessions() as s:
        data = collect_daily(app, s, "team-1", NOW)
        # Monday: everything since Friday 08:00, figures for Friday..Sunday
        assert data.since == datetime(2026, 11, 20, 8, 0, tzinfo=OSLO)
        assert (data.first, data.last) == (date(2026, 11, 20), date(2026, 11, 22))
        since_utc = data.since.astimezone(UTC)
        rows = s.scalars(select(Comment).where(Comment.created_at >= since_utc)).all()
        assert data.total_comments.new == len([c for c in rows if c.created_at < NOW])
        # a comment with no label (a thank-you) needs no reply: it is never unanswered
        open_rows = [
            c for c in s.scalars(select(Comment).where(Comment.state == "new")) if c.labels
        ]
        assert len(open_rows) < len(s.scalars(select(Comment).where(Comment.state == "new")).all())
        assert data.total_comments.unanswered == len(open_rows)
        assert data.total_comments.oldest_unanswered == min(c.created_at for c in open_rows)
        pd = len([c for c in rows if "personal_data" in (c.labels or "")])
        assert data.total_comments.personal_data == pd
        fb = next(a for a in data.accounts if a.account_id == "fb-skatteetaten")
        snaps = s.scalars(
            select(MetricSnapshot)
            .where(
                MetricSnapshot.account_id == "fb-skatteetaten",
                MetricSnapshot.day >= date(2026, 11, 19),
                MetricSnapshot.day <= date(2026, 11, 22),
            )
            .order_by(MetricSnapshot.day)
        ).all()
        assert fb.figures is not None
        assert fb.figures.followers == snaps[-1].followers
        assert fb.figures.followers_change == snaps[-1].followers - snaps[0].followers
        assert fb.figures.reach == sum(x.reach for x in snaps[1:])
        assert fb.figures.posts == sum(x.posts_published for x in snaps[1:])
        assert data.threads and data.threads[0].comments >= data.threads[-1].comments


# --- queries and chart --------------------------------------------------------------------------


def test_figures_take_followers_from_the_last_day_that_has_them(engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    first, last = date(2026, 11, 16), date(2026, 11, 22)

    def snap(account: str, day: date, followers: int | None, reach: int) -> MetricSnapshot:
        return MetricSnapshot(account_id=account, day=day, followers=followers, reach=reach)

    with app.sessions.begin() as s:
        sync_accounts(s, app.config)
        s.add_all(
            [  # Facebook: followers stop on Thursday, figures go on to Sunday
                snap("fb-skatteetaten", first - timedelta(days=1), 1_000, 999),
                *(
                    snap("fb-skatteetaten", first + timedelta(days=d), 1_010 + d, 10)
                    for d in range(4)
                ),
                *(
                    snap("fb-skatteetaten", first + timedelta(days=d), None, 10)
                    for d in range(4, 7)
                ),
                # Instagram: every day, no day before the period
                *(snap("ig-skatteetaten", first + timedelta(days=d), 500 + d, 5) for d in range(7)),
                # LinkedIn: only the day before the period, so nothing in it
                snap("li-skatteetaten", first - timedelta(days=1), 70, 7),
            ]
        )
        s.add(  # a per-post figure does not count where the account reports it itself ...
            MetricSnapshot(
                account_id="ig-skatteetaten", post_external_id="p1", day=last, reach=10_000
            )
        )
        s.add(  # ... and does where it does not (interactions from a post export)
            MetricSnapshot(
                account_id="ig-skatteetaten", post_external_id="p2", day=last, reactions=40
            )
        )
    platforms = {
        "fb-skatteetaten": "facebook",
        "ig-skatteetaten": "instagram",
        "li-skatteetaten": "linkedin",
    }
    with app.sessions() as s:
        figs = figure_map(
            load_days(s, platforms, first - timedelta(days=1), last, OSLO), first, last
        )
    assert set(figs) == {"fb-skatteetaten", "ig-skatteetaten"}
    fb, ig = figs["fb-skatteetaten"], figs["ig-skatteetaten"]
    assert (fb.days, fb.days_with_data, fb.reach) == (7, 7, 70)  # the day before is not summed
    assert (fb.followers, fb.followers_change) == (1_013, 13)  # Thursday against the Sunday before
    assert (ig.followers, ig.followers_change, ig.reach) == (506, None, 35)
    assert (ig.reactions, ig.interactions, fb.interactions) == (40, 40, None)


def test_response_stats_agree_with_the_plain_rule_across_many_rows(engine) -> None:  # type: ignore[no-untyped-def]
    """More rows than one fetch chunk: received counts and compliance per account match the
    one-comment-at-a-time rule on the same comments."""
    app = make_app(engine)
    start = datetime(2026, 11, 9, 0, 0, tzinfo=OSLO)
    end = start + timedelta(days=14)
    accounts = ["fb-skatteetaten", "ig-skatteetaten"]
    expected: dict[str, list[tuple[float, float | None]]] = {a: [] for a in accounts}
    received = dict.fromkeys(accounts, 0)
    with app.sessions.begin() as s:
        sync_accounts(s, app.config)
        for i in range(3 * CHUNK + 17):
            account = accounts[i % 2]
            created = start + timedelta(minutes=20 * i)
            roll = _h(str(i)) % 20
            answered = created + timedelta(minutes=25 * roll + 5) if roll < 14 else None
            hidden, own, deleted = roll == 14, roll == 15, roll == 16
            thanks = roll in (17, 18)  # no label: needs no reply, never unanswered
            state = "answered" if answered else ("hidden" if hidden else "new")
            s.add(
                Comment(
                    account_id=account,
                    external_id=f"c{i}",
                    created_at=created,
                    received_at=created,
                    answered_at=answered,
                    state=state,
                    is_hidden=hidden,
                    from_page=own,
                    deleted=deleted,
                    labels="" if thanks else "needs_answer",
                )
            )
            if own or deleted or created >= end:
                continue
            received[account] += 1
            # hidden and unanswered, or a thank-you nobody answered: needs no answer
            if answered is not None or not (hidden or thanks):
                expected[account].append(
                    (created.timestamp(), answered.timestamp() if answered else None)
                )
    now = end + timedelta(days=1)
    judge = judge_for(app.config, start, now)
    with app.sessions() as s:
        per, total, got = response_stats(s, accounts, start, end, judge, now)
    assert got == received and sum(got.values()) > 2 * CHUNK
    for account in accounts:
        plain = judge.stats(expected[account], now.timestamp())
        mine = per[account]
        assert (mine.considered, mine.within, mine.answered) == (
            plain.considered,
            plain.within,
            plain.answered,
        )
        assert mine.median_seconds == pytest.approx(plain.median_seconds, abs=1e-3)
    both = judge.stats([p for a in accounts for p in expected[a]], now.timestamp())
    assert (total.considered, total.within, total.answered) == (
        both.considered,
        both.within,
        both.answered,
    )


def _png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


@pytest.mark.parametrize(
    "points",
    [
        [],  # no weeks at all
        [(None, None)] * 12,  # weeks without figures
        [(1_000, 5.5)],  # one week
        [(1_000, 0.0)] * 12,  # flat followers, zero rate
        [(None, 4.0), (2_000_000, None), (2_000_500, 9.5)] * 4,  # gaps in both lines
    ],
)
def test_chart_draws_any_trend_as_a_readable_png(points) -> None:  # type: ignore[no-untyped-def]
    weeks = tuple(date(2026, 9, 7) + timedelta(weeks=i) for i in range(len(points)))
    series = PlatformTrend(
        "facebook",
        tuple(f for f, _ in points),
        tuple(None if f is None else f // 100 for f, _ in points),
        tuple(r for _, r in points),
    )
    trend = Trend(weeks, (series,) if points else ())
    png = render_chart(trend, "nb", (5.0, 7.0))
    lines = (series.followers, series.interactions, series.rate)
    panels = sum(any(v is not None for v in vals) for vals in lines)
    assert _png_size(png) == (512, round((0.95 + 1.2 * max(panels, 1)) * 80))
    assert render_chart(trend, "nb", (5.0, 7.0)) == png  # deterministic
    alt = chart_alt(trend, "en")
    assert alt and "nan" not in alt.lower()
    if panels:
        assert alt.startswith("Line chart over") and "Facebook: followers from" in alt
    else:
        assert alt == "No figures to show yet."


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(
        st.one_of(st.just(float("nan")), st.floats(min_value=0, max_value=1e9, allow_nan=False)),
        max_size=12,
    ),
    from_zero=st.booleans(),
    integer=st.booleans(),
)
def test_chart_scale_covers_every_value(
    values: list[float], from_zero: bool, integer: bool
) -> None:
    ticks = scale_ticks(values, from_zero=from_zero, integer=integer)
    assert 2 <= len(ticks) <= 8 and ticks == sorted(ticks) and ticks[0] < ticks[-1]
    finite = [v for v in values if v == v]
    assert all(ticks[0] <= v <= ticks[-1] for v in finite)
    if from_zero:
        assert ticks[0] == 0
    if integer and all(v == int(v) for v in finite):  # follower counts: whole-number labels
        assert all(v == int(v) for v in ticks)


# --- privacy ------------------------------------------------------------------------------------


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_valid_identity_number_reaches_a_rendered_digest(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    from bot.store.db import make_engine, upgrade

    ids = [data.draw(idgen.valid_numbers(kind=k)) for k in idgen.KINDS]
    numbers = [n.text for n in ids]
    texts = [f"Hei, nummeret mitt er {n}, kan dere sjekke?" for n in numbers]
    db = tmp_path_factory.mktemp("privacy") / "p.db"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    cfg = load_config(EXAMPLE)
    cfg = cfg.model_copy(
        update={"digest": cfg.digest.model_copy(update={"show_author_names": True})}
    )
    app = make_app(engine, cfg)
    seed(app, comment_days=1, extra=texts)
    with app.sessions.begin() as s:  # also as a post text, the excerpt shown for a thread
        for p in s.scalars(select(Post)):
            p.text = f"Innlegg {numbers[0]} {numbers[2]}"
    with app.sessions() as s:
        messages = [
            build_daily(collect_daily(app, s, "team-1", NOW, locale=loc)) for loc in ("nb", "sv")
        ]
        messages.append(build_weekly(collect_weekly(app, s, NOW), chart=False))
    engine.dispose()
    for msg in messages:
        for text in renderings(msg).values():
            # numbers written with a space or hyphen inside count too
            joined = re.sub(r"(?<=\d)[ -](?=\d)", "", text)
            for n in ids:
                assert n.text not in text
                assert n.digits not in joined


# --- bad input ----------------------------------------------------------------------------------


def test_team_without_accounts_says_so(engine) -> None:  # type: ignore[no-untyped-def]
    cfg = load_config(EXAMPLE)
    cfg = cfg.model_copy(update={"accounts": []})
    app = make_app(engine, cfg)
    with app.sessions() as s:
        msg = build_daily(collect_daily(app, s, "team-2", NOW, locale="en"))
        weekly = build_weekly(collect_weekly(app, s, NOW, Audience(locale="en")))
    out = to_text(msg)
    assert "Vaktlag 2 has no accounts yet" in out
    assert msg.text == "Morning digest for Vaktlag 2: 0 new comments, 0 unanswered"
    weekly_text = to_text(weekly)
    assert "NaN" not in weekly_text
    assert "Skatteetaten kommunikasjon has no accounts yet" in weekly_text
    assert "Followers" not in weekly_text  # no source reports it: left out, not "not reported"
    assert "Comments: 0" in weekly_text


def test_accounts_without_data_name_what_is_missing(engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    with app.sessions.begin() as s:
        sync_accounts(s, app.config)
        # Facebook has figures only for Saturday; Instagram and LinkedIn have none
        s.add(
            MetricSnapshot(
                account_id="fb-skatteetaten",
                day=date(2026, 11, 21),
                followers=100,
                reach=None,
                reactions=None,
            )
        )
    with app.sessions() as s:
        out = to_text(build_daily(collect_daily(app, s, "team-1", NOW, locale="en")))
        weekly = to_text(build_weekly(collect_weekly(app, s, NOW, Audience(locale="nb"))))
    assert "no figures for @skatteetaten (Instagram) for 20\u2009–\u200922 Nov" in out
    assert "Skatteetaten (Facebook): Followers 100\n" in out  # what is missing is left out
    assert "not reported" not in out
    assert "cannot be calculated (figures missing)" in out
    assert "No new comments." in out
    assert "NaN" not in out and "NaN" not in weekly and "nan" not in weekly.lower()
    assert "ingen tall for Skatteetaten (LinkedIn)" in weekly


def test_zero_followers_is_not_a_division_by_zero(engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    with app.sessions.begin() as s:
        sync_accounts(s, app.config)
        for d in range(1, 8):
            s.add(
                MetricSnapshot(
                    account_id="li-skatteetaten",
                    day=date(2026, 11, 23 - d),
                    followers=0,
                    reach=0,
                    reactions=0,
                    comments=0,
                    shares=0,
                )
            )
    with app.sessions() as s:
        data = collect_daily(app, s, "team-1", NOW, locale="nb")
        text = to_text(build_daily(data))
        weekly = to_text(build_weekly(collect_weekly(app, s, NOW, Audience(locale="nb"))))
    assert "kan ikke beregnes (0 følgere)" in text
    assert "NaN" not in text + weekly and "inf" not in (text + weekly).lower().replace("info", "")


def test_too_many_accounts_are_cut_with_and_n_more(engine) -> None:  # type: ignore[no-untyped-def]
    cfg = load_config(EXAMPLE)
    extra = [
        cfg.accounts[0].model_copy(
            update={"id": f"fb-{i}", "external_id": f"9{i}", "name": f"Konto {i}"}
        )
        for i in range(40)
    ]
    cfg = cfg.model_copy(update={"accounts": [*cfg.accounts, *extra]})
    app = make_app(engine, cfg)
    with app.sessions.begin() as s:
        sync_accounts(s, cfg)
        s.add_all(metric_rows(cfg, date(2026, 11, 1), date(2026, 11, 22)))
    with app.sessions() as s:
        msg = build_daily(collect_daily(app, s, "team-1", NOW, locale="en"))
    lists = [b for b in msg.blocks if isinstance(b, ListBlock)]
    assert any(b.more == 43 - 8 for b in lists)
    slack = to_slack(msg)
    assert len(slack["blocks"]) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in slack["blocks"])
    assert "and 35 more" in to_text(msg)


# --- schedule -------------------------------------------------------------------------------------


def _daily_rows(app: App) -> list[Outbox]:
    with app.sessions() as s:
        return list(
            s.scalars(select(Outbox).where(Outbox.kind == "digest.daily").order_by(Outbox.key))
        )


def test_daily_digest_runs_once_at_eight_on_working_days_only(engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    start = datetime(2027, 5, 6, 6, 0, tzinfo=OSLO)  # Thursday; 17 May 2027 is a Monday
    seed(app, start, comment_days=2)
    runner = Runner(app, jobs(app.config))
    t = start
    while t < datetime(2027, 5, 19, 12, 0, tzinfo=OSLO):
        asyncio.run(runner.run_due(t))
        t += timedelta(minutes=30)
    asyncio.run(Runner(app, jobs(app.config)).run_due(datetime(2027, 5, 18, 8, tzinfo=OSLO)))
    rows = [r for r in _daily_rows(app) if r.target == "channel:team-1"]
    days = [r.key.rsplit(":", 1)[1] for r in rows]
    # 6 May 2027 is Ascension Day; 17 May is Constitution Day (and Whit Monday)
    assert days == [
        "2027-05-07",
        "2027-05-10",
        "2027-05-11",
        "2027-05-12",
        "2027-05-13",
        "2027-05-14",
        "2027-05-18",
        "2027-05-19",
    ]
    assert all(r.created_at.astimezone(OSLO).hour == 8 for r in rows)
    assert all(r.created_at.astimezone(OSLO).minute == 0 for r in rows)
    by_day = {r.key.rsplit(":", 1)[1]: Message.from_dict(r.payload) for r in rows}
    # Monday's digest covers the weekend since Friday's digest; Tuesday 18 May covers 14-17 May
    assert "kommentarer siden fredag 7. mai 08:00" in to_text(by_day["2027-05-10"])
    assert "kommentarer siden fredag 14. mai 08:00" in to_text(by_day["2027-05-18"])
    assert len([r for r in _daily_rows(app) if r.target == "channel:team-2"]) == 8


def test_weekly_digest_goes_to_the_manager_and_reports_at_quarter_start(engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    seed(app, datetime(2026, 10, 5, 8, 0, tzinfo=OSLO), comment_days=3)
    runner = Runner(app, jobs(app.config))
    for day in range(1, 7):
        asyncio.run(runner.run_due(datetime(2026, 10, day, 8, 0, tzinfo=OSLO)))
    with app.sessions() as s:
        keys = sorted(s.scalars(select(Outbox.key).where(Outbox.kind != "digest.daily")))
        rows = {r.key: r for r in s.scalars(select(Outbox))}
    # 1 Oct 2026 (Thursday) is the first working day of Q4: Q3 report; Monday 5 Oct: weekly
    assert keys == ["digest:report:2026-Q3:direktor", "digest:weekly:direktor:2026-W41"]
    weekly = rows["digest:weekly:direktor:2026-W41"]
    assert weekly.target == "user:direktor"
    assert Message.from_dict(weekly.payload).text.startswith(
        "Ukerapport for Skatteetaten kommunikasjon, uke 40:"
    )
    report = Message.from_dict(rows["digest:report:2026-Q3:direktor"].payload)
    assert report.text.startswith("Rapport for 2026-Q3")
    assert {a.content_type for a in report.attachments} == {"image/png", "text/csv"}


# --- reports and commands -------------------------------------------------------------------------


def test_parse_period() -> None:
    today = date(2026, 5, 20)
    assert parse_report_period("2026-H1", today) == ("2026-H1", date(2026, 1, 1), date(2026, 6, 30))
    assert parse_report_period("q3", today) == ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30))
    assert parse_report_period("Q2", today) == ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30))
    assert parse_report_period("2026q4", today) == (
        "2026-Q4",
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert parse_report_period("H2 2025", today) == (
        "2025-H2",
        date(2025, 7, 1),
        date(2025, 12, 31),
    )
    for bad in ("", "q5", "2026-H3", "last week", "2026"):
        assert parse_report_period(bad, today) is None
    assert [p[0] for p in previous_periods(date(2027, 1, 4))] == ["2026-Q4", "2026-H2"]
    assert [p[0] for p in previous_periods(date(2026, 4, 1))] == ["2026-Q1"]


def test_report_formats(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    seed(app)
    with app.sessions() as s:
        data = collect_report(
            app,
            s,
            ReportPeriod("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
            NOW,
            Audience(locale="en"),
        )
    csv_text = report_csv(data).decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Period,From,To,Account,Followers")
    assert len(csv_text.splitlines()) == 5
    md = report_md(data, NOW.date())
    assert md.startswith("# Report 2026-Q3") and "| Total |" not in md.split("\n")[0]
    msg = build_report(data, NOW.date())
    assert msg.text.startswith("Report for 2026-Q3 – Skatteetaten kommunikasjon:")
    assert len(data.trend) == 14


def _request(text: str, person: str | None = "kari", locale: str = "nb") -> Request:
    return Request(platform="console", person=person, text=text, now=NOW, locale=locale)


def test_digest_and_report_commands(engine) -> None:  # type: ignore[no-untyped-def]
    app = make_app(engine)
    seed(app, comment_days=2)
    reply = digest_command(app, _request("digest"))
    assert reply.ephemeral and reply.message.text.startswith("Morgenoppsummering for Vaktlag 1")
    assert "Forhåndsvisning" in to_text(reply.message)
    other = digest_command(app, _request("digest team-2", locale="sv"))
    assert other.message.text.startswith("Morgonsammanfattning för Vaktlag 2")
    with app.sessions() as s:
        assert s.scalars(select(Outbox)).all() == []  # a preview posts nothing
    bad = report_command(app, _request("report q7", locale="en"))
    assert "“q7” is not a period I understand" in bad.message.text
    good = report_command(app, _request("report q3"))
    assert good.message.text.startswith("Rapport for 2026-Q3")
    stranger = digest_command(app, _request("digest", person=None, locale="en"))
    assert "not in vaktbot's configuration" in stranger.message.text


def test_report_cli(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.cli.main import cli
    from bot.store.db import make_engine, upgrade

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    upgrade(engine)
    app = make_app(engine)
    seed(app, datetime(2026, 7, 2, 8, tzinfo=OSLO), comment_days=2)
    engine.dispose()
    runner = CliRunner()
    args = ["report", "--period", "2026-Q2", "--config", str(EXAMPLE), "--database", url]
    md = runner.invoke(cli, [*args, "--format", "md", "--locale", "en"])
    assert md.exit_code == 0, md.output
    assert "# Report 2026-Q2" in md.output
    out = tmp_path / "q2.xlsx"
    xl = runner.invoke(cli, [*args, "--format", "xlsx", "--out", str(out)])
    assert xl.exit_code == 0, xl.output
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws.title == "2026-Q2" and ws.cell(3, 4).value == "Konto"
    bad = runner.invoke(
        cli, ["report", "--period", "2026-Q9", "--config", str(EXAMPLE), "--database", url]
    )
    assert bad.exit_code == 2
