"""Keep the on-duty handle current (bot.duty.handle says what it should be): called after
every tick; the platform is called only for what differs from what was last set (kept in the
settings table), so a user group or topic changes exactly when the people on duty change."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.app import App
from bot.duty.handle import Wanted, wanted
from bot.duty.rotation import duty_at
from bot.duty.store import load_deviations, rotation_for
from bot.i18n import t
from bot.store.db import transaction
from bot.store.models import Setting
from bot.transports.base import HandleKeeper, PermanentError, TransientError, Transport

log = logging.getLogger("vaktbot.handles")
PREFIX = "handle."


def configured(app: App) -> bool:
    h = app.config.handle
    return bool(h.slack_usergroup or h.topic or any(t.slack_usergroup for t in app.config.teams))


def due(app: App, now: datetime) -> list[Wanted]:
    """The handles whose wanted value differs from the one last set."""
    rotation = rotation_for(app)
    if rotation is None:
        return []
    with app.sessions() as s:
        duty = duty_at(rotation, now, load_deviations(s))
        loc = app.config.organisation.locale
        out = []
        for w in wanted(
            app.config, duty, lambda team, lead: t(loc, "duty.topic", team=team, lead=lead)
        ):
            row = s.get(Setting, PREFIX + w.key)
            if row is None or row.value != {"target": w.target, "value": w.value}:
                out.append(w)
        return out


async def sync_handles(app: App, transport: Transport, now: datetime) -> int:
    """Set what differs; returns how many handles were changed. A failure is logged and tried
    again at the next tick (nothing is recorded for it)."""
    if not isinstance(transport, HandleKeeper) or not configured(app):
        return 0
    changed = 0
    for w in due(app, now):
        try:
            if w.kind == "usergroup":
                await transport.set_usergroup(w.target, w.value.split(",") if w.value else [])
            else:
                await transport.set_topic(w.target, w.value)
        except (TransientError, PermanentError) as exc:
            log.warning("on-duty handle not updated", extra={"handle": w.key, "error": str(exc)})
            continue
        with transaction(app.sessions) as s:
            s.merge(
                Setting(
                    key=PREFIX + w.key,
                    value={"target": w.target, "value": w.value},
                    updated_at=now,
                    updated_by=None,
                )
            )
        changed += 1
    return changed
