"""New comments -> labels -> alert DMs to whoever is on duty at the comment's arrival.

``on_new_comments(app, session, comment_ids, now)`` is called by the webhook routes, the
pollers and the demo inside the transaction that stored the comments. It classifies each
unclassified comment (surge from the post's recent arrivals in the database, with a cool-down),
skips the page's own comments, asks the rotation who is on duty AT ``received_at`` and writes
alert DMs to the outbox (key ``alert:comment:<comment id>:<person>``) plus ``alert_deliveries``
rows, so a button press can later edit every copy. Comments outside opening hours (or
non-priority ones during on-call hours) are left queued (``routed_at`` empty) for the "while
you were away" summary. More than ``moderation.batch_threshold`` alerts to one person within a
minute: the rest are held (delivery level ``batched``) and sent as one grouped message by the
scheduler's batch job.

The message builders live in :mod:`bot.moderation.messages`.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.app import App
from bot.delivery.outbox import enqueue, enqueue_update
from bot.duty.model import NO_DEVIATIONS
from bot.duty.rotation import duty_at
from bot.duty.store import load_deviations, rotation_for
from bot.messages.model import Message
from bot.metrics import ResponseJudge, schedule_from_config
from bot.moderation.autohide import HideRules, hide_rule
from bot.moderation.classify import ClassifierSettings, classify
from bot.moderation.ledger import RULE_ACTOR, actions_of, request_action
from bot.moderation.messages import (
    AlertContext,
    alert_message,
    list_message,
)
from bot.moderation.rules import (
    BATCH_WINDOW,
    batch_split,
    format_labels,
    needs_attention,
    parse_labels,
    route,
)
from bot.moderation.surge import surge_should_alert, surge_stats
from bot.prefs import locale_for
from bot.store.models import Account, AlertDelivery, Comment, Outbox, Post, Setting
from bot.store.upsert import insert_for

log = logging.getLogger("vaktbot.alerts")

SURGE_WINDOW = timedelta(hours=25)


@dataclass
class AlertReport:
    classified: int = 0
    skipped: int = 0  # the page's own or deleted comments
    quiet: int = 0  # nothing that needs attention
    alerted: int = 0  # comments that went to somebody
    queued: int = 0
    messages: int = 0
    batched: int = 0
    auto_hidden: list[int] = field(default_factory=list)  # comments a rule hides on arrival
    backfilled: int = 0  # older than the backfill window: summarised once, not alerted


# --- settings --------------------------------------------------------------------------------


def _account_name(name: str) -> str:
    """ "Skatteetaten (Facebook)" / "@skatteetaten (Instagram)" -> "Skatteetaten"."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name).lstrip("@").strip()


def classifier_settings(app: App) -> ClassifierSettings:
    if app.caches.classifier is None:
        mod = app.config.moderation
        app.caches.classifier = ClassifierSettings(
            account_names=sorted({_account_name(a.name) for a in app.config.accounts}),
            extra_hate_words=mod.hate_words,
            extra_troll_words=mod.troll_words,
        )
    return app.caches.classifier


def account_rules(app: App) -> dict[str, HideRules]:
    """The moderation rules of each account that hides comments on arrival."""
    return {
        a.id: HideRules(
            premoderate=a.premoderate,
            hide_links=a.hide_links == "unverified",
            allowed_domains=frozenset(a.allowed_domains),
            hide_personal_data=a.hide_personal_data,
        )
        for a in app.config.accounts
        if a.hides_automatically
    }


def deadline_for(app: App, created_at: datetime) -> datetime:
    """The response deadline (bot.moderation.rules.response_deadline), with the working-time clock
    built once per month of arrivals (the escalation job asks every minute)."""
    judges = app.caches.deadline_judges
    local = created_at.astimezone(ZoneInfo(app.tz))
    month = (local.year, local.month)
    judge = judges.get(month)
    if judge is None:
        cal, schedule = app.config.work_calendar(), schedule_from_config(app.config)
        first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        last = first + timedelta(days=32)
        rule = app.config.moderation.response_target
        judge = judges[month] = ResponseJudge(cal, rule, schedule, first, last)
    due: datetime = judge.deadline(created_at)
    return due


