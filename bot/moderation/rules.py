"""Moderation rules: who gets an alert, by when a comment must be answered, when to escalate,
and when a burst of alerts is grouped. Pure: no I/O, no clock reads.

Routing (:func:`route`) at the comment's arrival:

* ``open`` (inside opening hours): the available on-duty members, or one of them by round robin
  (``alert_mode="round_robin"``);
* ``on_call``: the on-call person, for priority labels only (personal data, hate, surge);
* ``closed``, or nobody available: ``queue`` - the comment waits for the "while you were away"
  summary at the next opening. Nobody off duty is ever messaged.

Comment states: ``new`` -> ``claimed`` -> ``answered`` | ``hidden`` | ``dismissed`` (a new
comment may also be answered, hidden or dismissed directly). :data:`TRANSITIONS` says from which
states each button may move a comment; the handlers apply it with one conditional UPDATE.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.duty.model import Duty
from bot.metrics import Schedule
from bot.metrics import response_deadline as _metrics_deadline
from bot.moderation.classify import LABELS, PRIORITY_LABELS, sort_labels
from bot.workdays import WeeklyHours, WorkCalendar

Level = Literal["alert", "on_call", "queue"]
AlertMode = Literal["all", "round_robin"]

OPEN_STATES: tuple[str, ...] = ("new", "claimed")
RESOLVED_STATES: tuple[str, ...] = ("answered", "hidden", "dismissed")
# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "claim": (("new",), "claimed"),
    "answered": (OPEN_STATES, "answered"),
    "hide": (OPEN_STATES, "hidden"),
    "dismiss": (OPEN_STATES, "dismissed"),
    "keep_hidden": (OPEN_STATES, "hidden"),  # a comment a rule hid, reviewed: stays hidden
    "show": (("hidden",), "claimed"),  # shown again from chat: back with whoever showed it
}
# Labels that make a comment worth a moderator's attention (every label does; a comment with
# no label at all - "takk!", emoji only - is never alerted).
ATTENTION_LABELS: frozenset[str] = frozenset(LABELS)
DEFAULT_ESCALATION = {"high": 15, "normal": 60}
BATCH_WINDOW = timedelta(minutes=1)
BREACH_HORIZON = timedelta(days=1)  # a breach is told within a day of the deadline, not later


@dataclass(frozen=True)
class RoutingDecision:
    recipients: tuple[str, ...]
    level: Level


def parse_labels(stored: str | None) -> tuple[str, ...]:
    """Labels from the comments.labels column ("hate,needs_answer"), most urgent first."""
    if not stored:
        return ()
    return sort_labels(x for x in stored.split(",") if x)


def format_labels(labels: Iterable[str]) -> str:
    """The comments.labels column value ("" = classified, nothing found)."""
    return ",".join(sort_labels(set(labels)))


def needs_attention(labels: Iterable[str]) -> bool:
    return any(label in ATTENTION_LABELS for label in labels)


def is_priority(labels: Iterable[str]) -> bool:
    """True when a label may page the on-call person (personal data, hate, surge)."""
    return any(label in PRIORITY_LABELS for label in labels)


def priority_class(labels: Iterable[str]) -> Literal["high", "normal"]:
    return "high" if is_priority(labels) else "normal"


def route(
    duty: Duty | None,
    labels: Iterable[str],
    alert_mode: str = "all",
    round_robin_index: int = 0,
    *,
    review: bool = False,
) -> RoutingDecision:
    """Who gets the alert for a comment with ``labels`` when ``duty`` is who is on duty at its
    arrival. Never names anyone outside ``duty.members`` (open) or ``duty.on_call_person``.
    ``review``: a rule hid the comment on arrival, so a moderator must look at it even when it
    has no label."""
    labels = tuple(labels)
    if duty is None or not (review or needs_attention(labels)):
        return RoutingDecision((), "queue")
    if duty.mode == "open":
        members = tuple(duty.members)
        if not members:
            return RoutingDecision((), "queue")
        if alert_mode == "round_robin":
            return RoutingDecision((members[round_robin_index % len(members)],), "alert")
        return RoutingDecision(members, "alert")
    if duty.mode == "on_call" and duty.on_call_person and is_priority(labels):
        return RoutingDecision((duty.on_call_person,), "on_call")
    return RoutingDecision((), "queue")


def may_message(duty: Duty | None, person: str, labels: Iterable[str] = ()) -> bool:
    """May ``person`` get a DM about a comment with ``labels`` under ``duty`` right now?"""
    if duty is None:
        return False
    if duty.mode == "open":
        return person in duty.members
    return duty.mode == "on_call" and person == duty.on_call_person and is_priority(labels)


# --- deadlines -----------------------------------------------------------------------------


def response_deadline(
    created_at: datetime,
    target: str,
    cal: WorkCalendar,
    hours: WeeklyHours | Schedule | None = None,
) -> datetime:
    """When a comment must be answered, in the calendar's zone.

    ``"24h"``: 24 hours of clock time with the clock stopped on weekends, public holidays and
    closure days (Friday 15:00 -> Monday 15:00); when that instant lies outside opening hours,
    the deadline is the close of the last opening before it (Tuesday 00:00 -> Monday 17:00;
    Monday 06:21 after a weekend -> Friday 17:00 if the comment came before it, else Monday
    17:00), so it is never later than 24 h and always inside working hours.
    ``"next_working_day"``: the end of the opening hours of the first working day after the
    arrival day. The same rule as the digest's "answered within target" (bot.metrics), so
    alerts and reports agree.
    """
    if created_at.tzinfo is None:
        raise ValueError("created_at must be timezone-aware")
    schedule = hours if isinstance(hours, Schedule) else Schedule(hours) if hours else None
    return _metrics_deadline(cal, created_at, target, schedule)


def reminder_due(deadline: datetime, now: datetime, before: timedelta) -> bool:
    """True in the ``before`` window leading up to the deadline."""
    return deadline - before <= now < deadline


def breached(deadline: datetime, now: datetime, horizon: timedelta = BREACH_HORIZON) -> bool:
    """True once the deadline has passed (within ``horizon``, so an old backlog after downtime
    does not flood the channel)."""
    return deadline <= now < deadline + horizon


# --- the order of the queue ------------------------------------------------------------------

URGENT_FIRST: frozenset[str] = frozenset({"personal_data", "hate"})


def queue_order(labels: Iterable[str], deadline: datetime) -> tuple[int, datetime]:
    """Sort key of `/vakt queue`, App Home and the grouped lists: personal data and hate first,
    then by response deadline (the soonest first)."""
    return (0 if URGENT_FIRST & set(labels) else 1, deadline)


# --- escalation ----------------------------------------------------------------------------


def escalate_after(labels: Iterable[str], minutes: Mapping[str, int] | None = None) -> timedelta:
    """Minutes without a Claim before the lead hears of it. ``minutes`` has "high" (priority
    labels) and "normal" keys and may name single labels ("personal_data": 5); the
    shortest applicable wins."""
    m = {**DEFAULT_ESCALATION, **(minutes or {})}
    labels = tuple(labels)
    candidates = [m[label] for label in labels if label in m]
    candidates.append(m[priority_class(labels)])
    return timedelta(minutes=max(0, min(candidates)))


def escalation_due(
    routed_at: datetime | None,
    labels: Iterable[str],
    now: datetime,
    minutes: Mapping[str, int] | None = None,
) -> bool:
    """An alerted, still unclaimed comment whose escalation time has come."""
    if routed_at is None or not needs_attention(tuple(labels)):
        return False
    return now - routed_at >= escalate_after(labels, minutes)


# --- batching ------------------------------------------------------------------------------


def batch_split(recent: int, new: int, threshold: int) -> tuple[int, int]:
    """(sent one by one, grouped) for ``new`` alerts to one person who already got ``recent``
    within the last minute: more than ``threshold`` within a minute are grouped."""
    if new <= 0:
        return 0, 0
    single = max(0, min(new, threshold - recent))
    return single, new - single
