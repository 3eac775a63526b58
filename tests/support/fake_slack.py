"""A fake Slack Web API: a real aiohttp server on 127.0.0.1 port 0 for offline tests.

It records every call (``calls``) and answers like Slack for the methods vaktbot uses:
auth.test, chat.postMessage / postEphemeral / update, views.publish / open / push, users.info,
conversations.open / history / replies (with message metadata, paged), the three steps of
files_upload_v2, and apps.connections.open, which hands out a ws:// URL of a Socket Mode endpoint
on the same server. ``/respond/<id>`` receives respond() calls (response_url).

Faults, on the fake's own ``clock`` (real time unless a test passes its simulated one):

* ``fail``: the next calls of a method answer 429 with Retry-After, a 5xx or a Slack error -
  before doing anything; with ``after=True`` the call is carried out first (a post is recorded)
  and the error comes back anyway ("a 5xx that may have been accepted");
* ``storm``: every call of a method answers 429 with a Retry-After until an instant;
* ``drop`` / ``hang``: the call is carried out, then the connection is dropped without an
  answer, or the answer is held back past the client's timeout; by count or at random with a
  seeded rate (``chaos``);
* ``pace``: chat.postMessage takes at most ``rate`` messages per second per channel (with a
  short burst, as Slack does) and answers 429 + Retry-After beyond that, posting nothing;
* ``latency``: every call takes that long (a slow Slack).

``posted_keys()`` counts the messages Slack holds per outbox key (from their metadata), the
figure exactly-once tests assert on.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

from tests.support import loopback
from tests.support.chaos import Chaos, after_the_call

BOT_ID = "B0VAKTBOT"
BOT_USER = "U0VAKTBOT"
APP_ID = "A0VAKTBOT"
TEAM_ID = "T0AGENCY"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    status: int
    token: str | None = None
    at: float = 0.0  # the fake's clock when the call was answered


@dataclass
class Failure:
    status: int
    error: str
    retry_after: int | None
    times: int
    after: bool = False  # carry the call out first, then fail


@dataclass
class Storm:
    retry_after: int
    until: float  # on the fake's clock


@dataclass
class FakeSlack:
    locales: dict[str, str] = field(default_factory=dict)  # user id -> Slack locale
    usergroups: dict[str, list[str]] = field(default_factory=dict)  # S… -> user ids
    topics: dict[str, str] = field(default_factory=dict)  # channel -> topic
    calls: list[Call] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    responses: list[dict[str, Any]] = field(default_factory=list)  # respond() bodies
    acks: dict[str, dict[str, Any]] = field(default_factory=dict)  # socket mode envelope acks
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    replies: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    chaos: dict[str, list[Chaos]] = field(default_factory=dict)
    storms: dict[str, Storm] = field(default_factory=dict)
    clock: Callable[[], float] = time.monotonic  # seconds; storms and the pace use it
    pace_rate: float | None = None  # chat.postMessage per second per channel (None: no limit)
    pace_burst: int = 2
    latency: float = 0.0  # seconds every call takes
    url: str = ""
    _runner: web.AppRunner | None = None
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _buckets: dict[str, float] = field(default_factory=dict)  # channel -> GCRA theoretical time

    # --- lifecycle -----------------------------------------------------------------------
    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/respond/{rid}", self._respond)
        app.router.add_get("/socket-mode", self._socket)
        self._runner, port = await loopback.serve(app)
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, rid: str = "1") -> str:
        return f"{self.url}/respond/{rid}"

    # --- switches and queries ------------------------------------------------------------
    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str = "internal_error",
        retry_after: int | None = None,
        times: int = 1,
        after: bool = False,
    ) -> None:
        """The next ``times`` calls of ``method`` fail (429 + Retry-After, 500, a Slack error);
        ``after``: carried out first (a post is recorded), then failed."""
        if status == 429:
            error = "ratelimited"
        queue = self.failures.setdefault(method, [])
        queue.append(Failure(status, error, retry_after, times, after))

    def storm(self, method: str, *, retry_after: int, seconds: float) -> None:
        """Every call of ``method`` answers 429 + Retry-After for the next ``seconds``."""
        self.storms[method] = Storm(retry_after, self.clock() + seconds)

    def drop(self, method: str, *, times: int = 0, rate: float = 0.0, seed: int = 7) -> None:
        """Carry the call out, then drop the connection without an answer."""
        self.chaos.setdefault(method, []).append(
            Chaos("drop", times, rate, 0.0, random.Random(seed))
        )

    def hang(
        self, method: str, *, seconds: float, times: int = 0, rate: float = 0.0, seed: int = 7
    ) -> None:
        """Carry the call out, then hold the answer back for ``seconds``."""
        self.chaos.setdefault(method, []).append(
            Chaos("hang", times, rate, seconds, random.Random(seed))
        )

    def pace(self, rate: float = 1.0, burst: int = 2) -> None:
        """Enforce ``rate`` chat.postMessage per second per channel (bursts up to ``burst``)."""
        self.pace_rate, self.pace_burst = rate, burst

    def ratelimited(self, method: str = "chat.postMessage") -> int:
        return sum(1 for c in self.calls if c.method == method and c.status == 429)

    def posted_keys(self) -> Counter[str]:
        """How many messages Slack holds per outbox key, in channels and threads."""
        keys: Counter[str] = Counter()
        for messages in [*self.history.values(), *self.replies.values()]:
            for msg in messages:
                key = ((msg.get("metadata") or {}).get("event_payload") or {}).get("key")
                if key:
                    keys[key] += 1
        return keys

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and c.status == 200]

    def attempts(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, predicate: Any, timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` is true (the fake records asynchronously arriving calls)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError("timed out waiting for the fake Slack")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.1))
            except TimeoutError:
                pass

    def _notify(self) -> None:
        self._changed.set()

    # --- Web API ---------------------------------------------------------------------------
    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        raw = await request.read()
        if raw:
            ctype = request.headers.get("Content-Type", "")
            if "json" in ctype:
                args.update(json.loads(raw))
            else:
                args.update(dict(parse_qsl(raw.decode("utf-8"))))
        for k in ("blocks", "metadata", "view", "files"):
            if isinstance(args.get(k), str):
                try:
                    args[k] = json.loads(args[k])
                except ValueError:
                    pass
        return args

    def _next_ts(self) -> str:
        return f"1790000000.{next(self._ts):06d}"

    def _over_pace(self, channel: str) -> float:
        """GCRA on the fake's clock: 0 if a post to ``channel`` fits, else seconds to wait."""
        if self.pace_rate is None:
            return 0.0
        now, interval = self.clock(), 1.0 / self.pace_rate
        tat = max(self._buckets.get(channel, now), now)
        if tat - now > interval * (self.pace_burst - 1) + 1e-9:
            return tat - now - interval * (self.pace_burst - 1)
        self._buckets[channel] = tat + interval
        return 0.0

    def _refuse(
        self, method: str, args: dict[str, Any], token: str | None, f: Failure
    ) -> web.Response:
        self.calls.append(Call(method, args, f.status or 200, token, self.clock()))
        self._notify()
        headers = {"Retry-After": str(f.retry_after)} if f.retry_after else {}
        return web.json_response({"ok": False, "error": f.error}, status=f.status, headers=headers)

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        args = await self._args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or args.get("token")
        if self.latency:
            await asyncio.sleep(self.latency)
        storm = self.storms.get(method)
        if storm is not None and self.clock() < storm.until:
            return self._refuse(
                method, args, token, Failure(429, "ratelimited", storm.retry_after, 1)
            )
        queue = self.failures.get(method) or []
        failure = None
        if queue:
            failure = queue[0]
            failure.times -= 1
            if failure.times <= 0:
                queue.pop(0)
            if not failure.after:
                return self._refuse(method, args, token, failure)
        if method == "chat.postMessage":
            wait = self._over_pace(self._conversation(str(args.get("channel"))))
            if wait > 0:
                fail = Failure(429, "ratelimited", max(1, math.ceil(wait)), 1)
                return self._refuse(method, args, token, fail)
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        body = handler(args) if handler else {"ok": True}
        if failure is not None:  # carried out, then failed
            return self._refuse(method, args, token, failure)
        self.calls.append(Call(method, args, 200, token, self.clock()))
        self._notify()
        await after_the_call(request, self.chaos.get(method, []))
        return web.json_response(body)

    def _m_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://agency.slack.com/",
            "team": "Agency",
            "user": "vaktbot",
            "team_id": TEAM_ID,
            "user_id": BOT_USER,
            "bot_id": BOT_ID,
        }

    def _conversation(self, channel: str) -> str:
        return "D" + channel[1:] if channel.startswith("U") else channel

    def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._conversation(str(args.get("channel")))
        ts = self._next_ts()
        message = {
            "type": "message",
            "ts": ts,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "text": args.get("text"),
            "blocks": args.get("blocks"),
        }
        if args.get("metadata"):
            message["metadata"] = args["metadata"]
        if not args.get("thread_ts"):  # thread replies are not in conversations.history
            self.history.setdefault(channel, []).insert(0, message)
        else:
            message["thread_ts"] = args["thread_ts"]
            self.replies.setdefault((channel, str(args["thread_ts"])), []).append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "message_ts": self._next_ts()}

    def _m_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        for msg in self.history.get(str(args.get("channel")), []):
            if msg["ts"] == args.get("ts"):
                msg.update(text=args.get("text"), blocks=args.get("blocks"))
        return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}

    def _view(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "view": {**(args.get("view") or {}), "id": f"V{next(self._ts)}"}}

    _m_views_publish = _view
    _m_views_open = _view
    _m_views_push = _view

    def _m_usergroups_users_update(self, args: dict[str, Any]) -> dict[str, Any]:
        group = str(args.get("usergroup"))
        users = [u for u in str(args.get("users") or "").split(",") if u]
        self.usergroups[group] = users
        return {"ok": True, "usergroup": {"id": group, "users": users}}

    def _m_conversations_setTopic(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel"))
        self.topics[channel] = str(args.get("topic") or "")
        return {"ok": True, "channel": {"id": channel, "topic": {"value": self.topics[channel]}}}

    def _m_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("user"))
        data: dict[str, Any] = {"id": user, "name": user.lower(), "is_bot": False}
        if str(args.get("include_locale")).lower() in ("true", "1") and user in self.locales:
            data["locale"] = self.locales[user]
        return {"ok": True, "user": data}

    def _m_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "channel": {"id": self._conversation(str(args.get("users")))}}

    def _page(self, messages: list[dict[str, Any]], args: dict[str, Any]) -> dict[str, Any]:
        include = str(args.get("include_all_metadata")).lower() in ("true", "1")
        limit = int(args.get("limit") or 100)
        start = int(args.get("cursor") or 0)
        page = []
        for msg in messages[start : start + limit]:
            m = dict(msg)
            if not include:
                m.pop("metadata", None)
            page.append(m)
        more = start + limit < len(messages)
        meta = {"next_cursor": str(start + limit) if more else ""}
        return {"ok": True, "messages": page, "has_more": more, "response_metadata": meta}

    def _m_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._page(self.history.get(str(args.get("channel")), []), args)

    def _m_conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args.get("channel")), str(args.get("ts"))
        parent = [m for m in self.history.get(channel, []) if m["ts"] == ts]
        return self._page(parent + self.replies.get((channel, ts), []), args)

    def _m_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ts):05d}"
        return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files") or []
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def _m_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": self.url.replace("http://", "ws://") + "/socket-mode"}

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads[request.match_info["file_id"]] = await request.read()
        self._notify()
        return web.Response(text="OK - uploaded")

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.responses.append({"rid": request.match_info["rid"], **body})
        self._notify()
        return web.Response(text="ok")

    # --- Socket Mode -----------------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {}})
        self._notify()
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    data = json.loads(msg.data)
                    if "envelope_id" in data:
                        self.acks[data["envelope_id"]] = data
                        self._notify()
        finally:
            self._sockets.remove(ws)
        return ws

    @property
    def connected(self) -> bool:
        return bool(self._sockets)

    async def send_envelope(
        self, envelope_id: str, kind: str, payload: dict[str, Any], retry_attempt: int = 0
    ) -> None:
        """Push a Socket Mode envelope (slash_commands, interactive, events_api) to the bot."""
        await self._sockets[0].send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": retry_attempt,
                "retry_reason": "timeout" if retry_attempt else "",
            }
        )
