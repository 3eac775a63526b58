"""Benchmark: one team's daily digest and one weekly digest (with chart) on 1,000,000 comments and
two years of daily figures for 50 accounts in SQLite, against a single hand-written SQL aggregate
of the same figures in the same run.

    .venv/bin/python bench/bench_digest.py [--comments 1000000]

Targets: daily < 50 ms, weekly < 200 ms including the chart, and <= 2x the hand-written SQL.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import App  # noqa: E402
from bot.config import AccountCfg, load_config  # noqa: E402
from bot.digest import build_daily  # noqa: E402
from bot.digest_collect import collect_daily, collect_weekly  # noqa: E402
from bot.digest_weekly import build_weekly  # noqa: E402
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
    snaps = []
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
    posts, comments = [], []
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
                d = created.astimezone(OSLO).date()
                snaps.append(
                    (a, pid, d.isoformat(), None, 500, 700, rng.randint(5, 200), 10, 3, 20, None)
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


HAND_DAILY = """
WITH acc AS (SELECT id FROM accounts WHERE team = :team),
new AS (SELECT account_id, COUNT(*) n,
          SUM(CASE WHEN ','||COALESCE(labels,'')||',' LIKE '%,personal_data,%' THEN 1 ELSE 0 END)
            pd,
          SUM(CASE WHEN ','||COALESCE(labels,'')||',' LIKE '%,hate,%' THEN 1 ELSE 0 END) hate
        FROM comments WHERE account_id IN (SELECT id FROM acc) AND created_at >= :since
          AND created_at < :now AND from_page = 0 AND deleted = 0 GROUP BY account_id),
open AS (SELECT account_id, COUNT(*) n, MIN(created_at) oldest FROM comments
         WHERE account_id IN (SELECT id FROM acc)
           AND likelihood(state IN ('new','claimed'), 0.001)
           AND answered_at IS NULL AND from_page = 0 AND deleted = 0 AND is_hidden = 0
         GROUP BY account_id),
fig AS (SELECT account_id, SUM(reach) reach, SUM(reactions) re, SUM(comments) co, SUM(shares) sh,
          SUM(posts_published) po,
          MAX(CASE WHEN day = :last THEN followers END) f_end,
          MAX(CASE WHEN day = :before THEN followers END) f_before
        FROM metric_snapshots WHERE post_external_id = '' AND account_id IN (SELECT id FROM acc)
          AND day BETWEEN :before AND :last GROUP BY account_id),
week AS (SELECT account_id, SUM(reactions) re, MAX(CASE WHEN day = :last THEN followers END) f
         FROM metric_snapshots WHERE post_external_id = '' AND account_id IN (SELECT id FROM acc)
           AND day BETWEEN :week_first AND :last GROUP BY account_id),
threads AS (SELECT account_id, post_external_id, COUNT(*) n FROM comments
            WHERE account_id IN (SELECT id FROM acc) AND created_at >= :since
              AND created_at < :now GROUP BY account_id, post_external_id ORDER BY n DESC LIMIT 3)
SELECT acc.id, new.n, new.pd, new.hate, open.n, open.oldest, fig.reach, fig.re, fig.co, fig.sh,
       fig.po, fig.f_end, fig.f_before, week.re, week.f,
       (SELECT group_concat(t.post_external_id || ':' || t.n || ':' || p.permalink) FROM threads t
        JOIN posts p ON p.account_id = t.account_id AND p.external_id = t.post_external_id)
FROM acc LEFT JOIN new ON new.account_id = acc.id LEFT JOIN open ON open.account_id = acc.id
LEFT JOIN fig ON fig.account_id = acc.id LEFT JOIN week ON week.account_id = acc.id
"""

HAND_WEEKLY = """
WITH w(k, a, b, da, db) AS (VALUES (0, :a0, :b0, :da0, :db0), (1, :a1, :b1, :da1, :db1),
                                   (2, :a2, :b2, :da2, :db2)),
