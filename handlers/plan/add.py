"""/vakt plan add: a form in Slack (modal) and Teams (card), one line in the console.

``/vakt plan add <date|rule> ; <title> ; [owner] ; [category]`` stores directly; the form submits
to the ``plan.add`` action. Bad input is answered with a reply naming each field (and, for the
form, ``Reply.extra["errors"]`` = {field: message}); nothing is stored then. Items added here get
the source ``chat:<person>`` so a later file import never removes them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.app import App
from bot.dateparse import parse_day
from bot.i18n import fmt_day, t
from bot.messages.markup import quote
from bot.messages.model import Field, Form, Message, Reply, Section
from bot.people import resolve_mention
from bot.plan.importer import slug
from bot.plan.model import OnDate, PlanItem, Recurrence, WhenError, next_occurrence, parse_when
from bot.plan.store import add_item, unique_key
from bot.plan.when import describe_when
from bot.policy import Act, decide
from bot.requests import ActionRequest, Request

ADD_ACTION = "plan.add"
ALL_TEAMS = "-"  # the team select's "all teams" choice (Slack options need a non-empty value)


def _reply(app: App, locale: str, text: str) -> Reply:
    return Reply(Message(text=text, blocks=(Section(text),), locale=locale, tz=app.tz))


def _today(app: App, now: datetime) -> date:
    return now.astimezone(ZoneInfo(app.tz)).date()


def _team(app: App, request: Request) -> str | None:
    return request.team if request.team and app.config.team(request.team) else None


def _add_form(app: App, locale: str, values: dict[str, str], team: str | None) -> Message:
    config = app.config
    fields: list[Field] = [
        Field(
            "when",
            t(locale, "planbot.add.field.when"),
            placeholder="30.04.",
            initial=values.get("when") or None,
        ),
        Field("title", t(locale, "plan.field.title"), initial=values.get("title") or None),
        Field(
            "owner",
            t(locale, "plan.field.owner"),
            required=False,
            initial=values.get("owner") or None,
        ),
    ]
    if config.plan.categories:
        options = tuple((c, c) for c in config.plan.categories)
        fields.append(
            Field(
                "category",
                t(locale, "plan.field.category"),
                kind="select",
                required=False,
                options=options,
                initial=values.get("category") or None,
            )
        )
    if len(config.teams) > 1:
        options = ((ALL_TEAMS, t(locale, "planbot.add.no_team")),) + tuple(
            (tm.id, tm.name) for tm in config.teams
        )
        fields.append(
            Field(
                "team",
                t(locale, "planbot.add.field.team"),
                kind="select",
                required=False,
                options=options,
                initial=values.get("team") or team or ALL_TEAMS,
            )
        )
    form = Form(
        t(locale, "planbot.add.title"),
        ADD_ACTION,
        t(locale, "planbot.add.submit"),
        tuple(fields),
        value=team or "",
    )
    text = t(locale, "planbot.add.title")
    return Message(
        text=text, blocks=(Section(t(locale, "planbot.add.intro")), form), locale=locale, tz=app.tz
    )


def _validate(
    app: App, locale: str, values: dict[str, str], team: str | None, today: date
) -> tuple[PlanItem | None, dict[str, str]]:
    config = app.config
    errors: dict[str, str] = {}
    when_text = values.get("when", "").strip()
    when: Recurrence | None = None
    try:
        when = parse_when(when_text)
    except WhenError as exc:
        # a day said the way people say it in chat ("i morgen", "fredag", "tomorrow") is one date
        day = parse_day(when_text, today) if when_text else None
        if day is not None:
            when = OnDate(day)
        else:
            errors["when"] = t(locale, exc.key, value=exc.value)
    title = " ".join(values.get("title", "").split())
    if not title:
        errors["title"] = t(locale, "planbot.add.title_missing")
    elif len(title) > 300:
        errors["title"] = t(locale, "planbot.add.title_too_long")
    owners: list[str] = []
    for name in re.split(r"\s*,\s*", values.get("owner", "").strip()):
        if not name:
            continue
        person = resolve_mention(config, name)
        if person is None:
            errors["owner"] = t(locale, "common.unknown_person", who=name)
        elif person.id not in owners:
            owners.append(person.id)
    category = values.get("category", "").strip() or None
    if category and config.plan.categories:
        match = {c.casefold(): c for c in config.plan.categories}.get(category.casefold())
        if match is None:
            errors["category"] = t(
                locale,
                "planbot.add.unknown_category",
                value=category,
                choices=", ".join(config.plan.categories),
            )
        category = match
    chosen = values.get("team", team or "").strip() or None
    if chosen == ALL_TEAMS:
        chosen = None
    if chosen and config.team(chosen) is None:
        errors["team"] = t(locale, "planbot.add.unknown_team", value=chosen)
    if errors or when is None:
        return None, errors
    base = "-".join(p for p in (slug(chosen or ""), slug(title)) if p) or "item"
    item = PlanItem(
        base, title, None, category, chosen, tuple(owners), (), when, tuple(config.plan.lead_days)
    )
    return item, {}


_FIELD_LABELS = {
    "when": "planbot.add.field.when",
    "title": "plan.field.title",
    "owner": "plan.field.owner",
    "category": "plan.field.category",
    "team": "planbot.add.field.team",
}


def _error_text(locale: str, errors: dict[str, str]) -> str:
    return " ".join(
        t(locale, "planbot.add.field_error", field=t(locale, _FIELD_LABELS[f]), message=m)
        for f, m in errors.items()
    )


def _store_new(app: App, locale: str, item: PlanItem, person: str, now: datetime) -> str:
    today = _today(app, now)
    with app.sessions.begin() as session:
        item = replace(item, key=unique_key(session, item.key))
        add_item(session, item, now=now, today=today, actor=person)
    first = next_occurrence(item, today)
    when = describe_when(item.when, locale)
    if first is None:
        return t(locale, "planbot.add.added_past", title=quote(item.title), when=when)
    return t(
        locale,
        "planbot.add.added",
        title=quote(item.title),
        when=when,
        date=fmt_day(locale, first, today),
    )


def add_command(app: App, request: Request) -> Reply:
    locale = request.locale
    if request.person is None:
        return _reply(app, locale, t(locale, "common.not_registered"))
    rest = request.rest.split(None, 1)[1] if len(request.rest.split(None, 1)) > 1 else ""
    team = _team(app, request)
    if not rest.strip():
        if request.platform == "console":
            return _reply(app, locale, t(locale, "planbot.add.console_syntax"))
        return Reply(_add_form(app, locale, {}, team), open_form=True)
    parts = [p.strip() for p in rest.split(";")]
    values = dict(zip(("when", "title", "owner", "category"), parts, strict=False))
    item, errors = _validate(app, locale, values, team, _today(app, request.now))
    if item is None:
        hint = t(locale, "planbot.add.console_syntax")
        return _reply(app, locale, f"{_error_text(locale, errors)} {hint}")
    verdict = decide(app.config, request.person, Act.PLAN_ITEM, team=item.team)
    if not verdict:
        return _reply(app, locale, t(locale, verdict.reason))
    return _reply(app, locale, _store_new(app, locale, item, request.person, request.now))


def add_action(app: App, request: ActionRequest) -> Reply:
    """The submitted form; field errors come back in ``extra["errors"]`` with the form."""
    locale = request.locale
    if request.person is None:
        return _reply(app, locale, t(locale, "common.not_registered"))
    team = request.value if app.config.team(request.value) else None
    item, errors = _validate(app, locale, request.form, team, _today(app, request.now))
    if item is None:
        form = _add_form(app, locale, request.form, team)
        text = _error_text(locale, errors)
        message = replace(form, text=text, blocks=(Section(text), *form.blocks[1:]))
        return Reply(message, open_form=True, extra={"errors": errors})
    verdict = decide(app.config, request.person, Act.PLAN_ITEM, team=item.team)
    if not verdict:
        return _reply(app, locale, t(locale, verdict.reason))
    return _reply(app, locale, _store_new(app, locale, item, request.person, request.now))
