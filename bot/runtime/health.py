"""The admin's view of a service in trouble: messages the platform refused, messages whose useful
life ended before they got through (dead letters), messages stuck in the outbox, and webhook
requests being refused. The scheduler's ``health.watch`` job reads this every few minutes and
tells the admins once, in chat, in one grouped notice (what, how many, what to check), with an
idempotency key per problem so replicas and repeated checks never say it twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from bot.i18n import fmt_datetime, fmt_number, t
from bot.messages.model import Block, Facts, Header, ListBlock, Message, Section
from bot.store.models import Outbox

NOTICE_KIND = "health.notice"
KIND_GROUPS = ("digest", "alert", "plan", "duty")  # how dead messages are counted in a notice
STUCK_AFTER = timedelta(minutes=15)
WEBHOOK_REASONS = (
    "unconfigured",
    "bad_signature",
    "unsigned",
    "storage_unavailable",
    "malformed_json",
    "invalid",
    "too_large",
)


@dataclass
class Undelivered:
    id: int
    kind: str
    target: str
    status: str
    reason: str


@dataclass
class HealthReport:
    undelivered: list[Undelivered] = field(default_factory=list)
    stuck: int = 0
    stuck_since: datetime | None = None
    webhooks: Counter[str] = field(default_factory=Counter)

    def __bool__(self) -> bool:
        return bool(self.undelivered or self.stuck or self.webhooks)


def undelivered_after(session: Session, after_id: int, limit: int = 50) -> list[Undelivered]:
    """Rows that failed for good (failed: refused by the platform; dead: their useful life ended
    undelivered), newer than the last ones reported. Health notices themselves are left out (no
    notice loops)."""
    rows = session.execute(
        select(Outbox.id, Outbox.kind, Outbox.target, Outbox.status, Outbox.last_error)
        .where(Outbox.id > after_id, Outbox.status.in_(("failed", "dead")))
        .where(Outbox.kind != NOTICE_KIND)
        .order_by(Outbox.id)
        .limit(limit)
    ).all()
    return [Undelivered(i, k, tg, st, (err or "")[:120]) for i, k, tg, st, err in rows]


def stuck_condition(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        Outbox.status == "pending",
        Outbox.attempts > 0,
        Outbox.due_at < now - STUCK_AFTER,
        Outbox.kind != NOTICE_KIND,
    )


def stuck_messages(session: Session, now: datetime) -> tuple[int, datetime | None]:
    """Messages due for longer than STUCK_AFTER, tried at least once and still not delivered.
    A message never tried is not stuck: after a restart the outbox holds everything that fell
    due while the service was down, and the sender is about to send it; a conversation's queue
    behind a rate limit waits for its turn (its head, being retried, is what counts)."""
    n, oldest = session.execute(
        select(func.count(), func.min(Outbox.due_at)).where(*stuck_condition(now))
    ).one()
    return int(n or 0), oldest


def kind_group(kind: str) -> str:
    """digest.daily -> digest; what a dead message is counted as in the notice."""
    group = kind.split(".", 1)[0]
    return group if group in KIND_GROUPS else "other"


def health_message(locale: str, tz: str, report: HealthReport) -> Message:
    """One grouped notice: each problem with its count and what to check."""
    blocks: list[Block] = [Header(t(locale, "health.header"))]
    lines: list[str] = []
    refused = [u for u in report.undelivered if u.status != "dead"]
    dead = [u for u in report.undelivered if u.status == "dead"]
    if refused:
        by_reason = Counter(u.reason.split(":")[0] or u.status for u in refused)
        blocks.append(Section(t(locale, "health.undelivered")))
        blocks.append(
            Facts(tuple((reason, fmt_number(locale, n)) for reason, n in by_reason.most_common(5)))
        )
    if dead:
        by_kind = Counter(kind_group(u.kind) for u in dead)
        blocks.append(Section(t(locale, "health.dead", n=fmt_number(locale, len(dead)))))
        blocks.append(
            Facts(
                tuple(
                    (t(locale, f"health.kind.{group}"), fmt_number(locale, n))
                    for group, n in by_kind.most_common()
                )
            )
        )
        blocks.append(Section(t(locale, "health.dead.resend")))
    if report.undelivered:
        lines.append(t(locale, "health.undelivered.short", n=len(report.undelivered)))
    if report.stuck:
        since = fmt_datetime(locale, (report.stuck_since or datetime.min).astimezone(ZoneInfo(tz)))
        blocks.append(Section(t(locale, "health.stuck", n=report.stuck, since=since)))
        lines.append(t(locale, "health.stuck.short", n=report.stuck))
    if report.webhooks:
        items = tuple(
            t(locale, "health.webhook.line", source=key.split(":")[0], n=n)
            + " — "
            + t(locale, f"health.webhook.{key.split(':')[1]}")
            for key, n in report.webhooks.most_common()
        )
        blocks.append(ListBlock(items, title=t(locale, "health.webhooks")))
        lines.append(t(locale, "health.webhooks.short", n=sum(report.webhooks.values())))
    blocks.append(Section(t(locale, "health.where")))
    return Message(
        text=t(locale, "health.text", what="; ".join(lines)),
        blocks=tuple(blocks),
        locale=locale,
        tz=tz,
    )
