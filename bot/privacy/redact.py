"""Find and remove personal data in comment text before it is shown in chat.

``find_personal_data`` reports identity numbers (bot.privacy.identity), Norwegian and Swedish phone
numbers, e-mail addresses and (where detectable) postal addresses. ``redact`` replaces each with
a localised marker and ``excerpt`` makes a short, redacted one-line preview. Everything is pure
and linear in the text length: regexes are compiled once, digit patterns only run when the text
has digits, and check digits are only computed for candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.i18n import t
from bot.privacy.identity import KINDS as IDENTITY_KINDS
from bot.privacy.identity import find_identity_numbers

PHONE = "phone"
EMAIL = "email"
ADDRESS = "address"
KINDS: tuple[str, ...] = (*IDENTITY_KINDS, EMAIL, PHONE, ADDRESS)
# When findings overlap, the merged span takes the kind listed first here.
_RANK = {kind: i for i, kind in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class Finding:
    """Personal data at ``text[start:end]``. ``kind`` is an identity kind, "phone" or "email"."""

    kind: str
    start: int
    end: int

    @property
    def is_identity(self) -> bool:
        return self.kind in IDENTITY_KINDS


_S = r"[ \u00a0]"  # one space inside a phone number
# Not glued to other digits ("12-22334455" or "22334455 7" are something else).
_BEGIN = r"(?<![0-9])(?<![0-9][ \u00a0\-–])"
_END = r"(?![ \u00a0]?[-–]?[ \u00a0]?[0-9])"
_SUBSCRIBER = rf"[0-9]{{2,3}}(?:{_S}?[0-9]{{2,3}}){{1,3}}"
_PHONE = re.compile(
    _BEGIN
    + "(?:"
    # Norway: 8 digits starting 2-9, "22334455", "22 33 44 55", "934 56 789", +47/0047.
    + rf"(?P<no>(?:(?:\+|00){_S}?47{_S}?-?{_S}?)?"
    + rf"(?:[2-9][0-9]{{7}}|[2-9][0-9](?:{_S}[0-9]{{2}}){{3}}"
    + rf"|[2-9][0-9]{{2}}{_S}[0-9]{{2}}{_S}[0-9]{{3}}))"
    # Sweden, national: area code 0X-0XXX then subscriber, "070-123 45 67", "08-123 456 78".
    + rf"|(?P<se>0[1-9][0-9]{{0,2}}(?:{_S}?[-–/]{_S}?|{_S})?{_SUBSCRIBER})"
    # Sweden, international: +46 70 123 45 67, 0046 8 123 456 78, +46 (0)70-123 45 67.
    + rf"|(?:\+|00){_S}?46{_S}?-?{_S}?(?:\(0\){_S}?)?0?"
    + rf"(?P<sei>[1-9][0-9]{{0,2}}(?:{_S}?[-–]{_S}?|{_S})?{_SUBSCRIBER})"
    + ")"
    + _END
)
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_DIGIT = re.compile(r"[0-9]")
# Eight digits close together: needed by every phone and identity number (cheap pre-check).
_LONG_NUMBER = re.compile(r"[0-9](?:[\s\-–/()+.]{0,3}[0-9]){7}")

# Postal addresses, where detectable. A bare "Storgata 12" is not flagged: roads and places
# are named all the time in comments to road and municipal agencies.
_UPPER = "A-ZÆØÅÄÖÜÉ"
_STREET_SUFFIX = (
    "gata|gate|gaten|gatan|vei|veien|veg|vegen|väg|vägen|allé|alle|alléen|plass|plassen|"
    "torg|torget|stien|stigen|gränd|gränden|backe|backen|bakken|brygga|bryggen|kaia|kaien|"
    "terrasse|ringen|svingen|road|street|lane|avenue"
)
_HOUSE = r"[0-9]{1,3}(?:[ \u00a0]?[A-Za-z](?![\w]))?"
_POSTCODE_PLACE = r"(?:[0-9]{4}|[0-9]{3}[ \u00a0]?[0-9]{2})[ \u00a0]+(?P<place>[^\W\d_]{2,})"
# House number, optional comma, postcode and place: "12, 0155 Oslo", "5 0368 Oslo".
_POSTAL_TAIL = re.compile(rf"{_HOUSE}(?P<comma>,)?[ \u00a0]*{_POSTCODE_PLACE}")
# The street right before it: any capitalised name when a comma follows the house number and the
# place is capitalised ("Fred Olsens gate 1, 0152 Oslo"), otherwise a name with a street suffix
# ("Kirkeveien 5 0368 Oslo").
_STREET_NAME = re.compile(rf"(?<!\w)[{_UPPER}][\w'.-]*(?:[ \u00a0][\w'.-]+){{0,2}}[ \u00a0]\Z")
_STREET_SUFFIXED = re.compile(rf"(?<!\w)(?i:[^\W\d_]*(?:{_STREET_SUFFIX}))[ \u00a0]\Z")
# "adressen min er Lillevegen 3", "min adress är Storgatan 5", "my address is Elm Street 4"
_ADDRESS_STATED = re.compile(
    r"(?i:\b(?:adressen|adressa|adresse|adress|address))(?:[ \u00a0]*:|"
    r"(?i:[ \u00a0]+(?:min|mi|er|är|is|my|til|till)))*[ \u00a0]+"
    rf"[{_UPPER}][\w'.-]*(?:[ \u00a0][\w'.-]+){{0,2}}[ \u00a0]{_HOUSE}(?![\w])"
)


def _addresses(text: str, first_digit: int) -> list[Finding]:
    found: list[Finding] = []
    for m in _POSTAL_TAIL.finditer(text, first_digit):
        start = m.start()
        if start < 2 or text[start - 1] not in " \u00a0" or text[start - 2].isdigit():
            continue
        named = m.group("comma") and m.group("place")[0].isupper()
        street = _STREET_NAME if named else _STREET_SUFFIXED
        before = street.search(text, max(0, start - 80), start)
        if before is not None:
            found.append(Finding(ADDRESS, before.start(), m.end()))
    if "dress" in text or "DRESS" in text:
        found.extend(Finding(ADDRESS, m.start(), m.end()) for m in _ADDRESS_STATED.finditer(text))
    return found


def _digit_count(s: str) -> int:
    return sum(1 for ch in s if "0" <= ch <= "9")


def _phones(text: str, pos: int = 0) -> list[Finding]:
    found: list[Finding] = []
    for m in _PHONE.finditer(text, pos):
        if m.group("se") is not None:
            if not 8 <= _digit_count(m.group("se")) <= 10:
                continue
        elif m.group("sei") is not None and not 7 <= _digit_count(m.group("sei")) <= 9:
            continue
        found.append(Finding(PHONE, m.start(), m.end()))
    return found


def _merge(findings: list[Finding]) -> list[Finding]:
    """Sort and merge overlapping findings; the merged span keeps the most serious kind."""
    if len(findings) < 2:
        return findings
    merged: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.kind, f.kind, key=_RANK.__getitem__)
            merged[-1] = Finding(kind, last.start, max(last.end, f.end))
        else:
            merged.append(f)
    return merged


def find_personal_data(text: str) -> list[Finding]:
    """Identity numbers, phone numbers, e-mail and postal addresses in ``text``, in order,
    non-overlapping."""
    if not text:
        return []
    findings: list[Finding] = []
    if "@" in text:
        findings.extend(Finding(EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text))
    digit = _DIGIT.search(text)
    if digit is not None:
        first = max(0, digit.start() - 6)  # a phone number may start with "+47 " or "0046"
        if _LONG_NUMBER.search(text, digit.start()):
            findings.extend(Finding(m.kind, m.start, m.end) for m in find_identity_numbers(text))
            findings.extend(_phones(text, first))
        findings.extend(_addresses(text, digit.start()))
    return _merge(findings)


def marker(kind: str, locale: str | None = None) -> str:
    """The localised text that replaces personal data of ``kind``."""
    if kind == PHONE:
        return t(locale, "redact.marker.phone")
    if kind == EMAIL:
        return t(locale, "redact.marker.email")
    if kind == ADDRESS:
        return t(locale, "redact.marker.address")
    return t(locale, "redact.marker.id")


def _redact_spans(text: str, locale: str | None) -> tuple[str, list[tuple[int, int]]]:
    """Redacted text and the spans of the markers in it."""
    findings = find_personal_data(text)
    if not findings:
        return text, []
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for f in findings:
        before = text[pos : f.start]
        mark = marker(f.kind, locale)
        parts.extend((before, mark))
        length += len(before)
        spans.append((length, length + len(mark)))
        length += len(mark)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), spans


def redact(text: str, locale: str | None = None) -> str:
    """``text`` with every identity number, phone number and e-mail address replaced by a
    marker such as "[fødselsnummer fjernet]"."""
    return _redact_spans(text, locale)[0]


def excerpt(text: str, limit: int = 140, locale: str | None = None) -> str:
    """A one-line, redacted preview of at most ``limit`` characters.

    Whitespace is collapsed first (so a number split over lines is still found), then personal
    data is redacted, then the text is cut on a word boundary and ends with "…". A marker is
    never cut in half.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    flat = " ".join(text.split())
    red, spans = _redact_spans(flat, locale)
    if len(red) <= limit:
        return red
    cut = limit - 1  # room for the ellipsis
    at_boundary = red[cut] == " "
    for start, end in spans:
        if start <= cut < end:
            cut, at_boundary = start, True
            break
    if not at_boundary:
        space = red.rfind(" ", 0, cut)
        while space > 0 and any(s < space < e for s, e in spans):
            space = red.rfind(" ", 0, space)
        if space >= cut // 2:
            cut = space
    return red[:cut].rstrip(" ,;:-–") + "…"
