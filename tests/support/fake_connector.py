"""A fake Bot Connector: a real aiohttp server on 127.0.0.1 (port 0) standing in for the Teams
service URL. It records what the bot sends, and injects faults on its own ``clock``:

* ``fail_next``: answer the next requests 429 / 5xx (with Retry-After) - before recording them,
  or with ``after=True`` after recording them (the activity exists, the answer says it failed);
* ``storm``: answer every request 429 + Retry-After for a while;
* ``drop`` / ``hang``: record the activity, then drop the connection without an answer, or hold
  the answer back past the client's timeout; by count or at a seeded random rate;
* ``latency``: every request takes that long.

``sent_texts()`` counts the activities Teams holds per text, for exactly-once tests.

Routes (the subset of the Bot Connector REST API the bot uses):
  POST /v3/conversations/{conversation_id}/activities                  send to conversation
  POST /v3/conversations/{conversation_id}/activities/{activity_id}    reply to an activity
  PUT  /v3/conversations/{conversation_id}/activities/{activity_id}    update an activity
  GET  /v3/conversations/{conversation_id}/members/{member_id}         one member (``members``)
  GET  /v3/conversations/{team_id}/members                   a team's roster (``rosters``)
  POST /v3/conversations                                                create a conversation: a
       personal chat with members[0] (``created``); 403 for ids in ``refuse_dm`` (the app is not
       installed for that user / a policy blocks it), 404 for ids in no roster
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from tests.support import loopback
from tests.support.chaos import Chaos, after_the_call


@dataclass
class Recorded:
    method: str
    op: str  # "send" | "reply" | "update"
    conversation_id: str
    activity_id: str | None  # the activity replied to / updated (None for send)
    body: dict[str, Any]
    new_id: str | None  # the id the connector gave the new activity (send/reply)
    status: int

    @property
    def card(self) -> dict[str, Any] | None:
        """The first Adaptive Card attachment's content, if any."""
        for att in self.body.get("attachments") or []:
            if att.get("contentType") == "application/vnd.microsoft.card.adaptive":
                content = att.get("content")
                return content if isinstance(content, dict) else None
        return None


@dataclass
class Failure:
    status: int
    retry_after: str | None = None
    after: bool = False  # record the activity first, then answer with the failure


