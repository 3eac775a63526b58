"""Absence reasons as people write them: a kind (sick, vacation, other) read from keywords in
Norwegian, Swedish and English, and the free text as written ("kurs på Gardermoen"). Pure.

Only the kind is used by the rotation and the hours; the text is shown back to the person and
their lead, never in calendar feeds."""

from __future__ import annotations

from bot.i18n import keywords

KINDS = ("sick", "vacation", "other")
KEYWORDS = keywords(
    {
        "sick": "sick ill syk sykdom sykemeldt sykmeldt sjuk sjukdom sjukskriven sjukskrivning",
        "vacation": "vacation holiday holidays ferie feriedag semester semesterdag",
        "other": "other annet annat",
    }
)
MAX_NOTE = 200


def read_reason(text: str) -> tuple[str, str | None]:
    """(kind, note): a lone keyword gives its kind and no note; free text starting with a
    keyword ("ferie i Spania") gives that kind and the text; other text is "other" with the text;
    nothing is "other" without a note."""
    words = " ".join(text.split())
    if not words:
        return "other", None
    first = words.split()[0].casefold().strip(".,;:")
    kind = KEYWORDS.get(first, "other")
    if first in KEYWORDS and len(words.split()) == 1:
        return kind, None
    return kind, words[:MAX_NOTE]
