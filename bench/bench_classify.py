"""Classification throughput: ``bot.moderation.classify.classify`` over ~50k generated comments,
against a baseline measured in the same run: ONE combined compiled regex ``search`` per comment (the
same word trie, URL, question-mark and 8+-digit patterns, no labelling logic, no check digits).

Run: .venv/bin/python bench/bench_classify.py   (prints comments/s for both and the ratio;
target ratio >= 0.5).
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.moderation.classify import ClassifierSettings, classify  # noqa: E402
from bot.moderation.words import TLDS  # noqa: E402

N = 50_000
SEED = 20260101

OPENERS = [
    "Hei!",
    "Hej!",
    "Hi,",
    "Takk for info.",
    "Tack för informationen.",
    "Thanks.",
    "",
    "",
    "",
    "Hei Skatteetaten,",
    "Hej Skatteverket!",
]
SENTENCES = [
    "Jeg har sendt inn skattemeldingen men har ikke fått noe svar ennå",
    "Hvorfor tar det så lang tid å få svar på søknaden",
    "Når kommer skatteoppgjøret i år",
    "Det er helt utrolig at dere ikke klarer å svare på e-post",
    "Kan dere hjelpe meg med fradrag for reiseutgifter",
    "Flott innlegg, veldig nyttig informasjon",
    "Dette er bare tull fra ende til annen",
    "Jeg har ringt tre ganger uten å komme gjennom",
    "Hur gör jag för att ändra min adress i deklarationen",
    "Varför har jag inte fått min återbäring än",
    "Jag har väntat i sex veckor på ett beslut",
    "Bra information, tack för att ni delar",
    "Ni borde skämmas över hur ni behandlar folk",
    "Kan ni förklara vad som gäller för studenter",
    "How do I register as a foreign worker",
    "Why is the website down again",
    "Great news, thanks for sharing",
    "I have been waiting for weeks for an answer",
    "Dere er noen idioter alle sammen",
    "Rene løgnere hele gjengen",
    "Ni är ena pajasar",
    "Les mer på www.skatteetaten.no/person",
    "Se https://www.regjeringen.no/no/aktuelt/ for detaljer",
    "Kolla skatteverket.se/privat så ser du",
    "Ring meg på 934 56 789",
    "Mitt nummer är 070-123 45 67",
    "fødselsnummeret mitt er 151086 95088",
    "saksnummer 2024/12345",
    "Jeg betalte 12 500 kroner i restskatt",
    "Møtet er 14.03 kl. 10.30",
    "😡😡😡",
    "👍",
]


def make_comments(n: int, rng: random.Random) -> list[str]:
    out = []
    for _ in range(n):
        parts = [rng.choice(OPENERS)]
        for _ in range(rng.choices([1, 2, 3, 5], weights=[4, 4, 2, 1])[0]):
            parts.append(rng.choice(SENTENCES) + rng.choice([".", ".", "!", "?", "", " 🙂"]))
        out.append(" ".join(p for p in parts if p))
    return out


def baseline_regex(settings: ClassifierSettings) -> re.Pattern[str]:
    """The plain approach: one case-insensitive regex of everything classify looks for (all
    words and phrases, URLs, "?", @, long digit runs); ``search`` stops at the first hit."""
    m = settings._matcher
    entries = sorted([*m.exact, *(p + r"\w*" for p, _ in m.prefixes)], key=len, reverse=True)
    alternatives = "|".join(
        re.escape(e).replace(r"\ ", r"\s+").replace(re.escape(r"\w*"), r"\w*") for e in entries
    )
    tlds = "|".join(TLDS)
    return re.compile(
        rf"\b(?:{alternatives})\b|https?://\S+|www\.\S+|\b[\w-]+\.(?:{tlds})\b|[?？]|@\w+"
        r"|[0-9][0-9 \-]{7,}[0-9]",
        re.IGNORECASE,
    )


def trie_regex(settings: ClassifierSettings) -> re.Pattern[str]:
    """A tougher reference: the same features, but with classify's own trie-compiled word
    pattern run over the lower-cased text (how classify matches words)."""
    m = settings._matcher
    assert m.words is not None
    return re.compile(m.words.pattern + "|" + m.url_or_q.pattern + r"|@|[0-9][0-9 \-]{7,}[0-9]")


def main() -> int:
    rng = random.Random(SEED)
    comments = make_comments(N, rng)
    settings = ClassifierSettings(account_names=("Skatteetaten", "Skatteverket"))
    base = baseline_regex(settings)
    trie = trie_regex(settings)
    classify(comments[0], settings)  # warm up caches

    best_base = best_trie = best_cls = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        hits = sum(1 for c in comments if base.search(c))
        best_base = min(best_base, time.perf_counter() - t0)
        t0 = time.perf_counter()
        sum(1 for c in comments if trie.search(c.lower()))
        best_trie = min(best_trie, time.perf_counter() - t0)
        t0 = time.perf_counter()
        labelled = sum(1 for c in comments if classify(c, settings).labels)
        best_cls = min(best_cls, time.perf_counter() - t0)

    base_rate, trie_rate, cls_rate = N / best_base, N / best_trie, N / best_cls
    ratio = cls_rate / base_rate
    chars = sum(map(len, comments)) / N
    print(f"comments: {N} (mean {chars:.0f} chars), labelled {labelled}, baseline hits {hits}")
    print(f"baseline, one combined regex search:     {base_rate:>10,.0f} comments/s")
    print(f"reference, trie-compiled regex search:   {trie_rate:>10,.0f} comments/s")
    print(f"classify (all labels, check digits):     {cls_rate:>10,.0f} comments/s")
    print(f"ratio classify/baseline: {ratio:.2f} (target >= 0.5)")
    print(f"ratio classify/trie reference: {cls_rate / trie_rate:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
