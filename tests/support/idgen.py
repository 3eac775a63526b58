"""Generators for Nordic identity numbers: VALID ones of every kind and near-misses.

Used by any test that must prove no valid identity number survives into rendered output::

    from tests.support.idgen import valid_numbers, valid_number, near_miss

Plain functions take a ``random.Random`` (deterministic); hypothesis strategies draw the same
shapes. Everything is computed here from first principles (mod 11, Luhn) rather than with
python-stdnum, so the tests check bot/identity.py against an independent implementation.

Each generated value is an ``IdNumber(kind, text, digits)``: ``text`` is how it is written in a
comment (plain, with a space or a hyphen), ``digits`` the bare digits.
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from datetime import date

from hypothesis import strategies as st

KINDS = ("no_fnr", "no_dnr", "se_pnr10", "se_pnr12", "se_snr")
# Kind as reported by bot.privacy.identity (both Swedish lengths are "se_pnr").
REPORTED_KIND = {
    "no_fnr": "no_fnr",
    "no_dnr": "no_dnr",
    "se_pnr10": "se_pnr",
    "se_pnr12": "se_pnr",
    "se_snr": "se_snr",
}


@dataclass(frozen=True)
class IdNumber:
    kind: str
    text: str
    digits: str
    style: str = "plain"

    @property
    def phone_like(self) -> bool:
        """A 10-digit Swedish number from the 2000s written without a hyphen ("0701011234") is
        also a valid Swedish phone number, so it is personal data even with a wrong check digit."""
        return (
            self.kind in ("se_pnr10", "se_snr")
            and self.style != "hyphen"
            and (self.digits[0] == "0")
        )


# --- check digits -------------------------------------------------------------------------


def no_check_digits(nine: str) -> str | None:
    """The two Norwegian check digits for the first nine digits, or None if impossible."""
    w1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    k1 = (11 - sum(w * int(d) for w, d in zip(w1, nine, strict=True)) % 11) % 11
    if k1 == 10:
        return None
    ten = nine + str(k1)
    w2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    k2 = (11 - sum(w * int(d) for w, d in zip(w2, ten, strict=True)) % 11) % 11
    if k2 == 10:
        return None
    return f"{k1}{k2}"


def luhn_digit(nine: str) -> str:
    total = 0
    for i, d in enumerate(nine):
        v = int(d) * (2 if i % 2 == 0 else 1)
        total += v - 9 if v > 9 else v
    return str((10 - total % 10) % 10)


# --- plain generators -----------------------------------------------------------------------


def _random_date(rng: random.Random, first: int, last: int) -> date:
    year = rng.randint(first, last)
    month = rng.randint(1, 12)
    return date(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))


def _no_individual(rng: random.Random, year: int) -> int:
    if year < 1900:
        return rng.randint(500, 749)
    if year < 2000:
        return rng.randint(0, 499)
    return rng.randint(500, 999)


def _no_digits(rng: random.Random, dnr: bool) -> str:
    while True:
        born = _random_date(rng, 1900, 2039)
        day = born.day + (40 if dnr else 0)
        nine = f"{day:02d}{born.month:02d}{born.year % 100:02d}{_no_individual(rng, born.year):03d}"
        check = no_check_digits(nine)
        if check is not None:
            return nine + check


def _se_digits(rng: random.Random, twelve: bool, snr: bool) -> str:
    born = _random_date(rng, 1900, 2025)
    day = born.day + (60 if snr else 0)
    nine = f"{born.year % 100:02d}{born.month:02d}{day:02d}{rng.randint(0, 999):03d}"
    ten = nine + luhn_digit(nine)
    return f"{born.year // 100}{ten}" if twelve else ten


def _digits(rng: random.Random, kind: str) -> str:
    if kind in ("no_fnr", "no_dnr"):
        return _no_digits(rng, kind == "no_dnr")
    return _se_digits(rng, twelve=kind == "se_pnr12", snr=kind == "se_snr")


def styles(kind: str) -> tuple[str, ...]:
    """How a number of this kind is commonly written."""
    if kind in ("no_fnr", "no_dnr"):
        return ("plain", "space", "hyphen")
    return ("plain", "hyphen", "space")


def write(kind: str, digits: str, style: str) -> str:
    """Write bare digits the way people do: ``plain``, ``space`` or ``hyphen`` before the serial."""
    if style == "plain":
        return digits
    cut = 6 if kind in ("no_fnr", "no_dnr") else len(digits) - 4
    sep = " " if style == "space" else "-"
    return digits[:cut] + sep + digits[cut:]


def valid_number(kind: str, rng: random.Random, style: str = "plain") -> IdNumber:
    digits = _digits(rng, kind)
    return IdNumber(kind, write(kind, digits, style), digits, style)


def _break_check(digits: str, rng: random.Random) -> str:
    """Change the last check digit to a wrong value."""
    last = digits[-1]
    wrong = rng.choice([d for d in "0123456789" if d != last])
    return digits[:-1] + wrong


def near_miss(kind: str, rng: random.Random, style: str = "plain") -> IdNumber:
    """A number that looks like ``kind`` but has a wrong (last) check digit."""
    digits = _break_check(_digits(rng, kind), rng)
    return IdNumber(kind, write(kind, digits, style), digits, style)


def all_valid(rng: random.Random, per_kind: int = 3) -> list[IdNumber]:
    """A few valid numbers of every kind in every writing style."""
    return [
        valid_number(kind, rng, style)
        for kind in KINDS
        for style in styles(kind)
        for _ in range(per_kind)
    ]


# --- hypothesis strategies --------------------------------------------------------------------


@st.composite
def _numbers(draw: st.DrawFn, kind: str | None, valid: bool, style: str | None) -> IdNumber:
    k = kind or draw(st.sampled_from(KINDS))
    s = style or draw(st.sampled_from(styles(k)))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    return valid_number(k, rng, s) if valid else near_miss(k, rng, s)


def valid_numbers(kind: str | None = None, style: str | None = None) -> st.SearchStrategy[IdNumber]:
    """Strategy for valid numbers (any kind unless given)."""
    return _numbers(kind, True, style)


def near_misses(kind: str | None = None, style: str | None = None) -> st.SearchStrategy[IdNumber]:
    """Strategy for numbers with a wrong check digit."""
    return _numbers(kind, False, style)


# Text that may surround a number: anything, but the characters next to the number are not
# digits (a digit glued to the number makes it a different, longer number).
def surrounding_text(digits: bool = True) -> st.SearchStrategy[tuple[str, str]]:
    """(prefix, suffix) to put around a number. ``digits=False`` keeps ASCII digits and "+" out,
    so the surroundings cannot combine with a near-miss into some other valid number or into a
    phone number ("+ 4608…" is +46 8…)."""
    pad = st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs",), blacklist_characters="" if digits else "0123456789+"
        ),
        max_size=40,
    )
    gap = st.sampled_from([" ", "\n", ": ", " (", "«", "“", ", ", " nr. ", "\t"])
    end_gap = st.sampled_from([" ", ".", ")", "»", "”", "!", "?", ",", "\n", ". "])
    return st.tuples(pad, gap, end_gap, pad).map(lambda t: (t[0] + t[1], t[2] + t[3]))
