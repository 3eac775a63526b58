"""/vakt who, rota, me, away, swap, hours — and the Accept/Decline buttons of swap requests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.app import App
from bot.dateparse import parse_period, take_span
from bot.delivery.outbox import enqueue
from bot.duty.calendar import duty_hours
from bot.duty.guards import MAX_BACK, check_swap, check_swap_dates
from bot.duty.model import PersonShift
from bot.duty.reasons import read_reason
from bot.duty.rotation import duty_at, next_shifts_for, upcoming_shifts
from bot.duty.store import (
    AbsenceRequest,
    DutyError,
    SwapRequest,
    add_absence,
    decide_swap,
    load_deviations,
    request_swap,
    rotation_for,
)
from bot.i18n import (
    fmt_datetime,
    fmt_day,
    fmt_span,
    fmt_time,
    plural,
    plurals,
    t,
)
from bot.messages.markup import date_token
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
from bot.prefs import locale_for
from bot.requests import ActionRequest, Request
from bot.store.models import SwapRow
from bot.transports.base import Reach, Reachable


def _msg(app: App, locale: str, text: str, *blocks: Block) -> Message:
    return Message(text=text, blocks=blocks or (Section(text),), locale=locale, tz=app.tz)


def _say(app: App, locale: str, key: str, **kw: object) -> Reply:
    return Reply(_msg(app, locale, t(locale, key, **kw)))


def _name(app: App, pid: str | None) -> str:
    p = app.config.person(pid) if pid else None
    return p.name if p else (pid or "?")


def _local(app: App, dt: datetime) -> datetime:
    return dt.astimezone(ZoneInfo(app.tz))


def _today(app: App, now: datetime) -> date:
    return _local(app, now).date()


def _refuse(app: App, loc: str, exc: DutyError, today: date) -> Reply:
    """A DutyError as its localised reason: dates as days of ``today``'s year, a start and an
    end also as one collapsed span, counts in the language's plural form."""
    kw = {k: fmt_day(loc, v, today) if isinstance(v, date) else v for k, v in exc.kw.items()}
    start, end = exc.kw.get("start"), exc.kw.get("end")
    if isinstance(start, date) and isinstance(end, date):
        kw["span"] = fmt_span(loc, min(start, end), max(start, end), today)
    if exc.key in plurals():
        n = exc.kw.get("n", 0)
        rest: dict[str, Any] = {k: v for k, v in kw.items() if k != "n"}
        text = plural(loc, exc.key, n if isinstance(n, int | float) else 0, **rest)
        return Reply(_msg(app, loc, text))
    return _say(app, loc, exc.key, **kw)


