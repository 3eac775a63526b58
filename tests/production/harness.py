"""Machinery of the production-path suite: the real ``vaktbot run`` as a subprocess.

An admin follows the README: a fresh database, the default log level, a ``vaktbot.yml`` and the
environment variables the README documents. :class:`Service` does exactly that (``PATH`` and
``HOME`` are the only other variables it passes; :func:`service_env` refuses any variable the
README does not document), waits for ``/healthz``, keeps polling it for the whole run, collects
stderr and stdout, and stops the process with SIGTERM. The other helpers sign requests as Slack
and Meta do, read the outbox straight from the database, and compare it with what the fake
platforms received.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import yaml
from sqlalchemy import text

from bot.store.db import make_engine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
README = ROOT / "README.md"
CONFIG = HERE / "vaktbot.yml"
VAKTBOT = Path(sys.executable).with_name("vaktbot")  # the console script pip installed
PG_URL = os.environ.get("VAKTBOT_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])

SLACK_SIGNING_SECRET = "prod-slack-signing-secret"
META_APP_SECRET = "prod-meta-app-secret"
GENERIC_SECRET = "prod-generic-webhook-secret"
PAGE_TOKEN = "prod-page-token"
PAGE_ID = "100000000000001"  # the Facebook account in tests/production/vaktbot.yml
ACCOUNT_ID = "fb-skatteetaten"
TOKEN_ENV = "SKATTEETATEN_PAGE_TOKEN"  # its token_env
PEOPLE = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["people"]
SLACK_ID = {p["id"]: p["slack_id"] for p in PEOPLE}  # person id -> Slack member id

# --- what the README documents ------------------------------------------------------------------


def documented_env() -> set[str]:
    """Environment variable names the README documents (in backticks), plus the token
    variables the test config names through ``accounts[].token_env`` (a documented key)."""
    names = set(re.findall(r"`([A-Z][A-Z0-9_]{2,}|Microsoft[A-Za-z]+)`", README.read_text()))
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    names |= {a["token_env"] for a in config.get("accounts", []) if a.get("token_env")}
    return names


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def service_env(**variables: str) -> dict[str, str]:
    """An environment from nothing: PATH, HOME and documented variables only.

    VAKTBOT_LOG_LEVEL is refused as well: the suite runs at the default log level."""
    undocumented = sorted(set(variables) - documented_env())
    assert not undocumented, f"not documented in README.md: {undocumented}"
    assert "VAKTBOT_LOG_LEVEL" not in variables, "the suite runs at the default log level"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
    env.update(variables)
    return env


def platform_env(
    db_url: str, *, slack: Any = None, graph: Any = None, mode: str | None = "http", **extra: str
) -> dict[str, str]:
    """The documented environment of a Slack deployment (``mode`` http or None for the
    default, Socket Mode) with the Meta webhook, the generic webhook and page polling."""
    env: dict[str, str] = {
        "VAKTBOT_HTTP_PORT": str(free_port()),
        "VAKTBOT_DATABASE_URL": db_url,
        "META_APP_SECRET": META_APP_SECRET,
        "META_VERIFY_TOKEN": "prod-verify-token",
        "VAKTBOT_WEBHOOK_SECRET": GENERIC_SECRET,
        "VAKTBOT_FEED_SECRET": "prod-feed-secret",
    }
    if graph is not None:
        env |= {"VAKTBOT_GRAPH_API_URL": graph.url, TOKEN_ENV: PAGE_TOKEN}
    if slack is not None:
        env |= {"SLACK_BOT_TOKEN": "xoxb-prod-test", "VAKTBOT_SLACK_API_URL": slack.api_url}
        if mode == "http":
            env |= {"VAKTBOT_SLACK_MODE": "http", "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET}
        else:
            env |= {"SLACK_APP_TOKEN": "xapp-prod-test"}
    return service_env(**(env | extra))


def simulated(start: datetime, speed: float = 1.0) -> dict[str, str]:
    """The variables of a simulated clock (tests and trials only)."""
    return {
        "VAKTBOT_SIMULATED_START": start.isoformat(),
        "VAKTBOT_SIMULATED_SPEED": f"{speed:g}",
        "VAKTBOT_ALLOW_SIMULATED_CLOCK": "yes",
    }


# --- databases ----------------------------------------------------------------------------------


@contextmanager
def fresh_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an EMPTY database (no schema: the service creates it at start-up).

    SQLite: a new file. PostgreSQL: a new schema, addressed through the URL's search_path."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'vaktbot.db'}"
        return
    assert PG_URL
    schema = "prod_" + uuid.uuid4().hex[:12]
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@dataclass(frozen=True)
class OutboxRow:
    key: str
    kind: str
    target: str
    op: str
    ref_key: str | None
    status: str
    attempts: int
    platform_channel: str | None
    platform_message_id: str | None
    created_at: datetime
    text: str


def read_outbox(db_url: str) -> list[OutboxRow]:
    """Every outbox row, read directly from the database."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT key, kind, target, op, ref_key, status, attempts, platform_channel,"
                    " platform_message_id, created_at, payload FROM outbox ORDER BY id"
                )
            ).all()
    finally:
        engine.dispose()
    out = []
    for r in rows:
        payload = r.payload if isinstance(r.payload, dict) else json.loads(r.payload)
        created = r.created_at
        if isinstance(created, str):
            created = datetime.fromisoformat(created)
        out.append(
            OutboxRow(
                r.key,
                r.kind,
                r.target,
                r.op,
                r.ref_key,
                r.status,
                r.attempts,
                r.platform_channel,
                r.platform_message_id,
                created,
                str(payload.get("text") or ""),
            )
        )
    return out