fig AS (SELECT w.k, m.account_id, SUM(m.reach) reach, SUM(m.reactions) re, SUM(m.comments) co,
          SUM(m.shares) sh, SUM(m.posts_published) po,
          MAX(CASE WHEN m.day = w.db THEN m.followers END) f
        FROM w JOIN metric_snapshots m ON m.post_external_id = '' AND m.day BETWEEN w.da AND w.db
        GROUP BY w.k, m.account_id),
com AS (SELECT w.k, c.account_id, COUNT(*) n,
          SUM(CASE WHEN c.answered_at IS NOT NULL
                    AND julianday(c.answered_at) - julianday(c.created_at) <= 1 THEN 1 ELSE 0 END)
            within_,
          SUM(CASE WHEN c.answered_at IS NOT NULL THEN 1 ELSE 0 END) answered,
          AVG(julianday(c.answered_at) - julianday(c.created_at)) avg_days
        FROM w JOIN comments c ON c.created_at >= w.a AND c.created_at < w.b
          AND c.account_id IN (SELECT id FROM accounts)
        WHERE c.from_page = 0 AND c.deleted = 0 GROUP BY w.k, c.account_id),
trend AS (SELECT day, SUM(followers) f, SUM(reactions) re FROM metric_snapshots
          WHERE post_external_id = '' AND day BETWEEN :trend_first AND :db0 GROUP BY day),
top AS (SELECT account_id, post_external_id, SUM(reactions + comments + shares) i
        FROM metric_snapshots WHERE post_external_id != '' AND day BETWEEN :da0 AND :db0
        GROUP BY account_id, post_external_id ORDER BY i DESC LIMIT 3)
SELECT 'fig', fig.k, fig.account_id, fig.reach, fig.re, fig.co, fig.sh, fig.po, fig.f, NULL
FROM fig
UNION ALL SELECT 'com', com.k, com.account_id, com.n, com.within_, com.answered, com.avg_days,
                 NULL, NULL, NULL FROM com
UNION ALL SELECT 'trend', NULL, day, f, re, NULL, NULL, NULL, NULL, NULL FROM trend
UNION ALL SELECT 'top', NULL, top.account_id, top.i, p.permalink, NULL, NULL, NULL, NULL, NULL
FROM top JOIN posts p ON p.account_id = top.account_id AND p.external_id = top.post_external_id
"""


def timed(fn, repeat: int = 7) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm caches (statement cache, holidays, matplotlib fonts)
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


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
        zone = OSLO
        today = NOW.date()
        raw = sqlite3.connect(db)
        dparams = {
            "team": "team-1",
            "since": ts(data.since),
            "now": ts(NOW),
            "last": (today - timedelta(days=1)).isoformat(),
            "before": (data.first - timedelta(days=1)).isoformat(),
            "week_first": (today - timedelta(days=7)).isoformat(),
        }
        wparams: dict[str, str] = {}
        for k, back in enumerate((0, 7, 91)):
            da = today - timedelta(days=7 + back)
            dbb = today - timedelta(days=1 + back)
            wparams[f"da{k}"], wparams[f"db{k}"] = da.isoformat(), dbb.isoformat()
            wparams[f"a{k}"] = ts(datetime.combine(da, datetime.min.time(), zone))
            wparams[f"b{k}"] = ts(
                datetime.combine(dbb + timedelta(days=1), datetime.min.time(), zone)
            )
        wparams["trend_first"] = (today - timedelta(days=7 * 12)).isoformat()

        def hand_daily() -> None:
            raw.execute(HAND_DAILY, dparams).fetchall()

        def hand_weekly() -> None:
            raw.execute(HAND_WEEKLY, wparams).fetchall()

        d_ms, hd_ms = timed(daily), timed(hand_daily)
        w_ms, w_nochart_ms, hw_ms = timed(weekly), timed(lambda: weekly(False)), timed(hand_weekly)
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
