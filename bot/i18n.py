"""Localised strings (nb, sv, en) and Babel formatting.

Strings live in ``bot/texts/<feature>.py`` as ``TEXTS = {key: {"nb": ..., "sv": ..., "en": ...}}``
so each feature owns its own catalogue. ``t(locale, key, **kw)`` looks a key up and formats it.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date, datetime, timedelta
from functools import lru_cache

from babel import dates as babel_dates
from babel import numbers as babel_numbers

import bot.texts as texts_pkg

LOCALES = ("nb", "sv", "en")
FALLBACK = "en"
_BABEL = {"nb": "nb_NO", "sv": "sv_SE", "en": "en_GB"}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:

    merged: dict[str, dict[str, str]] = {}
    for mod in pkgutil.iter_modules(texts_pkg.__path__):
        module = importlib.import_module(f"bot.texts.{mod.name}")
        for key, value in getattr(module, "TEXTS", {}).items():
            if key in merged:
                raise ValueError(f"text key {key!r} defined twice (bot/texts/{mod.name}.py)")
            merged[key] = value
    return merged


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
    return template.format(**kwargs) if kwargs else template


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


def fmt_weekday_date(locale: str | None, d: date | datetime) -> str:
    """e.g. "mandag 23. nov." / "måndag 23 nov." / "Monday 23 Nov"."""
    return babel_dates.format_date(d, format="EEEE d MMM", locale=babel_locale(locale))


def fmt_time(locale: str | None, dt: datetime) -> str:
    """Local wall time; ``dt`` must already be in the reader's zone."""
    return babel_dates.format_time(dt, format="HH:mm", locale=babel_locale(locale))


def fmt_datetime(locale: str | None, dt: datetime) -> str:
    return f"{fmt_weekday_date(locale, dt)} {fmt_time(locale, dt)}"


def fmt_duration(locale: str | None, delta: timedelta) -> str:
    return babel_dates.format_timedelta(
        delta, threshold=1.5, format="short", locale=babel_locale(locale)
    )
