"""Realistic sample data for the embedded default and the demo: posts, comments in Norwegian and
Swedish (questions, thanks, personal data, the odd troll), daily metrics for many weeks, and the
example annual plan (examples/arshjul.xlsx) when it fits the config.

Deterministic for a given seed and start; identity numbers in it are generated valid numbers so the
redactor has something real to remove.
"""

from __future__ import annotations

import hashlib
import logging
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum import luhn
from stdnum.no import fodselsnummer

from bot.app import App
from bot.config import Config
from bot.moderation.classify import classify
from bot.moderation.pipeline import classifier_settings
from bot.plan.config_import import parse_for_config
from bot.plan.store import apply_import
from bot.sources.accounts import sync_accounts
from bot.sources.ingest import ingest_comments, ingest_posts
from bot.sources.model import NormComment, NormPost
from bot.store.models import Comment, MetricSnapshot, PlanItemRow, Post

log = logging.getLogger("vaktbot.sample")

EXAMPLE_PLAN = Path(__file__).resolve().parents[2] / "examples" / "arshjul.xlsx"

QUESTIONS_NB = [
    "Hvordan endrer jeg skattekortet mitt når jeg har fått ny jobb?",
    "Når kommer skatteoppgjøret i år?",
    "Hvorfor har jeg fått restskatt når jeg har betalt alt?",
    "Kan dere svare på meldingen jeg sendte for to uker siden?",
    "Hvor finner jeg skattemeldingen for enkeltpersonforetak?",
    "Må jeg levere skattemelding hvis jeg er student?",
]
QUESTIONS_SV = [
    "Hur ändrar jag min preliminärskatt?",
    "När kommer återbäringen i år?",
    "Varför har jag fått kvarskatt fast jag betalat allt?",
    "Kan ni svara på mitt mejl från förra veckan?",
]
OTHER = [
    "Takk for god hjelp på chatten i dag!",
    "Supert, dette var nyttig 👍",
    "Tack för tydlig information!",
    "Endelig en forklaring som er til å forstå.",
    "Dette er en skandale, dere er noen idioter",
    "Sjekk ut gratis penger her: http://gratis-premie.example/klikk",
    "👏👏👏",
]
POSTS = [
    ("Skattemeldingen er her! Sjekk at alt stemmer før 30. april.", "facebook"),
    ("Ny jobb? Husk å endre skattekortet.", "facebook"),
    ("Julehandel på nett fra utlandet: dette må du vite om toll og mva.", "instagram"),
    ("Vi søker rådgivere til kundesenteret i Bergen.", "linkedin"),
    ("Slik leser du skatteoppgjøret ditt.", "facebook"),
    ("Kvarskatt eller återbäring? Så här läser du beslutet.", "facebook"),
]


def _valid_fnr(rng: random.Random) -> str:

    while True:
        d = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
        base = f"{d:%d%m%y}{rng.randrange(500, 749):03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        k2 = fodselsnummer.calc_check_digit2(base + k1)
        number = base + k1 + k2
        if len(number) == 11 and fodselsnummer.is_valid(number):
            return number


def _valid_pnr(rng: random.Random) -> str:

    d = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
    base = f"{d:%y%m%d}{rng.randrange(100, 999):03d}"
    return f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"


@dataclass(frozen=True)
class SampleComment:
    account_id: str
    post_external_id: str
    external_id: str
    text: str
    author: str
    created_at: datetime
    permalink: str = ""


def _permalink(platform: str, post: str, i: int) -> str:
    if platform == "instagram":
        return f"https://www.instagram.com/p/{post}/c/{i}"
    return f"https://www.facebook.com/{post}?comment_id={i}"


def _comment_text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.04:
        return f"Hei, fødselsnummeret mitt er {_valid_fnr(rng)}, kan dere sjekke saken min?"
    if roll < 0.06:
        return f"Mitt personnummer är {_valid_pnr(rng)} och jag har inte fått något svar."
    if roll < 0.08:
        return "Ring meg på 912 34 567 eller send e-post til ola.nordmann@example.no"
    if roll < 0.45:
        return rng.choice(QUESTIONS_NB)
    if roll < 0.6:
        return rng.choice(QUESTIONS_SV)
    return rng.choice(OTHER)


def _hours_weight(local: datetime) -> float:
    h = local.hour
    base = 0.2 if h < 7 or h >= 23 else (1.0 if 8 <= h < 21 else 0.5)
    return base * (0.6 if local.weekday() >= 5 else 1.0)


def comments_between(
    config: Config, start: datetime, end: datetime, seed: int = 7
) -> list[SampleComment]:
    """Sample comments created in [start, end), about 40 a day, more in the daytime."""
    zone = ZoneInfo(config.organisation.timezone)
    out: list[SampleComment] = []
    accounts = [a for a in config.accounts if a.platform in ("facebook", "instagram")]
    if not accounts:
        return out
    cursor = start.replace(minute=0, second=0, microsecond=0)
    while cursor < end:
        hour_seed = int(
            hashlib.sha256(f"{seed}:{cursor.isoformat()}".encode()).hexdigest()[:12], 16
        )
        rng = random.Random(hour_seed)
        expected = 1.7 * _hours_weight(cursor.astimezone(zone))
        n = sum(1 for _ in range(6) if rng.random() < expected / 6)
        day_index = (cursor.astimezone(zone).date().toordinal()) % len(POSTS)
        for i in range(n):
            acc = accounts[rng.randrange(len(accounts))]
            created = cursor + timedelta(minutes=rng.randrange(60), seconds=rng.randrange(60))
            if not (start <= created < end):
                continue
            post = f"{acc.external_id}_post{day_index}"
            out.append(
                SampleComment(
                    account_id=acc.id,
                    post_external_id=post,
                    external_id=f"{post}_c{hour_seed % 100000:05d}{i}",
                    text=_comment_text(rng),
                    author=rng.choice(["Per", "Anna", "Lise", "Johan", "Fatima", "Ahmed", "Eva"]),
                    created_at=created,
                    permalink=_permalink(acc.platform, post, i),
                )
            )
        cursor += timedelta(hours=1)
    return sorted(out, key=lambda c: c.created_at)


