"""Duty rotation from the config plus absences and swaps from the database.

Also the provider of :class:`bot.duty.model.DutySummary` for digests and App Home.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.app import App
from bot.audit import audit
from bot.config import WEEKDAYS, Config, parse_time
from bot.duty.guards import check_absence
from bot.duty.model import (
    Absence,
    Deviations,
    Duty,
    DutySummary,
    DutyTeam,
    ExtendedHours,
    OnCall,
    Rotation,
    Swap,
)
from bot.duty.reasons import KINDS
from bot.duty.rotation import duty_at
from bot.store.models import AbsenceRow, SwapRow

ACTIVE_SWAPS = ("accepted", "forced")


class DutyError(ValueError):
    """A user mistake; ``key`` is the text key of the localised answer, ``kw`` its arguments."""

    def __init__(self, key: str, **kw: object):
        super().__init__(key)
        self.key = key
        self.kw = kw


def rotation_from_config(config: Config) -> Rotation | None:
    rc = config.rotation
    if rc is None:
        return None
    teams = []
    for tid in rc.teams:
        t = config.team(tid)
        assert t is not None  # validated by the config
        teams.append(DutyTeam(id=t.id, name=t.name, lead=t.lead, members=tuple(t.members)))
    on_call = None
    if rc.on_call is not None:
        on_call = OnCall(
            hours=rc.on_call.hours.weekly(), rule=rc.on_call.rule, roster=tuple(rc.on_call.roster)
        )
    return Rotation(
        id=config.organisation.name,
        teams=tuple(teams),
        start=rc.start,
        shift_weeks=rc.shift_weeks,
        handoff_weekday=WEEKDAYS.index(rc.handoff_weekday),
        handoff_time=parse_time(rc.handoff_time),
        tz=config.organisation.timezone,
        opening=rc.opening_hours.weekly(),
        extended=tuple(
            ExtendedHours(start=e.start, end=e.end, hours=e.hours.weekly())
            for e in rc.extended_hours
        ),
        on_call=on_call,
        calendar=config.work_calendar(),
    )


def rotation_for(app: App) -> Rotation | None:
    """The app's rotation (built once per App; its timeline cache is reused)."""
    if not app.caches.rotation_built:
        app.caches.rotation = rotation_from_config(app.config)
        app.caches.rotation_built = True
    return app.caches.rotation


def load_deviations(session: Session) -> Deviations:
    """The absences not cancelled and the swaps in force (accepted or forced)."""
    absences = tuple(
        Absence(person=r.person, start=r.start, end=r.end, reason=r.reason)  # type: ignore[arg-type]
        for r in session.scalars(select(AbsenceRow).where(AbsenceRow.cancelled_at.is_(None)))
    )
    swaps: list[Swap] = []
    for r in session.scalars(select(SwapRow).where(SwapRow.status.in_(ACTIVE_SWAPS))):
        if r.kind == "member":
            swaps.append(Swap.member(r.from_id, r.to_id, r.start, r.end))
        else:
            swaps.append(Swap.team(r.to_id, r.from_id, r.start, r.end))
    return Deviations(absences, tuple(swaps))


def duty_at_for(app: App, session: Session, at: datetime) -> Duty | None:
    rotation = rotation_for(app)
    if rotation is None:
        return None
    return duty_at(rotation, at, load_deviations(session))


def _name(app: App, pid: str | None) -> str:
    p = app.config.person(pid) if pid else None
    return p.name if p else (pid or "?")


def duty_summary(app: App, session: Session, at: datetime) -> DutySummary | None:
    duty = duty_at_for(app, session, at)
    if duty is None:
        return None
    return DutySummary(
        team_id=duty.team.id,
        team_name=duty.team.name,
        lead_id=duty.lead,
        lead_name=_name(app, duty.lead),
        members=tuple(_name(app, m) for m in duty.members),
        mode=duty.mode,
        on_call_name=_name(app, duty.on_call_person) if duty.on_call_person else None,
        shift_end=duty.shift_end,
        next_opening=duty.next_opening,
    )


