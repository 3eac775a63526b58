"""Meta webhook payloads (Page ``feed`` comments, Instagram ``comments``) as normalised records
keyed by the platform's account id; :mod:`bot.sources.webhooks` resolves them to accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.sources.meta.instagram import ig_change
from bot.sources.model import CommentEvent, NormComment, Parsed, parse_time, payload_text

_VERBS = {
    "add": "add",
    "edited": "edited",
    "edit": "edited",
    "remove": "remove",
    "delete": "remove",
    "hide": "hide",
    "unhide": "unhide",
}


def parse_meta(payload: dict[str, Any], now: datetime) -> Parsed:
    """Meta webhook JSON -> comments/events keyed by the *platform* account id."""
    out = Parsed()
    obj = payload.get("object")
    if obj not in ("page", "instagram"):
        out.skipped["unknown_object"] += 1
        return out
    platform = "facebook" if obj == "page" else "instagram"
    for entry in _items(payload.get("entry"), out):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str | int):
            out.skipped["malformed"] += 1
            continue
        owner = str(entry["id"])
        for change in _items(entry.get("changes"), out):
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                out.skipped["malformed"] += 1
                continue
            try:
                if platform == "facebook" and change.get("field") == "feed":
                    _feed_change(out, owner, value, now)
                elif platform == "instagram" and change.get("field") in (
                    "comments",
                    "live_comments",
                ):
                    ig_change(out, owner, value, entry.get("time"), now)
                else:
                    out.skipped["unsupported_field"] += 1
            except (KeyError, TypeError, ValueError):
                out.skipped["malformed"] += 1
    return out


def _items(value: Any, out: Parsed) -> list[Any]:
    """A list from the payload, or nothing (counted as malformed when it is something else)."""
    if isinstance(value, list):
        return value
    if value is not None:
        out.skipped["malformed"] += 1
    return []


def _dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError("not an object")
    return value


def _feed_change(out: Parsed, page: str, v: dict[str, Any], now: datetime) -> None:
    if v.get("item") != "comment":
        out.skipped["not_comment"] += 1
        return
    verb = _VERBS.get(str(v.get("verb")))
    if verb is None:
        out.skipped["unknown_verb"] += 1
        return
    cid, post_id = payload_text(v.get("comment_id"), 200), payload_text(v.get("post_id"), 200)
    if not cid:
        raise ValueError("no comment id")
    author = _dict(v.get("from"))
    parent = payload_text(v.get("parent_id"), 200)
    comment = NormComment(
        account_id=f"facebook:{page}",
        external_id=cid,
        post_external_id=post_id or None,
        parent_external_id=parent if parent and parent != post_id else None,
        text=payload_text(v.get("message")),
        author_platform_id=payload_text(author.get("id"), 200) or None,
        author_name=payload_text(author.get("name"), 200),
        created_at=parse_time(v.get("created_time")) or now,
        permalink=payload_text(_dict(v.get("post")).get("permalink_url"), 500),
        is_hidden=verb == "hide",
        from_page=str(author.get("id")) == page,
    )
    if verb == "add":
        out.comments.append(comment)
    else:
        event = CommentEvent(comment.account_id, cid, verb, payload_text(v.get("message")), comment)  # type: ignore[arg-type]
        out.events.append(event)
