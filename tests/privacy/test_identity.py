"""Nordic identity numbers: check digits, dates, formats, and an independent generator."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.no import fodselsnummer
from stdnum.se import personnummer

from bot.privacy.identity import Match, check_no, check_se, find_identity_numbers, identity_kind
from tests.support.idgen import (
    KINDS,
    REPORTED_KIND,
    luhn_digit,
    near_miss,
    near_misses,
    no_check_digits,
    valid_number,
    valid_numbers,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("15108695088", "no_fnr"),  # python-stdnum's own example
        ("151086 95088", "no_fnr"),
        ("151086-95088", "no_fnr"),
        ("15 10 86 950 88", "no_fnr"),
        ("880320-0016", "se_pnr"),
        ("8803200016", "se_pnr"),
        ("880320 0016", "se_pnr"),
        ("880320+0016", "se_pnr"),  # aged 100+
        ("19880320-0016", "se_pnr"),
        ("198803200016", "se_pnr"),
        ("19880320 0016", "se_pnr"),
        ("880380-0013", "se_snr"),  # samordningsnummer: day 20 + 60
        ("19880380-0013", "se_snr"),
    ],
)
def test_valid_numbers(text: str, kind: str) -> None:
    assert identity_kind(text) == kind
    assert find_identity_numbers(f"Nummeret mitt er {text}, takk.") == [
        Match(kind, 17, 17 + len(text))  # type: ignore[arg-type]
    ]


@pytest.mark.parametrize(
    "text",
    [
        "15108695077",  # both check digits wrong
        "15108695089",  # second check digit wrong
        "880320-0018",
        "8803200017",
        "19880320-0015",
        "880380-0014",
    ],
)
def test_wrong_check_digit_is_not_a_match(text: str) -> None:
    assert identity_kind(text) is None
    assert find_identity_numbers(f"nr {text} ok") == []


def test_d_number_is_day_plus_40() -> None:
    nine = "551086950"  # 15.10.86 as a D-number
    number = nine + (no_check_digits(nine) or "")
    assert len(number) == 11
    assert identity_kind(number) == "no_dnr"
    assert identity_kind(f"{number[:6]} {number[6:]}") == "no_dnr"


def _no_with_checks(nine: str) -> str | None:
    check = no_check_digits(nine)
    return None if check is None else nine + check


@pytest.mark.parametrize(
    "nine",
    [
        "300290123",  # 30 February
        "320190123",  # day 32
        "011390123",  # month 13
        "811086950",  # FH number (first digit 8): no birth date
        "711386950",  # D-number with month 13
    ],
)
def test_norwegian_impossible_dates_are_rejected(nine: str) -> None:
    # find a serial that gives valid check digits, so only the date is wrong
    for serial in range(1000):
        number = _no_with_checks(nine[:6] + f"{serial:03d}")
        if number is not None:
            break
    assert number is not None
    assert check_no(number) is None


def test_swedish_dates() -> None:
    leap = "000229123"
    number = leap + luhn_digit(leap)
    assert check_se(number) == "se_pnr"  # 2000-02-29 exists
    assert check_se(number, plus=True) is None  # 1900 was not a leap year
    bad = "880230123"  # 30 February
    assert check_se(bad + luhn_digit(bad)) is None
    bad_snr = "880292123"  # day 32 + 60
    assert check_se(bad_snr + luhn_digit(bad_snr)) is None
    assert check_se("21" + "8803200016") is None  # 12 digits need century 18, 19 or 20


def test_plus_only_separates_the_serial() -> None:
    assert identity_kind("8803+200016") is None
    assert identity_kind("151086+95088") is None


def test_digits_glued_to_a_number_make_another_number() -> None:
    assert Match("no_fnr", 1, 12) not in find_identity_numbers("115108695088")
    assert find_identity_numbers("1510869508812345") == []


def test_unicode_digits_and_other_scripts_do_not_crash() -> None:
    assert find_identity_numbers("١٥١٠٨٦٩٥٠٨٨") == []  # Arabic-Indic digits are not matched
    assert find_identity_numbers("Привет 😀 مرحبا") == []
    assert find_identity_numbers("") == []
    assert find_identity_numbers("😀" * 50) == []


def test_several_numbers_in_one_text() -> None:
    text = "Meg: 15108695088, kona: 880320-0016\nog hans 880380-0013."
    kinds = [m.kind for m in find_identity_numbers(text)]
    assert kinds == ["no_fnr", "se_pnr", "se_snr"]
    assert [text[m.start : m.end] for m in find_identity_numbers(text)] == [
        "15108695088",
        "880320-0016",
        "880380-0013",
    ]


def test_number_split_over_a_line_break_is_found() -> None:
    assert identity_kind("151086\n95088") == "no_fnr"


def test_long_hostile_texts_give_only_real_numbers() -> None:
    """100,000 characters built to make the search backtrack (their time is measured in
    bench/bench_hostile_texts.py): only valid numbers come out, in order, never overlapping."""
    rng = random.Random(5)
    assert find_identity_numbers("1 " * 50_000) == []
    assert find_identity_numbers("1234567890" * 10_000) == []
    text = "".join(rng.choice("0123456789 -+\n") for _ in range(100_000))
    found = find_identity_numbers(text)
    assert found, "random digits and separators hold some valid numbers"
    for m in found:
        assert identity_kind(text[m.start : m.end]) == m.kind
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


# --- the generator (tests/idgen.py) against python-stdnum ---------------------------------


def test_generator_agrees_with_stdnum() -> None:
    rng = random.Random(1)
    for _ in range(200):
        no = valid_number("no_fnr", rng)
        assert fodselsnummer.calc_check_digit1(no.digits) == no.digits[9]
        assert fodselsnummer.calc_check_digit2(no.digits) == no.digits[10]
        se = valid_number("se_pnr12", rng)
        assert personnummer.is_valid(se.digits[:8] + "-" + se.digits[8:])


@pytest.mark.parametrize("kind", KINDS)
def test_every_generated_kind_and_style(kind: str) -> None:
    rng = random.Random(kind)
    for style in ("plain", "space", "hyphen"):
        for _ in range(50):
            number = valid_number(kind, rng, style)
            assert identity_kind(number.text) == REPORTED_KIND[kind], number
            assert identity_kind(near_miss(kind, rng, style).text) is None


@settings(max_examples=300)
@given(valid_numbers())
def test_property_valid_numbers_are_found(number) -> None:  # type: ignore[no-untyped-def]
    assert identity_kind(number.text) == REPORTED_KIND[number.kind]


@settings(max_examples=300)
@given(near_misses())
def test_property_wrong_check_digit_is_never_found(number) -> None:  # type: ignore[no-untyped-def]
    assert find_identity_numbers(number.text) == []


@given(st.text(max_size=300))
def test_property_arbitrary_text_never_crashes(text: str) -> None:
    for m in find_identity_numbers(text):
        assert 0 <= m.start < m.end <= len(text)
        assert sum(ch in "0123456789" for ch in text[m.start : m.end]) in (10, 11, 12)