def who(app: App, req: Request) -> Reply:
    rotation = rotation_for(app)
    if rotation is None:
        return _say(app, req.locale, "duty.no_rotation")
    loc = req.locale
    with app.sessions() as s:
        deviations = load_deviations(s)
    duty = duty_at(rotation, req.now, deviations)
    today = _today(app, req.now)
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
        (t(loc, "duty.label.next_handoff"), _when(app, loc, duty.shift_end, today)),
    ]
    if duty.on_call_person:
        facts.append((t(loc, "duty.label.on_call"), _name(app, duty.on_call_person)))
    if duty.mode != "open" and duty.next_opening:
        facts.append(
            (
                t(loc, "duty.label.next_opening"),
                _when(app, loc, duty.next_opening, today),
            )
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
    weeks = 8
    if req.args:
        value = req.args[0]
        if not value.isdigit() or not 1 <= int(value) <= 52:
            return _say(app, loc, "duty.rota.bad_weeks", value=value)
        weeks = int(value)
    today = _today(app, req.now)
    lines = []
    for shift in upcoming_shifts(rotation, req.now, weeks):
        first = _local(app, shift.start).date()
        last = (_local(app, shift.end) - timedelta(days=1)).date()
        line = t(
            loc,
            "duty.rota.line",
            span=fmt_span(loc, first, last, today),
            team=shift.team.name,
            lead=_name(app, shift.team.lead),
        )
        closed = [d for d, name in shift.holidays.items() if name == "closure"]
        red = [d for d, name in shift.holidays.items() if name != "closure"]
        notes = []
        if red:
            days = ", ".join(fmt_day(loc, d, today) for d in red)
            notes.append(plural(loc, "duty.rota.holidays", len(red), days=days))
        if closed:
            days = ", ".join(fmt_day(loc, d, today) for d in closed)
            notes.append(t(loc, "duty.rota.closures", days=days))
        if notes:
            line += " — " + "; ".join(notes)
        lines.append(line)
    header = t(loc, "duty.rota.header", weeks=plural(loc, "duty.n_weeks", weeks))
    return Reply(_msg(app, loc, header, Header(header), ListBlock(tuple(lines))))


def _shift_lines(loc: str, shifts: list[PersonShift], today: date) -> tuple[str, ...]:
    return tuple(
        t(
            loc,
            "duty.me.line",
            span=fmt_span(loc, ps.days[0], ps.days[-1], today),
            team=ps.team.name,
            days=plural(loc, "duty.n_days", len(ps.days)),
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
        deviations = load_deviations(s)
    shifts = next_shifts_for(rotation, req.person, req.now, 3, deviations)
    if not shifts:
        return _say(app, loc, "duty.me.none")
    lines = _shift_lines(loc, shifts, _today(app, req.now))
    header = t(loc, "duty.me.header")
    return Reply(_msg(app, loc, f"{header}: {lines[0]}", Header(header), ListBlock(lines)))


FOR_WORDS = ("for", "för", "åt")


def _for_person(app: App, args: list[str]) -> tuple[str | None, list[str]]:
    """``for @name`` / ``för @namn`` anywhere: (the person's id, the other words). "for" not
    followed by a known person is just a word of the reason ("kurs for nyansatte")."""
    for i, word in enumerate(args[:-1]):
        if word.lower() in FOR_WORDS:
            target = resolve_mention(app.config, args[i + 1])
            if target is not None:
                return target.id, args[:i] + args[i + 2 :]
    return None, args


def away(app: App, req: Request) -> Reply:
    """``/vakt away <from> [to] [reason …] [for @person]``: one day, a week or a range, and a
    reason as written (syk / sjuk / sick and ferie / semester / vacation are kinds; any other
    text is kept as it is)."""
    loc = req.locale
    if req.person is None:
        return _say(app, loc, "common.not_registered")
    person = req.person
    target, args = _for_person(app, list(req.args))
    verdict = decide(app.config, req.person, Act.ABSENCE, subject=target or req.person)
    if not verdict:
        return _say(app, loc, verdict.reason)
    if target is not None:
        person = target
    if not args:
        return _say(app, loc, "duty.away.usage")
    today = _today(app, req.now)
    # a date without a year up to a month back is that past date: absences are often
    # registered afterwards (the guards refuse older ones)
    spans = take_span(args, today, recent=MAX_BACK.days)
    if spans is None:
        return _say(app, loc, "common.bad_date", value=args[0])
    start_span, end_span, used = spans
    start = start_span.first
    end = end_span.last if end_span is not None else start_span.last
    year_given = end_span.year_given if end_span is not None else True
    kind, note = read_reason(" ".join(args[used:]))
    try:
        with app.sessions.begin() as s:
            add_absence(
                s,
                AbsenceRequest(person, start, end, kind, note),
                by=req.person,
                now=req.now,
                today=today,
                end_year_given=year_given,
            )
    except DutyError as exc:
        return _refuse(app, loc, exc, today)
    return _say(
        app,
        loc,
        "duty.away.done",
        person=_name(app, person),
        span=fmt_span(loc, start, end, today),
        days=plural(loc, "duty.n_days", (end - start).days + 1),
        reason=note or t(loc, f"duty.reason.{kind}"),
    )


def swap(app: App, req: Request) -> Reply:
    """``/vakt swap @person <day|week|from to>``: ask a colleague to take my duty on those
    days. Refused when they are on duty then themselves (nothing would change), merged into the
    request already waiting when asked twice."""
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
    today = _today(app, req.now)
    spans = take_span(args[1:], today)
    if spans is None or spans[2] != len(args) - 1:
        return _say(app, loc, "common.bad_date", value=" ".join(args[1:]))
    first, last = spans[0], spans[1] or spans[0]
    start, end = first.first, last.last
    if other.id == req.person:
        return _say(app, loc, "duty.error.swap_self")
    refusal = check_swap_dates(start, end, today)
    if refusal is not None:
        return _refuse(app, loc, DutyError(refusal.key, **refusal.kw), today)
    # asking is one's own business; forcing a swap on a colleague is their lead's
    subject = other.id if forced else req.person
    verdict = decide(app.config, req.person, Act.SWAP, subject=subject, force=forced)
    if not verdict:
        return _say(app, loc, verdict.reason)
    with app.sessions() as s:
        deviations = load_deviations(s)
    begin = _start_of(rotation, start)
    shifts = next_shifts_for(rotation, req.person, begin, 6, deviations)
    mine = [d for ps in shifts for d in ps.days if start <= d <= end]
    if not mine:
        span = fmt_span(loc, start, end, today)
        return _say(app, loc, "duty.error.not_on_duty", span=span)
    theirs = next_shifts_for(rotation, other.id, begin, 6, deviations)
    refusal = check_swap(mine, [d for ps in theirs for d in ps.days])
    if refusal is not None:
        exc = DutyError(refusal.key, other=other.name, **refusal.kw)
        return _refuse(app, loc, exc, today)
    start, end = min(mine), max(mine)
    span = fmt_span(loc, start, end, today)
    # never promise an answer from someone the request cannot reach
    reach = _reach(app, other.id)
    if not forced and reach is Reach.NONE:
        return _say(app, loc, "duty.swap.unreachable", to=other.name, span=span)
    try:
        with app.sessions.begin() as s:
            asked = request_swap(
                s,
                SwapRequest("member", req.person, other.id, start, end),
                by=req.person,
                now=req.now,
                forced=forced,
            )
            if asked.merged:
                when = fmt_datetime(loc, _local(app, asked.row.created_at), today)
                return _say(app, loc, "duty.swap.merged", to=other.name, span=span, asked=when)
            if not forced:
                olocale = locale_for(s, app.config, other.id)
                enqueue(
                    s,
                    key=f"duty:swap:{asked.row.id}:request",
                    kind="duty.swap_request",
                    target=f"user:{other.id}",
                    message=_swap_request_message(app, asked.row, olocale, today),
                    now=req.now,
                )
    except DutyError as exc:
        return _refuse(app, loc, exc, today)
    key = "duty.swap.forced" if forced else "duty.swap.asked"
    if not forced and reach is Reach.CHANNEL:
        key = "duty.swap.asked_in_channel"
    return _say(app, loc, key, to=other.name, from_=_name(app, req.person), span=span)


def _reach(app: App, person: str) -> Reach:
    """How a direct message to ``person`` would arrive (the transport knows; a transport that
    cannot tell, like the console, always delivers)."""
    transport = app.transport
    return transport.reach(person) if isinstance(transport, Reachable) else Reach.DM


def _when(app: App, loc: str, at: datetime, today: date) -> str:
    """An instant as a Slack date token (each reader's zone), with the organisation's local
    time and zone as the fallback Teams and the console show."""
    local = _local(app, at)
    return date_token(at, f"{fmt_datetime(loc, local, today)} {local.tzname()}")


def _start_of(rotation, d: date) -> datetime:  # type: ignore[no-untyped-def]

    return datetime.combine(d, time(0), tzinfo=rotation.zone)


def _swap_request_message(app: App, row: SwapRow, loc: str, today: date) -> Message:
    text = t(
        loc,
        "duty.swap.request_text",
        from_=_name(app, row.from_id),
        span=fmt_span(loc, row.start, row.end, today),
    )
    buttons = (
        Button(t(loc, "duty.swap.accept"), "duty.swap_accept", str(row.id), "primary"),
        Button(t(loc, "duty.swap.decline"), "duty.swap_decline", str(row.id)),
    )
    return _msg(app, loc, text, Section(text), Actions(buttons))


def _decided_text(
    app: App, loc: str, key: str, row: SwapRow, req: ActionRequest, today: date
) -> str:
    """The swap's answer ("Kari accepted the swap ... (at 14:05)") in ``loc``: shown to the one
    who pressed, and sent to the one who asked."""
    return t(
        loc,
        key,
        by=_name(app, req.person),
        span=fmt_span(loc, row.start, row.end, today),
        at=fmt_time(loc, _local(app, req.now)),
    )


def _decide(app: App, req: ActionRequest, accept: bool) -> Reply:
    loc = req.locale
    today = _today(app, req.now)
    try:
        swap_id = int(req.value)
    except ValueError:
        return _say(app, loc, "duty.error.no_swap")
    key = "duty.swap.accepted" if accept else "duty.swap.declined"
    try:
        with app.sessions.begin() as s:
            row = s.get(SwapRow, swap_id)
            if row is None:
                raise DutyError("duty.error.no_swap")
            verdict = decide(app.config, req.person, Act.DECIDE_SWAP, subject=row.to_id)
            if not verdict:
                raise DutyError(verdict.reason)
            try:
                row = decide_swap(s, swap_id, accept=accept, by=req.person or "?", now=req.now)
            except DutyError as exc:
                status = str(exc.kw.get("status", ""))
                raise DutyError(exc.key, status=t(loc, f"duty.swap.status.{status}")) from None
            rloc = locale_for(s, app.config, row.from_id)
            note = _decided_text(app, rloc, key, row, req, today)
            enqueue(
                s,
                key=f"duty:swap:{row.id}:answer",
                kind="duty.swap_answer",
                target=f"user:{row.from_id}",
                message=_msg(app, rloc, note),
                now=req.now,
            )
    except DutyError as exc:
        return _refuse(app, loc, exc, today)
    done = _decided_text(app, loc, key, row, req, today)
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
    today = _today(app, req.now)
    period = parse_period(req.rest, today)
    if period is None:
        return _say(app, loc, "duty.hours.usage")
    if not decide(app.config, req.person, Act.READ_HOURS):  # a lead, manager or admin: the table
        mine = decide(app.config, req.person, Act.READ_HOURS, subject=req.person)
        if not mine:
            return _say(app, loc, mine.reason)
    with app.sessions() as s:
        deviations = load_deviations(s)
    start, end = _start_of(rotation, period[0]), _start_of(rotation, period[1] + timedelta(days=1))
    table = {
        pid: h
        for pid, h in duty_hours(rotation, start, end, deviations).items()
        if decide(app.config, req.person, Act.READ_HOURS, subject=pid)
    }
    lines = tuple(
        t(
            loc,
            "duty.hours.line",
            name=_name(app, pid),
            open=plural(loc, "duty.n_hours", h.open_hours, digits=1),
            on_call=plural(loc, "duty.n_hours", h.on_call_hours, digits=1),
        )
        for pid, h in sorted(table.items(), key=lambda kv: _name(app, kv[0]))
    )
    header = t(loc, "duty.hours.header", span=fmt_span(loc, period[0], period[1], today))
    csv_hint = t(loc, "duty.hours.csv", first=period[0].isoformat(), last=period[1].isoformat())
    return Reply(_msg(app, loc, header, Header(header), ListBlock(lines), Context(csv_hint)))


def home_section(app: App, session: Session, person: str | None, now: datetime) -> list[Block]:
    rotation = rotation_for(app)
    if rotation is None or person is None:
        return []
    loc = locale_for(session, app.config, person)
    shifts = next_shifts_for(rotation, person, now, 3, load_deviations(session))
    today = now.astimezone(rotation.zone).date()
    lines = _shift_lines(loc, shifts, today) or (t(loc, "duty.me.none"),)
    return [Header(t(loc, "duty.home.header")), ListBlock(lines)]


COMMANDS = {"who": who, "rota": rota, "me": me, "away": away, "swap": swap, "hours": hours}
ACTIONS = {"duty.swap_accept": swap_accept, "duty.swap_decline": swap_decline}
# commands that take no arguments: "who is Ezra?" is a question, not `who`
BARE = ("who", "me")
HELP = [
    ("who", "duty.help.who"),
    ("rota", "duty.help.rota"),
    ("me", "duty.help.me"),
    ("away", "duty.help.away"),
    ("swap", "duty.help.swap"),
    ("hours", "duty.help.hours"),
]
