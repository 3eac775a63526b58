"""The simulated team of `vaktbot demo`: people press the buttons on what they were sent.

Deterministic, from the comment id and the person: most alerted comments are handled 2 to 12
minutes after the alert reached the person - one in five claimed first and finished later - and
marked answered (a question) or not relevant (the rest); about one in ten is left alone by
whoever got it, so escalations, deadline reminders
and breaches show too. The comments of a "while you were away" summary are taken in turn by the
members on duty. Every press goes through ``handlers.dispatch.dispatch_action``, as a button press
in Slack or Teams does, so the "claimed by" edits of every copy go out through the outbox.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.app import App
from bot.duty.store import duty_at_for
from bot.moderation.rules import parse_labels
from bot.requests import ActionRequest
from bot.store.models import AlertDelivery, Comment, Outbox
from handlers.dispatch import dispatch_action

LEFT_ALONE = 10  # one alert in ten is not handled by the person who got it
PERSONAL = ("alert.comment", "alert.group", "alert.escalation")


@dataclass(frozen=True, order=True)
class Press:
    at: datetime
    comment: int
    action: str
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

    def saw(self, rows: Sequence[Outbox]) -> None:
        """What the people read: the messages just delivered."""
        with self.app.sessions() as s:
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
            heapq.heappush(self._presses, Press(first, cid, "moderation.claim", person))
            first += timedelta(minutes=4 + (h >> 12) % 30)
        heapq.heappush(self._presses, Press(first, cid, "", person))

    def press_due(self, now: datetime) -> int:
        """Press every button whose time has come; returns how many were pressed."""
        n = 0
        while self._presses and self._presses[0].at <= now:
            p = heapq.heappop(self._presses)
            action = p.action or self._final(p.comment)
            dispatch_action(
                self.app,
                ActionRequest(
                    platform="console",
                    person=p.person,
                    action=action,
                    value=str(p.comment),
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