def _setting(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return None if row is None else row.value


def _put(session: Session, key: str, value: Any, now: datetime) -> None:
    """Upsert a setting (safe when two routing transactions write the same key)."""
    ins = insert_for(session, Setting)
    row = {"key": key, "value": value, "updated_at": now, "updated_by": "vaktbot"}
    session.execute(
        ins.values(**row).on_conflict_do_update(
            index_elements=["key"], set_={"value": ins.excluded.value, "updated_at": now}
        )
    )


# --- the pipeline ----------------------------------------------------------------------------


def _surge(
    session: Session,
    c: Comment,
    cache: dict[tuple[str, str], list[datetime]],
    marks: dict[str, datetime],
) -> bool:
    if not c.post_external_id:
        return False
    key = (c.account_id, c.post_external_id)
    arrivals = cache.get(key)
    if arrivals is None:
        arrivals = cache[key] = list(
            session.scalars(
                select(Comment.received_at).where(
                    Comment.account_id == c.account_id,
                    Comment.post_external_id == c.post_external_id,
                    Comment.received_at > c.received_at - SURGE_WINDOW,
                )
            )
        )
    if not surge_stats(arrivals, c.received_at).surging:
        return False
    skey = f"moderation:surge:{c.account_id}:{c.post_external_id}"
    last = marks.get(skey) or _setting(session, skey)
    last_at = datetime.fromisoformat(last) if isinstance(last, str) else last
    if not surge_should_alert(last_at, c.received_at):
        return False
    marks[skey] = c.received_at  # written at the end, with the other writes
    return True


def on_new_comments(
    app: App, session: Session, comment_ids: Sequence[int], now: datetime
) -> AlertReport:
    """Classify, route and queue alerts for newly stored comments (inside the caller's
    transaction; nothing is committed here). Every read comes first and every write last, so
    the database write lock is held only briefly (SQLite has one writer)."""
    report = AlertReport()
    if not comment_ids:
        return report
    with session.no_autoflush:
        _route_all(app, session, comment_ids, now, report)
    session.flush()
    return report


def _route_all(
    app: App, session: Session, comment_ids: Sequence[int], now: datetime, report: AlertReport
) -> None:
    rows = session.scalars(
        select(Comment)
        .where(Comment.id.in_(list(comment_ids)))
        .order_by(Comment.received_at, Comment.id)
    ).all()
    settings = classifier_settings(app)
    mod = app.config.moderation
    rotation = rotation_for(app)
    deviations = load_deviations(session) if rotation else NO_DEVIATIONS
    surges: dict[tuple[str, str], list[datetime]] = {}
    marks: dict[str, datetime] = {}
    plan: dict[str, list[Comment]] = defaultdict(list)
    hide_rules = account_rules(app)
    hides: list[tuple[int, str]] = []
    since = backfill_since(app, session, now)
    backfill: list[Comment] = []
    for c in rows:
        if c.from_page or c.deleted:
            c.labels = "" if c.labels is None else c.labels
            report.skipped += 1
            continue
        if c.labels is None:
            surge = _surge(session, c, surges, marks)
            c.labels = format_labels(classify(c.text or "", settings, surge=surge).labels)
            report.classified += 1
        elif c.routed_at is not None or c.state != "new":
            continue  # handled before
        labels = parse_labels(c.labels)
        rule = hide_rule(c.text, hide_rules[c.account_id]) if c.account_id in hide_rules else None
        if rule is not None and not c.is_hidden:
            hides.append((c.id, rule))
        if not needs_attention(labels) and rule is None:
            report.quiet += 1
            continue
        if c.created_at < since:  # a first poll, an import, a late delivery
            backfill.append(c)
            report.backfilled += 1
            continue
        if rotation is None:  # no rotation: nobody is "on duty"; the team channel sees it
            team = _account_team(app, session, c)
            if team:
                plan[f"channel:{team}"].append(c)
                report.alerted += 1
            continue
        duty = duty_at(rotation, c.received_at, deviations)
        # round robin by comment id: no shared counter, so concurrent webhooks cannot collide
        decision = route(duty, labels, mod.alert_mode, c.id, review=rule is not None)
        if decision.level == "queue":
            report.queued += 1
            continue
        report.alerted += 1
        team_cfg = app.config.team(duty.team.id)
        if (
            decision.level == "alert"
            and team_cfg is not None
            and team_cfg.alerts.comment == "channel"
        ):
            plan[f"channel:{duty.team.id}"].append(c)  # the team's choice: alerts in the channel
            continue
        for pid in decision.recipients:
            plan[f"user:{pid}"].append(c)
    for cid, rule in hides:  # written before the alerts, which show them ("hiding…")
        request_action(
            session,
            key=f"hide:{cid}:rule",
            comment_id=cid,
            kind="hide",
            actor=RULE_ACTOR,
            rule=rule,
            now=now,
        )
        report.auto_hidden.append(cid)
    if backfill and rotation is not None:
        duty = duty_at(rotation, now, deviations)
        if duty.mode == "open":
            _summarise_backfill(app, session, backfill, f"channel:{duty.team.id}", now)
        # closed: they stay queued for the "while you were away" summary at the opening
    elif backfill:
        team = _account_team(app, session, backfill[0])
        if team:
            _summarise_backfill(app, session, backfill, f"channel:{team}", now)
    writes = _messages(app, session, plan, now) if plan else []
    created = {c.id: c.created_at for c in rows}
    for skey, at in marks.items():
        _put(session, skey, at.isoformat(), at)
    for key, target, person, msg, level in writes:
        if level == "batched":  # held for the grouped message (scheduler.moderation)
            session.add(
                AlertDelivery(comment_id=int(key.split(":")[2]), outbox_key=key, person=person,
                              level="batched", created_at=now)
            )  # fmt: skip
            report.batched += 1
        elif msg is not None and enqueue(
            session,
            key=key,
            kind="alert.comment",
            target=target,
            message=msg,
            now=now,
            # worth trying until the comment's response deadline (or until it is handled)
            expires_at=deadline_for(app, created[int(key.split(":")[2])]),
        ):
            session.add(
                AlertDelivery(comment_id=int(key.split(":")[2]), outbox_key=key, person=person,
                              level="alert", created_at=now)
            )  # fmt: skip
            report.messages += 1
    log.info(
        "comments routed",
        extra={"new": len(rows), "alerted": report.alerted, "queued": report.queued},
    )


BACKFILL_GRACE = timedelta(hours=1)


def backfill_since(app: App, session: Session, now: datetime) -> datetime:
    """Comments created before this instant are backfill: ``moderation.backfill_hours`` before
    ``now`` if set, else the last daily digest (a day before ``now`` when there is none), and
    never less than an hour before ``now``."""
    hours = app.config.moderation.backfill_hours
    if hours is not None:
        return now - timedelta(hours=hours)
    last = session.scalar(select(func.max(Outbox.created_at)).where(Outbox.kind == "digest.daily"))
    if last is None or last > now:
        return now - timedelta(days=1)
    return min(last, now - BACKFILL_GRACE)  # a comment just before the digest is not backfill


BACKFILL_WINDOW = timedelta(hours=1)


def open_notice(
    session: Session, target: str, levels: Sequence[str], since: datetime
) -> str | None:
    """The key of the newest notice at one of ``levels`` posted to ``target`` since ``since``
    and still live (pending or sent): the list that later comments of the same kind join by an
    edit instead of a message of their own."""
    return session.scalar(
        select(Outbox.key)
        .join(AlertDelivery, AlertDelivery.outbox_key == Outbox.key)
        .where(
            Outbox.target == target,
            Outbox.op == "post",
            Outbox.status.in_(("pending", "sent")),
            Outbox.created_at > since,
            AlertDelivery.level.in_(levels),
        )
        .order_by(Outbox.created_at.desc(), Outbox.id.desc())
        .limit(1)
    )


def _summarise_backfill(
    app: App, session: Session, comments: list[Comment], target: str, now: datetime
) -> None:
    """ONE list of the backfilled comments to ``target``; they start the escalation clock as
    if summarised at an opening. Comments backfilled within the hour after it (Meta re-sending
    the webhooks it could not deliver while the service was down, one comment each) join that
    list by an edit, so the channel gets one message, not one per comment."""
    loc = app.config.organisation.locale
    open_key = open_notice(session, target, ("backfill",), now - BACKFILL_WINDOW)
    earlier: list[Comment] = []
    if open_key is not None:
        earlier = list(
            session.scalars(
                select(Comment)
                .join(AlertDelivery, AlertDelivery.comment_id == Comment.id)
                .where(AlertDelivery.outbox_key == open_key)
                .order_by(Comment.received_at, Comment.id)
            )
        )
    members = [*earlier, *comments]
    ctxs = load_contexts(app, session, members)
    msg = list_message(app, [ctxs[c.id] for c in members], loc, now, "backfill")
    if open_key is not None:
        key = open_key
        version = f"backfill:{len(members)}:{now.isoformat()}"
        enqueue_update(session, ref_key=key, message=msg, now=now, version=version)
    else:
        key = f"alert:backfill:{target}:{now.isoformat()}"
        if not enqueue(
            session, key=key, kind="alert.backfill", target=target, message=msg, now=now
        ):
            return
    for c in comments:
        c.routed_at = now
        session.add(
            AlertDelivery(
                comment_id=c.id, outbox_key=key, person=None, level="backfill", created_at=now
            )
        )


def _account_team(app: App, session: Session, c: Comment) -> str | None:
    acc = session.get(Account, c.account_id)
    if acc is not None and acc.team:
        return acc.team
    return app.config.teams[0].id if app.config.teams else None


def _recent_counts(session: Session, people: Iterable[str], now: datetime) -> dict[str, int]:
    q = (
        select(AlertDelivery.person, func.count())
        .where(AlertDelivery.person.in_(list(people)))
        .where(AlertDelivery.level.in_(("alert", "batched")))
        .where(AlertDelivery.created_at > now - BATCH_WINDOW)
        .group_by(AlertDelivery.person)
    )
    return {p: int(n) for p, n in session.execute(q) if p}


def _messages(
    app: App, session: Session, plan: dict[str, list[Comment]], now: datetime
) -> list[tuple[str, str, str | None, Message | None, str]]:
    """(outbox key, target, person, message, level) per recipient and comment; the first
    ``batch_threshold`` alerts per person within a minute go one by one, the rest are held."""
    people = [target.split(":", 1)[1] for target in plan if target.startswith("user:")]
    recent = _recent_counts(session, people, now) if people else {}
    contexts = load_contexts(app, session, {c.id: c for cs in plan.values() for c in cs}.values())
    threshold = app.config.moderation.batch_threshold
    out: list[tuple[str, str, str | None, Message | None, str]] = []
    for target, comments in plan.items():
        kind, ident = target.split(":", 1)
        pid = ident if kind == "user" else None
        single, _ = batch_split(recent.get(ident, 0), len(comments), threshold)
        single = len(comments) if pid is None else single
        loc = locale_for(session, app.config, pid)
        for i, c in enumerate(comments):
            c.routed_at = c.routed_at or now
            if i >= single:
                out.append((f"alert:batched:{c.id}:{ident}", target, pid, None, "batched"))
            else:
                msg = alert_message(app, contexts[c.id], loc, now)
                out.append((f"alert:comment:{c.id}:{ident}", target, pid, msg, "alert"))
    return out


def load_contexts(
    app: App, session: Session, comments: Iterable[Comment]
) -> dict[int, AlertContext]:
    """Account names, post texts, labels and deadlines for building messages (two queries)."""
    comments = list(comments)
    if not comments:
        return {}
    names = dict(session.execute(select(Account.id, Account.name)).all())
    wanted = {(c.account_id, c.post_external_id) for c in comments if c.post_external_id}
    posts: dict[tuple[str, str], str | None] = {}
    if wanted:
        q = select(Post.account_id, Post.external_id, Post.text).where(
            Post.account_id.in_({a for a, _ in wanted}),
            Post.external_id.in_({p for _, p in wanted}),
        )
        posts = {(a, e): txt for a, e, txt in session.execute(q)}
    done = actions_of(session, [c.id for c in comments])
    return {
        c.id: AlertContext(
            actions=tuple(done.get(c.id, ())),
            comment=c,
            account=names.get(c.account_id, c.account_id),
            post=posts.get((c.account_id, c.post_external_id or "")),
            labels=parse_labels(c.labels),
            deadline=deadline_for(app, c.created_at),
        )
        for c in comments
    }
