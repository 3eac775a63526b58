"""Webhook endpoints: Meta (Page ``feed`` comments, Instagram ``comments``) and a generic JSON hook.

``webhook_routes(settings, on_stored, sessions=...)`` returns an aiohttp RouteTableDef:

* ``GET /webhooks/meta`` - subscription handshake (hub.mode, hub.verify_token, hub.challenge).
* ``POST /webhooks/meta`` - ``X-Hub-Signature-256: sha256=<hex>``, HMAC-SHA256 of the raw body
  with the Meta app secret.
* ``POST /webhooks/generic`` - ``X-Vaktbot-Signature: sha256=<hex>``, HMAC-SHA256 of the raw body
  with ``VAKTBOT_WEBHOOK_SECRET``. Body: one event or ``{"events": [...]}`` (at most 1000)::

      {"type": "comment", "account": "<account id from vaktbot.yml>",
       "comment": {"id": "c-1", "post_id": "p-1", "parent_id": null, "text": "...",
                   "author_id": "u-9", "author_name": "Kari", "permalink": null,
                   "created_at": "2026-03-10T12:00:00+01:00", "hidden": false,
                   "from_account": false}}
      {"type": "snapshot", "account": "<account id>",
       "snapshot": {"day": "2026-03-09", "post_id": "", "followers": 5000, "reach": 1200,
                    "views": null, "reactions": 40, "comments": 3, "shares": 1, "clicks": 9,
                    "posts_published": 1}}

  A snapshot may also carry ``new_follows`` (follows gained that day; ``followers`` is the
  total at the day's end), ``saves`` and ``interactions`` (the platform's own total).

  Answers 200 ``{"comments": n_new, "duplicates": d, "snapshots": s}``, 422 naming the fields
  (or unknown accounts) at fault - the whole request is then rejected, never half stored.

Bodies over ``max_body`` bytes get 413; a bad or missing signature 401/403 with nothing stored
and nothing of the body logged; malformed JSON 400; unknown objects, accounts or fields are
skipped with a counter. A redelivered body (same bytes) is recognised and skipped. New comment
ids go to ``on_stored`` inside the transaction that stores them (classification and alerts are
committed with the comments, or nothing is), then to ``after_commit`` (wake the sender). If that
transaction fails the request is answered 503, so Meta delivers it again.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from aiohttp import web
from prometheus_client import Counter as PromCounter
from pydantic import SecretStr, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.observability import REGISTRY, WEBHOOK_REJECTED
from bot.settings import Secrets
from bot.sources.ingest import apply_comment_event, ingest_comments, ingest_snapshots
from bot.sources.meta.webhook import parse_meta
from bot.sources.model import (
    Batch,
    CommentEnvelope,
    CommentEvent,
    NormComment,
    Parsed,
    SnapshotEnvelope,
    generic_records,
    parse_generic,
)
from bot.store.models import Account
from bot.store.upsert import claim_event

log = logging.getLogger("vaktbot.sources.webhooks")

MAX_BODY = 1024 * 1024
BATCH = 200  # webhook requests stored per transaction at most
WEBHOOK_SKIPPED = PromCounter(
    "vaktbot_webhook_skipped_total",
    "Webhook items skipped (unknown object/account, replays, malformed items)",
    ["source", "reason"],
    registry=REGISTRY,
)
# (session, new comment ids, now): runs inside the transaction that stored the comments
OnStored = Callable[[Session, list[int], datetime], object]


# --- plumbing ------------------------------------------------------------------------------


@dataclass
class WebhookStats:
    counts: Counter[str] = field(default_factory=Counter)

    def skip(self, source: str, reason: str, n: int = 1) -> None:
        self.counts[f"{source}.skipped.{reason}"] += n
        WEBHOOK_SKIPPED.labels(source, reason).inc(n)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _check_signature(header: str | None, secret: str | None, body: bytes) -> int | None:
    """None when valid, else the HTTP status to answer (401 missing, 403 wrong/unconfigured)."""
    if not secret:
        return 403
    if not header:
        return 401
    return None if hmac.compare_digest(header.strip().lower(), sign(secret, body)) else 403


async def _read_capped(request: web.Request, limit: int) -> bytes | None:
    if request.content_length is not None and request.content_length > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _remember(session: Session, source: str, body: bytes, now: datetime) -> bool:
    """Record the body's digest; False when this exact body was handled before (a replay)."""
    return claim_event(session, source, hashlib.sha256(body).hexdigest(), now)


def _resolve(
    accounts: list[tuple[str, str, str]], parsed: Parsed, by: Literal["platform", "id"]
) -> tuple[Parsed, list[str]]:
    """A copy of ``parsed`` keyed by account ids; items of unknown accounts dropped (counted)."""
    if by == "platform":
        known = {f"{p}:{e}": i for i, p, e in accounts}
    else:
        known = {i: i for i, _, _ in accounts}
    out = Parsed(skipped=Counter(parsed.skipped))
    unknown: set[str] = set()

    def fix(items: list[Any]) -> list[Any]:
        kept = []
        for item in items:
            acc = known.get(item.account_id)
            if acc is None:
                unknown.add(item.account_id)
                out.skipped["unknown_account"] += 1
                continue
            kept.append(_with_account(item, acc))
        return kept

    out.comments = fix(parsed.comments)
    out.events = fix(parsed.events)
    out.snapshots = fix(parsed.snapshots)
    return out, sorted(unknown)