@dataclass
class FakeConnector:
    """Start with ``await fc.start()``; ``fc.url`` is the serviceUrl to put in activities."""

    requests: list[Recorded] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)  # answered in order, then success
    # the directory GET .../members/{id} answers from: member id -> TeamsChannelAccount JSON
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    member_lookups: list[str] = field(default_factory=list)
    # team id -> the members GET /v3/conversations/{team}/members answers with
    rosters: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    roster_lookups: list[str] = field(default_factory=list)
    # POST /v3/conversations bodies, answered or refused
    created: list[dict[str, Any]] = field(default_factory=list)
    refuse_dm: dict[str, int] = field(default_factory=dict)  # member id -> 403 | 404
    chaos: list[Chaos] = field(default_factory=list)  # for sends and replies
    clock: Callable[[], float] = time.monotonic
    storm_until: float = 0.0
    storm_retry_after: str = "1"
    latency: float = 0.0
    _runner: web.AppRunner | None = None
    url: str = ""
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def fail_next(
        self, status: int, times: int = 1, retry_after: str | None = None, *, after: bool = False
    ) -> None:
        """Answer the next ``times`` requests with ``status`` (and a Retry-After header);
        ``after``: record the activity first."""
        self.failures.extend(Failure(status, retry_after, after) for _ in range(times))

    def storm(self, *, retry_after: int, seconds: float) -> None:
        """Answer every request 429 + Retry-After for the next ``seconds``."""
        self.storm_until, self.storm_retry_after = self.clock() + seconds, str(retry_after)

    def drop(self, *, times: int = 0, rate: float = 0.0, seed: int = 7) -> None:
        self.chaos.append(Chaos("drop", times, rate, 0.0, random.Random(seed)))

    def hang(self, *, seconds: float, times: int = 0, rate: float = 0.0, seed: int = 7) -> None:
        self.chaos.append(Chaos("hang", times, rate, seconds, random.Random(seed)))

    def sent_texts(self) -> Counter[str]:
        """How many activities the conversations hold per summary line (sends and replies)."""
        return Counter(
            str(r.body.get("summary") or r.body.get("text"))
            for r in self.requests
            if r.new_id and r.op != "update"
        )

    @property
    def delivered(self) -> list[Recorded]:
        """Requests that succeeded."""
        return [r for r in self.requests if r.status < 300]

    def clear(self) -> None:
        self.requests.clear()
        self.failures.clear()

    async def _handle(self, request: web.Request) -> web.Response:
        conv = unquote(request.match_info["conversation_id"])
        act = request.match_info.get("activity_id")
        act = unquote(act) if act is not None else None
        try:
            body = await request.json()
        except ValueError:
            body = {}
        op = "update" if request.method == "PUT" else ("reply" if act else "send")
        if self.latency:
            await asyncio.sleep(self.latency)
        failure: Failure | None = None
        if self.clock() < self.storm_until:
            failure = Failure(429, self.storm_retry_after)
        elif self.failures:
            failure = self.failures.pop(0)
        if failure is not None and not failure.after:
            self.requests.append(
                Recorded(request.method, op, conv, act, body, None, failure.status)
            )
            return self._failed(failure)
        new_id = act if op == "update" else f"act-{next(self._ids)}"
        status = failure.status if failure is not None else 200
        self.requests.append(Recorded(request.method, op, conv, act, body, new_id, status))
        if failure is not None:  # the activity exists; the answer says otherwise
            return self._failed(failure)
        await after_the_call(request, self.chaos if op != "update" else [])
        return web.json_response({"id": new_id}, status=200)

    @staticmethod
    def _failed(failure: Failure) -> web.Response:
        headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
        return web.json_response(
            {"error": {"code": "Throttled", "message": "try later"}},
            status=failure.status,
            headers=headers,
        )

    async def _member(self, request: web.Request) -> web.Response:
        member_id = unquote(request.match_info["member_id"])
        self.member_lookups.append(member_id)
        member = self.members.get(member_id)
        if member is None:
            return web.json_response(
                {"error": {"code": "MemberNotFoundInConversation", "message": "not found"}},
                status=404,
            )
        return web.json_response(member)

    async def _roster(self, request: web.Request) -> web.Response:
        team_id = unquote(request.match_info["conversation_id"])
        self.roster_lookups.append(team_id)
        if team_id not in self.rosters:
            return web.json_response(
                {"error": {"code": "ConversationNotFound", "message": "not found"}}, status=404
            )
        return web.json_response(self.rosters[team_id])

    async def _create(self, request: web.Request) -> web.Response:
        raw = await request.json()
        # the Bot Connector reads JSON property names case-insensitively (botbuilder-python
        # sends "tenantID"): recorded with the documented spelling
        body = {("tenantId" if k.lower() == "tenantid" else k): v for k, v in raw.items()}
        self.created.append(body)
        members = body.get("members") or []
        if body.get("isGroup") or len(members) != 1 or not body.get("tenantId"):
            return web.json_response({"error": {"code": "BadArgument"}}, status=400)
        member_id = str(members[0].get("id"))
        status = self.refuse_dm.get(member_id)
        if status is None and not any(
            m.get("id") == member_id for ms in self.rosters.values() for m in ms
        ):
            status = 404
        if status is not None:
            return web.json_response(
                {
                    "error": {
                        "code": "Forbidden",
                        "message": "Bot is not installed in user's personal scope",
                    }
                },
                status=status,
            )
        # Teams answers the same id for the same bot and user
        return web.json_response({"id": f"a:created-{member_id.removeprefix('29:')}"}, status=201)

    def created_with(self, member_id: str) -> list[dict[str, Any]]:
        return [
            b for b in self.created if [m.get("id") for m in b.get("members") or []] == [member_id]
        ]

    async def start(self) -> FakeConnector:
        app = web.Application()
        base = "/v3/conversations/{conversation_id}/activities"
        app.router.add_post(base, self._handle)
        app.router.add_post(base + "/{activity_id}", self._handle)
        app.router.add_put(base + "/{activity_id}", self._handle)
        app.router.add_get("/v3/conversations/{conversation_id}/members/{member_id}", self._member)
        app.router.add_get("/v3/conversations/{conversation_id}/members", self._roster)
        app.router.add_post("/v3/conversations", self._create)
        self._runner, port = await loopback.serve(app)
        self.url = f"http://127.0.0.1:{port}/"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


