"""Meta webhook payloads (Page ``feed`` comments, Instagram ``comments``) as normalised records
keyed by the platform's account id; :mod:`bot.sources.webhooks` resolves them to accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.sources.meta.instagram import ig_change
from bot.sources.model import CommentEvent, NormComment, Parsed, parse_time

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
    for entry in payload.get("entry") or []:
        if not isinstance(entry, dict) or not entry.get("id"):
            out.skipped["malformed"] += 1
            continue
        owner = str(entry["id"])
        for change in entry.get("changes") or []:
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


def _feed_change(out: Parsed, page: str, v: dict[str, Any], now: datetime) -> None:
    if v.get("item") != "comment":
        out.skipped["not_comment"] += 1
        return
    verb = _VERBS.get(str(v.get("verb")))
    if verb is None:
        out.skipped["unknown_verb"] += 1
        return
    cid, post_id = str(v["comment_id"]), v.get("post_id")
    author = v.get("from") or {}
    parent = v.get("parent_id")
    comment = NormComment(
        account_id=f"facebook:{page}",
        external_id=cid,
        post_external_id=str(post_id) if post_id else None,
        parent_external_id=str(parent) if parent and parent != post_id else None,
        text=v.get("message"),
        author_platform_id=str(author["id"]) if author.get("id") else None,
        author_name=author.get("name"),
        created_at=parse_time(v.get("created_time")) or now,
        permalink=(v.get("post") or {}).get("permalink_url"),
        is_hidden=verb == "hide",
        from_page=str(author.get("id")) == page,
    )
    if verb == "add":
        out.comments.append(comment)
    else:
        event = CommentEvent(comment.account_id, cid, verb, v.get("message"), comment)  # type: ignore[arg-type]
        out.events.append(event)
