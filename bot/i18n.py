"""Localised strings (nb, sv, en) and Babel formatting.

Strings live in ``bot/texts/<feature>.py`` as ``TEXTS = {key: {"nb": ..., "sv": ..., "en": ...}}``
so each feature owns its own catalogue. ``t(locale, key, **kw)`` looks a key up and formats it.

Counted phrases live beside them as ``PLURALS = {key: {"nb": {"one": ..., "other": ...}, ...}}``:
one text per CLDR plural category of the language, chosen by :func:`plural` through Babel's
plural rules ("1 dag", "2 dager"; "1 ny kommentar", "3 nye kommentarer"). ``{n}`` is the count,
formatted for the language.

Dates: :func:`fmt_day`, :func:`fmt_weekday_date`, :func:`fmt_datetime` and :func:`fmt_span` show
the year only when it is not the year of ``ref`` (the reader's today; without ``ref`` the year is
always shown), Norwegian with its ordinal dot ("mandag 7. des."), ranges collapsed by Babel's
interval formats ("8.–12. des.", never "8. des. 2026 – 8. des. 2026"). :func:`fmt_ago` says
"nå nettopp" / "just nu" / "just now" under a minute, else "for 2 timer siden".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from types import ModuleType

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

import bot.texts.classify
import bot.texts.cli
import bot.texts.common
import bot.texts.console
import bot.texts.digest
import bot.texts.duty
import bot.texts.duty_ics
import bot.texts.health
import bot.texts.help
import bot.texts.home
import bot.texts.messages
import bot.texts.moderation
import bot.texts.moderation_chat
import bot.texts.plan
import bot.texts.plan_bot
import bot.texts.policy
import bot.texts.prefs
import bot.texts.redact
import bot.texts.sources
import bot.texts.teams

LOCALES = ("nb", "sv", "en")
FALLBACK = "en"
_BABEL = {"nb": "nb_NO", "sv": "sv_SE", "en": "en_GB"}


# every catalogue, by feature (a new bot/texts module is added here; tests/test_i18n.py checks)
TEXT_MODULES: tuple[ModuleType, ...] = (
    bot.texts.classify,
    bot.texts.cli,
    bot.texts.common,
    bot.texts.console,
    bot.texts.digest,
    bot.texts.duty,
    bot.texts.duty_ics,
    bot.texts.health,
    bot.texts.help,
    bot.texts.home,
    bot.texts.messages,
    bot.texts.moderation,
    bot.texts.moderation_chat,
    bot.texts.plan,
    bot.texts.plan_bot,
    bot.texts.policy,
    bot.texts.prefs,
    bot.texts.redact,
    bot.texts.sources,
    bot.texts.teams,
)


def _texts_modules() -> list[tuple[str, ModuleType]]:
    return [(module.__name__.rsplit(".", 1)[-1], module) for module in TEXT_MODULES]


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:

    merged: dict[str, dict[str, str]] = {}
    for name, module in _texts_modules():
        for key, value in getattr(module, "TEXTS", {}).items():
            if key in merged:
                raise ValueError(f"text key {key!r} defined twice (bot/texts/{name}.py)")
            merged[key] = value
    return merged


@lru_cache(maxsize=1)
def plurals() -> dict[str, dict[str, dict[str, str]]]:
    """Every ``PLURALS`` entry: key -> locale -> CLDR plural category -> text."""
    merged: dict[str, dict[str, dict[str, str]]] = {}
    for name, module in _texts_modules():
        for key, value in getattr(module, "PLURALS", {}).items():
            if key in merged or key in catalogue():
                raise ValueError(f"text key {key!r} defined twice (bot/texts/{name}.py)")
            merged[key] = value
    return merged


@lru_cache(maxsize=8)
def _plural_rule(locale: str) -> Callable[[float | Decimal], str]:
    rule: Callable[[float | Decimal], str] = Locale.parse(_BABEL[locale]).plural_form
    return rule


def plural_category(locale: str | None, n: float | Decimal) -> str:
    """The CLDR plural category of ``n`` in the language ("one", "other", ...)."""
    return _plural_rule(normalise_locale(locale))(n)


def plural(locale: str | None, key: str, n: float, /, digits: int = 0, **kwargs: object) -> str:
    """The counted phrase ``key`` for ``n`` in the language's plural form: ``{n}`` is the
    number formatted for the language (``digits`` decimals)."""
    loc = normalise_locale(locale)
    entry = plurals().get(key)
    if entry is None:
        raise KeyError(f"missing plural text key {key!r}")
    forms = entry.get(loc) or entry[FALLBACK]
    # the form follows the number as shown: "1,0 timer" (visible decimals) is not "1 time"
    shown = Decimal(f"{n:.{digits}f}")
    template = forms.get(plural_category(loc, shown)) or forms["other"]
    return _one_stop(template.format(n=fmt_number(loc, n, digits), **kwargs))


def keywords(groups: Mapping[str, str]) -> dict[str, str]:
    """What people may type, in any of the three languages, to the thing it means:
    ``{"sick": "sick syk sjuk"}`` -> ``{"sick": "sick", "syk": "sick", "sjuk": "sick"}``."""
    return {word: meaning for meaning, words in groups.items() for word in words.split()}


def supported_locale(locale: str | None) -> str | None:
    """A platform locale (``nb-NO``, ``sv_SE``, ``nn``, ``en-GB``) as nb/sv/en, or None when
    vaktbot does not speak it (``de-DE``): then the next source of a language decides."""
    if not locale:
        return None
    base = locale.replace("_", "-").split("-")[0].lower()
    if base in ("nb", "no", "nn"):
        return "nb"
    return base if base in ("sv", "en") else None


def normalise_locale(locale: str | None) -> str:
    """Map platform locales (``nb-NO``, ``sv_SE``, ``no``, ``nn``, ``en-US``) to nb/sv/en."""
    if not locale:
        return FALLBACK
    base = locale.replace("_", "-").split("-")[0].lower()
    if base in ("nb", "no", "nn"):
        return "nb"
    if base == "sv":
        return "sv"
    return "en" if base == "en" else FALLBACK


def t(locale: str | None, key: str, /, **kwargs: object) -> str:
    loc = normalise_locale(locale)
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"missing text key {key!r}")
    template = entry.get(loc) or entry[FALLBACK]
    return _one_stop(template.format(**kwargs)) if kwargs else template


_DOUBLE_STOP = re.compile(r"(?<=\w)\.\.(?!\.)")


def _one_stop(text: str) -> str:
    """An abbreviation at the end of a sentence ends it: "30. apr.." is "30. apr."."""
    return _DOUBLE_STOP.sub(".", text)


def babel_locale(locale: str | None) -> str:
    return _BABEL[normalise_locale(locale)]


def fmt_number(locale: str | None, value: float, digits: int = 0) -> str:
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return babel_numbers.format_decimal(value, format=fmt, locale=babel_locale(locale))


def fmt_percent(locale: str | None, value: float, digits: int = 1) -> str:
    """``value`` is already in percent (5.3 -> "5,3 %")."""
    fmt = "#,##0" + ("." + "0" * digits if digits else "") + " %"
    return babel_numbers.format_percent(value / 100, format=fmt, locale=babel_locale(locale))


def fmt_signed(locale: str | None, value: float, digits: int = 0) -> str:
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + fmt_number(locale, abs(value), digits)


def fmt_date(locale: str | None, d: date | datetime, style: str = "medium") -> str:
    return babel_dates.format_date(d, format=style, locale=babel_locale(locale))


_DAY = {"nb": "d. MMM", "sv": "d MMM", "en": "d MMM"}
_WEEKDAY_DAY = {"nb": "EEEE d. MMM", "sv": "EEEE d MMM", "en": "EEEE d MMM"}


def _with_year(d: date | datetime, ref: date | None) -> bool:
    return ref is None or d.year != ref.year


def fmt_day(locale: str | None, d: date | datetime, ref: date | None = None) -> str:
    """e.g. "7. des." / "7 dec." / "7 Dec", with the year when it is not ``ref``'s."""
    loc = normalise_locale(locale)
    pattern = _DAY[loc] + (" y" if _with_year(d, ref) else "")
    return babel_dates.format_date(d, format=pattern, locale=babel_locale(loc))


