"""The slips users made with /vakt away, swap, rota and hours, each refused (or understood) with a
reason in the reader's language, and nothing stored when refused. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.duty.guards import check_absence, check_swap, check_swap_dates
from bot.duty.reasons import read_reason
from bot.requests import ActionRequest
from bot.store.models import AbsenceRow, Outbox, SwapRow
from handlers.dispatch import dispatch_action
from tests.duty.test_handlers import app_for, ask, press

OSLO = ZoneInfo("Europe/Oslo")
DEC6 = datetime(2026, 12, 6, 12, 0, tzinfo=OSLO)  # a Sunday; team 1 has duty from 7 Dec
TUE = datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)  # team 2 on duty (23 Nov - 7 Dec)


def count(app, model) -> int:  # type: ignore[no-untyped-def]
    with app.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# --- absences -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("nb", "Sluttdatoen 10. des. kommer før startdatoen 20. des."),
        ("sv", "Slutdatumet 10 dec. kommer före startdatumet 20 dec."),
        ("en", "The end date 10 Dec comes before the start date 20 Dec."),
    ],
)
def test_reversed_dates_are_not_a_year_long_absence(engine, locale: str, expected: str) -> None:
    app = app_for(engine)
    out = ask(app, "ola", "away 20.12 10.12 ferie", now=DEC6, locale=locale)
    assert expected in out
    assert "10. des. 2027" in out or "10 dec. 2027" in out or "10 Dec 2027" in out  # the way out
    assert count(app, AbsenceRow) == 0


def test_reversed_dates_with_years_are_refused(engine) -> None:
    app = app_for(engine)
    out = ask(app, "ola", "away 20.12.2026 10.12.2026", now=DEC6, locale="nb")
    assert "Sluttdatoen 10. des. er før startdatoen 20. des." in out
    assert count(app, AbsenceRow) == 0


def test_christmas_to_new_year_is_still_one_absence(engine) -> None:
    app = app_for(engine)
    out = ask(app, "ola", "away 28.12 2.1 ferie", now=DEC6, locale="nb")
    assert out == "Fravær registrert for Ola Hansen: 28. des. 2026–2. jan. 2027, 6 dager (ferie)."


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("nb", "Fraværet begynner 3. jan. 2020, mer enn en måned tilbake"),
        ("sv", "Frånvaron börjar 3 jan. 2020, mer än en månad bakåt"),
        ("en", "The absence begins 3 Jan 2020, more than a month ago"),
    ],
)
def test_an_absence_in_2020_is_refused(engine, locale: str, expected: str) -> None:
    app = app_for(engine)
    assert expected in ask(app, "ola", "away 3.1.2020 5.1.2020 syk", now=DEC6, locale=locale)
    assert count(app, AbsenceRow) == 0


def test_far_ahead_and_over_a_year_long_are_refused(engine) -> None:
    app = app_for(engine)
    ahead = ask(app, "ola", "away 1.6.2028 2.6.2028", now=DEC6, locale="nb")
    assert "Fraværet begynner 1. juni 2028, mer enn et år fram" in ahead
    long = ask(app, "ola", "away 1.1.2027 31.3.2028", now=DEC6, locale="nb")
    assert "Fraværet varer 456 dager, lenger enn 366 dager." in long
    assert count(app, AbsenceRow) == 0


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("nb", "away i morgen syk", "Fravær registrert for Ola Hansen: 7. des., 1 dag (syk)."),
        ("sv", "away imorgon sjuk", "Frånvaro registrerad för Ola Hansen: 7 dec., 1 dag (sjuk)."),
        ("en", "away tomorrow sick", "Absence registered for Ola Hansen: 7 Dec, 1 day (sick)."),
        ("nb", "away fredag", "Fravær registrert for Ola Hansen: 11. des., 1 dag (annet)."),
        (
            "nb",
            "away uke 51 ferie",
            "Fravær registrert for Ola Hansen: 14.–20. des., 7 dager (ferie).",
        ),
        (
            "sv",
            "away v. 51 semester",
            "Frånvaro registrerad för Ola Hansen: 14–20 dec., 7 dagar (semester).",
        ),
        (
            "en",
            "away week 51 vacation",
            "Absence registered for Ola Hansen: 14\u2009–\u200920 Dec, 7 days (vacation).",
        ),
        (
            "nb",
            "away 8.12-9.12 kurs på Gardermoen",
            "Fravær registrert for Ola Hansen: 8.–9. des., 2 dager (kurs på Gardermoen).",
        ),
    ],
)
def test_absence_dates_and_reasons_as_people_write_them(
    engine, locale: str, text: str, expected: str
) -> None:
    app = app_for(engine)
    assert ask(app, "ola", text, now=DEC6, locale=locale) == expected
    with app.sessions() as s:
        row = s.scalars(select(AbsenceRow)).one()
    assert row.reason in ("sick", "vacation", "other")


def test_reason_keywords_in_three_languages_and_free_text() -> None:
    assert read_reason("ferie") == ("vacation", None)
    assert read_reason("Semester") == ("vacation", None)
    assert read_reason("vacation") == ("vacation", None)
    assert read_reason("sjuk") == ("sick", None)
    assert read_reason("syk") == ("sick", None)
    assert read_reason("ferie i Spania") == ("vacation", "ferie i Spania")
    assert read_reason("kurs på Gardermoen") == ("other", "kurs på Gardermoen")
    assert read_reason("") == ("other", None)


def test_guards_are_pure_and_name_the_dates() -> None:
    today = date(2026, 12, 6)
    assert check_absence(date(2026, 12, 28), date(2027, 1, 2), today, end_year_given=False) is None
    slip = check_absence(date(2026, 12, 20), date(2027, 12, 10), today, end_year_given=False)
    assert slip is not None and slip.key == "duty.error.end_before_start_yearless"
    assert slip.kw["end"] == date(2026, 12, 10) and slip.kw["end_next_year"] == date(2027, 12, 10)
    # with the year written out, a long absence over New Year is what was asked for
    assert check_absence(date(2026, 12, 20), date(2027, 12, 10), today) is None
    assert check_swap([date(2026, 12, 8)], [date(2026, 12, 9)]) is None
    assert check_swap_dates(date(2026, 12, 5), date(2026, 12, 5), today) is not None


# --- swaps ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "nb",
            "Jonas Jensen har selv vakt 26. nov., så et bytte ville ikke endre hvem som har vakt",
        ),
        (
            "sv",
            "Jonas Jensen har själv jour 26 nov., så ett byte skulle inte ändra vem som har jour",
        ),
        ("en", "Jonas Jensen is on duty 26 Nov already, so a swap would not change who is on duty"),
    ],
)
def test_swap_within_the_same_shift_is_refused(engine, locale: str, expected: str) -> None:
    """Hanna and Jonas are both in team 2, which is on duty that week: the "swap" would only
    take Hanna off duty and cost them hours."""
    app = app_for(engine)
    assert expected in ask(app, "hanna", "swap @jonas 26.11", now=TUE, locale=locale)
    assert count(app, SwapRow) == 0 and count(app, Outbox) == 0


def test_the_same_swap_asked_twice_is_one_request(engine) -> None:
    app = app_for(engine)
    first = ask(app, "hanna", "swap @ola 26.11", now=TUE, locale="nb")
    assert first.startswith("Jeg har spurt Ola Hansen om å ta vakten din 26. nov.")
    again = ask(app, "hanna", "swap @ola 26.11", now=TUE, locale="nb")
    assert again.startswith("Du har allerede spurt Ola Hansen om å ta vakten din 26. nov.")
    assert "Jeg sender ikke en ny forespørsel" in again
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(SwapRow)) == 1
        requests = s.scalars(select(Outbox).where(Outbox.kind == "duty.swap_request")).all()
    assert len(requests) == 1


def test_swap_for_a_past_day_or_years_ahead_is_refused(engine) -> None:
    app = app_for(engine)
    past = ask(app, "hanna", "swap @ola 2026-11-23", now=TUE, locale="nb")
    assert "23. nov. er allerede passert" in past
    far = ask(app, "hanna", "swap @ola 26.11.2030", now=TUE, locale="nb")
    assert "26. nov. 2030 er mer enn et år fram" in far
    assert count(app, SwapRow) == 0


@pytest.mark.parametrize(
    ("locale", "text", "span"),
    [
        ("nb", "swap @ola i morgen", "25. nov."),
        ("sv", "swap @ola imorgon", "25 nov."),
        ("en", "swap @ola tomorrow", "25 Nov"),
        ("nb", "swap @ola torsdag", "26. nov."),
        ("en", "swap @ola 2026-11-26", "26 Nov"),
    ],
)
def test_swap_dates_as_people_write_them(engine, locale: str, text: str, span: str) -> None:
    app = app_for(engine)
    assert span in ask(app, "hanna", text, now=TUE, locale=locale)
    assert count(app, SwapRow) == 1


def test_a_decided_swap_says_so_in_the_readers_language(engine) -> None:
    app = app_for(engine)
    ask(app, "hanna", "swap @ola 26.11", now=TUE, locale="nb")
    with app.sessions() as s:
        swap = s.scalars(select(SwapRow)).one()
    press(app, "ola", "duty.swap_accept", str(swap.id), now=TUE)
    again = dispatch_action(
        app,
        ActionRequest(
            platform="console",
            person="ola",
            action="duty.swap_decline",
            value=str(swap.id),
            now=TUE,
            locale="nb",
        ),
    )
    assert again is not None
    assert again.message.text == "Denne forespørselen er allerede besvart (godtatt)."


# --- rota and hours -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rota 0", "«0» er ikke et antall uker. Skriv et tall fra 1 til 52"),
        ("rota abc", "«abc» er ikke et antall uker."),
        ("rota 53", "«53» er ikke et antall uker."),
    ],
)
def test_rota_refuses_a_count_it_cannot_show(engine, text: str, expected: str) -> None:
    assert expected in ask(app_for(engine), "kari", text, now=DEC6, locale="nb")


def test_rota_counts_weeks_and_names_closures_as_closures(engine) -> None:
    app = app_for(engine)
    one = ask(app, "kari", "rota 1", now=DEC6, locale="nb")
    assert one.startswith("Vaktliste, 1 uke\n")
    out = ask(app, "kari", "rota 4", now=DEC6, locale="nb")
    christmas = next(line for line in out.splitlines() if "21. des. 2026–3. jan. 2027" in line)
    # 25 and 26 Dec and 1 Jan are public holidays; 24 and 31 Dec are the agency's closure days
    assert "helligdager: 25. des., 26. des., 1. jan. 2027" in christmas
    assert "stengt: 24. des., 31. des." in christmas
    sv = ask(app, "kari", "rota 4", now=DEC6, locale="sv")
    assert "stängt: 24 dec., 31 dec." in sv


def test_hours_points_at_a_command_that_exists_and_counts_in_words(engine) -> None:
    app = app_for(engine)
    out = ask(app, "erik", "hours 2026-11", now=DEC6, locale="nb")
    assert "`vaktbot export hours --from 2026-11-01 --to 2026-11-30`" in out
    assert "--csv" not in out
    assert " timer åpent" in out and "1 timer" not in out
    assert "Vakttimer 1.–30. nov." in out
