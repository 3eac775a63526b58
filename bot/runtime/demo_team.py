"""The simulated team of `vaktbot demo`: people press the buttons on what they were sent.

Deterministic, from the comment id and the person: most alerted comments are handled 2 to 12
minutes after the alert reached the person - one in five claimed first and finished later - and
marked answered (a question) or not relevant (the rest); about one in ten is left alone by
whoever got it, so escalations, deadline reminders
and breaches show too. The comments of a "while you were away" summary are taken in turn by the
members on duty. Owners of annual-plan deadlines press Done a few hours after the last reminder
before the deadline (or the first overdue notice), and snooze one 7-day reminder in five by a day.
Every press goes through ``handlers.dispatch.dispatch_action``, as a button press in Slack or
Teams does, so the edits of every copy ("claimed by", "done") go out through the outbox.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app import App
from bot.delivery.attempt import Delivered
from bot.duty.store import duty_at_for
from bot.messages.model import Actions, Message
from bot.moderation.rules import parse_labels
from bot.requests import ActionRequest
from bot.store.models import AlertDelivery, Comment, Outbox
from handlers.dispatch import dispatch_action
from scheduler.plan import parse_action_value

LEFT_ALONE = 10  # one alert in ten is not handled by the person who got it
PERSONAL = ("alert.comment", "alert.group", "alert.escalation", "alert.escalations")
PLAN = ("plan.reminder", "plan.overdue")


@dataclass(frozen=True, order=True)
class Press:
    at: datetime
    action: str  # "" for a comment: answered or not relevant, decided when pressed
    value: str
    person: str


def _hash(*parts: object) -> int:
    return int(hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:12], 16)


class SimulatedTeam:
    def __init__(self, app: App) -> None:
        self.app = app
        self._presses: list[Press] = []
        self._handled: set[int] = set()  # comments someone will handle
        self.pressed = 0

    def next_at(self) -> datetime | None:
        return self._presses[0].at if self._presses else None

    def saw(self, delivered: Sequence[Delivered]) -> None:
        """What the people read: the messages just delivered (edits of them aside)."""
        keys = [d.key for d in delivered]
        with self.app.sessions() as s:
            rows = s.scalars(select(Outbox).where(Outbox.key.in_(keys)).order_by(Outbox.id))
            for row in rows:
                if row.op != "post" or row.sent_at is None:
                    continue
                who = row.target.split(":", 1)[1]
                if row.kind in PERSONAL and row.target.startswith("user:"):
                    ids = s.scalars(
                        select(AlertDelivery.comment_id).where(AlertDelivery.outbox_key == row.key)
                    ).all()
                    for cid in ids:
                        self._plan(cid, who, row.sent_at)
                elif row.kind in PLAN and row.target.startswith("user:"):
                    self._plan_deadline(row, who)
                elif row.kind == "alert.away":
                    duty = duty_at_for(self.app, s, row.sent_at)
                    members = list(duty.members) if duty is not None else []
                    queued = s.scalars(
                        select(Comment.id)
                        .where(Comment.routed_at == row.created_at, Comment.state == "new")
                        .order_by(Comment.received_at, Comment.id)
                    ).all()
                    for n, cid in enumerate(queued):  # each member takes every k-th
                        if members:
                            at = row.sent_at + timedelta(minutes=2 * (n // len(members)))
                            self._plan(cid, members[n % len(members)], at)

    def _plan(self, cid: int, person: str, seen_at: datetime) -> None:
        h = _hash(cid, person)
        if cid in self._handled or h % LEFT_ALONE == 0:
            return
        self._handled.add(cid)
        first = seen_at + timedelta(minutes=2 + h % 11)
        if (h >> 8) % 5 == 0:  # claimed first, finished later
            heapq.heappush(self._presses, Press(first, "moderation.claim", str(cid), person))
            first += timedelta(minutes=4 + (h >> 12) % 30)
        heapq.heappush(self._presses, Press(first, "", str(cid), person))

    def _plan_deadline(self, row: Outbox, owner: str) -> None:
        """Done after the last reminder (or the first overdue notice); one 7-day reminder in
        five snoozed by a day."""
        assert row.sent_at is not None
        value = next(
            (
                b.value
                for block in Message.from_dict(row.payload).blocks
                if isinstance(block, Actions)
                for b in block.buttons
                if b.action == "plan.done"
            ),
            None,
        )
        parsed = parse_action_value(value or "")
        if value is None or parsed is None:
            return
        h = _hash(value, owner)
        days_left = (parsed[1] - row.sent_at.astimezone(ZoneInfo(self.app.tz)).date()).days
        # plan:reminder:<item>:<occurrence>:<lead days>:<target>
        parts = row.key.split(":")
        last = len(parts) > 4 and parts[4] == "1"
        if row.kind == "plan.overdue" or last or days_left <= 1:
            at = row.sent_at + timedelta(hours=1 + h % 5)
            heapq.heappush(self._presses, Press(at, "plan.done", value, owner))
        elif days_left == 7 and h % 5 == 0:
            at = row.sent_at + timedelta(minutes=30 + h % 90)
            heapq.heappush(self._presses, Press(at, "plan.snooze_1d", value, owner))

    def press_due(self, now: datetime) -> int:
        """Press every button whose time has come; returns how many were pressed."""
        n = 0
        while self._presses and self._presses[0].at <= now:
            p = heapq.heappop(self._presses)
            action = p.action or self._final(int(p.value))
            dispatch_action(
                self.app,
                ActionRequest(
                    platform="console",
                    person=p.person,
                    action=action,
                    value=p.value,
                    now=p.at,
                    locale=self.app.config.locale_of(p.person),
                    platform_user=p.person,
                ),
            )
            n += 1
        self.pressed += n
        return n

    def _final(self, cid: int) -> str:
        """A question is answered; anything else is marked not relevant."""
        with self.app.sessions() as s:
            labels = parse_labels(s.scalar(select(Comment.labels).where(Comment.id == cid)))
        return "moderation.answered" if "needs_answer" in labels else "moderation.not_relevant"
