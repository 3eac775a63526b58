"""/vakt plan commands, the add form, buttons and App Home, through handlers.dispatch."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.config import parse_time
from bot.messages.console import to_text
from bot.messages.model import Form, ListBlock, Reply
from bot.plan.model import YearlyDate, snooze_until
from bot.plan.store import get_state, load_items
from bot.requests import ActionRequest, Request
from bot.store.models import AuditLog, PlanItemRow, PlanOccurrenceRow
from handlers.dispatch import dispatch, dispatch_action, help_entries
from handlers.home import home_message
from handlers.plan.actions import parse_duration
from handlers.plan.commands import home_section
from tests.plan.test_store import count, item, plan_app, store

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2025, 12, 5, 10, 30, tzinfo=OSLO)  # Friday


@pytest.fixture
def app(engine, tmp_path):  # type: ignore[no-untyped-def]
    app = plan_app(engine, tmp_path)
    store(
        app,
        [
            item("skatt-frist", "12-03", owners=("kari",)),  # overdue on 5 Dec
            item("skatt-klar", "12-10", owners=("kari", "ingrid")),
            item("kunde", "12-12", team="kundeservice", owners=("ola",)),
            item("jul", "12-24", team=None, owners=()),
            item("var", "03-20", owners=("lars",)),  # beyond 4 weeks
        ],
        today=date(2025, 11, 1),
    )
    return app


def say(
    app,
    text: str,
    person: str | None = "kari",
    platform: str = "console",
    team: str | None = None,
    now: datetime = NOW,
) -> Reply:  # type: ignore[no-untyped-def]
    locale = app.config.locale_of(person)
    return dispatch(
        app, Request(platform=platform, person=person, text=text, now=now, locale=locale, team=team)
    )


def press(
    app,
    action: str,
    value: str = "",
    person: str | None = "kari",
    form: dict[str, str] | None = None,
    platform: str = "slack",
) -> Reply | None:  # type: ignore[no-untyped-def]
    return dispatch_action(
        app,
        ActionRequest(
            platform=platform,
            person=person,
            action=action,
            value=value,
            now=NOW,
            locale=app.config.locale_of(person),
            form=form or {},
        ),
    )


def lines(reply: Reply) -> tuple[str, ...]:
    return next(b for b in reply.message.blocks if isinstance(b, ListBlock)).items


def titles(reply: Reply) -> list[str]:
    return [line.split(" – ")[1].split(" (")[0] for line in lines(reply)]


def test_listing_numbers_overdue_first_and_weeks(app) -> None:  # type: ignore[no-untyped-def]
    reply = say(app, "plan")
    assert reply.message.text == "Frister de neste 4 ukene"
    got = lines(reply)
    assert got[0] == "1. onsdag 3. des. – Skatt frist (Kari Nordmann) – *forfalt*"
    assert got[1] == "2. onsdag 10. des. – Skatt klar (Kari Nordmann, Ingrid Berg)"
    assert titles(reply) == ["Skatt frist", "Skatt klar", "Kunde", "Jul"]
    assert "/vakt plan ferdig <nr>" in to_text(reply.message)
    assert titles(say(app, "plan", team="kundeservice")) == ["Kunde", "Jul"]
    long = lines(say(app, "plan 16"))
    # a deadline in another year than today's shows its year
    assert long[:4] == got and long[4].startswith("5. fredag 20. mars 2026 – Var")
    assert say(app, "plan 1").message.text == "Frister den neste uka"
    assert say(app, "årshjul").message.text == "Frister de neste 4 ukene"


@pytest.mark.parametrize("arg", ["0", "53", "999"])
def test_bad_weeks_are_refused(app, arg: str) -> None:  # type: ignore[no-untyped-def]
    assert say(app, f"plan {arg}").message.text.startswith(f"«{arg}» er ikke et antall uker")


def test_done_skip_and_snooze_by_number_and_key(app) -> None:  # type: ignore[no-untyped-def]
    say(app, "plan")  # the numbers refer to the list last shown
    reply = say(app, "plan ferdig 1")
    assert reply.message.text == "Notert: «Skatt frist» (3. des.) er ferdig."
    with app.sessions() as s:
        state = get_state(s, "skatt-frist", date(2025, 12, 3))
    assert (state.status, state.by, state.at) == ("done", "kari", NOW)
    # number 1 is now the next open-or-coming deadline; the listing shows what was done
    assert lines(say(app, "plan"))[0].startswith("1. onsdag 10. des. – Skatt klar")
    again = say(app, "plan done skatt-frist", person="lars")
    assert again.message.text.startswith("«Skatt frist» (3. des.) er allerede markert ferdig")
    other_team = say(app, "plan done skatt-frist", person="ola")  # leads Kundeservice
    assert other_team.message.text == "Dette hører til et annet team."
    skipped = say(app, "plan skip kunde", person="ola")
    assert skipped.message.text == "Notert: «Kunde» (12. des.) hoppes over i år."
    assert lines(say(app, "plan"))[1].endswith("– Hoppet over")
    snoozed = say(app, "plan snooze skatt-k 1w", person="ingrid")  # Swedish
    assert snoozed.message.text.startswith(
        "Okej, jag påminner om ”Skatt klar” igen fredag 12 dec. 09:00."
    )
    cal, morning = app.config.work_calendar(), parse_time("09:00")
    with app.sessions() as s:
        state = get_state(s, "skatt-klar", date(2025, 12, 10))
        actions = [r.action for r in s.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert state.snoozed_until == snooze_until(cal, morning, NOW, timedelta(days=7))
    assert actions[-3:] == ["plan.done", "plan.skipped", "plan.snooze"]
    assert "utsatt til fredag 12. des. 09:00" in lines(say(app, "plan"))[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plan done", "Hvilken frist? Skriv for eksempel /vakt plan ferdig 2"),
        ("plan done 42", "Nummer 42 viser ikke til noen liste"),
        ("plan done nope", "Fant ingen frist «nope»."),
        ("plan skip skatt", "«skatt» passer på flere: skatt-frist, skatt-klar."),
        ("plan snooze 2 soon", "«soon» er ikke en varighet."),
        ("plan snooze 2 0d", "«0d» er ikke en varighet."),
        ("plan frobnicate", "Ukjent: /vakt plan frobnicate."),
    ],
)
def test_bad_ids_and_durations_get_a_clear_reply_and_store_nothing(
    app,
    text: str,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    assert say(app, text).message.text.startswith(expected)
    assert count(app, PlanOccurrenceRow) == 0


def test_unregistered_people_are_told_so(app) -> None:  # type: ignore[no-untyped-def]
    for text in ("plan done 1", "plan add 01.05. ; X"):
        assert "står ikke i konfigurasjonen" in say(app, text, person=None).message.text
    reply = press(app, "plan.done", "jul|2025-12-24", person=None)
    assert reply is not None and "står ikke i konfigurasjonen" in reply.message.text
    assert count(app, PlanOccurrenceRow) == 0


def test_durations() -> None:
    assert parse_duration("1d") == timedelta(days=1)
    assert parse_duration("1w") == parse_duration("1 uke") == timedelta(weeks=1)
    assert parse_duration("3 dagar") == timedelta(days=3)
    assert parse_duration("2h") == parse_duration("2 timer") == timedelta(hours=2)
    assert parse_duration("30m") == parse_duration("30 min") == timedelta(minutes=30)
    assert parse_duration("tomorrow") is None and parse_duration("") is None


# --- adding --------------------------------------------------------------------------------


def test_add_opens_a_form_in_slack_and_shows_the_syntax_in_the_console(app) -> None:  # type: ignore[no-untyped-def]
    reply = say(app, "plan add", platform="slack", team="kundeservice")
    assert reply.open_form
    form = next(b for b in reply.message.blocks if isinstance(b, Form))
    assert form.action == "plan.add" and form.value == "kundeservice"
    assert [f.name for f in form.fields] == ["when", "title", "owner", "category", "team"]
    assert form.fields[4].initial == "kundeservice"
    console = say(app, "plan add")
    assert not console.open_form
    assert console.message.text.startswith("Skriv: /vakt plan add <dato eller regel> ; <tittel>")


def test_add_in_one_line_stores_the_item(app) -> None:  # type: ignore[no-untyped-def]
    reply = say(
        app,
        "plan add 30.04. ; Skattemeldingen: frist ; Lars ; tjenesteinformasjon",
        team="kommunikasjon",
    )
    assert reply.message.text == (
        "Lagt til: «Skattemeldingen: frist», 30. april hvert år. Første frist 30. apr. 2026."
    )
    again = say(app, "plan add 30.04. ; Skattemeldingen: frist", team="kommunikasjon")
    assert again.message.text.startswith("Lagt til:")
    with app.sessions() as s:
        added = {i.key: i for i in load_items(s) if i.title == "Skattemeldingen: frist"}
        sources = set(s.scalars(select(PlanItemRow.source).where(PlanItemRow.key.in_(added))))
    assert set(added) == {
        "kommunikasjon-skattemeldingen-frist",
        "kommunikasjon-skattemeldingen-frist-2",
    }
    first = added["kommunikasjon-skattemeldingen-frist"]
    assert first.when == YearlyDate(4, 30) and first.owners == ("lars",)
    assert first.category == "Tjenesteinformasjon" and first.lead_days == (14, 7, 1)
    assert sources == {"chat:kari"}
    past = say(app, "plan add 2025-01-10 ; Gammel frist")
    assert "Datoen er passert" in past.message.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("31.02. ; Frist", "Dato eller regel: «31.02.» finnes ikke i kalenderen."),
        ("snart ; Frist", "Dato eller regel: «snart» er ikke en dato jeg forstår."),
        ("01.05. ;  ", "Tittel: Tittelen mangler."),
        ("01.05. ; Frist ; Gunnar", "Ansvarlig: Jeg kjenner ikke igjen «Gunnar»."),
        ("01.05. ; Frist ; Kari ; Sport", "Kategori: Ukjent kategori «Sport»."),
    ],
)
def test_add_with_bad_input_names_the_field_and_stores_nothing(
    app,
    line: str,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    before = count(app, PlanItemRow)
    reply = say(app, f"plan add {line}")
    assert reply.message.text.startswith(expected)
    assert "Skriv: /vakt plan add" in reply.message.text
    assert count(app, PlanItemRow) == before


def test_add_form_submit_validates_each_field(app) -> None:  # type: ignore[no-untyped-def]
    bad = press(
        app,
        "plan.add",
        "kundeservice",
        form={"when": "30.02.", "title": "", "owner": "nobody", "team": "nope"},
    )
    assert bad is not None and bad.open_form
    assert set(bad.extra["errors"]) == {"when", "title", "owner", "team"}
    assert bad.extra["errors"]["team"] == "Ukjent team «nope»."
    assert bad.message.text.startswith("Dato eller regel: «30.02.» finnes ikke i kalenderen.")
    form = next(b for b in bad.message.blocks if isinstance(b, Form))
    assert form.fields[0].initial == "30.02."  # what was typed is kept
    ok = press(
        app,
        "plan.add",
        "kundeservice",
        form={
            "when": "første mandag i juni",
            "title": "Sommerplan",
            "owner": "@ola, Kari Nordmann",
            "category": "Internt",
            "team": "kundeservice",
        },
    )
    assert ok is not None and not ok.open_form
    assert ok.message.text.startswith("Lagt til: «Sommerplan», første mandag i juni.")
    with app.sessions() as s:
        new = next(i for i in load_items(s) if i.title == "Sommerplan")
        assert (
            s.scalar(
                select(func.count()).select_from(AuditLog).where(AuditLog.action == "plan.add")
            )
            == 1
        )
    assert (new.key, new.team, new.owners) == (
        "kundeservice-sommerplan",
        "kundeservice",
        ("ola", "kari"),
    )


# --- App Home, help -----------------------------------------------------------------------


def test_home_section_lists_my_open_deadlines(app) -> None:  # type: ignore[no-untyped-def]
    with app.sessions() as s:
        mine = home_section(app, s, "kari", NOW)
        none = home_section(app, s, "sofie", NOW)
    assert none == []
    assert mine[0].title == "Mine frister"
    # no numbers: `/vakt plan done <nr>` refers to the list /vakt plan showed
    assert mine[0].items == (
        "onsdag 3. des. – Skatt frist – *forfalt*",
        "onsdag 10. des. – Skatt klar",
    )
    home = to_text(home_message(app, "kari", NOW))
    assert "Skatt klar" in home and home.count("Mine frister") == 1
    say(app, "plan")
    say(app, "plan done 2")
    with app.sessions() as s:
        assert len(home_section(app, s, "kari", NOW)[0].items) == 1


def test_help_lists_the_plan_commands() -> None:
    entries = dict(help_entries())
    assert entries["plan"] == "planbot.help.plan"
    assert {"plan add", "plan done <nr>", "plan skip <nr>", "plan snooze <nr> 1d"} <= set(entries)


def test_every_planbot_text_has_three_languages() -> None:
    from bot.i18n import catalogue
    from bot.texts.plan_bot import TEXTS

    assert all(k.startswith("planbot.") for k in TEXTS)
    for key, texts in TEXTS.items():
        assert set(texts) == {"nb", "sv", "en"}, key
        assert all(v.strip() for v in texts.values()), key
    assert set(TEXTS) <= set(catalogue())


def test_add_form_all_teams_choice_stores_an_item_for_every_team(app) -> None:  # type: ignore[no-untyped-def]
    form_reply = say(app, "plan add", platform="teams")
    form = next(b for b in form_reply.message.blocks if isinstance(b, Form))
    assert form.fields[4].options[0][0] == "-" and form.fields[4].initial == "-"
    ok = press(
        app, "plan.add", "", form={"when": "2026-01-15", "title": "Felles frist", "team": "-"}
    )
    assert ok is not None and ok.message.text.startswith("Lagt til: «Felles frist»")
    with app.sessions() as s:
        new = next(i for i in load_items(s) if i.title == "Felles frist")
    assert (new.key, new.team, new.owners) == ("felles-frist", None, ())


# --- slips: numbers that were never shown, dates as people write them ----------------------


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("kari", "Nummer 6 står ikke på lista du fikk sist (den hadde nummer 1–4)."),
        ("ingrid", "Nummer 6 finns inte på listan du fick senast (den hade nummer 1–4)."),
        ("sofie", "Number 6 is not on the list you were last shown (it had numbers 1–4)."),
    ],
)
def test_done_with_a_number_that_was_never_shown_marks_nothing(
    app, person: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    assert len(lines(say(app, "plan", person=person))) == 4  # "var" (20 March) is not shown
    assert say(app, "plan done 6", person=person).message.text.startswith(expected)
    assert say(app, "plan done 5", person=person).message.text.startswith(
        expected.replace("6", "5")
    )
    assert count(app, PlanOccurrenceRow) == 0
    # the longer list makes 5 a number that was shown
    assert len(lines(say(app, "plan 16", person=person))) == 5
    assert "Var" in say(app, "plan done 5", person=person).message.text
    assert count(app, PlanOccurrenceRow) == 1


def test_numbers_belong_to_the_person_who_saw_the_list(app) -> None:  # type: ignore[no-untyped-def]
    say(app, "plan", person="kari")
    refused = say(app, "plan done 1", person="ola")
    assert refused.message.text.startswith("Nummer 1 viser ikke til noen liste")
    assert count(app, PlanOccurrenceRow) == 0


@pytest.mark.parametrize(
    ("person", "when", "expected"),
    [
        ("kari", "i morgen", "6. des."),
        ("ingrid", "imorgon", "6 dec."),
        ("sofie", "tomorrow", "6 Dec"),
        ("kari", "mandag", "8. des."),
    ],
)
def test_plan_add_reads_relative_days(app, person: str, when: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    reply = say(app, f"plan add {when} ; Ekstra frist", person=person)
    assert expected in reply.message.text
    with app.sessions() as s:
        added = [i for i in load_items(s) if i.title == "Ekstra frist"]
    assert len(added) == 1
