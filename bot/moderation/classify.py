"""Pure comment classification, configurable per team.

Labels (one comment may carry several), by priority (1 is the most urgent):

=============  ==  ===============================================================
personal_data  1   identity/phone numbers, e-mail or postal addresses (bot.privacy.redact)
hate           2   hateful or threatening words (bot.moderation.words + team words)
surge          3   many comments on the post right now (``surge_stats``)
troll          4   insults and trolling words
needs_answer   5   a question mark, a question word opening a sentence, a question phrase,
                   or the team's account addressed directly ("@Skatteetaten", "Hei NAV, …")
link           6   URLs, including bare domains such as ``example.com/x``
=============  ==  ===============================================================

personal_data, hate and surge are *priority labels*: they may page the on-call person.
Words match whole words only, case-insensitively and Unicode-aware (æøå/åäö). Surge detection
and its cool-down (bot.moderation.surge) are pure functions of the arrival times and
``now``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cache

from bot.i18n import keywords, t
from bot.moderation import words
from bot.privacy.redact import Finding, find_personal_data

LABELS: tuple[str, ...] = ("personal_data", "hate", "surge", "troll", "needs_answer", "link")
LABEL_PRIORITY: dict[str, int] = {label: i + 1 for i, label in enumerate(LABELS)}
PRIORITY_LABELS: frozenset[str] = frozenset({"personal_data", "hate", "surge"})
LANGUAGES: tuple[str, ...] = ("nb", "sv", "en")

# Word categories inside the matcher.
_HATE, _TROLL, _QWORD, _QPHRASE = "hate", "troll", "qword", "qphrase"
_QMARKS = "?？❓❔"


def label_priority(label: str) -> int:
    """1 for the most urgent label; unknown labels sort last."""
    return LABEL_PRIORITY.get(label, len(LABELS) + 1)


def is_priority_label(label: str) -> bool:
    """True for labels that may page the on-call person."""
    return label in PRIORITY_LABELS


def sort_labels(labels: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(labels, key=lambda label: (label_priority(label), label)))


def top_priority(labels: Iterable[str]) -> str | None:
    """The most urgent label, or None for no labels."""
    ordered = sort_labels(labels)
    return ordered[0] if ordered else None


def label_text(locale: str | None, label: str) -> str:
    """Display name, e.g. "Trenger svar" / "Behöver svar" / "Needs answer"."""
    return t(locale, f"classify.label.{label}")


# what people type after /vakt queue, besides each label's display name in nb, sv and en
LABEL_WORDS = keywords(
    {
        "personal_data": "personal_data persondata personopplysninger personopplysning "
        "personuppgifter personuppgift pii",
        "hate": "hate hat hets",
        "surge": "surge storm",
        "troll": "troll trolling trollande",
        "needs_answer": "needs_answer question questions spørsmål fråga frågor svar",
        "link": "link links lenke lenker länk länkar",
    }
)


def label_of(text: str) -> str | None:
    """The label a word or name means, in any of the three languages ("personopplysninger",
    "Personuppgifter", "personal data", "personal_data"), or None."""
    want = " ".join(text.casefold().replace("_", " ").split())
    if want.replace(" ", "_") in LABEL_WORDS:
        return LABEL_WORDS[want.replace(" ", "_")]
    for label in LABELS:
        for lang in LANGUAGES:
            if label_text(lang, label).casefold() == want:
                return label
    return None


def _norm_word(word: str) -> str:
    return " ".join(word.lower().split())


def _norm_name(name: str) -> str:
    return re.sub(r"[\s._-]+", "", name.lower().lstrip("@"))


def _words(values: Iterable[str]) -> frozenset[str]:
    return frozenset(w for w in (_norm_word(v) for v in values) if w.rstrip("*"))


@dataclass(frozen=True)
class ClassifierSettings:
    """A team's classifier configuration. ``account_names`` are the team's own accounts
    ("Skatteetaten", "@Skatteverket", "Statens vegvesen"); addressing one of them directly marks
    a comment as needing an answer. Word collections may be any iterable of strings;
    they are normalised (lower case, single spaces) into frozensets, so settings are hashable.

    ``removed_*_words`` drop shipped defaults and also silence a word that a wildcard entry
    would match (removing "idioten" keeps "idiot*" but no longer flags "idioten").
    """

    account_names: Collection[str] = ()
    languages: Collection[str] = LANGUAGES
    extra_hate_words: Collection[str] = ()
    removed_hate_words: Collection[str] = ()
    extra_troll_words: Collection[str] = ()
    removed_troll_words: Collection[str] = ()
    extra_question_words: Collection[str] = ()
    removed_question_words: Collection[str] = ()
    enabled_labels: Collection[str] = LABELS
    _matcher: _Matcher = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        names = (_norm_word(n.lstrip("@")) for n in self.account_names)
        set_(self, "account_names", frozenset(n for n in names if n))
        set_(self, "languages", tuple(lang for lang in LANGUAGES if lang in set(self.languages)))
        for name in (
            "extra_hate_words",
            "removed_hate_words",
            "extra_troll_words",
            "removed_troll_words",
            "extra_question_words",
            "removed_question_words",
        ):
            set_(self, name, _words(getattr(self, name)))
        unknown = set(self.enabled_labels) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown labels: {sorted(unknown)}")
        set_(self, "enabled_labels", frozenset(self.enabled_labels))
        set_(self, "_matcher", _Matcher(self))


def _token(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "*":
        return r"\w*"
    return re.escape(ch)


def _trie_pattern(entries: Iterable[str]) -> str:
    """One regex for many words, as a trie, so each word start is tried once per letter."""
    trie: dict[str, dict] = {}
    for entry in entries:
        node = trie
        for ch in entry:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        alts = [_token(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            return "(?:" + body + ")?" if len(alts) > 1 else f"(?:{body})?"
        return body

    return emit(trie)


class _Matcher:
    """Compiled patterns for one ``ClassifierSettings``."""

    def __init__(self, s: ClassifierSettings) -> None:
        cats: dict[str, set[str]] = {}

        def add(category: str, entries: Iterable[str], removed: Collection[str]) -> None:
            for entry in entries:
                word = _norm_word(entry)
                if word and word not in removed:
                    cats.setdefault(word, set()).add(category)

        langs = tuple(s.languages)
        rh, rt, rq = s.removed_hate_words, s.removed_troll_words, s.removed_question_words
        for lang in langs:
            add(_HATE, words.HATE_WORDS.get(lang, ()), rh)
            add(_TROLL, words.TROLL_WORDS.get(lang, ()), rt)
            add(_QWORD, words.QUESTION_WORDS.get(lang, ()), rq)
            add(_QPHRASE, words.QUESTION_PHRASES.get(lang, ()), rq)
        add(_HATE, s.extra_hate_words, rh)
        add(_TROLL, s.extra_troll_words, rt)
        add(_QWORD, s.extra_question_words, rq)
        self.removed = {_HATE: rh, _TROLL: rt, _QWORD: rq, _QPHRASE: rq}
        self._seen: dict[str, frozenset[str]] = {}
        self.enabled = frozenset(s.enabled_labels)
        self.exact = {w: frozenset(c) for w, c in cats.items() if not w.endswith("*")}
        self.prefixes = [(w[:-1], frozenset(c)) for w, c in cats.items() if w.endswith("*")]
        self.prefixes.sort(key=lambda p: -len(p[0]))
        tlds = "|".join(sorted(words.TLDS, key=len, reverse=True))
        # Words are matched in the lower-cased text (faster than IGNORECASE).
        self.words = re.compile(rf"(?<!\w)(?:{_trie_pattern(cats)})(?!\w)") if cats else None
        # A URL is only looked for when a cheap pre-check says there may be one.
        self.maybe_url = re.compile(rf"://|www\.|\.(?:{tlds})(?![\w-])", re.IGNORECASE)
        self.url_or_q = re.compile(
            r"(?P<url>(?i:https?://|www\.)[^\s<>\"'»”]+"
            rf"|(?<![\w@.-])(?:[\w-]+\.)+(?:{tlds})(?![\w-])(?:/[^\s<>\"'»”]*)?)"
            rf"|(?P<q>[{_QMARKS}])"
        )
        self.accounts = frozenset(_norm_name(n) for n in s.account_names)
        self.mention = re.compile(r"(?<![\w@.])@\w[\w.-]*")
        greet = "|".join(re.escape(g).replace(r"\ ", r"\s+") for g in words.GREETINGS)
        self.greeting_opening = re.compile(rf"(?i)\W*(?:{greet})(?:\s+@?[\w.-]+)?[\s,!]*\Z")
        self.vocative = None
        if self.accounts:
            names = "|".join(
                re.escape(n).replace(r"\ ", r"\s+")
                for n in sorted(s.account_names, key=len, reverse=True)
            )
            # "Hei Skatteetaten …", "Skatteverket, …", "NAV: …" opening the comment
            self.vocative = re.compile(
                rf"(?i)\W*(?:(?:{greet})[\s,!]+@?(?:{names})(?!\w)|@?(?:{names})\s*[,:!])"
            )

    def categories(self, token: str) -> frozenset[str]:
        """Categories of a matched (lower-cased) token, remembered per token."""
        found = self._seen.get(token)
        if found is None:
            word = _norm_word(token)
            cats = self.exact.get(word)
            if cats is None:
                cats = next((c for p, c in self.prefixes if word.startswith(p)), frozenset())
            found = frozenset(c for c in cats if word not in self.removed[c])
            if len(self._seen) >= 4096:
                self._seen.clear()
            self._seen[token] = found
        return found

    def clause_start(self, text: str, pos: int) -> bool:
        """True when ``pos`` opens a sentence: start of text, after punctuation other than a
        comma, after a line break, or right after an opening greeting ("Hei NAV, hvorfor …").
        A comma alone is not enough ("Det var bra, hur som helst")."""
        i = pos - 1
        while i >= 0 and text[i].isspace():
            if text[i] == "\n":
                return True
            i -= 1
        if i < 0 or not (text[i].isalnum() or text[i] in "_,"):
            return True
        return pos <= 80 and self.greeting_opening.match(text, 0, pos) is not None


@dataclass(frozen=True, slots=True)
class Classification:
    """Labels for one comment.

    ``findings`` locate the personal data (never stored as text); ``reasons`` are
    (label, why) pairs for moderators: the matched word, "?", the personal-data kind or "url".
    """

    labels: frozenset[str]
    findings: tuple[Finding, ...] = ()
    reasons: tuple[tuple[str, str], ...] = ()

    @property
    def top_priority(self) -> str | None:
        return top_priority(self.labels)

    @property
    def priority(self) -> int | None:
        top = self.top_priority
        return None if top is None else label_priority(top)

    @property
    def is_priority(self) -> bool:
        """True when a label may page the on-call person."""
        return not self.labels.isdisjoint(PRIORITY_LABELS)

    @property
    def sorted_labels(self) -> tuple[str, ...]:
        return sort_labels(self.labels)


@cache
def default_settings() -> ClassifierSettings:
    return ClassifierSettings()


def find_links(text: str, settings: ClassifierSettings | None = None) -> list[str]:
    """The links in ``text`` as written ("https://x.no/a", "www.x.se", "example.com/x"): the
    same URLs that give the ``link`` label."""
    m = (settings or default_settings())._matcher
    if not text or not m.maybe_url.search(text):
        return []
    return [hit.group("url") for hit in m.url_or_q.finditer(text) if hit.lastgroup == "url"]


def _scan(text: str, m: _Matcher, labels: set[str], reasons: list[tuple[str, str]]) -> None:
    """Word, link, question-mark and mention labels."""
    if m.words is not None:
        low = text.lower()
        for hit in m.words.finditer(low):
            token = hit.group()
            for cat in m.categories(token):
                if cat == _QWORD:
                    if not m.clause_start(low, hit.start()):
                        continue
                    label = "needs_answer"
                else:
                    label = "needs_answer" if cat == _QPHRASE else cat
                labels.add(label)
                reasons.append((label, " ".join(token.split())))
    if m.maybe_url.search(text):
        # URLs swallow their own "?" (query strings), so both are found in one pass.
        for hit in m.url_or_q.finditer(text):
            if hit.lastgroup == "url":
                labels.add("link")
                reasons.append(("link", "url"))
            else:
                labels.add("needs_answer")
                reasons.append(("needs_answer", "?"))
    elif any(q in text for q in _QMARKS):
        labels.add("needs_answer")
        reasons.append(("needs_answer", "?"))
    if m.accounts and "@" in text:
        for hit in m.mention.finditer(text):
            name = _norm_name(hit.group())
            if name in m.accounts:
                labels.add("needs_answer")
                reasons.append(("needs_answer", "@" + name))


def classify(
    text: str, settings: ClassifierSettings | None = None, *, surge: bool = False
) -> Classification:
    """Label one comment. ``surge`` comes from ``surge_stats`` for the comment's post."""
    s = settings or default_settings()
    m = s._matcher
    labels: set[str] = set()
    reasons: list[tuple[str, str]] = []
    findings: tuple[Finding, ...] = ()
    if surge:
        labels.add("surge")
        reasons.append(("surge", "surge"))
    if text:
        _scan(text, m, labels, reasons)
        if m.vocative is not None and "needs_answer" not in labels and m.vocative.match(text):
            labels.add("needs_answer")
            reasons.append(("needs_answer", "address"))
        findings = tuple(find_personal_data(text))
        if findings:
            labels.add("personal_data")
            reasons.extend(("personal_data", f.kind) for f in findings)
    enabled = m.enabled
    if not labels <= enabled:
        labels &= enabled
        reasons = [r for r in reasons if r[0] in enabled]
        if "personal_data" not in enabled:
            findings = ()
    return Classification(frozenset(labels), findings, tuple(dict.fromkeys(reasons)))