# --- absences --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AbsenceRequest:
    """What an absence asks for: the columns of its row that the asker gives."""

    person: str
    start: date
    end: date
    reason: str  # the kind: sick, vacation, other
    note: str | None = None  # the reason as written


def add_absence(
    session: Session,
    req: AbsenceRequest,
    *,
    by: str,
    now: datetime,
    today: date | None = None,
    end_year_given: bool = True,
) -> AbsenceRow:
    """Store an absence after the guards (bot.duty.guards) and the overlap check."""
    refusal = check_absence(req.start, req.end, today or now.date(), end_year_given=end_year_given)
    if refusal is not None:
        raise DutyError(refusal.key, **refusal.kw)
    if req.reason not in KINDS:
        raise DutyError("duty.error.bad_reason", reason=req.reason)
    overlap = session.scalar(
        select(AbsenceRow).where(
            AbsenceRow.person == req.person,
            AbsenceRow.cancelled_at.is_(None),
            AbsenceRow.start <= req.end,
            AbsenceRow.end >= req.start,
        )
    )
    if overlap is not None:
        raise DutyError("duty.error.overlap", start=overlap.start, end=overlap.end)
    row = AbsenceRow(**asdict(req), created_by=by, created_at=now)
    session.add(row)
    session.flush()
    audit(
        session,
        actor=by,
        action="absence.add",
        subject=f"person:{req.person}",
        now=now,
        detail={"start": req.start.isoformat(), "end": req.end.isoformat(), "reason": req.reason},
    )
    return row


# --- swaps -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SwapRequest:
    """What a swap asks for: the columns of its row that the asker gives."""

    kind: str  # member | team
    from_id: str
    to_id: str
    start: date
    end: date


@dataclass(frozen=True)
class SwapAsked:
    row: SwapRow
    merged: bool  # the same request was already waiting: nothing new was asked


def request_swap(
    session: Session, req: SwapRequest, *, by: str, now: datetime, forced: bool = False
) -> SwapAsked:
    """Record a swap request (or a forced swap). Asking again for the same swap while the first
    request waits for an answer merges into it: the waiting row comes back, ``merged``."""
    if req.from_id == req.to_id:
        raise DutyError("duty.error.swap_self")
    if req.end < req.start:
        raise DutyError("duty.error.end_before_start", start=req.start, end=req.end)
    waiting = session.scalar(
        select(SwapRow).where(
            SwapRow.kind == req.kind,
            SwapRow.from_id == req.from_id,
            SwapRow.to_id == req.to_id,
            SwapRow.start == req.start,
            SwapRow.end == req.end,
            SwapRow.status == "pending",
        )
    )
    if waiting is not None and not forced:
        return SwapAsked(waiting, merged=True)
    row = SwapRow(
        **asdict(req),
        status="forced" if forced else "pending",
        requested_by=by,
        decided_by=by if forced else None,
        decided_at=now if forced else None,
        created_at=now,
    )
    session.add(row)
    session.flush()
    audit(
        session,
        actor=by,
        action="swap.force" if forced else "swap.request",
        subject=f"swap:{row.id}",
        now=now,
        detail={
            "kind": req.kind,
            "from": req.from_id,
            "to": req.to_id,
            "start": req.start.isoformat(),
            "end": req.end.isoformat(),
        },
    )
    return SwapAsked(row, merged=False)


def decide_swap(session: Session, swap_id: int, *, accept: bool, by: str, now: datetime) -> SwapRow:
    """Accept or decline a pending swap; only the asked side (or its lead for teams) may."""

    row = session.get(SwapRow, swap_id)
    if row is None:
        raise DutyError("duty.error.no_swap")
    res = session.execute(
        update(SwapRow)
        .where(SwapRow.id == swap_id, SwapRow.status == "pending")
        .values(status="accepted" if accept else "declined", decided_by=by, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(res, "rowcount", 0) != 1:
        session.refresh(row)
        raise DutyError("duty.error.swap_decided", status=row.status)
    session.refresh(row)
    audit(
        session,
        actor=by,
        action="swap.accept" if accept else "swap.decline",
        subject=f"swap:{swap_id}",
        now=now,
    )
    return row