async def wait_outbox_settled(db_url: str, timeout: float = 20.0) -> list[OutboxRow]:
    """Wait until no row is pending any more; the rows then."""
    deadline = time.monotonic() + timeout
    while True:
        rows = await asyncio.to_thread(read_outbox, db_url)
        pending = [r.key for r in rows if r.status == "pending"]
        if not pending:
            return rows
        if time.monotonic() > deadline:
            raise AssertionError(f"outbox rows still pending after {timeout}s: {pending[:10]}")
        await asyncio.sleep(0.2)


async def wait_until(predicate: Any, timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(interval)


# --- exactly once at the platform ---------------------------------------------------------------


def slack_post_keys(fake: Any) -> Counter[str | None]:
    """chat.postMessage calls Slack accepted, counted per outbox key in their metadata (None:
    a post without our metadata, i.e. not from the outbox)."""
    keys: Counter[str | None] = Counter()
    for call in fake.of("chat.postMessage"):
        meta = call.args.get("metadata") or {}
        keys[(meta.get("event_payload") or {}).get("key")] += 1
    return keys


def slack_exactly_once(
    rows: list[OutboxRow], fake: Any, direct_edits: Iterable[tuple[str, str]] = ()
) -> list[str]:
    """Problems (empty when all is well): every outbox row delivered, each post exactly once at
    the fake (by metadata key), no keyed post without a row, and every message edited exactly
    as often as the outbox has edits for it plus the edits made in place by button presses."""
    problems: list[str] = []
    posts = slack_post_keys(fake)
    by_key = {r.key: r for r in rows}
    for r in rows:
        if r.status != "sent":
            problems.append(f"{r.key}: status {r.status} after {r.attempts} attempt(s)")
        if r.op == "post" and posts.get(r.key, 0) != 1:
            problems.append(f"{r.key}: posted {posts.get(r.key, 0)} times")
    for key, n in posts.items():
        if key is not None and key not in by_key:
            problems.append(f"{key}: posted {n} times but not in the outbox")
    expected: Counter[tuple[str, str]] = Counter(direct_edits)
    for r in rows:
        if r.op == "update" and r.ref_key in by_key:
            original = by_key[r.ref_key]
            expected[(original.platform_channel or "?", original.platform_message_id or "?")] += 1
    edits: Counter[tuple[str, str]] = Counter(
        (str(c.args.get("channel")), str(c.args.get("ts"))) for c in fake.of("chat.update")
    )
    if edits != expected:
        problems.append(f"chat.update per message {dict(edits)} != expected {dict(expected)}")
    return problems


def teams_exactly_once(
    rows: list[OutboxRow], connector: Any, direct_edits: Iterable[str] = ()
) -> list[str]:
    """The same for the Bot Connector: each post row's activity id was created once at the fake
    in the row's conversation, no other activity repeats a delivered row's message, and edits
    match the outbox's plus the in-place ones."""
    problems: list[str] = []
    created = [r for r in connector.delivered if r.op in ("send", "reply")]
    by_id: dict[str, Any] = {str(r.new_id): r for r in created}
    for row in rows:
        if row.status != "sent":
            problems.append(f"{row.key}: status {row.status} after {row.attempts} attempt(s)")
            continue
        if row.op != "post":
            continue
        rec = by_id.get(str(row.platform_message_id))
        if rec is None or rec.conversation_id != row.platform_channel:
            problems.append(f"{row.key}: activity {row.platform_message_id} not at the fake")
            continue
        body = json.dumps(rec.body.get("attachments") or rec.body.get("text"), sort_keys=True)
        same = [
            r
            for r in created
            if json.dumps(r.body.get("attachments") or r.body.get("text"), sort_keys=True) == body
            and r.conversation_id == rec.conversation_id
        ]
        if len(same) != 1:
            problems.append(f"{row.key}: delivered {len(same)} times")
    expected: Counter[str] = Counter(direct_edits)
    by_key = {r.key: r for r in rows}
    for row in rows:
        if row.op == "update" and row.ref_key in by_key:
            expected[str(by_key[row.ref_key].platform_message_id)] += 1
    edits = Counter(str(r.activity_id) for r in connector.delivered if r.op == "update")
    if edits != expected:
        problems.append(f"updates per activity {dict(edits)} != expected {dict(expected)}")
    return problems


# --- signing ------------------------------------------------------------------------------------


def slack_headers(body: str, secret: str = SLACK_SIGNING_SECRET) -> dict[str, str]:
    """Slack's request signature (v0) over the body, timestamped now."""
    ts = str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def hub_signature(secret: str, body: bytes) -> str:
    """Meta's X-Hub-Signature-256 (also the generic webhook's X-Vaktbot-Signature)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def slash_command_form(text_: str, user: str, channel: str, response_url: str) -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": "T0AGENCY",
            "api_app_id": "A0VAKTBOT",
            "channel_id": channel,
            "user_id": user,
            "command": "/vakt",
            "text": text_,
            "response_url": response_url,
            "trigger_id": "1337.42.abcd",
        }
    )


def button_press(
    message: dict[str, Any], channel: str, user: str, action: dict[str, Any], response_url: str
) -> dict[str, Any]:
    """A block_actions payload for a button on a message the bot posted."""
    return {
        "type": "block_actions",
        "team": {"id": "T0AGENCY"},
        "api_app_id": "A0VAKTBOT",
        "user": {"id": user},
        "trigger_id": "1337.99.efgh",
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action["action_id"],
                "block_id": "b1",
                "value": action.get("value", ""),
            }
        ],
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel},
        "channel": {"id": channel},
        "message": message,
    }


def buttons_of(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        e
        for b in blocks or []
        if b.get("type") == "actions"
        for e in b.get("elements", [])
        if e.get("type") == "button"
    ]


def meta_comment_payload(comment_id: str, message: str, created: datetime) -> dict[str, Any]:
    """A Page ``feed`` webhook with one new comment, in Meta's shape."""
    post = f"{PAGE_ID}_1"
    stamp = int(created.timestamp())
    return {
        "object": "page",
        "entry": [
            {
                "id": PAGE_ID,
                "time": stamp,
                "changes": [
                    {
                        "field": "feed",
                        "value": {
                            "from": {"id": "4242", "name": "Per Innbygger"},
                            "post": {
                                "status_type": "added_photos",
                                "is_published": True,
                                "id": post,
                                "permalink_url": "https://facebook.com/p1",
                            },
                            "message": message,
                            "post_id": post,
                            "comment_id": comment_id,
                            "created_time": stamp,
                            "item": "comment",
                            "parent_id": post,
                            "verb": "add",
                        },
                    }
                ],
            }
        ],
    }


def graph_stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S+0000")


FNR = "15059010023"  # a valid Norwegian fødselsnummer: personal data, a priority alert


def seed_page(graph: Any, at: datetime) -> None:
    """One post on the configured page, and under it a comment with a fødselsnummer written
    50 minutes after ``at``: what the poller finds."""
    post = f"{PAGE_ID}_7"
    graph.posts[PAGE_ID] = [
        {"id": post, "message": "Skattekortet for 2027", "created_time": graph_stamp(at)}
    ]
    graph.comments[post] = [
        {
            "id": f"{post}_900",
            "message": f"Hei! Fødselsnummeret mitt er {FNR}, hvorfor er kortet feil?",
            "from": {"id": "777", "name": "Anne Innbygger"},
            "created_time": graph_stamp(at + timedelta(minutes=50)),
            "is_hidden": False,
            "can_hide": True,
            "permalink_url": f"https://facebook.com/{post}_900",
        }
    ]


def alert_keys(slack: Any) -> list[str]:
    """Outbox keys of the alert DMs the fake Slack received."""
    return sorted(k for k in slack_post_keys(slack) if k and k.startswith("alert:comment:"))


def slack_message(slack: Any, key: str) -> tuple[str, dict[str, Any]]:
    """(conversation, message as Slack stores it) of the post with this outbox key."""
    for channel, messages in slack.history.items():
        for m in messages:
            if ((m.get("metadata") or {}).get("event_payload") or {}).get("key") == key:
                return channel, m
    raise AssertionError(f"no message with key {key} at the fake Slack")


def claim_press(slack: Any, key: str, user: str, response_url: str) -> dict[str, Any]:
    """block_actions for the Claim button of the alert posted under ``key``, by ``user``."""
    channel, message = slack_message(slack, key)
    claim = next(b for b in buttons_of(message.get("blocks") or []) if "claim" in b["action_id"])
    return button_press(message, channel, user, claim, response_url)


# --- the service --------------------------------------------------------------------------------


@dataclass
class Service:
    """One ``vaktbot run --config FILE`` process."""

    env: dict[str, str]
    config: Path = CONFIG
    name: str = "vaktbot"
    logfile: Path | None = None
    proc: asyncio.subprocess.Process | None = None
    lines: list[str] = field(default_factory=list)
    health: list[int] = field(default_factory=list)  # the status of every /healthz poll
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _http: aiohttp.ClientSession | None = None
    _polling: bool = False

    @property
    def port(self) -> int:
        return int(self.env["VAKTBOT_HTTP_PORT"])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, *, health_timeout: float = 60.0) -> Service:
        self.proc = await asyncio.create_subprocess_exec(
            str(VAKTBOT),
            "run",
            "--config",
            str(self.config),
            env=self.env,
            cwd=str(self.logfile.parent if self.logfile else HERE),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self._tasks += [
            asyncio.create_task(self._pump(self.proc.stderr)),
            asyncio.create_task(self._pump(self.proc.stdout)),
        ]
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
        await self._wait_healthy(health_timeout)
        self._polling = True
        self._tasks.append(asyncio.create_task(self._poll_health()))
        return self

    async def _pump(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            decoded = line.decode("utf-8", "replace").rstrip("\n")
            self.lines.append(decoded)
            if self.logfile is not None:
                with self.logfile.open("a", encoding="utf-8") as f:
                    f.write(f"{decoded}\n")

    async def _healthz(self) -> tuple[int, dict[str, Any]]:
        assert self._http is not None
        try:
            async with self._http.get(f"{self.url}/healthz") as r:
                body = await r.json() if r.content_type == "application/json" else {}
                return r.status, body
        except (aiohttp.ClientError, TimeoutError):
            return 0, {}

    async def _wait_healthy(self, timeout: float) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.returncode is not None:
                await asyncio.sleep(0.2)  # let the pumps read the last lines
                raise AssertionError(
                    f"{self.name} exited with {self.proc.returncode} before it was healthy:\n"
                    + self.log_tail()
                )
            status, _ = await self._healthz()
            if status == 200:
                self.health.append(status)
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{self.name}: /healthz not up in {timeout}s\n{self.log_tail()}"
                )
            await asyncio.sleep(0.1)

    async def _poll_health(self, interval: float = 0.25) -> None:
        while self._polling:
            status, _ = await self._healthz()
            if not self._polling:
                break
            self.health.append(status)
            await asyncio.sleep(interval)

    async def clock(self) -> datetime:
        """The process's time (its /healthz tells it on a simulated clock)."""
        status, body = await self._healthz()
        assert status == 200 and "clock" in body, (status, body)
        return datetime.fromisoformat(body["clock"])

    async def wait_clock(self, instant: datetime, timeout: float) -> datetime:
        deadline = time.monotonic() + timeout
        while (now := await self.clock()) < instant:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: clock at {now}, not yet {instant}")
            await asyncio.sleep(0.1)
        return now

    async def post(self, path: str, body: bytes | str, headers: dict[str, str]) -> tuple[int, str]:
        assert self._http is not None
        data = body.encode() if isinstance(body, str) else body
        async with self._http.post(f"{self.url}{path}", data=data, headers=headers) as r:
            return r.status, await r.text()

    async def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, as a service manager stops it; the exit code."""
        self._polling = False
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), timeout)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
                raise AssertionError(
                    f"{self.name} did not stop within {timeout}s of SIGTERM\n{self.log_tail()}"
                ) from None
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._http is not None:
            await self._http.close()
        return int(self.proc.returncode or 0)

    async def kill(self) -> None:
        self._polling = False
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._http is not None and not self._http.closed:
            await self._http.close()

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def log_tail(self, n: int = 60) -> str:
        return "\n".join(self.lines[-n:])

    def log_problems(self) -> list[str]:
        """Lines of the log that must never appear: tracebacks and ERROR records."""
        return [ln for ln in self.lines if "Traceback" in ln or " ERROR " in ln]

    def assert_clean(self, *, min_polls: int = 3) -> None:
        """No traceback or ERROR in the log, and /healthz answered 200 on every poll."""
        problems = self.log_problems()
        assert not problems, f"{self.name} logged:\n" + "\n".join(problems[:20])
        bad = [s for s in self.health if s != 200]
        assert not bad, f"{self.name}: /healthz answered {Counter(self.health)}"
        assert len(self.health) >= min_polls, f"only {len(self.health)} /healthz polls"


@asynccontextmanager
async def running(
    env: dict[str, str], *, name: str = "vaktbot", logfile: Path | None = None
) -> AsyncIterator[Service]:
    """A started service; killed on the way out if the test did not stop it. When the test
    fails inside, the end of the service's log is printed (pytest shows it with the failure)."""
    svc = Service(env=env, name=name, logfile=logfile)
    try:
        await svc.start()
        yield svc
    except BaseException:
        print(f"--- last lines of {svc.name}'s log ---\n{svc.log_tail(80)}")
        raise
    finally:
        await svc.kill()
