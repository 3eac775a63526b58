"""Benchmark: one team's daily digest and one weekly digest (with chart) on 1,000,000 comments and
two years of daily figures for 50 accounts in SQLite, against a single hand-written SQL aggregate
of the same figures in the same run.

    .venv/bin/python bench/bench_digest.py [--comments 1000000] [--db path/to/keep.db]

Targets: daily < 50 ms, weekly < 200 ms including the chart, and <= 2x the hand-written SQL.

The hand-written baselines are what a careful person would write without the product's code: one
SQL statement per digest on the raw sqlite3 driver (no ORM, no statement building) that returns
the same figures. Response times count working time only (weekends, holidays and closure days
excluded), which SQL cannot do without the organisation's calendar, so the statement returns the
(created, answered) pairs of the compared weeks and the baseline applies the same working-time
rule to them (bot.metrics.ResponseJudge, vectorised); likewise for the deadline of the oldest
unanswered comment in the daily digest. Before timing, the bench checks that the baselines and
the digests agree on every figure, so the comparison is like for like.
"""

from __future__ import annotations

import argparse
import math
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from itertools import compress
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import App  # noqa: E402
from bot.config import AccountCfg, load_config, parse_time  # noqa: E402
from bot.digest.collect import collect_daily, collect_weekly, judge_for  # noqa: E402
from bot.digest.daily import build_daily  # noqa: E402
from bot.digest.model import SUMMED, Figures, PlatformTrend, Trend, add_figures  # noqa: E402
from bot.digest.weekly import build_weekly  # noqa: E402
from bot.metrics import ResponseStats  # noqa: E402
from bot.store.db import make_engine, session_factory, upgrade  # noqa: E402

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=OSLO)  # a Tuesday
ACCOUNTS = 50
DAYS = 730


