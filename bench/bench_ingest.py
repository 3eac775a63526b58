"""Benchmark: bulk comment ingestion vs raw sqlite3.executemany, in the same run.

    .venv/bin/python bench/bench_ingest.py [--rows 1000000] [--accounts 50]

Two fresh SQLite files get the real schema (Alembic migrations, same pragmas as vaktbot's
engine: WAL, synchronous=NORMAL, foreign keys on, secure_delete on). Into one, ``ingest_comments``
stores N comments across the accounts (including author hashing and value conversion); into the
other, raw ``sqlite3.executemany`` inserts the same rows already in storage form (hashes
computed, times formatted - the most favourable baseline). Building the input objects is not
timed for either. The two run in alternating segments (``--segments``), taking turns at going
first, so that load from other processes falls on both alike; the ratio is the median of the
segments' ratios (one busy moment on the machine moves one segment, not the verdict), and wall
and CPU time are both reported. Then the whole batch is ingested again and must add 0 rows.

Target (issues #5, #16): ingest >= 0.5x the raw rows/s. Prints absolute numbers and the ratio;
exits 0.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from bot.sources.ingest import ingest_comments  # noqa: E402
from bot.sources.model import NormComment, author_hash  # noqa: E402
from bot.store.db import make_engine, session_factory, upgrade  # noqa: E402
from bot.store.models import Account  # noqa: E402

SALT = "bench-salt"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
COLS = ("account_id", "external_id", "post_external_id", "parent_external_id", "text",
        "author_hash", "author_name", "created_at", "received_at", "permalink", "from_page",
        "is_hidden", "deleted", "labels", "state")  # fmt: skip
WORDS = "når åpner svømmehallen igjen takk for info hvorfor er veien stengt flott bilde".split()


def make_comments(n: int, accounts: int) -> list[NormComment]:
    start = NOW - timedelta(days=30)
    texts = [" ".join(WORDS[(i + k) % len(WORDS)] for k in range(4 + i % 9)) for i in range(97)]
    names = [f"Bruker {a}" for a in range(60_000)]
    ids = [str(100_000 + a) for a in range(60_000)]
    out = []
    for i in range(n):
        post = f"{1000 + i // 40}"
        author = (i * 7919) % 60_000
        out.append(
            NormComment(
                account_id=f"acc{i % accounts:02d}",
                external_id=f"{post}_{i}",
                post_external_id=post,
                parent_external_id=f"{post}_{i - 1}" if i % 5 == 4 else None,
                text=texts[i % 97],
                author_platform_id=ids[author],
                author_name=names[author],
                created_at=start + timedelta(seconds=i * 2),
                permalink=None,
                is_hidden=False,
                from_page=i % 50 == 0,
            )
        )
    return out


def storage_rows(comments: list[NormComment]) -> list[tuple[object, ...]]:
    def fmt(d: datetime) -> str:  # SQLAlchemy's SQLite DATETIME storage format
        return f"{d:%Y-%m-%d %H:%M:%S}.{d.microsecond:06d}"

    received = fmt(NOW)
    hashes: dict[str | None, str | None] = {}
    rows = []
    for c in comments:
        h = hashes.get(c.author_platform_id)
        if h is None:
            h = hashes[c.author_platform_id] = author_hash(c.author_platform_id, SALT)
        rows.append((c.account_id, c.external_id, c.post_external_id, c.parent_external_id,
                     c.text, h, c.author_name, fmt(c.created_at), received, c.permalink,
                     int(c.from_page), int(c.is_hidden), 0, None, "new"))  # fmt: skip
    return rows


def fresh_db(path: Path, accounts: int) -> None:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with session_factory(engine)() as s, s.begin():
        s.add_all(
            Account(id=f"acc{a:02d}", platform="facebook", external_id=str(a), name=f"A{a}")
            for a in range(accounts)
        )
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--accounts", type=int, default=50)
    ap.add_argument("--segments", type=int, default=16, help="alternating raw/ingest segments")
    args = ap.parse_args()
    n = args.rows
    t0 = time.perf_counter()
    comments = make_comments(n, args.accounts)
    raw_rows = storage_rows(comments)
    print(f"built {n:,} comments across {args.accounts} accounts in "
          f"{time.perf_counter() - t0:.1f} s (not timed)")  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        ours_path, raw_path = Path(tmp) / "ingest.db", Path(tmp) / "raw.db"
        fresh_db(ours_path, args.accounts)
        fresh_db(raw_path, args.accounts)

        conn = sqlite3.connect(raw_path)
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                       "secure_delete=ON"):  # fmt: skip
            conn.execute(f"PRAGMA {pragma}")
        sql = f"INSERT INTO comments ({', '.join(COLS)}) VALUES ({', '.join('?' * len(COLS))})"
        engine = make_engine(f"sqlite:///{ours_path}")
        sessions = session_factory(engine)
        # interleave the two in segments so load from other processes hits both alike
        raw_s = raw_cpu = ours_s = ours_cpu = 0.0
        ratios: list[float] = []
        added = 0
        step = max(1, -(-n // args.segments))

        def raw(start: int) -> tuple[float, float]:
            t, c = time.perf_counter(), time.process_time()
            conn.executemany(sql, raw_rows[start : start + step])
            conn.commit()
            return time.perf_counter() - t, time.process_time() - c

        def ours(start: int) -> tuple[float, float, int]:
            t, c = time.perf_counter(), time.process_time()
            with sessions() as s, s.begin():
                res = ingest_comments(s, comments[start : start + step], now=NOW, salt=SALT)
            return time.perf_counter() - t, time.process_time() - c, len(res.added)

        for k, start in enumerate(range(0, n, step)):
            if k % 2:  # take turns at going first
                o_s, o_cpu, new = ours(start)
                r_s, r_cpu = raw(start)
            else:
                r_s, r_cpu = raw(start)
                o_s, o_cpu, new = ours(start)
            raw_s, raw_cpu, ours_s, ours_cpu = (
                raw_s + r_s,
                raw_cpu + r_cpu,
                ours_s + o_s,
                ours_cpu + o_cpu,
            )
            ratios.append(r_s / o_s)
            added += new
        raw_count = conn.execute("SELECT count(*) FROM comments").fetchone()[0]
        conn.close()
        t = time.perf_counter()
        with sessions() as s, s.begin():
            again = ingest_comments(s, comments, now=NOW, salt=SALT)
        again_s = time.perf_counter() - t
        with engine.connect() as conn2:
            ours_count = conn2.execute(text("SELECT count(*) FROM comments")).scalar_one()
        engine.dispose()

    raw_rate, ours_rate = n / raw_s, n / ours_s
    ratio, cpu_ratio = statistics.median(ratios), raw_cpu / ours_cpu
    print(f"raw sqlite3.executemany : {raw_rate:>10,.0f} rows/s  ({raw_s:.2f} s wall, "
          f"{raw_cpu:.2f} s CPU, {raw_count:,} rows)")  # fmt: skip
    print(f"ingest_comments         : {ours_rate:>10,.0f} rows/s  ({ours_s:.2f} s wall, "
          f"{ours_cpu:.2f} s CPU, {added:,} new ids, {ours_count:,} rows)")  # fmt: skip
    print(f"ratio ingest / raw      : {ratio:.2f}x wall (median of {len(ratios)} segments, "
          f"{min(ratios):.2f}-{max(ratios):.2f}; {ours_rate / raw_rate:.2f}x in total), "
          f"{cpu_ratio:.2f}x CPU  (target >= 0.50x) "
          f"{'OK' if ratio >= 0.5 else 'BELOW TARGET'}")  # fmt: skip
    print(f"re-ingest of the batch  : {n / again_s:>10,.0f} rows/s  ({again_s:.2f} s), "
          f"added {len(again.added)} rows, {again.duplicates:,} duplicates "
          f"{'OK' if not again.added and ours_count == n else 'FAILED'}")  # fmt: skip


if __name__ == "__main__":
    main()
