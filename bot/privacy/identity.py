"""Find Nordic national identity numbers in free text.

Kinds:

* ``no_fnr`` – Norwegian fødselsnummer (11 digits, two mod-11 check digits). H-numbers
  (month + 40, used in the health sector) are reported as ``no_fnr`` too.
* ``no_dnr`` – Norwegian D-number (day + 40), same check digits.
* ``se_pnr`` – Swedish personnummer, 10 digits (``YYMMDD-NNNC``, ``+`` for people aged 100+)
  or 12 digits (``YYYYMMDDNNNC``), Luhn check digit over the last ten digits.
* ``se_snr`` – Swedish samordningsnummer (day + 60), otherwise like a personnummer.

Digits may be grouped with spaces, hyphens or line breaks (``010190 12345``,
``19900101-1234``, ``01 01 90 123 45``). A number only counts when the check digits AND the
birth date are valid, so ordinary numbers rarely match.

The check digits come from python-stdnum (``stdnum.no.fodselsnummer`` and ``stdnum.luhn``). The
date checks are done here: stdnum's ``validate`` functions read the system clock ("not born yet",
century of 10-digit Swedish numbers) and domain code must stay pure. We would rather redact a
number with a future birth date than leak it, so no "born yet" check is made.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Literal

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.no import fodselsnummer

IdentityKind = Literal["no_fnr", "no_dnr", "se_pnr", "se_snr"]
KINDS: tuple[IdentityKind, ...] = ("no_fnr", "no_dnr", "se_pnr", "se_snr")


@dataclass(frozen=True, slots=True)
class Match:
    """One identity number in a text: ``text[start:end]`` is the number as written."""

    kind: IdentityKind
    start: int
    end: int


# A run of ASCII digit groups. Separators: up to three whitespace characters, a hyphen or dash
# (optionally with a space either side) or "+" (the Swedish 100+ separator). Runs are maximal
# (greedy), so finditer never starts one inside another and each is scanned once.
_SEP = r"(?:\s{1,3}|\s?[-‐‑–—]\s?|\+)"
_RUN = re.compile(rf"[0-9]+(?:{_SEP}[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_HAS_DIGIT = re.compile(r"[0-9]")
_MAX_DIGITS = 12


def _valid_date(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def check_no(digits: str) -> IdentityKind | None:
    """Kind of an 11-digit Norwegian number, or None when it is not valid."""
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        return None
    if digits[9] != fodselsnummer.calc_check_digit1(digits):
        return None
    if digits[10] != fodselsnummer.calc_check_digit2(digits):
        return None
    try:
        fodselsnummer.get_birth_date(digits)  # rejects FH numbers and impossible dates
    except ValidationError:
        return None
    return "no_dnr" if int(digits[0]) >= 4 else "no_fnr"


def check_se(digits: str, plus: bool = False) -> IdentityKind | None:
    """Kind of a 10- or 12-digit Swedish number, or None when it is not valid.

    ``plus`` is True when a 10-digit number was written with ``+`` (aged 100 or more).
    """
    if len(digits) not in (10, 12) or not digits.isascii() or not digits.isdigit():
        return None
    month = int(digits[-8:-6])
    day = int(digits[-6:-4])
    kind: IdentityKind = "se_pnr"
    if day > 60:
        day -= 60
        kind = "se_snr"
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if len(digits) == 12:
        century = int(digits[:2])
        if century not in (18, 19, 20):
            return None
        years = [int(digits[:4])]
    else:
        yy = int(digits[:2])
        # The century of a 10-digit number depends on today's date; accept every century the
        # number could belong to (100+ people use "+": 1800s or 1900s).
        centuries = (1800, 1900) if plus else (1900, 2000)
        years = [c + yy for c in centuries]
    if not any(_valid_date(y, month, day) for y in years):
        return None
    if not luhn.is_valid(digits[-10:]):
        return None
    return kind


@lru_cache(maxsize=4096)
def _classify_digits(digits: str, plus: bool) -> IdentityKind | None:
    """``plus``: a "+" separates two of the groups (only a Swedish 10-digit number has one).
    Cached: a hostile text repeats the same digits many times."""
    n = len(digits)
    if n == 11:
        return None if plus else check_no(digits)
    if n == 10:
        return check_se(digits, plus=plus)
    if n == 12:
        return None if plus else check_se(digits)
    return None


def _candidates(run: str, offset: int) -> list[Match]:
    """Every way of joining consecutive digit groups of ``run`` into 10 to 12 digits that makes
    a valid number. Digit counts grow with each group, so from each first group at most three
    joins (10, 11 and 12 digits) are looked at: linear in the length of the run."""
    spans = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
    every = "".join(run[s:e] for s, e in spans)
    upto = list(accumulate(e - s for s, e in spans))  # digits in groups 0..k
    # pluses[k]: how many of the separators before group k are "+"
    pluses = [0, *accumulate(run[spans[k - 1][1] : spans[k][0]].strip() == "+"
                             for k in range(1, len(spans)))]  # fmt: skip
    found: list[Match] = []
    for i in range(len(spans)):
        before = upto[i - 1] if i else 0
        j = bisect_left(upto, before + 10, lo=i)
        while j < len(spans) and upto[j] - before <= _MAX_DIGITS:
            inner = pluses[j - 1] - pluses[i] if j > i else 0  # "+" before the last separator
            last = pluses[j] - pluses[j - 1] if j > i else 0  # the last separator is "+"
            # "+" only separates the last four digits (the Swedish 100+ form)
            if not inner and (not last or spans[j][1] - spans[j][0] == 4):
                kind = _classify_digits(every[before : upto[j]], bool(last))
                if kind is not None:
                    found.append(Match(kind, offset + spans[i][0], offset + spans[j][1]))
            j += 1
    return found


def _merged(matches: list[Match]) -> list[Match]:
    """Merge overlapping candidates into one span (the kind of the longest), so that a number
    is never left half-visible because a neighbouring digit group also formed a valid number."""
    out: list[Match] = []
    best: list[int] = []  # length of the longest candidate behind each merged span
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        if out and m.start < out[-1].end:
            last = out[-1]
            kind = m.kind if m.end - m.start > best[-1] else last.kind
            best[-1] = max(best[-1], m.end - m.start)
            out[-1] = Match(kind, last.start, max(last.end, m.end))
        else:
            out.append(m)
            best.append(m.end - m.start)
    return out


def find_identity_numbers(text: str) -> list[Match]:
    """All valid Nordic identity numbers in ``text``, in order, non-overlapping (overlapping
    candidates are merged into one span)."""
    if not text or not _HAS_DIGIT.search(text):
        return []
    found: list[Match] = []
    for run in _RUN.finditer(text):
        value = run.group()
        if len(value) < 10 or len(value) - sum(not ch.isdigit() for ch in value) < 10:
            continue
        found.extend(_candidates(value, run.start()))
    return _merged(found) if len(found) > 1 else found


def identity_kind(number: str) -> IdentityKind | None:
    """Kind of a single number as written (separators allowed), or None if it is not valid."""
    text = number.strip()
    matches = find_identity_numbers(text)
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(text):
        return matches[0].kind
    return None
