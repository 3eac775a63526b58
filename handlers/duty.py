"""/vakt who, rota, me, away, swap, hours — and the Accept/Decline buttons of swap requests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.app import App
from bot.dateparse import parse_day, parse_day_or_week, parse_period
from bot.delivery.outbox import enqueue
from bot.duty.calendar import duty_hours
from bot.duty.model import PersonShift
from bot.duty.rotation import duty_at, next_shifts_for, upcoming_shifts
from bot.duty.store import (
    DutyError,
    SwapRequest,
    add_absence,
    decide_swap,
    load_absences_swaps,
    request_swap,
    rotation_for,
)
from bot.i18n import fmt_date, fmt_datetime, fmt_number, fmt_time, t
from bot.messages.model import (
    Actions,
    Block,
    Button,
    Context,
    Facts,
    Header,
    ListBlock,
    Message,
    Reply,
    Section,
)
from bot.people import resolve_mention
from bot.policy import Act, decide
from bot.requests import ActionRequest, Request
from bot.store.models import SwapRow


def _msg(app: App, locale: str, text: str, *blocks: Block) -> Message:
    return Message(text=text, blocks=blocks or (Section(text),), locale=locale, tz=app.tz)


def _say(app: App, locale: str, key: str, **kw: object) -> Reply:
    return Reply(_msg(app, locale, t(locale, key, **kw)))


def _name(app: App, pid: str | None) -> str:
    p = app.config.person(pid) if pid else None
    return p.name if p else (pid or "?")


def _local(app: App, dt: datetime) -> datetime:
    return dt.astimezone(rotation_for(app).zone)  # type: ignore[union-attr]


def who(app: App, req: Request) -> Reply:
    rotation = rotation_for(app)
    if rotation is None:
        return _say(app, req.locale, "duty.no_rotation")
    loc = req.locale
    with app.sessions() as s:
        absences, swaps = load_absences_swaps(s)
    duty = duty_at(rotation, req.now, absences, swaps)
    today = _local(app, req.now).date()
    hours = (
        [f"{a:%H:%M}–{b:%H:%M}" for a, b in rotation.opening.get(today.weekday(), ())]
        if rotation.cal.is_working_day(today)
        else []
    )
    text = t(loc, "duty.who.text", team=duty.team.name, lead=_name(app, duty.lead))
    facts = [
        (t(loc, "duty.label.team"), duty.team.name),
        (t(loc, "duty.label.lead"), _name(app, duty.lead)),
        (t(loc, "duty.label.now"), t(loc, f"duty.mode.{duty.mode}")),
        (t(loc, "duty.label.hours_today"), ", ".join(hours) or t(loc, "duty.closed_today")),
        (t(loc, "duty.label.next_handoff"), fmt_datetime(loc, _local(app, duty.shift_end))),
    ]
    if duty.on_call_person:
        facts.append((t(loc, "duty.label.on_call"), _name(app, duty.on_call_person)))
    if duty.mode != "open" and duty.next_opening:
        facts.append(
            (t(loc, "duty.label.next_opening"), fmt_datetime(loc, _local(app, duty.next_opening)))
        )
    members = ", ".join(_name(app, m) for m in duty.members)
    return Reply(
        _msg(
            app,
            loc,
            text,
            Header(t(loc, "duty.who.header")),
            Facts(tuple(facts)),
            Section(f"*{t(loc, 'duty.label.members')}:* {members}"),
        )
    )


def rota(app: App, req: Request) -> Reply:
    rotation = rotation_for(app)
    if rotation is None:
        return _say(app, req.locale, "duty.no_rotation")
    loc = req.locale
    try:
        weeks = int(req.args[0]) if req.args else 8
    except ValueError:
        weeks = 8
    weeks = max(1, min(weeks, 52))
    lines = []
    for shift in upcoming_shifts(rotation, req.now, weeks):
        line = t(
            loc,
            "duty.rota.line",
            start=fmt_date(loc, _local(app, shift.start)),
            end=fmt_date(loc, _local(app, shift.end) - timedelta(days=1)),
            team=shift.team.name,
            lead=_name(app, shift.team.lead),
        )
        if shift.holidays:
            days = ", ".join(
                fmt_date(loc, d, "d. MMM" if loc == "nb" else "d MMM") for d in shift.holidays
            )
            line += " — " + t(loc, "duty.rota.holidays", days=days)
        lines.append(line)
    header = t(loc, "duty.rota.header", weeks=weeks)
    return Reply(_msg(app, loc, header, Header(header), ListBlock(tuple(lines))))


def _shift_lines(loc: str, shifts: list[PersonShift]) -> tuple[str, ...]:
    return tuple(
        t(
            loc,
            "duty.me.line",
            start=fmt_date(loc, ps.days[0]),
            end=fmt_date(loc, ps.days[-1]),
            team=ps.team.name,
            days=len(ps.days),
        )
        for ps in shifts
    )


def me(app: App, req: Request) -> Reply:
    rotation = rotation_for(app)
    if rotation is None:
        return _say(app, req.locale, "duty.no_rotation")
    if req.person is None:
        return _say(app, req.locale, "common.not_registered")
    loc = req.locale
    with app.sessions() as s:
        absences, swaps = load_absences_swaps(s)
    shifts = next_shifts_for(rotation, req.person, req.now, 3, absences, swaps)
    if not shifts:
        return _say(app, loc, "duty.me.none")
    lines = _shift_lines(loc, shifts)
    header = t(loc, "duty.me.header")
    return Reply(_msg(app, loc, f"{header}: {lines[0]}", Header(header), ListBlock(lines)))


def away(app: App, req: Request) -> Reply:
    loc = req.locale
    if req.person is None:
        return _say(app, loc, "common.not_registered")
    args = list(req.args)
    person = req.person
    if "for" in args:
        i = args.index("for")
        if i + 1 >= len(args):
            return _say(app, loc, "duty.away.usage")
        target = resolve_mention(app.config, args[i + 1])
        if target is None:
            return _say(app, loc, "common.unknown_person", who=args[i + 1])
        verdict = decide(app.config, req.person, Act.ABSENCE, subject=target.id)
        if not verdict:
            return _say(app, loc, verdict.reason)
        person = target.id
        del args[i : i + 2]
    elif not (verdict := decide(app.config, req.person, Act.ABSENCE, subject=req.person)):
        return _say(app, loc, verdict.reason)
    if len(args) < 2:
        return _say(app, loc, "duty.away.usage")
    today = _local(app, req.now).date() if rotation_for(app) else req.now.date()
    start, end = parse_day(args[0], today), parse_day(args[1], today)
    if start is None or end is None:
        return _say(app, loc, "common.bad_date", value=args[0] if start is None else args[1])
    if end < start and len(args[1].split(".")) <= 2 and "-" not in args[1]:
        end = end.replace(year=end.year + 1) if end.replace(year=end.year + 1) >= start else end
    reason = args[2].lower() if len(args) > 2 else "other"
    try:
        with app.sessions.begin() as s:
            add_absence(
                s, person=person, start=start, end=end, reason=reason, by=req.person, now=req.now
            )
    except DutyError as exc:
        return _say(app, loc, exc.key, **_fmt_kw(loc, exc.kw))
    return _say(
        app,
        loc,
        "duty.away.done",
        person=_name(app, person),
        start=fmt_date(loc, start),
        end=fmt_date(loc, end),
        reason=t(loc, f"duty.reason.{reason}"),
    )


def _fmt_kw(loc: str, kw: dict[str, object]) -> dict[str, object]:
    return {k: fmt_date(loc, v) if isinstance(v, date) else v for k, v in kw.items()}


def swap(app: App, req: Request) -> Reply:
    loc = req.locale
    rotation = rotation_for(app)
    if rotation is None:
        return _say(app, loc, "duty.no_rotation")
    if req.person is None:
        return _say(app, loc, "common.not_registered")
    args = [a for a in req.args if a.lower() not in ("force", "--force")]
    forced = len(args) != len(req.args)
    if len(args) < 2:
        return _say(app, loc, "duty.swap.usage")
    other = resolve_mention(app.config, args[0])
    if other is None:
        return _say(app, loc, "common.unknown_person", who=args[0])
    today = _local(app, req.now).date()
    span = parse_day_or_week(" ".join(args[1:]), today)
    if span is None:
        return _say(app, loc, "common.bad_date", value=" ".join(args[1:]))
    start, end = span
    if other.id == req.person:
        return _say(app, loc, "duty.error.swap_self")
    # asking is one's own business; forcing a swap on a colleague is their lead's
    subject = other.id if forced else req.person
    verdict = decide(app.config, req.person, Act.SWAP, subject=subject, force=forced)
    if not verdict:
        return _say(app, loc, verdict.reason)
    with app.sessions() as s:
        absences, swaps = load_absences_swaps(s)
    shifts = next_shifts_for(rotation, req.person, _start_of(rotation, start), 6, absences, swaps)
    mine = [d for ps in shifts for d in ps.days if start <= d <= end]
    if not mine:
        return _say(
            app, loc, "duty.error.not_on_duty", start=fmt_date(loc, start), end=fmt_date(loc, end)
        )
    start, end = min(mine), max(mine)
    try:
        with app.sessions.begin() as s:
            row = request_swap(
                s,
                SwapRequest("member", req.person, other.id, start, end),
                by=req.person,
                now=req.now,
                forced=forced,
            )
            if not forced:
                olocale = app.config.locale_of(other.id)
                enqueue(
                    s,
                    key=f"duty:swap:{row.id}:request",
                    kind="duty.swap_request",
                    target=f"user:{other.id}",
                    message=_swap_request_message(app, row, olocale),
                    now=req.now,
                )
    except DutyError as exc:
        return _say(app, loc, exc.key, **_fmt_kw(loc, exc.kw))
    key = "duty.swap.forced" if forced else "duty.swap.asked"
    return _say(
        app,
        loc,
        key,
        to=other.name,
        from_=_name(app, req.person),
        start=fmt_date(loc, start),
        end=fmt_date(loc, end),
    )


def _start_of(rotation, d: date) -> datetime:  # type: ignore[no-untyped-def]

    return datetime.combine(d, time(0), tzinfo=rotation.zone)


def _swap_request_message(app: App, row: SwapRow, loc: str) -> Message:
    text = t(
        loc,
        "duty.swap.request_text",
        from_=_name(app, row.from_id),
        start=fmt_date(loc, row.start),
        end=fmt_date(loc, row.end),
    )
    buttons = (
        Button(t(loc, "duty.swap.accept"), "duty.swap_accept", str(row.id), "primary"),
        Button(t(loc, "duty.swap.decline"), "duty.swap_decline", str(row.id)),
    )
    return _msg(app, loc, text, Section(text), Actions(buttons))


def _decide(app: App, req: ActionRequest, accept: bool) -> Reply:
    loc = req.locale
    try:
        swap_id = int(req.value)
    except ValueError:
        return _say(app, loc, "duty.error.no_swap")
    try:
        with app.sessions.begin() as s:
            row = s.get(SwapRow, swap_id)
            if row is None:
                raise DutyError("duty.error.no_swap")
            verdict = decide(app.config, req.person, Act.DECIDE_SWAP, subject=row.to_id)
            if not verdict:
                raise DutyError(verdict.reason)
            row = decide_swap(s, swap_id, accept=accept, by=req.person or "?", now=req.now)
            key = "duty.swap.accepted" if accept else "duty.swap.declined"
            rloc = app.config.locale_of(row.from_id)
            note = t(
                rloc,
                key,
                by=_name(app, req.person),
                start=fmt_date(rloc, row.start),
                end=fmt_date(rloc, row.end),
                at=fmt_time(rloc, _local(app, req.now)),
            )
            enqueue(
                s,
                key=f"duty:swap:{row.id}:answer",
                kind="duty.swap_answer",
                target=f"user:{row.from_id}",
                message=_msg(app, rloc, note),
                now=req.now,
            )
    except DutyError as exc:
        return _say(app, loc, exc.key, **_fmt_kw(loc, exc.kw))
    done = t(
        loc,
        key,
        by=_name(app, req.person),
        start=fmt_date(loc, row.start),
        end=fmt_date(loc, row.end),
        at=fmt_time(loc, _local(app, req.now)),
    )
    return Reply(_msg(app, loc, done, Section(done)), ephemeral=False, replace_original=True)


def swap_accept(app: App, req: ActionRequest) -> Reply:
    return _decide(app, req, True)


def swap_decline(app: App, req: ActionRequest) -> Reply:
    return _decide(app, req, False)


def hours(app: App, req: Request) -> Reply:
    loc = req.locale
    rotation = rotation_for(app)
    if rotation is None:
        return _say(app, loc, "duty.no_rotation")
    period = parse_period(req.rest, _local(app, req.now).date())
    if period is None:
        return _say(app, loc, "duty.hours.usage")
    if not decide(app.config, req.person, Act.READ_HOURS):  # a lead, manager or admin: the table
        mine = decide(app.config, req.person, Act.READ_HOURS, subject=req.person)
        if not mine:
            return _say(app, loc, mine.reason)
    with app.sessions() as s:
        absences, swaps = load_absences_swaps(s)
    start, end = _start_of(rotation, period[0]), _start_of(rotation, period[1] + timedelta(days=1))
    table = {
        pid: h
        for pid, h in duty_hours(rotation, start, end, absences, swaps).items()
        if decide(app.config, req.person, Act.READ_HOURS, subject=pid)
    }
    lines = tuple(
        t(
            loc,
            "duty.hours.line",
            name=_name(app, pid),
            open=fmt_number(loc, h.open_hours, 1),
            on_call=fmt_number(loc, h.on_call_hours, 1),
        )
        for pid, h in sorted(table.items(), key=lambda kv: _name(app, kv[0]))
    )
    header = t(
        loc, "duty.hours.header", start=fmt_date(loc, period[0]), end=fmt_date(loc, period[1])
    )
    return Reply(
        _msg(
            app,
            loc,
            header,
            Header(header),
            ListBlock(lines),
            Context("vaktbot export hours --csv"),
        )
    )


def home_section(app: App, session: Session, person: str | None, now: datetime) -> list[Block]:
    rotation = rotation_for(app)
    if rotation is None or person is None:
        return []
    loc = app.config.locale_of(person)
    absences, swaps = load_absences_swaps(session)
    shifts = next_shifts_for(rotation, person, now, 3, absences, swaps)
    lines = _shift_lines(loc, shifts) or (t(loc, "duty.me.none"),)
    return [Header(t(loc, "duty.home.header")), ListBlock(lines)]


COMMANDS = {"who": who, "rota": rota, "me": me, "away": away, "swap": swap, "hours": hours}
ACTIONS = {"duty.swap_accept": swap_accept, "duty.swap_decline": swap_decline}
HELP = [
    ("who", "duty.help.who"),
    ("rota", "duty.help.rota"),
    ("me", "duty.help.me"),
    ("away", "duty.help.away"),
    ("swap", "duty.help.swap"),
    ("hours", "duty.help.hours"),
]