# --- Activities as Teams sends them ------------------------------------------------------------

TENANT = "tenant-1"
BOT = {"id": "28:vaktbot-bot", "name": "vaktbot"}
TEAM_CHANNEL = "19:general-team1@thread.tacv2"  # a team's General channel id = the team id
OTHER_CHANNEL = "19:vakt-team2@thread.tacv2"


def _base(service_url: str, conversation: dict[str, Any], user: dict[str, Any], **extra: Any):  # type: ignore[no-untyped-def]
    activity: dict[str, Any] = {
        "id": f"in-{next(_activity_ids)}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": user,
        "recipient": dict(BOT),
        "conversation": conversation,
        "locale": "nb-NO",
        "channelData": {"tenant": {"id": conversation.get("tenantId", TENANT)}},
    }
    activity.update(extra)
    return activity


_activity_ids = itertools.count(1)


def user(name: str, aad: str | None = None) -> dict[str, Any]:
    return {"id": f"29:{name}", "aadObjectId": aad or f"aad-{name}", "name": name.title()}


def personal(name: str, tenant: str = TENANT) -> dict[str, Any]:
    return {"id": f"a:personal-{name}", "conversationType": "personal", "tenantId": tenant}


def channel(channel_id: str = TEAM_CHANNEL, root: str | None = None) -> dict[str, Any]:
    conv_id = f"{channel_id};messageid={root}" if root else channel_id
    return {"id": conv_id, "conversationType": "channel", "isGroup": True, "tenantId": TENANT}


def team_data(channel_id: str = TEAM_CHANNEL, team_id: str = TEAM_CHANNEL) -> dict[str, Any]:
    return {
        "tenant": {"id": TENANT},
        "team": {"id": team_id, "name": "Vaktlag"},
        "channel": {"id": channel_id},
    }


def install_personal(service_url: str, name: str, *, kind: str = "conversationUpdate") -> dict:  # type: ignore[type-arg]
    if kind == "installationUpdate":
        return _base(service_url, personal(name), user(name), type=kind, action="add")
    return _base(service_url, personal(name), user(name), type=kind, membersAdded=[dict(BOT)])


def install_team(service_url: str, by: str = "kari", *, action: str = "add") -> dict:  # type: ignore[type-arg]
    conv = channel(TEAM_CHANNEL)
    if action == "remove":
        return _base(
            service_url,
            conv,
            user(by),
            type="installationUpdate",
            action="remove",
            channelData=team_data(),
        )
    return _base(
        service_url,
        conv,
        user(by),
        type="conversationUpdate",
        membersAdded=[dict(BOT)],
        channelData={**team_data(), "eventType": "teamMemberAdded"},
    )


def message_personal(service_url: str, name: str, text: str, **extra: Any) -> dict:  # type: ignore[type-arg]
    return _base(service_url, personal(name), user(name), type="message", text=text, **extra)


def message_channel(
    service_url: str, name: str, command: str, channel_id: str = TEAM_CHANNEL
) -> dict:  # type: ignore[type-arg]
    activity = _base(
        service_url,
        channel(channel_id),
        user(name),
        type="message",
        text=f"<at>vaktbot</at> {command}",
        entities=[{"type": "mention", "text": "<at>vaktbot</at>", "mentioned": dict(BOT)}],
        channelData=team_data(channel_id),
    )
    # Teams addresses a channel message's thread: conversation id ";messageid=<its own id>"
    activity["conversation"]["id"] = f"{channel_id};messageid={activity['id']}"
    return activity


def submit(
    service_url: str,
    name: str,
    value: dict[str, Any],
    card_id: str,
    conversation: dict[str, Any] | None = None,
) -> dict:  # type: ignore[type-arg]
    conv = conversation or personal(name)
    return _base(
        service_url, conv, user(name), type="message", value=value, replyToId=card_id, text=""
    )