def _with_account(item: Any, account_id: str) -> Any:
    if isinstance(item, CommentEvent) and item.comment is not None:
        return replace(
            item, account_id=account_id, comment=replace(item.comment, account_id=account_id)
        )
    return replace(item, account_id=account_id)


@dataclass
class _Job:
    source: str
    parsed: Parsed
    body: bytes
    strict: bool
    now: datetime
    future: asyncio.Future[dict[str, Any]]


def _store_one(
    s: Session,
    job: _Job,
    accounts: list[tuple[str, str, str]],
    salt: str,
    on_stored: OnStored | None,
) -> dict[str, Any]:
    parsed, unknown = _resolve(accounts, job.parsed, "platform" if job.source == "meta" else "id")
    if unknown and job.strict:
        return {"unknown_accounts": unknown, "skipped": {}}
    if not _remember(s, job.source, job.body, job.now):
        return {"replayed": True, "skipped": dict(parsed.skipped)}
    res = ingest_comments(s, parsed.comments, now=job.now, salt=salt)
    late: list[NormComment] = []
    for ev in parsed.events:
        if not apply_comment_event(s, ev) and ev.verb != "remove" and ev.comment is not None:
            late.append(ev.comment)  # an edit/hide of a comment we never saw: store it
    if late:
        res += ingest_comments(s, late, now=job.now, salt=salt)
    snaps = ingest_snapshots(s, parsed.snapshots)
    if on_stored is not None and res.added:
        # classify and route in the same transaction: a comment is stored with its alerts or
        # not at all (Meta then delivers it again)
        on_stored(s, list(res.added), job.now)
    return {
        "added": res.added,
        "duplicates": res.duplicates,
        "snapshots": snaps,
        "skipped": dict(parsed.skipped),
    }


def _store_batch(
    sessions: sessionmaker[Session], jobs: list[_Job], salt: str, on_stored: OnStored | None
) -> list[dict[str, Any] | Exception]:
    """Requests that arrived together share one transaction (group commit). If it fails, each
    request is retried alone so one bad request cannot sink the others."""
    try:
        with sessions() as s, s.begin():
            accounts = [
                (i, p, e)
                for i, p, e in s.execute(
                    select(Account.id, Account.platform, Account.external_id).where(
                        Account.active.is_(True)  # an account removed from vaktbot.yml
                    )
                )
            ]
            return [_store_one(s, job, accounts, salt, on_stored) for job in jobs]
    except Exception as exc:
        if len(jobs) == 1:
            log.exception("webhook storage failed", extra={"source": jobs[0].source})
            return [exc]
        return [_store_batch(sessions, [job], salt, on_stored)[0] for job in jobs]


def _generic_parsed(model: Batch | CommentEnvelope | SnapshotEnvelope) -> Parsed:
    comments, snapshots = generic_records(model)
    return Parsed(comments=comments, snapshots=snapshots)


# a webhook route, and one that is given the body and its JSON once they are accepted
_Route = Callable[[web.Request], Awaitable[web.Response]]
_JsonRoute = Callable[[bytes, object], Awaitable[web.Response]]


