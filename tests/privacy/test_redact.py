"""Personal data: phone numbers, e-mail, addresses, redaction markers and excerpts."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import LOCALES, catalogue
from bot.privacy.redact import Finding, excerpt, find_personal_data, redact
from tests.support.idgen import all_valid, near_misses, surrounding_text, valid_numbers


def kinds(text: str) -> list[str]:
    return [f.kind for f in find_personal_data(text)]


def found(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_personal_data(text)]


@pytest.mark.parametrize(
    "phone",
    [
        "22334455",
        "22 33 44 55",
        "934 56 789",
        "93456789",
        "+47 934 56 789",
        "+4793456789",
        "0047 22 33 44 55",
        "070-123 45 67",
        "0701234567",
        "070 123 45 67",
        "08-123 456 78",
        "08-12 34 56",
        "031-12 34 56",
        "0470-12 34 56",
        "+46 70 123 45 67",
        "+46701234567",
        "+46 (0)70-123 45 67",
        "0046 8 123 456 78",
    ],
)
def test_phone_numbers(phone: str) -> None:
    text = f"Ring meg på {phone}, takk!"
    assert found(text) == [phone]
    assert kinds(text) == ["phone"]


@pytest.mark.parametrize(
    "text",
    [
        "12345678",  # Norwegian numbers start with 2-9
        "fra 2024 2025 og utover",
        "Møtet er 14.03 kl. 10.30",
        "saksnummer 2024/12345",
        "Jeg betalte 12 500 kroner",
        "Budsjettet er 25 000 000 kroner",
        "Datoen var 2024-05-17",
        "Ordrenummer 223344556677",  # too long for a phone number
        "22334455-12",  # glued to more digits
        "tel 0701",
    ],
)
def test_not_phone_numbers(text: str) -> None:
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    "email",
    ["ola.nordmann@example.no", "kari+skatt@nav.no", "pål@bønder.no", "A.B@Exempel.SE"],
)
def test_email_addresses(email: str) -> None:
    assert found(f"Send til {email}.") == [email]
    assert kinds(f"<{email}>") == ["email"]


@pytest.mark.parametrize("text", ["@Skatteetaten svar!", "a@b", "test@localhost", "mail @ home"])
def test_not_email_addresses(text: str) -> None:
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Jeg bor i Storgata 12, 0155 Oslo.", "Storgata 12, 0155 Oslo"),
        ("Storgatan 12, 111 22 Stockholm", "Storgatan 12, 111 22 Stockholm"),
        ("Til Fred Olsens gate 1, 0152 Oslo", "Fred Olsens gate 1, 0152 Oslo"),
        ("kirkeveien 5 0368 oslo", "kirkeveien 5 0368 oslo"),
        ("Storgata 12 B, 0155 Oslo", "Storgata 12 B, 0155 Oslo"),
        ("Adressen min er Lillevegen 3", "Adressen min er Lillevegen 3"),
        ("Min adress är Storgatan 5B.", "adress är Storgatan 5B"),
    ],
)
def test_postal_addresses(text: str, address: str) -> None:
    assert found(text) == [address]
    assert kinds(text) == ["address"]


@pytest.mark.parametrize(
    "text",
    [
        "Riksvei 7 er stengt ved Dombås",
        "Storgata er stengt",
        "Hullet i Kirkeveien 40 er enormt",  # a place, not a postal address
        "betalte 1200, 5000 kroner",
        "Betalte 12, 5000 kroner",
        "Send det til adressen i brevet",
    ],
)
def test_not_postal_addresses(text: str) -> None:
    assert find_personal_data(text) == []


def test_redact_markers_per_locale() -> None:
    text = "Fnr 15108695088, tlf 934 56 789, e-post ola@example.no"
    assert redact(text, "nb") == (
        "Fnr [fødselsnummer fjernet], tlf [telefonnummer fjernet], e-post [e-post fjernet]"
    )
    assert redact(text, "sv-SE") == (
        "Fnr [personnummer borttaget], tlf [telefonnummer borttaget], e-post [e-post borttagen]"
    )
    assert redact(text, "en") == (
        "Fnr [ID number removed], tlf [phone number removed], e-post [email removed]"
    )
    assert redact(text) == redact(text, "en")
    assert redact("Storgata 12, 0155 Oslo", "nb") == "[adresse fjernet]"


def test_marker_texts_exist_in_every_locale() -> None:
    keys = [k for k in catalogue() if k.startswith("redact.")]
    assert len(keys) == 4
    for key in keys:
        assert set(catalogue()[key]) >= set(LOCALES)


def test_redact_without_personal_data_is_unchanged() -> None:
    for text in ["", "Takk for svar 🙂", "Привет", "Kl. 10.30 den 14.03.2024", "x" * 1000]:
        assert redact(text, "nb") == text


def test_overlapping_findings_are_merged_into_one_marker() -> None:
    text = "skriv til 15108695088@example.no"
    assert find_personal_data(text) == [Finding("no_fnr", 10, 32)]
    assert redact(text, "nb") == "skriv til [fødselsnummer fjernet]"


def test_excerpt_cuts_on_a_word_boundary() -> None:
    text = "Hei! Jeg har et spørsmål om skattemeldingen min som jeg ikke helt forstår hva betyr."
    short = excerpt(text, 40)
    assert short == "Hei! Jeg har et spørsmål om…"
    assert len(short) <= 40
    assert excerpt("Kort tekst", 40) == "Kort tekst"


def test_excerpt_collapses_whitespace_and_redacts_first() -> None:
    text = "Hei   dere!\n\nFnr er 151086\n95088 og\ttlf 22 33 44 55. " + "bla " * 50
    short = excerpt(text, 80, "nb")
    assert short.startswith("Hei dere! Fnr er [fødselsnummer fjernet] og tlf [telefonnummer")
    assert "\n" not in short and "  " not in short
    assert "95088" not in short and "151086" not in short
    assert len(short) <= 80 and short.endswith("…")


def test_excerpt_never_cuts_a_marker_in_half() -> None:
    text = "Mitt nummer: 15108695088 og mer tekst etterpå"
    for limit in range(1, len(text) + 10):
        short = excerpt(text, limit, "nb")
        assert len(short) <= limit
        assert "[fødselsnummer" not in short or "[fødselsnummer fjernet]" in short


def test_excerpt_one_long_word() -> None:
    assert excerpt("a" * 300, 20) == "a" * 19 + "…"
    with pytest.raises(ValueError):
        excerpt("tekst", 0)


def test_bad_input() -> None:
    for text in ["", "😀😀😀", "Привет, как дела?", "مرحبا بكم", "١٥١٠٨٦٩٥٠٨٨"]:
        assert find_personal_data(text) == []
        assert redact(text) == text
        assert excerpt(text) == text


def test_long_hostile_texts_are_redacted() -> None:
    rng = random.Random(3)
    words = ["hei", "22", "33", "12", "Storgata", "0155", "Oslo,", "@", "a@b.no", "-", "+47"]
    texts = [
        " ".join(rng.choice(words) for _ in range(20_000)),
        "a" * 100_000,
        "a." * 50_000 + "@",
        "1 " * 50_000,
    ]
    for text in texts:  # their time is measured in bench/bench_hostile_texts.py
        red = redact(text, "nb")
        assert "a@b.no" not in red and "a@b.no" not in excerpt(text)


def test_all_generated_numbers_are_redacted() -> None:
    for number in all_valid(random.Random(7), per_kind=10):
        text = f"Hei, nummeret mitt er {number.text}. Mvh Kari"
        assert number.text not in redact(text), number
        assert number.digits not in re.sub(r"\D", "", excerpt(text)), number


@settings(max_examples=400)
@given(valid_numbers(), surrounding_text(), st.sampled_from(LOCALES))
def test_property_valid_number_is_gone_after_redact(number, around, locale) -> None:  # type: ignore[no-untyped-def]
    prefix, suffix = around
    text = prefix + number.text + suffix
    out = redact(text, locale)
    assert number.text not in out
    around_digits = re.sub(r"[^0-9]", "", prefix + suffix)
    if number.digits not in around_digits:  # (the surroundings could hold the same digits)
        assert number.digits not in re.sub(r"[^0-9]", "", out)
        assert number.digits not in re.sub(r"[^0-9]", "", excerpt(text, 500, locale))


@settings(max_examples=400)
@given(near_misses(), surrounding_text(digits=False))
def test_property_wrong_check_digit_is_not_personal_data(number, around) -> None:  # type: ignore[no-untyped-def]
    prefix, suffix = around
    text = prefix + number.text + suffix
    findings = find_personal_data(text)
    assert not any(f.is_identity for f in findings)
    if not number.phone_like:
        assert findings == [] or all(f.kind in ("email", "address") for f in findings)
        assert number.text in redact(text)
