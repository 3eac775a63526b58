"""How long a message is worth trying: its useful life, not a number of tries.

A message that cannot be delivered is retried (backing off, honouring Retry-After) until its
useful life ends; then it is ``dead`` and the admins hear of it (bot.runtime.health). Producers
that know the life pass ``expires_at`` to ``enqueue``: an alert lives until its comment's response
deadline (and is dropped as soon as the comment is handled: ``bot.delivery.outbox.retire``), a
digest until the next one is due. Everything else gets the default of its kind below.
"""

from __future__ import annotations

from datetime import datetime, timedelta

EXPIRED = "expired"  # the reason a dead row carries, with its last error
DEFAULT_LIFE = timedelta(hours=24)
MIN_LIFE = timedelta(minutes=15)  # never shorter: a burst of 429s must not kill a message
# an edit ("claimed by Kari") matters as long as people look at the message it edits; one whose
# message never goes out is dropped by the sender anyway
EDIT_LIFE = timedelta(days=7)
LIFE_BY_KIND: dict[str, timedelta] = {
    "digest.daily": timedelta(hours=24),  # the scheduler passes the next digest's time
    "digest.weekly": timedelta(days=7),
    "digest.report": timedelta(days=7),
    "duty.meeting": timedelta(hours=2),  # a reminder of this morning's meeting
    "duty.handoff": timedelta(hours=12),
    "duty.swap_request": timedelta(days=7),
    "duty.swap_answer": timedelta(days=7),
}


def useful_until(kind: str, due_at: datetime, expires_at: datetime | None = None) -> datetime:
    """When a message of ``kind`` due at ``due_at`` stops being worth sending."""
    if expires_at is None:
        life = EDIT_LIFE if kind.endswith(".update") else LIFE_BY_KIND.get(kind, DEFAULT_LIFE)
        expires_at = due_at + life
    return max(expires_at, due_at + MIN_LIFE)


def expired_reason(last_error: str | None) -> str:
    """The reason a dead row carries (shown by `vaktbot outbox list` and the admins' notice)."""
    return EXPIRED if not last_error else f"{EXPIRED}; last error: {last_error}"[:500]
