"""A fake Meta Graph API: a real aiohttp server on 127.0.0.1 (port 0) serving responses in the
recorded shapes of the Graph API (v26.0) and of the Instagram API with Instagram Login
(graph.instagram.com: the same paths and shapes), recording every request.

Serves (under /{version}/):
  GET  {page}/posts, {post}/comments (filter=stream, since), {page}/insights,
       {post}/insights (period=lifetime), {ig-user}/media (``timestamp``, ``caption``,
       ``like_count``, ``comments_count``, since), {media}/comments (``text``, ``timestamp``,
       ``username``, ``like_count``, ``from``, ``hidden``, with ``replies{...}``),
       {comment}/replies, {ig-user}/insights (period=day series, metric_type=total_value),
       {media}/insights (lifetime values), {ig-user} (node fields)
  POST {comment}?is_hidden=true|false (Facebook), {comment}?hide=true|false (Instagram),
       {comment}/comments?message=… (Facebook reply), {ig-comment}/replies?message=…
       (Instagram reply); a comment in ``deleted`` answers error 100, subcode 33; ``stall``
       answers the next write late and ``cut`` not at all, after doing it (a call whose outcome
       the client does not learn in time, or never)

Lists are paginated ``page_size`` items at a time with ``paging.cursors`` and an absolute
``paging.next`` URL, absent on the last page. Retired metric names answer with error 100
"(#100) The value must be a valid insights metric". Faults can be queued per path (error
payloads, 5xx, usage headers); ``usage`` adds X-Business-Use-Case-Usage and ``app_usage``
X-App-Usage to every answer; ``latency`` delays every answer; ``on_request`` is called with each
request before it is answered (tests look at the database from there).
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from tests.support import loopback

DEPRECATED = frozenset(
    {"page_impressions_unique", "page_fans", "page_engaged_users", "impressions"}
)
ERRORS: dict[int, tuple[int, str, str]] = {
    190: (400, "OAuthException", "Error validating access token: Session has expired"),
    200: (403, "OAuthException", "(#200) Requires pages_read_engagement permission"),
    10: (403, "OAuthException", "(#10) Application does not have permission for this action"),
    4: (403, "OAuthException", "(#4) Application request limit reached"),
    17: (403, "OAuthException", "(#17) User request limit reached"),
    32: (403, "OAuthException", "(#32) Page request limit reached"),
    80001: (403, "OAuthException", "(#80001) There have been too many calls to this Page"),
    2: (500, "OAuthException", "An unexpected error has occurred. Please retry your request"),
}


_GONE = (
    "Unsupported post request. Object with ID '{id}' does not exist, cannot be loaded due to "
    "missing permissions, or does not support this operation."
)


def error_body(code: int, message: str | None = None) -> tuple[int, dict[str, Any]]:
    status, kind, default = ERRORS.get(code, (400, "OAuthException", f"(#{code}) error"))
    return status, {
        "error": {
            "message": message or default,
            "type": kind,
            "code": code,
            "fbtrace_id": "AbCdEf123",
        }
    }


@dataclass
class Fault:
    path_contains: str
    status: int = 500
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1
    delay: float = 0.0  # seconds to wait before answering (client timeouts)


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    authorization: str | None


@dataclass
class FakeGraph:
    token: str = "test-page-token"
    version: str = "v26.0"
    page_size: int = 2
    posts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # page -> posts
    comments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # post/media -> items
    media: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # ig user -> media
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> node fields
    # object id -> metric -> {day: value} (day None = lifetime value)
    insights: dict[str, dict[str, dict[date | None, Any]]] = field(default_factory=dict)
    deprecated: frozenset[str] = DEPRECATED
    faults: list[Fault] = field(default_factory=list)
    usage: dict[str, Any] | None = None  # X-Business-Use-Case-Usage payload for every answer
    app_usage: dict[str, Any] | None = None  # X-App-Usage payload for every answer
    latency: float = 0.0  # seconds before every answer
    on_request: Callable[[Seen], Any] | None = None  # called (and awaited) before answering
    hidden: dict[str, bool] = field(default_factory=dict)
    # (comment id, edge, message) of every reply posted; replies are also listed under the
    # comment's edges (GET {comment}/comments, {comment}/replies)
    replies: list[tuple[str, str, str]] = field(default_factory=list)
    reply_ids: int = 0
    deleted: set[str] = field(default_factory=set)  # comments deleted on the platform
    stall: float = 0.0  # the next write is done, then answered this many seconds late
    cut: bool = False  # the next write is done, then the connection is closed unanswered
    requests: list[Seen] = field(default_factory=list)
    url: str = ""
    _runner: web.AppRunner | None = None

    async def start(self) -> FakeGraph:
        app = web.Application()
        app.router.add_route("*", "/{version}/{tail:.*}", self._handle)
        self._runner, port = await loopback.serve(app)
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    def fail(
        self,
        path_contains: str,
        code: int | None = None,
        *,
        status: int = 500,
        times: int = 1,
        message: str | None = None,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        body = None
        if code is not None:
            status, body = error_body(code, message)
        self.faults.append(Fault(path_contains, status, body, headers or {}, times, delay))

    def calls(self, contains: str = "") -> list[Seen]:
        return [r for r in self.requests if contains in r.path]

    # --- serving ------------------------------------------------------------------------------
    def _json(
        self, payload: Any, status: int = 200, headers: dict[str, str] | None = None
    ) -> web.Response:
        hdrs = dict(headers or {})
        if self.usage is not None:
            hdrs.setdefault("X-Business-Use-Case-Usage", json.dumps(self.usage))
        if self.app_usage is not None:
            hdrs.setdefault("X-App-Usage", json.dumps(self.app_usage))
        return web.json_response(payload, status=status, headers=hdrs)

    async def _handle(self, request: web.Request) -> web.Response:
        tail = request.match_info["tail"]
        query = dict(request.query)
        seen = Seen(request.method, tail, query, request.headers.get("Authorization"))
        self.requests.append(seen)
        if self.on_request is not None:
            outcome = self.on_request(seen)
            if inspect.isawaitable(outcome):
                await outcome
        if self.latency:
            await asyncio.sleep(self.latency)
        for fault in self.faults:
            if fault.times > 0 and fault.path_contains in tail:
                fault.times -= 1
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                return self._json(
                    fault.body or {"error": {"message": "Internal", "code": 1}},
                    fault.status,
                    fault.headers,
                )
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            status, body = error_body(190, "Invalid OAuth access token - Cannot parse access token")
            return self._json(body, status)
        parts = tail.strip("/").split("/")
        if request.method == "POST" and parts[0] in self.deleted:
            status, body = error_body(100, _GONE.format(id=parts[0]))
            body["error"]["error_subcode"] = 33
            return self._json(body, status)
        if request.method == "POST" and len(parts) == 1:
            flag = query.get("is_hidden", query.get("hide"))
            self.hidden[parts[0]] = flag == "true"
            return await self._answered(request, {"success": True})
        if request.method == "POST" and len(parts) == 2 and parts[1] in ("comments", "replies"):
            return await self._reply(request, parts[0], parts[1], query)
        if len(parts) == 1:
            node = self.nodes.get(parts[0])
            if node is None:
                return self._json(error_body(100, "Unsupported get request")[1], 400)
            return self._json(node)
        obj, edge = parts[0], parts[1]
        if edge == "insights":
            return self._insights(obj, query)
        if edge == "posts":
            items = self.posts.get(obj, [])
            items = self._since(items, query, "created_time")
        elif edge == "media":
            items = self._since(self.media.get(obj, []), query, "timestamp")
        elif edge == "comments":
            items = [
                c
                for c in self.comments.get(obj, [])
                if not c.get("parent_id") or "replies" not in query.get("fields", "")
            ]
            items = self._since(items, query, "created_time")
            if "replies" in query.get("fields", ""):
                items = [self._with_replies(c) for c in items]
        elif edge == "replies":
            items = [c for c in self._all_comments() if c.get("parent_id") == obj]
        else:
            return self._json(error_body(100, f"Unknown edge {edge}")[1], 400)
        return self._page(tail, query, items)

    async def _answered(self, request: web.Request, payload: dict[str, Any]) -> web.Response:
        """The answer to a write, after ``stall`` seconds once (the write is done: a client that
        gives up meanwhile does not know it was); with ``cut`` the connection is closed
        instead of answering, once (as when the caller's process dies mid-call)."""
        if self.cut:
            self.cut = False
            if request.transport is not None:
                request.transport.close()
            return self._json(payload)  # never reaches the caller
        if self.stall:
            delay, self.stall = self.stall, 0.0
            await asyncio.sleep(delay)
        return self._json(payload)

    async def _reply(
        self, request: web.Request, comment_id: str, edge: str, query: dict[str, str]
    ) -> web.Response:
        """A reply from the page: Facebook ``{comment}/comments`` (message), Instagram
        ``{ig-comment}/replies`` (message; the reply's field is ``text``)."""
        message = query.get("message", "")
        if not message:
            return self._json(error_body(100, "(#100) Missing message")[1], 400)
        self.reply_ids += 1
        rid = f"{comment_id}_r{self.reply_ids}"
        item: dict[str, Any] = {"id": rid, "parent_id": comment_id, "from": {"id": "page"}}
        item["text" if edge == "replies" else "message"] = message
        self.comments.setdefault(comment_id, []).append(item)
        self.replies.append((comment_id, edge, message))
        return await self._answered(request, {"id": rid})

    def _all_comments(self) -> list[dict[str, Any]]:
        return [c for items in self.comments.values() for c in items]

    def _with_replies(self, c: dict[str, Any]) -> dict[str, Any]:
        replies = [r for r in self._all_comments() if r.get("parent_id") == c["id"]]
        out = dict(c)
        if replies:
            out["replies"] = {"data": replies}
        return out

    @staticmethod
    def _since(
        items: list[dict[str, Any]], query: dict[str, str], key: str
    ) -> list[dict[str, Any]]:
        if "since" not in query:
            return items
        since = datetime.fromtimestamp(int(query["since"]), tz=UTC)
        out = []
        for item in items:
            stamp = item.get(key)
            when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z") if stamp else None
            if when is None or when >= since:
                out.append(item)
        return out

    def _page(self, tail: str, query: dict[str, str], items: list[dict[str, Any]]) -> web.Response:
        offset = int(query.pop("after", "0") or 0)
        chunk = items[offset : offset + self.page_size]
        body: dict[str, Any] = {"data": chunk}
        paging: dict[str, Any] = {
            "cursors": {"before": f"{offset}", "after": f"{offset + len(chunk)}"}
        }
        if offset + self.page_size < len(items):
            q = {**query, "after": str(offset + self.page_size)}
            paging["next"] = f"{self.url}/{self.version}/{tail}?{urlencode(q)}"
        body["paging"] = paging
        return self._json(body)

    def _insights(self, obj: str, query: dict[str, str]) -> web.Response:
        metrics = [m for m in query.get("metric", "").split(",") if m]
        bad = [m for m in metrics if m in self.deprecated]
        if bad:
            status, body = error_body(100, "(#100) The value must be a valid insights metric")
            return self._json(body, status)
        data = []
        is_media = any(m.get("id") == obj for items in self.media.values() for m in items)
        period = "lifetime" if is_media else query.get("period", "day")
        since = date.fromisoformat(query["since"]) if "since" in query else None
        until = date.fromisoformat(query["until"]) if "until" in query else None
        for m in metrics:
            series = self.insights.get(obj, {}).get(m, {})
            if period == "lifetime":
                data.append(
                    {"name": m, "period": "lifetime", "values": [{"value": series.get(None, 0)}]}
                )
                continue
            days = sorted(
                d
                for d in series
                if d is not None and (since is None or d >= since) and (until is None or d < until)
            )
            if query.get("metric_type") == "total_value":
                data.append(
                    {
                        "name": m,
                        "period": "day",
                        "total_value": {"value": sum(series[d] for d in days)},
                    }
                )
                continue
            values = [
                {
                    "value": series[d],
                    "end_time": datetime.combine(d + timedelta(days=1), time(8), UTC).strftime(
                        "%Y-%m-%dT%H:%M:%S+0000"
                    ),
                }
                for d in days
            ]
            data.append(
                {
                    "name": m,
                    "period": "day",
                    "values": values,
                    "title": m,
                    "id": f"{obj}/insights/{m}/day",
                }
            )
        return self._json({"data": data, "paging": {"previous": "x", "next": "y"}})