def ts(dt: datetime) -> str:
    """The SQLite storage format of bot.store.types.UTCDateTime (naive UTC)."""
    return dt.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def build_db(path: Path, n_comments: int) -> None:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    rng = random.Random(42)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    accounts = [f"acc-{i:02d}" for i in range(ACCOUNTS)]
    con.executemany(
        "INSERT INTO accounts (id, platform, external_id, name, team) VALUES (?,?,?,?,?)",
        [
            (a, "facebook", f"ext-{a}", f"Konto {i}", "team-1" if i < 25 else "team-2")
            for i, a in enumerate(accounts)
        ],
    )
    first = NOW.date() - timedelta(days=DAYS)
    snaps: list[tuple[object, ...]] = []
    for i, a in enumerate(accounts):
        followers = 10_000 + 2_000 * i
        for d in range(DAYS):
            day = first + timedelta(days=d)
            followers += rng.randint(-5, 30)
            reach = int(followers * rng.uniform(0.05, 0.25))
            reactions = int(followers * rng.uniform(0.03, 0.08) / 7)
            snaps.append(
                (
                    a,
                    "",
                    day.isoformat(),
                    followers,
                    reach,
                    int(reach * 1.5),
                    reactions,
                    reactions // 5,
                    reactions // 20,
                    reach // 100,
                    rng.choice([0, 1, 2]),
                )
            )
    posts: list[tuple[object, ...]] = []
    comments: list[tuple[object, ...]] = []
    start = datetime.combine(first, datetime.min.time(), OSLO).astimezone(UTC)
    span = (NOW.astimezone(UTC) - start).total_seconds()
    post_ids = {a: [f"{a}-p{k}" for k in range(DAYS * 2)] for a in accounts}
    for a in accounts:
        for k, pid in enumerate(post_ids[a]):
            created = start + timedelta(hours=12 * k)
            posts.append(
                (a, pid, ts(created), "Skattemeldingen er her!", f"https://fb.example/{pid}")
            )
            if created > NOW - timedelta(days=35):
                post_day = created.astimezone(OSLO).date()
                snaps.append(
                    (
                        a,
                        pid,
                        post_day.isoformat(),
                        None,
                        500,
                        700,
                        rng.randint(5, 200),
                        10,
                        3,
                        20,
                        None,
                    )
                )
    con.executemany(
        "INSERT INTO metric_snapshots (account_id, post_external_id, day, followers, reach, views,"
        " reactions, comments, shares, clicks, posts_published) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        snaps,
    )
    con.executemany(
        "INSERT INTO posts (account_id, external_id, created_at, text, permalink) "
        "VALUES (?,?,?,?,?)",
        posts,
    )
    now_utc = NOW.astimezone(UTC)
    for n in range(n_comments):
        a = accounts[n % ACCOUNTS]
        created = start + timedelta(seconds=rng.random() * span)
        k = min(int((created - start).total_seconds() // 43200), DAYS * 2 - 1)
        age = (now_utc - created).total_seconds()
        open_ = age < 2 * 86400 and rng.random() < 0.5 or rng.random() < 0.002
        answered = None if open_ else ts(created + timedelta(hours=rng.uniform(0.2, 40)))
        roll = rng.random()
        labels = "personal_data" if roll < 0.03 else ("hate" if roll < 0.04 else "needs_answer")
        comments.append(
            (
                a,
                f"c{n}",
                post_ids[a][k],
                "Hvordan endrer jeg skattekortet?",
                "Per",
                ts(created),
                ts(created),
                0,
                0,
                0,
                labels,
                "new" if open_ else "answered",
                answered,
            )
        )
        if len(comments) == 100_000:
            _insert_comments(con, comments)
            comments.clear()
    _insert_comments(con, comments)
    con.commit()
    con.execute("ANALYZE")
    con.close()


def _insert_comments(con: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    con.executemany(
        "INSERT INTO comments (account_id, external_id, post_external_id, text, author_name,"
        " created_at, received_at, from_page, is_hidden, deleted, labels, state, answered_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )


# --- the hand-written baselines -------------------------------------------------------------

# the period sums of one account's daily figures over the days :first..:last (each figure from
# the account's own rows, else the sum over its posts' rows), plus the follower count of the
# day before (read in the same range scan) and the last day that has followers
_SUMMED = ("new_follows", "reach", "views", "reactions", "comments", "shares", "saves", "clicks",
           "interactions", "posts_published")  # fmt: skip
_SUM = (
    "COALESCE(SUM(CASE WHEN day >= :{{p}}first AND post_external_id = '' THEN {c} END), "
    "SUM(CASE WHEN day >= :{{p}}first AND post_external_id > '' THEN {c} END)) s_{c}"
)
_FIG = (
    "SELECT account_id, COUNT(DISTINCT CASE WHEN day >= :{p}first THEN day END) n, "
    + ", ".join(_SUM.format(c=c) for c in _SUMMED)
    + """,
          MAX(CASE WHEN day >= :{p}first AND post_external_id = '' AND followers IS NOT NULL
              THEN day END) fday,
          MAX(CASE WHEN day = :{p}before AND post_external_id = '' THEN followers END) f_before
        FROM metric_snapshots WHERE account_id IN acc
          AND day BETWEEN :{p}before AND :{p}last GROUP BY account_id"""
)
_FIG_COLS = "{t}.n, " + ", ".join(f"{{t}}.s_{c}" for c in _SUMMED)
_FIG_COLS += ", {e}.followers, {t}.f_before"
_N_FIG = 3 + len(_SUMMED)  # the _FIG_COLS values
_END = "LEFT JOIN metric_snapshots {e} ON {e}.account_id = {t}.account_id"
_END += " AND {e}.post_external_id = '' AND {e}.day = {t}.fday"

HAND_DAILY = f"""
WITH acc(id) AS (SELECT id FROM accounts WHERE team = :team),
new AS (SELECT account_id, COUNT(*) n,
          SUM(CASE WHEN ','||COALESCE(labels,'')||',' LIKE '%,personal_data,%' THEN 1 ELSE 0 END)
            pd,
          SUM(CASE WHEN ','||COALESCE(labels,'')||',' LIKE '%,hate,%' THEN 1 ELSE 0 END) hate
        FROM comments WHERE account_id IN acc AND created_at >= :since AND created_at < :now
          AND from_page = 0 AND deleted = 0 GROUP BY account_id),
open AS (SELECT account_id, COUNT(*) n, MIN(created_at) oldest FROM comments
         WHERE account_id IN acc AND likelihood(state IN ('new', 'claimed'), 0.001)
           AND answered_at IS NULL AND from_page = 0 AND deleted = 0 AND is_hidden = 0
         GROUP BY account_id),
fig AS ({_FIG.format(p="")}),
week AS ({_FIG.format(p="w_")}),
threads AS (SELECT account_id, post_external_id, COUNT(*) n, MAX(id) latest FROM comments
            WHERE account_id IN acc AND created_at >= :since AND created_at < :now
              AND from_page = 0 AND deleted = 0 AND post_external_id IS NOT NULL
            GROUP BY account_id, post_external_id ORDER BY n DESC, post_external_id LIMIT 3)
SELECT 'acc', acc.id, new.n, new.pd, new.hate, open.n, open.oldest,
       {_FIG_COLS.format(t="fig", e="fe")}, {_FIG_COLS.format(t="week", e="we")}
FROM acc LEFT JOIN new ON new.account_id = acc.id LEFT JOIN open ON open.account_id = acc.id
LEFT JOIN fig ON fig.account_id = acc.id {_END.format(e="fe", t="fig")}
LEFT JOIN week ON week.account_id = acc.id {_END.format(e="we", t="week")}
UNION ALL
SELECT 'thread', t.account_id, t.n, t.post_external_id, p.text, p.permalink, c.text,
       c.author_name, {", ".join(["NULL"] * (2 * _N_FIG - 1))}
FROM threads t
LEFT JOIN posts p ON p.account_id = t.account_id AND p.external_id = t.post_external_id
LEFT JOIN comments c ON c.id = t.latest
"""


_FIG_ROWS = "\nUNION ALL ".join(
    f"SELECT 'fig{k}', fig{k}.account_id, {_FIG_COLS.format(t=f'fig{k}', e=f'e{k}')}"
    f" FROM fig{k} {_END.format(e=f'e{k}', t=f'fig{k}')}"
    for k in range(3)
)


def _window_sql(k: int) -> str:
    return f"""SELECT {k}, account_id, (julianday(created_at) - 2440587.5) * 86400.0,
          (julianday(answered_at) - 2440587.5) * 86400.0,
          answered_at IS NOT NULL OR (state IN ('new', 'claimed') AND is_hidden = 0),
          {", ".join(["NULL"] * (_N_FIG - 3))}
        FROM comments WHERE account_id IN acc AND created_at >= :a{k} AND created_at < :b{k}
          AND from_page = 0 AND deleted = 0"""


_FIG_CTES = ",\n".join(f"fig{k} AS ({_FIG.format(p=f'w{k}_')})" for k in range(3))
_WINDOW_ROWS = "\nUNION ALL ".join(_window_sql(k) for k in range(3))

HAND_WEEKLY = f"""
WITH acc(id) AS (SELECT id FROM accounts),
{_FIG_CTES},
daily AS (SELECT day, SUM(followers) f, SUM(reach) reach, SUM(reactions) re, SUM(comments) co,
            SUM(shares) sh, SUM(clicks) cl
          FROM metric_snapshots WHERE post_external_id = '' AND account_id IN acc
            AND day BETWEEN :trend_first AND :w0_last GROUP BY day),
weeks AS (SELECT CAST((julianday(day) - julianday(:trend_first)) / 7 AS INTEGER) wk, COUNT(*) n,
            SUM(reach) reach, SUM(re) re, SUM(co) co, SUM(sh) sh, SUM(cl) cl,
            MAX(CASE WHEN f IS NOT NULL THEN day END) fday
          FROM daily GROUP BY wk),
top AS (SELECT account_id, post_external_id,
          SUM(COALESCE(reactions, 0) + COALESCE(comments, 0) + COALESCE(shares, 0)) i,
          SUM(comments) co
        FROM metric_snapshots WHERE account_id IN acc AND post_external_id > ''
          AND day BETWEEN :w0_first AND :w0_last
        GROUP BY account_id, post_external_id ORDER BY i DESC, post_external_id LIMIT 3)
{_FIG_ROWS}
UNION ALL {_WINDOW_ROWS}
UNION ALL SELECT 'trend', w.wk, w.n, w.reach, w.re, w.co, w.sh, w.cl, d.f,
                 {", ".join(["NULL"] * (_N_FIG - 7))}
FROM weeks w LEFT JOIN daily d ON d.day = w.fday
UNION ALL SELECT 'top', top.account_id, top.i, top.co, p.text, p.permalink,
                 {", ".join(["NULL"] * (_N_FIG - 4))}
FROM top
LEFT JOIN posts p ON p.account_id = top.account_id AND p.external_id = top.post_external_id
"""


def _utc(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def _figures(days: int, r: Any) -> Figures | None:
    """Figures from the _FIG_COLS values (None: no data in the period)."""
    n, *sums, f_end, f_before = r
    if not n:
        return None
    change = f_end - f_before if f_end is not None and f_before is not None else None
    return Figures(days, n, f_end, change, **dict(zip(SUMMED, sums, strict=True)))


def hand_daily(raw: sqlite3.Connection, app: App, params: dict[str, str], days: int) -> Any:
    rows = raw.execute(HAND_DAILY, params).fetchall()
    accounts: dict[str, dict[str, Any]] = {}
    for r in (r for r in rows if r[0] == "acc"):
        accounts[r[1]] = {
            "new": (r[2] or 0, r[3] or 0, r[4] or 0),
            "open": (r[5] or 0, _utc(r[6])),
            "figures": _figures(days, r[7 : 7 + _N_FIG]),
            "week": _figures(7, r[7 + _N_FIG : 7 + 2 * _N_FIG]),
        }
    opens = [a["open"][1] for a in accounts.values() if a["open"][1] is not None]
    if opens:  # the deadline of the oldest unanswered comment, in working time
        judge = judge_for(app.config, min(opens), NOW)
        for a in accounts.values():
            a["deadline"] = judge.deadline(a["open"][1]) if a["open"][1] else None
    threads = sorted((r for r in rows if r[0] == "thread"), key=lambda r: (-r[2], r[3]))
    return accounts, [(r[1], r[2], r[4], r[5], r[6], r[7]) for r in threads]


def hand_weekly(raw: sqlite3.Connection, app: App, params: dict[str, str]) -> Any:
    figs: list[dict[str, Figures | None]] = [{}, {}, {}]
    pairs: list[list[tuple[Any, ...]]] = [[], [], []]  # per week: columns of comment rows
    trend, top = [], []
    cur = raw.execute(HAND_WEEKLY, params)
    # read in chunks (as the digest does): tens of thousands of live row tuples would trigger a
    # full collection of the process heap, which costs more than the query
    for chunk in iter(lambda: cur.fetchmany(256), []):
        first_kind, last_kind = chunk[0][0], chunk[-1][0]
        if isinstance(first_kind, int) and first_kind == last_kind:  # comment rows of one week
            pairs[first_kind].append(tuple(zip(*chunk, strict=True))[1:5])
            continue
        for r in chunk:
            kind = r[0]
            if isinstance(kind, int):
                pairs[kind].append(tuple(zip(r, strict=True))[1:5])
            elif kind.startswith("fig"):
                figs[int(kind[3])][r[1]] = _figures(7, r[2 : 2 + _N_FIG])
            elif kind == "trend":
                trend.append(r)
            else:
                top.append(r)
    first = date.fromisoformat(params["w2_first"])
    judge = judge_for(app.config, datetime.combine(first, datetime.min.time(), OSLO), NOW)
    weekly_at = parse_time(app.config.digest.weekly_time)
    weeks = []
    for k in range(3):
        received: Counter[str] = Counter()
        keys: list[str] = []
        created, answered = [], []
        for accounts, c, a, need in pairs[k]:
            received.update(accounts)
            keys.extend(compress(accounts, need))
            mask = np.array(need, dtype=bool)
            created.append(np.array(c, dtype=float)[mask])
            answered.append(np.array(a, dtype=float)[mask])
        # as of the weekly digest's time on the day after the week (never later than NOW):
        # an answer given after that is not known yet
        week_last = date.fromisoformat(params[f"w{k}_last"])
        as_of = min(NOW, datetime.combine(week_last + timedelta(days=1), weekly_at, OSLO))
        done = np.concatenate(answered)
        done[done > as_of.timestamp()] = np.nan
        per, total = judge.stats_grouped(keys, np.concatenate(created), done, as_of.timestamp())
        total_figs = add_figures([f for f in figs[k].values() if f], 7)
        weeks.append((figs[k], total_figs, received, per, total))
    formula = app.config.digest.engagement_formula
    trend_first = date.fromisoformat(params["trend_first"])
    by_week = {r[1]: r for r in trend}
    figs_by_week = []
    for i in range(12):
        r = by_week.get(i)
        figs_by_week.append(
            Figures(7, r[2], r[8], None, reach=r[3], reactions=r[4], comments=r[5], shares=r[6],
                    clicks=r[7]) if r else None
        )  # fmt: skip
    series = PlatformTrend(  # every account of the bench is a Facebook page
        "facebook",
        followers=tuple(f.followers if f else None for f in figs_by_week),
        interactions=tuple(f.interactions if f else None for f in figs_by_week),
        rate=tuple(f.rate(formula) if f else None for f in figs_by_week),
        new_follows=(None,) * 12,
        reach=tuple(f.reach if f else None for f in figs_by_week),
    )
    weeks_of = tuple(trend_first + timedelta(weeks=i) for i in range(12))
    return weeks, Trend(weeks_of, (series,)), [(r[1], r[2], r[3], r[5]) for r in top]


# --- checks: the baselines compute the same figures as the digests ----------------------------


def check_daily(data: Any, hand: Any) -> None:
    accounts, threads = hand
    for a in data.accounts:
        h, c = accounts[a.account_id], a.comments
        assert (c.new, c.personal_data, c.hate) == h["new"], a.account_id
        assert (c.unanswered, c.oldest_unanswered) == h["open"], a.account_id
        assert c.oldest_deadline == h.get("deadline"), a.account_id
        assert (a.figures, a.week) == (h["figures"], h["week"]), a.account_id
    mine = [(t.comments, t.permalink, t.latest_text, t.latest_author) for t in data.threads]
    assert mine == [(n, link, text, who) for _, n, _, link, text, who in threads]


def check_weekly(data: Any, hand: Any) -> None:
    weeks, trend, top = hand
    for k, attr in enumerate(("this", "last", "quarter_ago")):
        figs, total_figs, received, per, total = weeks[k]
        for a in data.accounts:
            mine = getattr(a, attr)
            assert mine.figures == figs.get(a.account_id), (attr, a.account_id)
            assert mine.comments == received.get(a.account_id, 0), (attr, a.account_id)
            # an account without a comment that needs a reply has empty stats
            assert mine.response == per.get(a.account_id, ResponseStats()), (attr, a.account_id)
        assert getattr(data.total, attr).figures == total_figs
        assert getattr(data.total, attr).response == total
    assert data.trend.weeks == trend.weeks
    [mine], [theirs] = data.trend.platforms, trend.platforms
    assert (mine.platform, mine.followers) == (theirs.platform, theirs.followers)
    assert (mine.interactions, mine.reach) == (theirs.interactions, theirs.reach)
    assert mine.new_follows == theirs.new_follows
    for a, b in zip(mine.rate, theirs.rate, strict=True):
        assert (a is None) == (b is None) and (
            a is None or math.isclose(a, b or 0.0, rel_tol=1e-12)
        )
    assert [(p.interactions, p.comments, p.permalink) for p in data.top_posts] == [
        (i, c, link) for _, i, c, link in top
    ]


# --- timing ---------------------------------------------------------------------------------


def timed_pair(*fns: Any, repeat: int = 9) -> list[float]:
    """Median ms of each function; the functions take turns, so both see the same machine load."""
    for fn in fns:
        fn()  # warm caches (statement cache, holidays, matplotlib fonts)
    runs: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, out in zip(fns, runs, strict=True):
            t0 = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t0) * 1000)
    return [statistics.median(r) for r in runs]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="keep the database here (reused if it exists)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vaktbot-bench-") as tmp:
        db = args.db or Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        if not db.exists():
            build_db(db, args.comments)
        print(
            f"setup: {args.comments:,} comments, {ACCOUNTS} accounts x {DAYS} days of figures "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        cfg = load_config(ROOT / "examples" / "vaktbot.yml")
        accounts = [
            AccountCfg(
                id=f"acc-{i:02d}",
                platform="facebook",
                external_id=f"ext-acc-{i:02d}",
                name=f"Konto {i}",
                team="team-1" if i < 25 else "team-2",
            )
            for i in range(ACCOUNTS)
        ]
        cfg = cfg.model_copy(update={"accounts": accounts})
        engine = make_engine(f"sqlite:///{db}")
        app = App(config=cfg, engine=engine, sessions=session_factory(engine))
        session = app.sessions()

        def daily() -> None:
            build_daily(collect_daily(app, session, "team-1", NOW))

        def weekly(chart: bool = True) -> None:
            build_weekly(collect_weekly(app, session, NOW), chart=chart)

        data = collect_daily(app, session, "team-1", NOW)
        today = NOW.date()
        dparams = {
            "team": "team-1",
            "since": ts(data.since),
            "now": ts(NOW),
            "first": data.first.isoformat(),
            "before": (data.first - timedelta(days=1)).isoformat(),
            "last": data.last.isoformat(),
            "w_first": (today - timedelta(days=7)).isoformat(),
            "w_before": (today - timedelta(days=8)).isoformat(),
            "w_last": data.last.isoformat(),
        }
        days = (data.last - data.first).days + 1
        wparams: dict[str, str] = {}
        for k, back in enumerate((0, 7, 91)):
            da = today - timedelta(days=7 + back)
            dbb = today - timedelta(days=1 + back)
            wparams[f"w{k}_first"], wparams[f"w{k}_last"] = da.isoformat(), dbb.isoformat()
            wparams[f"w{k}_before"] = (da - timedelta(days=1)).isoformat()
            wparams[f"a{k}"] = ts(datetime.combine(da, datetime.min.time(), OSLO))
            wparams[f"b{k}"] = ts(
                datetime.combine(dbb + timedelta(days=1), datetime.min.time(), OSLO)
            )
        wparams["trend_first"] = (today - timedelta(days=7 * 12)).isoformat()
        raw = sqlite3.connect(db)
        check_daily(data, hand_daily(raw, app, dparams, days))
        check_weekly(collect_weekly(app, session, NOW), hand_weekly(raw, app, wparams))
        print("check: the hand-written baselines give the same figures as the digests")

        d_ms, hd_ms = timed_pair(daily, lambda: hand_daily(raw, app, dparams, days))
        w_ms, w_nochart_ms, hw_ms = timed_pair(
            weekly, lambda: weekly(False), lambda: hand_weekly(raw, app, wparams)
        )
        session.close()
        raw.close()
        engine.dispose()
    print(f"daily digest (team of 25 accounts):   {d_ms:7.1f} ms   target < 50 ms")
    print(
        f"  hand-written SQL aggregate:         {hd_ms:7.1f} ms   ratio {d_ms / hd_ms:5.2f}x"
        f" (target <= 2x)"
    )
    print(f"weekly digest incl. chart (50 acc.):  {w_ms:7.1f} ms   target < 200 ms")
    print(f"weekly digest without chart:          {w_nochart_ms:7.1f} ms")
    print(
        f"  hand-written SQL aggregate:         {hw_ms:7.1f} ms   ratio {w_ms / hw_ms:5.2f}x incl."
        f" chart, {w_nochart_ms / hw_ms:5.2f}x without (target <= 2x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