def insert_comments(session: Session, comments: list[SampleComment], now: datetime) -> list[int]:
    """Store sample comments (and their posts) the way a source would; returns new comment ids."""

    posts = {(c.account_id, c.post_external_id): c for c in comments}
    ingest_posts(
        session,
        [
            NormPost(
                account_id=a,
                external_id=p,
                created_at=c.created_at - timedelta(hours=2),
                text=POSTS[int(p.rsplit("post", 1)[1]) % len(POSTS)][0],
                permalink=c.permalink.split("?comment_id")[0].split("/c/")[0] or None,
            )
            for (a, p), c in posts.items()
        ],
    )
    result = ingest_comments(
        session,
        [
            NormComment(
                account_id=c.account_id,
                external_id=c.external_id,
                post_external_id=c.post_external_id,
                parent_external_id=None,
                text=c.text,
                author_platform_id=c.author,
                author_name=c.author,
                created_at=c.created_at,
                permalink=c.permalink or None,
            )
            for c in comments
        ],
        now=now,
        salt="sample",
    )
    return list(result.added)


def metric_rows(config: Config, first: date, last: date, seed: int = 7) -> list[MetricSnapshot]:
    """Daily account figures with a gentle follower trend and weekday rhythm."""
    rows = []
    for idx, acc in enumerate(config.accounts):
        rng = random.Random(f"{seed}:{acc.id}")
        followers = 40_000 + 25_000 * idx
        d = first
        while d <= last:
            weekday = d.weekday() < 5
            followers += rng.randint(-5, 40 if weekday else 15)
            reach = int(followers * rng.uniform(0.05, 0.25) * (1.0 if weekday else 0.6))
            reactions = int(followers * rng.uniform(0.03, 0.08) / 7)
            rows.append(
                MetricSnapshot(
                    account_id=acc.id,
                    post_external_id="",
                    day=d,
                    followers=followers,
                    reach=reach,
                    views=int(reach * rng.uniform(1.2, 2.0)),
                    reactions=reactions,
                    comments=int(reactions * rng.uniform(0.1, 0.3)),
                    shares=int(reactions * rng.uniform(0.02, 0.1)),
                    clicks=int(reach * rng.uniform(0.005, 0.02)),
                    posts_published=rng.choice([0, 1, 1, 2]) if weekday else rng.choice([0, 0, 1]),
                    source="sample",
                )
            )
            d += timedelta(days=1)
    return rows


@dataclass(frozen=True)
class Seeded:
    comments: int
    plan_items: int


def seed_plan(app: App, now: datetime, path: Path = EXAMPLE_PLAN) -> int:
    """The example annual plan, when the plan is empty and every row fits the config (another
    organisation's people and teams: nothing is added). Returns how many items were added."""
    if not path.is_file():
        return 0
    result = parse_for_config(app.config, path.read_bytes(), path.name)
    if result.errors or not result.items:
        log.info("example plan not loaded", extra={"file": str(path), "errors": len(result.errors)})
        return 0
    today = now.astimezone(ZoneInfo(app.config.organisation.timezone)).date()
    with app.sessions.begin() as s:
        if s.scalar(select(func.count()).select_from(PlanItemRow)):
            return 0
        diff = apply_import(s, result.items, source=path.name, now=now, today=today, actor="sample")
    return len(diff.added)


def seed(app: App, now: datetime, *, history_days: int = 120, comment_days: int = 3) -> Seeded:
    """Accounts, ~17 weeks of metrics up to yesterday, a few days of comments up to now, and
    the example annual plan."""
    zone = ZoneInfo(app.config.organisation.timezone)
    today = now.astimezone(zone).date()
    with app.sessions.begin() as s:
        sync_accounts(s, app.config)
        s.add_all(
            metric_rows(app.config, today - timedelta(days=history_days), today - timedelta(days=1))
        )
        comments = comments_between(app.config, now - timedelta(days=comment_days), now)
        ids = insert_comments(s, comments, now)
        # history: most older comments were handled by the team; the rest are classified as
        # the pipeline would have done when they arrived (so /vakt queue shows them)
        settings = classifier_settings(app)
        rng = random.Random(11)
        for c in s.scalars(select(Comment).where(Comment.id.in_(ids))):
            c.labels = ",".join(sorted(classify(c.text or "", settings).labels))
            c.received_at = c.created_at
            age = (now - c.created_at).total_seconds()
            if age > 20 * 3600 and rng.random() < 0.8:
                c.state = "answered"
                c.state_by = "kari"
                c.state_at = c.created_at + timedelta(hours=rng.uniform(0.5, 20))
                c.answered_at = c.state_at
                c.labels = ""
    return Seeded(comments=len(ids), plan_items=seed_plan(app, now))


def seed_if_empty(app: App, now: datetime) -> Seeded | None:
    """Sample data for a new database (None: it has data already)."""
    with app.sessions() as s:
        has_data = (s.scalar(select(func.count()).select_from(MetricSnapshot)) or 0) > 0
        has_posts = (s.scalar(select(func.count()).select_from(Post)) or 0) > 0
    if has_data or has_posts:
        with app.sessions.begin() as s:
            sync_accounts(s, app.config)
        return None
    return seed(app, now)
