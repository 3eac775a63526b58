"""Instagram records: Graph media and comments, and webhook comment changes, normalised.

Used by :mod:`bot.sources.meta.facebook` and :mod:`bot.sources.meta.webhook`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.sources.model import (
    NormComment,
    NormPost,
    Parsed,
    PostFields,
    norm_post,
    parse_time,
    payload_text,
)

IG_MEDIA = PostFields(created="timestamp", text="caption", permalink="permalink", kind="media_type")


def ig_post(account_id: str, data: dict[str, Any]) -> NormPost | None:
    return norm_post(account_id, data, IG_MEDIA)


def ig_comment(
    account_id: str, ig_user_id: str, media_id: str, data: dict[str, Any]
) -> NormComment | None:
    created = parse_time(data.get("timestamp"))
    if not data.get("id") or created is None:
        return None
    author = data.get("from") or {}
    author_id = author.get("id")
    name = author.get("username") or data.get("username")
    return NormComment(
        account_id=account_id,
        external_id=str(data["id"]),
        post_external_id=media_id,
        parent_external_id=str(data["parent_id"]) if data.get("parent_id") else None,
        text=data.get("text"),
        author_platform_id=str(author_id) if author_id else (f"ig-user:{name}" if name else None),
        author_name=name,
        created_at=created,
        permalink=None,
        is_hidden=bool(data.get("hidden", False)),
        from_page=bool(author_id) and str(author_id) == str(ig_user_id),
    )


def ig_change(out: Parsed, owner: str, v: dict[str, Any], when: Any, now: datetime) -> None:
    author = v.get("from") or {}
    media = v.get("media") or {}
    if not isinstance(author, dict) or not isinstance(media, dict):
        raise ValueError("not an object")
    cid = payload_text(v.get("id"), 200)
    if not cid:
        raise ValueError("no comment id")
    out.comments.append(
        NormComment(
            account_id=f"instagram:{owner}",
            external_id=cid,
            post_external_id=payload_text(media.get("id"), 200) or None,
            parent_external_id=payload_text(v.get("parent_id"), 200) or None,
            text=payload_text(v.get("text")),
            author_platform_id=payload_text(author.get("id"), 200) or None,
            author_name=payload_text(author.get("username"), 200),
            created_at=parse_time(when) or now,
            from_page=str(author.get("id")) == owner,
        )
    )
