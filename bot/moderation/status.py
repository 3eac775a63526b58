"""The one definition of a comment's status, as SQL conditions on the comments table, used by
the digests and reports (bot.digest.queries), `/vakt queue` and App Home (handlers.moderation):

* **needs a reply**: by someone else (not the account's own, not deleted), and either the
  classifier gave it a label (a question, personal data, hate, …) or somebody answered it.
  "Tack för tydlig information!" gets no label: it needs no reply and is never "unanswered";
* **open** (unanswered): needs a reply, not answered, hidden or dismissed (state new or claimed);
* **answered in time** / **response time**: among the comments that need a reply and are
  answered or still open (hidden and dismissed ones are out of it), answered by the response
  deadline (bot.metrics.response_deadline) / working time from arrival to answer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_

from bot.store.models import Comment

OPEN_STATES: tuple[str, ...] = ("new", "claimed")
cm = Comment.__table__.c


def by_others() -> Any:
    """Comments by others, not deleted."""
    return and_(cm.from_page.is_(False), cm.deleted.is_(False))


def needs_reply() -> Any:
    return and_(
        by_others(),
        or_(and_(cm.labels.is_not(None), cm.labels != ""), cm.answered_at.is_not(None)),
    )


def is_open() -> Any:
    """Needs a reply and has none yet (the digest's "unanswered", the queue's "open")."""
    return and_(
        needs_reply(),
        cm.state.in_(OPEN_STATES),
        cm.is_hidden.is_(False),
        cm.answered_at.is_(None),
    )


def counts_for_response() -> Any:
    """The comments whose response time counts: answered ones and open ones that need a reply."""
    return and_(needs_reply(), or_(cm.answered_at.is_not(None), is_open()))
