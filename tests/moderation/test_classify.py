"""Comment classification: labels, priorities, team settings, surge detection."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import LOCALES, catalogue, t
from bot.moderation.classify import (
    LABEL_PRIORITY,
    LABELS,
    PRIORITY_LABELS,
    Classification,
    ClassifierSettings,
    classify,
    is_priority_label,
    label_text,
    top_priority,
)
from bot.moderation.surge import surge_should_alert, surge_stats
from bot.privacy.redact import find_personal_data
from tests.support.idgen import near_misses, surrounding_text, valid_numbers

TEAM = ClassifierSettings(account_names=["Skatteetaten", "@Skatteverket", "Statens vegvesen"])


def labels(text: str, s: ClassifierSettings = TEAM) -> frozenset[str]:
    return classify(text, s).labels


# --- needs_answer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Når kommer skatteoppgjøret",
        "Hvorfor svarer dere ikke på e-post",
        "hvordan endrer jeg adressen min",
        "Hvem har ansvaret for dette",
        "Kan dere hjelpe meg med fradrag",
        "Takk. Hvor lenge må jeg vente",
        "Hur gör jag för att ändra deklarationen",
        "Varför har jag inte fått min återbäring",
        "När kommer beslutet",
        "Vem ska jag kontakta",
        "Kan ni förklara reglerna",
        "How do I register as a foreign worker",
        "Why is the website down",
        "When will the refund arrive",
        "Can you help me",
        "Dette er rart?",
        "Seriøst???",
        "Jeg lurer på om fristen er utsatt",
        "Jag undrar om ni har öppet i dag",
        "@Skatteetaten dere har sendt feil brev",
        "Hei Skatteetaten, jeg fikk et brev i dag",
        "Skatteverket: jag fick fel belopp",
        "Hei Statens vegvesen, brøytebilen har ikke kommet",
        "@StatensVegvesen brøyt veien",
        "Hei, hvorfor er det kø",
        "😡 Hvorfor er det kø",
        "Flott innlegg\nhvordan søker jeg",
        "HVORFOR SVARER DERE IKKE",
    ],
)
def test_needs_answer(text: str) -> None:
    assert "needs_answer" in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Takk for god hjelp!",
        "Jeg ringte når dere åpnet",  # "når" inside a sentence is a conjunction
        "Det var bra, hur som helst",
        "Great news, thanks for sharing",
        "@kari se her",  # tagging a friend, not the agency
        "Skatteetaten er best",  # mentioned, not addressed
        "Les mer på https://www.skatteetaten.no/person/?tab=1",  # "?" inside a URL
        "Svaret var hvordan-spørsmål",  # hyphenated compound is not a question word opening
        "",
    ],
)
def test_does_not_need_answer(text: str) -> None:
    assert "needs_answer" not in labels(text)


def test_account_names_need_settings() -> None:
    assert "needs_answer" not in labels(
        "@Skatteetaten dere har sendt feil brev", ClassifierSettings()
    )


# --- hate and troll -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Pakkiser burde kastes ut", "hate"),
        ("SVARTSKALLAR överallt", "hate"),
        ("Han burde henges", "hate"),
        ("You should be shot", "hate"),
        ("dere er noen idioter", "troll"),
        ("IDIOTENE på kontoret", "troll"),
        ("Rene løgnere hele gjengen", "troll"),
        ("LØGNERE!", "troll"),
        ("Ni är ena pajasar", "troll"),
        ("hjärndöda byråkrater", "troll"),
        ("What a bunch of morons", "troll"),
    ],
)
def test_hate_and_troll_words(text: str, label: str) -> None:
    assert label in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Dere gjør en god jobb",
        "Negerboller var et gammelt navn på en kake",  # whole words only: "neger" ≠ "negerboller"
        "sidioter og xløgnere",  # not at the start of a word
        "Sjølgner",
        "Scunthorpe",
        "Jeg henges ikke opp i det",
    ],
)
def test_no_hate_or_troll(text: str) -> None:
    assert labels(text).isdisjoint({"hate", "troll"})


def test_extra_and_removed_words() -> None:
    s = ClassifierSettings(
        extra_hate_words=["Parasitter", "skal brenne dere"],
        removed_troll_words=["idiot*", "løgnere"],
        extra_troll_words=["Byråkrat*"],
    )
    assert "hate" in labels("Disse parasittene… nei, PARASITTER", s)
    assert "hate" in labels("Vi skal brenne  dere", s)  # any whitespace inside a phrase
    assert "troll" not in labels("dere er idioter", s)
    assert "troll" not in labels("løgnere", s)
    assert "troll" in labels("løgner", s)  # "løgner*" is still there
    assert "troll" in labels("byråkratene", s)
    assert "troll" in labels("dere er idioter")  # the defaults are untouched


def test_removing_one_form_of_a_wildcard_word() -> None:
    s = ClassifierSettings(removed_troll_words=["idioten"])
    assert "troll" not in labels("idioten", s)
    assert "troll" in labels("idioter", s)


def test_languages() -> None:
    swedish = ClassifierSettings(languages=["sv"])
    assert "troll" not in labels("Rene løgnere", swedish)
    assert "troll" in labels("Rena lögnare", swedish)
    assert "needs_answer" not in labels("Hvorfor svarer dere ikke", swedish)
    assert "needs_answer" in labels("Hvorfor svarer dere ikke?", swedish)


def test_settings_are_hashable_and_normalised() -> None:
    a = ClassifierSettings(account_names=["@NAV"], extra_troll_words=["Tull ", "tull"])
    b = ClassifierSettings(account_names=("nav",), extra_troll_words={"tull"})
    assert a == b and hash(a) == hash(b)
    assert a.extra_troll_words == frozenset({"tull"})
    with pytest.raises(ValueError):
        ClassifierSettings(enabled_labels=["needs_answer", "spam"])


def test_enabled_labels() -> None:
    s = ClassifierSettings(enabled_labels=["hate", "personal_data"])
    result = classify("Hvorfor? Ring 22334455, idiot. https://x.no", s, surge=True)
    assert result.labels == frozenset({"personal_data"})
    no_pd = classify("Ring 22334455", ClassifierSettings(enabled_labels=["link"]))
    assert no_pd.labels == frozenset() and no_pd.findings == ()


# --- personal data and links ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Fødselsnummeret mitt er 151086 95088",
        "Mitt personnummer är 19880320-0016",
        "Ring meg på 934 56 789",
        "Mitt nummer är +46 70 123 45 67",
        "Send svar til kari.nordmann@example.no",
        "Jeg bor i Storgata 12, 0155 Oslo",
        "Jag bor på Storgatan 12, 111 22 Stockholm",
    ],
)
def test_personal_data(text: str) -> None:
    result = classify(text, TEAM)
    assert "personal_data" in result.labels
    assert result.findings and result.top_priority == "personal_data"
    assert result.is_priority


@pytest.mark.parametrize(
    "text",
    ["Fødselsnummeret mitt er 151086 95077", "Saksnummer 2024/12345", "Betalte 12 500 kr"],
)
def test_no_personal_data(text: str) -> None:
    assert "personal_data" not in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Se https://www.skatteetaten.no/person",
        "les på www.nav.no",
        "Gå til example.com/x",
        "Kolla skatteverket.se",
        "HTTP://EXAMPLE.ORG",
        "sjekk sub.domain.example.no/sti?a=1",
    ],
)
def test_links(text: str) -> None:
    assert "link" in labels(text)


@pytest.mark.parametrize(
    "text",
    ["f.eks. dette", "Slutt.No problem", "kl.10.30", "Skriv til ola@nav.no", "bl.a. skatt", "1.5"],
)
def test_not_links(text: str) -> None:
    assert "link" not in labels(text)


# --- several labels, priorities -------------------------------------------------------------


def test_several_labels_and_priority() -> None:
    result = classify("Hvorfor er dere så idioter? Ring 22334455 eller se nav.no", TEAM)
    assert result.labels == frozenset({"needs_answer", "troll", "personal_data", "link"})
    assert result.top_priority == "personal_data"
    assert result.priority == 1
    assert result.sorted_labels == ("personal_data", "troll", "needs_answer", "link")
    assert ("troll", "idioter") in result.reasons
    assert ("personal_data", "phone") in result.reasons
    assert all("22334455" not in why for _, why in result.reasons)  # never the data itself


def test_priority_table() -> None:
    assert LABEL_PRIORITY == {
        "personal_data": 1,
        "hate": 2,
        "surge": 3,
        "troll": 4,
        "needs_answer": 5,
        "link": 6,
    }
    assert PRIORITY_LABELS == {"personal_data", "hate", "surge"}
    assert [is_priority_label(label) for label in LABELS] == [True, True, True, False, False, False]
    assert top_priority(["link", "troll", "needs_answer"]) == "troll"
    assert top_priority([]) is None
    empty = Classification(frozenset())
    assert empty.top_priority is None and empty.priority is None and not empty.is_priority


def test_surge_label() -> None:
    result = classify("Bra innlegg", TEAM, surge=True)
    assert result.labels == frozenset({"surge"})
    assert result.is_priority and result.top_priority == "surge"


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", " ", "😀😀😀", "🙂👍", "Привет, как дела", "مرحبا بكم", "你好世界", "\u200b\u200d"]
)
def test_bad_input_does_not_crash(text: str) -> None:
    assert classify(text, TEAM).labels == frozenset()


def test_other_scripts_with_a_question_mark() -> None:
    assert labels("Привет, как дела?") == {"needs_answer"}
    assert labels("كيف حالك؟ ?") == {"needs_answer"}


def test_100k_characters() -> None:
    rng = random.Random(2)
    parts = ["hei", "idiot", "22334455", "nav.no", "?", "😀", "Storgata", "12,", "0155", "Oslo"]
    texts = [
        "a" * 100_000,
        "hvorfor " * 12_500,
        " ".join(rng.choice(parts) for _ in range(15_000))[:100_000],
        "a." * 50_000,
        "@" * 100_000,
    ]
    # their time is measured in bench/bench_hostile_texts.py; here: what they are found to be
    assert [sorted(classify(text, TEAM).labels) for text in texts] == [
        [],
        ["needs_answer"],  # "hvorfor" asks
        ["link", "needs_answer", "personal_data", "troll"],  # nav.no, "?", a phone, "idiot"
        [],
        [],
    ]


@settings(max_examples=300)
@given(st.text(max_size=500))
def test_property_never_crashes(text: str) -> None:
    result = classify(text, TEAM)
    assert result.labels <= set(LABELS)
    assert ("personal_data" in result.labels) == bool(find_personal_data(text))
    assert classify(text, TEAM) == result


@settings(max_examples=200)
@given(valid_numbers(), surrounding_text())
def test_property_valid_number_is_personal_data(number, around) -> None:  # type: ignore[no-untyped-def]
    prefix, suffix = around
    assert "personal_data" in labels(prefix + number.text + suffix)


@settings(max_examples=200)
@given(near_misses(), surrounding_text(digits=False))
def test_property_near_miss_is_not_personal_data(number, around) -> None:  # type: ignore[no-untyped-def]
    prefix, suffix = around
    result = classify(prefix + number.text + suffix, TEAM)
    assert not any(f.is_identity for f in result.findings)
    if not number.phone_like and "@" not in prefix + suffix:
        assert "personal_data" not in result.labels


# --- texts ----------------------------------------------------------------------------------


def test_label_texts() -> None:
    assert label_text("nb", "needs_answer") == "Trenger svar"
    assert label_text("sv", "needs_answer") == "Behöver svar"
    assert label_text("en", "needs_answer") == "Needs answer"
    for label in LABELS:
        names = {label_text(locale, label) for locale in LOCALES}
        assert all(names)
    for key, entry in catalogue().items():
        if key.startswith("classify."):
            assert set(entry) >= set(LOCALES)
    summary = t("nb", "classify.surge.summary", recent=41, usual=3)
    assert summary == "41 kommentarer siste time (vanligvis 3 i timen)"


# --- surge ----------------------------------------------------------------------------------

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def spread(start: datetime, end: datetime, count: int) -> list[datetime]:
    step = (end - start) / count
    return [start + step * i for i in range(count)]


def test_surge_against_the_posts_own_baseline() -> None:
    quiet = spread(NOW - timedelta(hours=24), NOW - timedelta(hours=1), 46)  # 2 an hour
    burst = spread(NOW - timedelta(minutes=59), NOW, 12)
    assert surge_stats(quiet + burst, NOW).surging
    stats = surge_stats(quiet + burst, NOW)
    assert stats.recent == 12 and stats.usual == pytest.approx(2, rel=0.05) and stats.surging


def test_busy_post_is_not_a_surge() -> None:
    busy = spread(NOW - timedelta(hours=24), NOW - timedelta(hours=1), 230)  # 10 an hour
    burst = spread(NOW - timedelta(minutes=59), NOW, 25)
    assert not surge_stats(busy + burst, NOW).surging  # 25 < 3 × 10
    assert surge_stats(busy + burst, NOW, threshold=2.0).surging


def test_min_count() -> None:
    burst = spread(NOW - timedelta(minutes=59), NOW, 9)
    assert not surge_stats(burst, NOW).surging
    assert surge_stats(burst, NOW, min_count=9).surging


def test_young_post_is_compared_with_its_own_short_history() -> None:
    # Posted 2 hours ago: 4 comments in the first hour, 12 in the last. The baseline is
    # spread over one hour, not 24, so this is 12 against 4 an hour: a surge.
    first_hour = spread(NOW - timedelta(hours=2), NOW - timedelta(hours=1), 4)
    burst = spread(NOW - timedelta(minutes=59), NOW, 12)
    stats = surge_stats(first_hour + burst, NOW)
    assert stats.usual == pytest.approx(4)
    assert stats.surging
    more = spread(NOW - timedelta(hours=2), NOW - timedelta(hours=1), 5)
    assert not surge_stats(more + burst, NOW).surging  # 12 < 3 × 5


def test_surge_ignores_future_and_old_arrivals_and_mixed_zones() -> None:
    burst = [(NOW - timedelta(minutes=m)).astimezone(UTC) for m in range(12)]
    future = [NOW + timedelta(minutes=5)] * 100
    ancient = [NOW - timedelta(days=3)] * 100
    stats = surge_stats(burst + future + ancient, NOW)
    assert stats.recent == 12 and stats.usual == 0 and stats.surging
    assert not surge_stats([], NOW).surging


def test_surge_window_boundaries() -> None:
    at_start = [NOW - timedelta(hours=1)] * 20  # belongs to the baseline, not the window
    assert surge_stats(at_start, NOW).recent == 0
    assert surge_stats([NOW] * 20, NOW).recent == 20


def test_surge_needs_aware_datetimes() -> None:
    with pytest.raises(ValueError):
        surge_stats([], datetime(2026, 3, 2, 14, 0))
    with pytest.raises(ValueError):
        surge_stats([datetime(2026, 3, 2, 13, 30)], NOW)
    with pytest.raises(ValueError):
        surge_stats([], NOW, window=timedelta(0))


def test_surge_cooldown() -> None:
    assert surge_should_alert(None, NOW)
    assert not surge_should_alert(NOW - timedelta(minutes=90), NOW)
    assert surge_should_alert(NOW - timedelta(hours=2), NOW)
    assert not surge_should_alert(NOW - timedelta(minutes=30), NOW, cooldown=timedelta(hours=1))
    other_zone = (NOW - timedelta(hours=3)).astimezone(timezone(timedelta(hours=-5)))
    assert surge_should_alert(other_zone, NOW)
    with pytest.raises(ValueError):
        surge_should_alert(datetime(2026, 3, 2, 12, 0), NOW)