def webhook_routes(
    settings: Secrets,
    on_stored: OnStored | None,
    *,
    sessions: sessionmaker[Session],
    author_salt: Callable[[], str],
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    after_commit: Callable[[list[int]], None] | None = None,
    max_body: int = MAX_BODY,
    stats: WebhookStats | None = None,
    refused: Counter[str] | None = None,
) -> web.RouteTableDef:
    """Routes for the bot's aiohttp app. Database work runs in a worker thread (one writer for
    SQLite) so the event loop keeps answering; ``on_stored`` runs in the storing transaction."""
    routes = web.RouteTableDef()
    st = stats if stats is not None else WebhookStats()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="webhook-db")
    pending: list[_Job] = []
    flushing = False

    refusals = refused if refused is not None else Counter()

    def count_refusal(source: str, reason: str) -> None:
        st.counts[f"{source}.rejected.{reason}"] += 1
        refusals[f"{source}:{reason}"] += 1
        WEBHOOK_REJECTED.labels(source, reason).inc()

    def reject(source: str, reason: str, status: int) -> web.Response:
        count_refusal(source, reason)
        log.warning("webhook rejected", extra={"source": source, "reason": reason})
        return web.json_response({"error": reason}, status=status)

    flushes: set[asyncio.Task[None]] = set()

    def committed(ids: list[int]) -> None:
        if ids and after_commit is not None:
            after_commit(ids)

    def signed_json(
        source: str, header: str, secret: SecretStr | None
    ) -> Callable[[_JsonRoute], _Route]:
        """Wraps a webhook route: the body is read up to ``max_body`` only, must be signed under
        ``secret`` (in ``header``) and be JSON; then the route gets the body and its JSON. Every
        refusal is counted and answered here."""
        key = secret.get_secret_value() if secret else None

        def wrap(route: _JsonRoute) -> _Route:
            async def accept(request: web.Request) -> web.Response:
                body = await _read_capped(request, max_body)
                if body is None:
                    return reject(source, "too_large", 413)
                status = _check_signature(request.headers.get(header), key, body)
                if status is not None:
                    reason = "bad_signature" if status == 403 else "unsigned"
                    return reject(source, reason if key else "unconfigured", status)
                try:
                    data = json.loads(body)
                except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting too
                    return reject(source, "malformed_json", 400)
                return await route(body, data)

            return accept

        return wrap

    async def flush() -> None:
        nonlocal flushing
        loop = asyncio.get_running_loop()
        try:
            while pending:
                jobs = pending[:BATCH]
                del pending[:BATCH]
                try:
                    results = await loop.run_in_executor(
                        pool, _store_batch, sessions, jobs, author_salt(), on_stored
                    )
                except Exception as exc:  # the executor itself failed
                    results = [exc] * len(jobs)
                for job, res in zip(jobs, results, strict=True):
                    if isinstance(res, Exception):
                        job.future.set_exception(res)
                    else:
                        job.future.set_result(res)
        finally:
            flushing = False

    async def store(source: str, parsed: Parsed, body: bytes, strict: bool) -> dict[str, Any]:
        nonlocal flushing
        loop = asyncio.get_running_loop()
        job = _Job(source, parsed, body, strict, now(), loop.create_future())
        pending.append(job)
        if not flushing:
            flushing = True
            task = loop.create_task(flush())
            flushes.add(task)
            task.add_done_callback(flushes.discard)
        result = await job.future
        for reason, n in result.get("skipped", {}).items():
            st.skip(source, reason, n)
        if result.get("replayed"):
            st.skip(source, "replayed")
        st.counts[f"{source}.stored"] += len(result.get("added", []))
        st.counts[f"{source}.duplicates"] += result.get("duplicates", 0)
        committed(result.get("added", []))
        log.info(
            "webhook handled",
            extra={
                "source": source,
                "new": len(result.get("added", [])),
                "skipped": sum(result.get("skipped", {}).values()),
            },
        )
        return result

    @routes.get("/webhooks/meta")
    async def meta_verify(request: web.Request) -> web.Response:
        q = request.query
        expected = (
            settings.meta_verify_token.get_secret_value() if settings.meta_verify_token else ""
        )
        token = q.get("hub.verify_token", "")
        if (
            q.get("hub.mode") == "subscribe"
            and expected
            and hmac.compare_digest(token.encode(), expected.encode())
        ):
            return web.Response(text=q.get("hub.challenge", ""))
        return reject("meta", "bad_verify_token", 403)

    @routes.post("/webhooks/meta")
    @signed_json("meta", "X-Hub-Signature-256", settings.meta_app_secret)
    async def meta_event(body: bytes, payload: object) -> web.Response:
        if not isinstance(payload, dict):
            return reject("meta", "malformed_json", 400)
        parsed = parse_meta(payload, now())
        try:
            result = await store("meta", parsed, body, strict=False)
        except Exception:  # logged where it failed; Meta delivers the body again
            return reject("meta", "storage_unavailable", 503)
        return web.json_response(
            {
                "comments": len(result.get("added", [])),
                "duplicates": result.get("duplicates", 0),
                "skipped": sum(result.get("skipped", {}).values()),
                "replayed": bool(result.get("replayed")),
            }
        )

    @routes.post("/webhooks/generic")
    @signed_json("generic", "X-Vaktbot-Signature", settings.webhook_secret)
    async def generic_event(body: bytes, data: object) -> web.Response:
        try:
            model = parse_generic(data)
        except ValidationError as exc:
            problems = [
                {"loc": ".".join(str(x) for x in e["loc"]), "msg": e["msg"]}
                for e in exc.errors(include_input=False)[:20]
            ]
            count_refusal("generic", "invalid")
            return web.json_response({"error": "invalid", "problems": problems}, status=422)
        try:
            result = await store("generic", _generic_parsed(model), body, strict=True)
        except Exception:  # logged where it failed; the sender may retry
            return reject("generic", "storage_unavailable", 503)
        if "unknown_accounts" in result:
            st.counts["generic.rejected.unknown_account"] += 1
            return web.json_response(
                {"error": "unknown_account", "accounts": result["unknown_accounts"]}, status=422
            )
        return web.json_response(
            {
                "comments": len(result.get("added", [])),
                "duplicates": result.get("duplicates", 0),
                "snapshots": result.get("snapshots", 0),
                "replayed": bool(result.get("replayed")),
            }
        )

    return routes
