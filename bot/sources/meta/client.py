"""Meta Graph API client (httpx, async): Facebook Pages and Instagram professional accounts
(through Facebook Login on graph.facebook.com, or Instagram Login on graph.instagram.com).

* Base URL and version from the environment (``VAKTBOT_GRAPH_API_URL``, default
  https://graph.facebook.com; ``VAKTBOT_GRAPH_API_VERSION``, default
  :data:`bot.sources.meta.versions.DEFAULT_VERSION`) so tests run against a local fake server.
* Cursor pagination until ``paging.next`` is absent.
* Paced by a :class:`~bot.sources.meta.budget.UsageBudget`: each answer's usage headers
  (``X-Business-Use-Case-Usage``, ``X-App-Usage``) set how long to wait before the next call,
  in proportion to how close the allowance is; rate-limit errors wait for the time Meta names;
  5xx and timeouts are retried with exponential backoff. All waiting goes through the injected
  ``sleep``, in the task that owns the client (a poller), never in the scheduler's tick.
* Typed errors: :class:`TokenExpired` (190), :class:`PermissionMissing` (10, 200-299),
  :class:`DeprecatedMetric` (100 "invalid metric"), :class:`RateLimited`, :class:`GraphUnavailable`.

Tokens are sent in the Authorization header and never logged. Close the client (``aclose`` or
``async with``) when done: it owns its HTTP connection pool.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from datetime import date, datetime
from typing import Any

import httpx

from bot.sources.meta.budget import UsageBudget
from bot.sources.meta.errors import (
    DeprecatedMetric,
    GraphUnavailable,
    RateLimited,
    classify_error,
)
from bot.sources.meta.versions import DEFAULT_VERSION

log = logging.getLogger("vaktbot.sources.meta")

DEFAULT_BASE_URL = "https://graph.facebook.com"
COMMENT_FIELDS = "id,message,from,created_time,parent{id},is_hidden,can_hide,permalink_url"
IG_COMMENT_FIELDS = "id,text,timestamp,username,like_count,from,hidden,parent_id"
IG_MEDIA_FIELDS = (
    "id,caption,timestamp,permalink,media_type,media_product_type,comments_count,like_count"
)
PAGE_METRICS = (
    "page_follows",
    "page_daily_follows_unique",
    "page_total_media_view_unique",
    "page_media_view",
    "page_post_engagements",
)
POST_METRICS = (
    "post_total_media_view_unique",
    "post_media_view",
    "post_reactions_by_type_total",
    "post_clicks",
)
IG_DAY_METRICS = ("follower_count", "reach")
IG_TOTAL_METRICS = ("views", "likes", "comments", "shares", "saves", "replies")
IG_MEDIA_METRICS = ("views", "reach", "likes", "comments", "shares", "saved")


Sleep = Callable[[float], Awaitable[None]]


class MetaClient:
    def __init__(
        self,
        token: str,
        *,
        base_url: str | None = None,
        version: str = DEFAULT_VERSION,
        http: httpx.AsyncClient | None = None,
        sleep: Sleep = asyncio.sleep,
        max_retries: int = 4,
        budget: UsageBudget | None = None,
        backoff: float = 1.0,
        timeout: float = 30.0,
    ):
        base = base_url or os.environ.get("VAKTBOT_GRAPH_API_URL") or DEFAULT_BASE_URL
        self.base_url = base.rstrip("/")
        self.version = version
        self._token = token
        self._own_http = http is None
        self.http = http or httpx.AsyncClient(timeout=timeout)
        self.sleep = sleep
        self.max_retries = max_retries
        self.budget = budget or UsageBudget()
        self.backoff = backoff
        self.calls = 0
        self.asked: set[str] = set()  # insight metrics asked (a poll clears it before it asks)
        self._told = 0.0  # the usage last logged at INFO (every 10 points up)

    async def aclose(self) -> None:
        if self._own_http:
            await self.http.aclose()

    @property
    def closed(self) -> bool:
        return self.http.is_closed

    async def __aenter__(self) -> MetaClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def url(self, path: str) -> str:
        if path.startswith("http://") or path.startswith("https://"):
            return path
        return f"{self.base_url}/{self.version}/{path.lstrip('/')}"

    async def _pace(self) -> None:
        wait = self.budget.pause()
        if wait <= 0:
            return
        usage = self.budget.usage
        if usage >= self._told + 10 or usage < self._told - 10:
            log.info("graph usage high, slowing down", extra={"percent": usage, "wait": wait})
            self._told = usage
        await self.sleep(wait)

    async def request(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        *,
        metrics: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """One Graph call, paced by the budget, with rate-limit waits and retries on 5xx and
        timeouts."""
        headers = {"Authorization": f"Bearer {self._token}"}
        waited = False  # after waiting out a rate limit, the next attempt goes at once
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            if not waited:
                await self._pace()
            waited = False
            self.calls += 1
            try:
                resp = await self.http.request(
                    method, self.url(path), params=params, headers=headers
                )
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                log.warning(
                    "graph transport error", extra={"error": type(exc).__name__, "attempt": attempt}
                )
                if last:
                    raise GraphUnavailable(
                        f"no answer from the Graph API ({type(exc).__name__})"
                    ) from None
                await self.sleep(self.backoff * 2**attempt)
                continue
            self.budget.update(resp.headers)
            try:
                body = resp.json()
            except ValueError:
                body = None
            error = body.get("error") if isinstance(body, dict) else None
            if resp.status_code < 400 and not error and isinstance(body, dict):
                return body
            err = classify_error(
                error if isinstance(error, dict) else {}, resp.status_code, metrics
            )
            if isinstance(err, RateLimited | GraphUnavailable) and not last:
                wait = (
                    self.budget.rate_limited(attempt)
                    if isinstance(err, RateLimited)
                    else self.backoff * 2**attempt
                )
                log.warning(
                    "graph call will be retried",
                    extra={
                        "kind": err.kind,
                        "code": err.code,
                        "status": resp.status_code,
                        "wait": wait,
                    },
                )
                waited = isinstance(err, RateLimited)
                await self.sleep(wait)
                continue
            level = logging.INFO if isinstance(err, DeprecatedMetric) else logging.WARNING
            log.log(  # a refused metric is expected: insights() asks the others without it
                level,
                "graph error",
                extra={"kind": err.kind, "code": err.code, "status": err.status},
            )
            raise err
        raise GraphUnavailable("retries exhausted")  # pragma: no cover - loop always returns/raises

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        return await self.request("GET", path, params)

    async def paginate(self, path: str, params: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        """Every item of a list edge, following ``paging.next`` until it is absent."""
        body = await self.request("GET", path, params)
        while True:
            for item in body.get("data") or []:
                yield item
            nxt = (body.get("paging") or {}).get("next")
            if not nxt:
                return
            if not str(nxt).startswith(f"{self.base_url}/"):  # the token goes to Meta only
                raise GraphUnavailable("paging.next points away from the Graph API; not followed")
            body = await self.request("GET", str(nxt))

    async def _all(
        self, path: str, params: dict[str, Any], since: datetime | None = None
    ) -> list[dict[str, Any]]:
        """Every item of a list edge (created from ``since`` on, when given)."""
        if since is not None:
            params = {**params, "since": int(since.timestamp())}
        return [item async for item in self.paginate(path, params)]

    # --- Facebook ---------------------------------------------------------------------------
    async def page_posts(self, page_id: str, since: datetime | None = None) -> list[dict[str, Any]]:
        params = {"fields": "id,message,created_time,permalink_url,status_type", "limit": 100}
        return await self._all(f"{page_id}/posts", params, since)

    async def post_comments(
        self, post_id: str, since: datetime | None = None
    ) -> list[dict[str, Any]]:
        params = {
            "fields": COMMENT_FIELDS,
            "filter": "stream",
            "order": "chronological",
            "limit": 100,
        }
        return await self._all(f"{post_id}/comments", params, since)

    async def insights(
        self,
        object_id: str,
        metrics: tuple[str, ...],
        skip: Collection[str] = (),
        **params: Any,
    ) -> tuple[list[dict[str, Any]], list[str]]:
        """Insight series for ``metrics`` (those in ``skip`` are not asked: refused before).
        When the API calls a metric invalid (retired, or not available for this object), the
        metrics are asked one by one so the others still arrive; returns (data, refused)."""
        metrics = tuple(m for m in metrics if m not in skip)
        if not metrics:
            return [], []
        self.asked.update(metrics)
        try:
            body = await self.request(
                "GET",
                f"{object_id}/insights",
                {"metric": ",".join(metrics), **params},
                metrics=metrics,
            )
            return list(body.get("data") or []), []
        except DeprecatedMetric:
            if len(metrics) == 1:
                return [], list(metrics)
        data: list[dict[str, Any]] = []
        refused: list[str] = []
        for m in metrics:
            part, bad = await self.insights(object_id, (m,), **params)
            data.extend(part)
            refused.extend(bad)
        return data, refused

    async def page_insights(
        self, page_id: str, since: date, until: date, skip: Collection[str] = ()
    ) -> tuple[list[dict[str, Any]], list[str]]:
        return await self.insights(
            page_id,
            PAGE_METRICS,
            skip,
            period="day",
            since=since.isoformat(),
            until=until.isoformat(),
        )

    async def post_insights(
        self, post_id: str, skip: Collection[str] = ()
    ) -> tuple[list[dict[str, Any]], list[str]]:
        return await self.insights(post_id, POST_METRICS, skip, period="lifetime")

    # --- Instagram (the same paths with Facebook Login and with Instagram Login) --------------
    async def ig_media(
        self, ig_user_id: str, since: datetime | None = None
    ) -> list[dict[str, Any]]:
        params = {"fields": IG_MEDIA_FIELDS, "limit": 100}
        return await self._all(f"{ig_user_id}/media", params, since)

    async def ig_comments(self, media_id: str) -> list[dict[str, Any]]:
        """Top-level comments and their replies, flattened (replies carry ``parent_id``)."""
        params = {"fields": f"{IG_COMMENT_FIELDS},replies{{{IG_COMMENT_FIELDS}}}", "limit": 100}
        out: list[dict[str, Any]] = []
        async for c in self.paginate(f"{media_id}/comments", params):
            replies = c.pop("replies", None) or {}
            out.append(c)
            for r in replies.get("data") or []:
                out.append({**r, "parent_id": r.get("parent_id") or c.get("id")})
            if (replies.get("paging") or {}).get("next"):
                async for r in self.paginate(f"{c['id']}/replies", {"fields": IG_COMMENT_FIELDS}):
                    if not any(x.get("id") == r.get("id") for x in out):
                        out.append({**r, "parent_id": r.get("parent_id") or c.get("id")})
        return out

    async def ig_account(self, ig_user_id: str) -> dict[str, Any]:
        return await self.get(ig_user_id, fields="id,username,followers_count,media_count")

    async def ig_insights(
        self, ig_user_id: str, since: date, until: date, skip: Collection[str] = ()
    ) -> tuple[list[dict[str, Any]], list[str]]:
        """Daily series (follower_count: new followers, reach) and totals (views, likes, ...)."""
        span = {"period": "day", "since": since.isoformat(), "until": until.isoformat()}
        daily, bad1 = await self.insights(ig_user_id, IG_DAY_METRICS, skip, **span)
        totals, bad2 = await self.insights(
            ig_user_id, IG_TOTAL_METRICS, skip, metric_type="total_value", **span
        )
        return daily + totals, bad1 + bad2

    async def ig_media_insights(
        self, media_id: str, skip: Collection[str] = ()
    ) -> tuple[list[dict[str, Any]], list[str]]:
        return await self.insights(media_id, IG_MEDIA_METRICS, skip)

    # --- moderation -------------------------------------------------------------------------
    async def hide_comment(
        self, comment_id: str, hidden: bool, *, platform: str = "facebook"
    ) -> bool:
        """Hide or unhide a comment on the platform (FB ``is_hidden``, IG ``hide``)."""
        flag = "true" if hidden else "false"
        params = {"hide": flag} if platform == "instagram" else {"is_hidden": flag}
        body = await self.request("POST", comment_id, params)
        return bool(body.get("success", True))

    async def reply_comment(self, comment_id: str, text: str, *, platform: str = "facebook") -> str:
        """Reply to a comment (FB ``POST /{comment-id}/comments`` message=…, IG ``POST
        /{ig-comment-id}/replies`` message=…); the reply's id."""
        edge = "replies" if platform == "instagram" else "comments"
        body = await self.request("POST", f"{comment_id}/{edge}", {"message": text})
        return str(body.get("id") or "")

    async def find_reply(
        self, comment_id: str, text: str, *, platform: str = "facebook"
    ) -> str | None:
        """The id of a reply to the comment with exactly this text, if one is there (to look
        before replying again after a call whose outcome is unknown)."""
        if platform == "instagram":
            items = self.paginate(f"{comment_id}/replies", {"fields": "id,text"})
            key = "text"
        else:
            items = self.paginate(f"{comment_id}/comments", {"fields": "id,message", "limit": 100})
            key = "message"
        async for item in items:
            if str(item.get(key) or "").strip() == text.strip():
                return str(item.get("id") or "") or None
        return None