def fmt_weekday_date(locale: str | None, d: date | datetime, ref: date | None = None) -> str:
    """e.g. "mandag 7. des." / "måndag 7 dec." / "Monday 7 Dec", with the year when it is not
    ``ref``'s ("tirsdag 15. des. 2026" read in 2027)."""
    loc = normalise_locale(locale)
    pattern = _WEEKDAY_DAY[loc] + (" y" if _with_year(d, ref) else "")
    return babel_dates.format_date(d, format=pattern, locale=babel_locale(loc))


def fmt_span(locale: str | None, first: date, last: date, ref: date | None = None) -> str:
    """A date range, collapsed: "8.–12. des.", "28. des. 2026–3. jan. 2027", one day as one
    date. The year is shown unless both ends are in ``ref``'s year."""
    whole = _with_year(first, ref) or _with_year(last, ref)
    if first == last:
        return fmt_day(locale, first, None if whole else ref)
    return babel_dates.format_interval(
        first, last, "yMMMd" if whole else "MMMd", locale=babel_locale(locale)
    )


def fmt_time(locale: str | None, dt: datetime) -> str:
    """Local wall time; ``dt`` must already be in the reader's zone."""
    return babel_dates.format_time(dt, format="HH:mm", locale=babel_locale(locale))


def fmt_datetime(locale: str | None, dt: datetime, ref: date | None = None) -> str:
    """ "mandag 7. des. 08:00" (``dt`` in the reader's zone; the year as in fmt_weekday_date)."""
    return f"{fmt_weekday_date(locale, dt, ref)} {fmt_time(locale, dt)}"


def fmt_duration(locale: str | None, delta: timedelta) -> str:
    """A length of time in words, rounded to its largest unit: "45 minutter", "1 time",
    "2 timer", "3 døgn" (never "60 min" or "24 t")."""
    if delta < timedelta(minutes=1):
        return babel_dates.format_timedelta(
            delta, granularity="second", threshold=1, format="long", locale=babel_locale(locale)
        )
    return babel_dates.format_timedelta(
        delta, granularity="minute", threshold=1, format="long", locale=babel_locale(locale)
    )


def fmt_ago(locale: str | None, delta: timedelta) -> str:
    """How long ago: "nå nettopp" / "just nu" / "just now" under a minute, else "for 2 timer
    siden" / "för 2 timmar sedan" / "2 hours ago"."""
    if delta < timedelta(minutes=1):
        return t(locale, "common.just_now")
    return babel_dates.format_timedelta(
        -delta,
        granularity="minute",
        threshold=1,
        format="long",
        add_direction=True,
        locale=babel_locale(locale),
    )
