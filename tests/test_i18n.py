"""Plural forms through CLDR (Babel), dates as the reader writes them, ages and durations in
words, and the catalogue's completeness."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel import Locale

from bot.digest.daily import rate_text
from bot.digest.model import Engagement, Figures
from bot.i18n import (
    LOCALES,
    TEXT_MODULES,
    catalogue,
    fmt_ago,
    fmt_datetime,
    fmt_day,
    fmt_duration,
    fmt_span,
    fmt_weekday_date,
    plural,
    plurals,
    t,
)
from tests.support.paths import ROOT

OSLO = ZoneInfo("Europe/Oslo")
COUNT_NOT_SHOWN = {"duty.rota.holidays"}  # the count picks the noun; the days are listed


@pytest.mark.parametrize(
    ("locale", "n", "expected"),
    [
        ("nb", 1, "1 dag"),
        ("nb", 2, "2 dager"),
        ("nb", 0, "0 dager"),
        ("nb", 21, "21 dager"),
        ("sv", 1, "1 dag"),
        ("sv", 7, "7 dagar"),
        ("en", 1, "1 day"),
        ("en", 14, "14 days"),
        ("nb", 1234, "1\xa0234 dager"),
    ],
)
def test_plural_follows_the_languages_rule(locale: str, n: int, expected: str) -> None:
    assert plural(locale, "duty.n_days", n) == expected


def test_plural_with_decimals_follows_the_figure_as_shown() -> None:
    assert plural("nb", "duty.n_hours", 1, digits=1) == "1,0 time"  # nb: n = 1 is "one"
    assert plural("en", "duty.n_hours", 1, digits=1) == "1.0 hours"  # en: visible decimals
    assert plural("sv", "duty.n_hours", 7.5, digits=1) == "7,5 timmar"
    assert plural("nb", "duty.n_hours", 2, digits=1) == "2,0 timer"


def test_every_plural_text_has_the_languages_categories() -> None:
    for key, entry in plurals().items():
        assert set(entry) == set(LOCALES), key
        for locale, forms in entry.items():
            babel = {"nb": "nb_NO", "sv": "sv_SE", "en": "en_GB"}[locale]
            wanted = set(Locale.parse(babel).plural_form.tags) | {"other"}
            assert set(forms) == wanted, (key, locale)
            if key not in COUNT_NOT_SHOWN:
                assert "{n}" in forms["other"], (key, locale)  # the count is shown


def test_every_text_has_all_three_languages() -> None:
    missing = [k for k, v in catalogue().items() if set(v) != set(LOCALES)]
    assert missing == []


@pytest.mark.parametrize(
    ("locale", "d", "ref", "expected"),
    [
        ("nb", date(2026, 12, 7), date(2026, 6, 1), "mandag 7. des."),
        ("sv", date(2026, 12, 7), date(2026, 6, 1), "måndag 7 dec."),
        ("en", date(2026, 12, 7), date(2026, 6, 1), "Monday 7 Dec"),
        # a date in another year than the reader's today carries its year
        ("nb", date(2026, 12, 15), date(2027, 6, 1), "tirsdag 15. des. 2026"),
        ("sv", date(2028, 1, 3), date(2027, 6, 1), "måndag 3 jan. 2028"),
        ("en", date(2026, 12, 15), None, "Tuesday 15 Dec 2026"),
    ],
)
def test_weekday_dates(locale: str, d: date, ref: date | None, expected: str) -> None:
    assert fmt_weekday_date(locale, d, ref) == expected


@pytest.mark.parametrize(
    ("locale", "first", "last", "ref", "expected"),
    [
        ("nb", date(2026, 12, 8), date(2026, 12, 8), date(2026, 12, 1), "8. des."),
        ("nb", date(2026, 12, 8), date(2026, 12, 8), date(2027, 1, 1), "8. des. 2026"),
        ("nb", date(2026, 12, 8), date(2026, 12, 12), date(2026, 12, 1), "8.–12. des."),
        ("sv", date(2026, 12, 8), date(2026, 12, 12), date(2026, 12, 1), "8–12 dec."),
        (
            "nb",
            date(2026, 12, 28),
            date(2027, 1, 3),
            date(2026, 12, 1),
            "28. des. 2026–3. jan. 2027",
        ),
        ("nb", date(2026, 11, 30), date(2026, 12, 13), date(2026, 12, 1), "30. nov.–13. des."),
        (
            "en",
            date(2026, 11, 30),
            date(2026, 12, 13),
            date(2026, 12, 1),
            "30 Nov\u2009–\u200913 Dec",
        ),
    ],
)
def test_ranges_collapse(locale: str, first: date, last: date, ref: date, expected: str) -> None:
    assert fmt_span(locale, first, last, ref) == expected


def test_day_and_datetime() -> None:
    assert fmt_day("nb", date(2026, 12, 24), date(2026, 1, 1)) == "24. des."
    assert fmt_day("nb", date(2026, 12, 24)) == "24. des. 2026"  # no reference: always the year
    local = datetime(2026, 12, 7, 8, 0, tzinfo=OSLO)
    assert fmt_datetime("nb", local, date(2026, 12, 1)) == "mandag 7. des. 08:00"


@pytest.mark.parametrize(
    ("locale", "seconds", "expected"),
    [
        ("nb", 0, "nå nettopp"),
        ("nb", 59, "nå nettopp"),
        ("sv", 10, "just nu"),
        ("en", 5, "just now"),
        ("nb", 60, "for 1 minutt siden"),
        ("nb", 3600, "for 1 time siden"),
        ("nb", 7200, "for 2 timer siden"),
        ("nb", 86400, "for 1 døgn siden"),
        ("sv", 7200, "för 2 timmar sedan"),
        ("en", 3600, "1 hour ago"),
    ],
)
def test_ages(locale: str, seconds: int, expected: str) -> None:
    assert fmt_ago(locale, timedelta(seconds=seconds)) == expected


@pytest.mark.parametrize(
    ("locale", "seconds", "expected"),
    [
        ("nb", 3600, "1 time"),
        ("nb", 7200, "2 timer"),
        ("nb", 45 * 60, "45 minutter"),
        ("sv", 3600, "1 timme"),
        ("en", 7200, "2 hours"),
    ],
)
def test_durations_in_words(locale: str, seconds: int, expected: str) -> None:
    assert fmt_duration(locale, timedelta(seconds=seconds)) == expected


def test_an_abbreviation_ends_the_sentence_once() -> None:
    assert t("nb", "planbot.add.added", title="X", when="hvert år", date="30. apr.") == (
        "Lagt til: «X», hvert år. Første frist 30. apr."
    )


@pytest.mark.parametrize(
    ("reactions", "expected"),
    [
        (4960, "5,0 % – innenfor målet 5–7 %"),  # 4.96 % is shown as 5,0 %: within
        (4940, "4,9 % – under målet 5–7 %"),
        (7040, "7,0 % – innenfor målet 5–7 %"),
        (7060, "7,1 % – over målet 5–7 %"),
    ],
)
def test_the_verdict_matches_the_figure_shown(reactions: int, expected: str) -> None:
    eng = Engagement(formula="reactions_per_followers", target=(5.0, 7.0))
    figures = Figures(days=7, days_with_data=7, followers=100_000, reactions=reactions)
    assert rate_text("nb", eng, figures) == expected


def test_every_texts_module_is_in_the_catalogue() -> None:
    """The catalogues are an explicit list (bot.i18n.TEXT_MODULES): a new bot/texts module that
    is not added there would never be read."""
    files = sorted(p.stem for p in (ROOT / "bot" / "texts").glob("*.py") if p.stem != "__init__")
    listed = sorted(m.__name__.removeprefix("bot.texts.") for m in TEXT_MODULES)
    assert listed == files
