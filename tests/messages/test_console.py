"""Console text rendering: readable, and every button pressable with `/vakt press`."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.messages.console import form_hint, press_hint, to_text
from bot.messages.model import Actions, Button, Form, Message
from tests.support.idgen import IdNumber, valid_numbers
from tests.support.render_samples import (
    alert_many_buttons,
    duty_digest,
    form_message,
    long_list,
    many_sections,
    message_strategy,
    message_with_secret,
    sample_messages,
    text_only,
)

SAMPLES = sample_messages()
IDS = [f"{m.text[:24]}-{m.locale}" for m in SAMPLES]


@pytest.mark.parametrize("message", SAMPLES, ids=IDS)
def test_every_sample_renders_as_text(message: Message) -> None:
    text = to_text(message)
    assert text.strip()
    for markup in ("<http", "<!date", "**"):  # no raw Slack or Markdown markup
        assert markup not in text


def test_digest_layout_nb() -> None:
    lines = to_text(duty_digest("nb")).split("\n")
    assert lines[0] == "Vakt denne uka"
    assert lines[1] == "═" * len("Vakt denne uka")  # underlined header
    assert (
        lines[2]
        == "Team Nord har vakt 1. jan. – se plan (https://www.facebook.com/skatteetaten/plan)."
    )
    assert lines[3:6] == [
        "Åpningstid: 08:00–15:45",
        "Neste bytte: mandag 12. jan. 08:00",
        "Team: Nord",
    ]
    assert set(lines[6]) == {"─"}
    assert lines[7:12] == [
        "Åpne saker",
        "  • Kari Nordmann",
        "  • Ola Nordmann",
        "  • Åsa Öberg",
        "  … og 2 til",
    ]
    assert lines[12] == "  Oppdatert av vaktbot 09:14"
    assert lines[13] == "Bilde (vedlagt): Kommentarer per time"
    assert lines[14:] == [
        "[Ta saken] /vakt press moderation.claim c-1",
        "[Utsett] /vakt press moderation.snooze c-1",
    ]


def test_every_button_is_a_press_hint() -> None:
    lines = to_text(alert_many_buttons("en")).split("\n")
    assert lines[1:] == [
        "[Claim] /vakt press moderation.claim 42",
        "[Mark answered] /vakt press moderation.answered 42",
        "[Hide] /vakt press moderation.hide 42",
        "[Snooze 1 h] /vakt press moderation.snooze 42|1h",
        "[Snooze until tomorrow] /vakt press moderation.snooze 42|tomorrow",
        "[Open in Facebook] https://facebook.com/post/42",
    ]


def test_press_hint_parses_back_like_the_console_does() -> None:
    # bot/console_app.py splits "/vakt press <action> <value>" with split(None, 2) after the prefix
    for button in (Button("Ta", "moderation.claim", "c 1 with spaces"), Button("Ok", "plan.ok")):
        command = press_hint(button, "nb").split("] ", 1)[1]
        parts = command.removeprefix("/vakt").strip().split(None, 2)
        assert parts[0] == "press"
        assert parts[1] == button.action
        assert (parts[2] if len(parts) > 2 else "") == button.value


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("nb", "Skjema «Ny oppgave i årshjulet» – skriv: /vakt press plan.add team-nord "
               "title=<…> due=<ÅÅÅÅ-MM-DD> owner=<kari|ola> [notes=<…>]"),
        ("sv", "Formulär ”Ny oppgave i årshjulet” – skriv: /vakt press plan.add team-nord "
               "title=<…> due=<ÅÅÅÅ-MM-DD> owner=<kari|ola> [notes=<…>]"),
        ("en", "Form “Ny oppgave i årshjulet” – type: /vakt press plan.add team-nord "
               "title=<…> due=<YYYY-MM-DD> owner=<kari|ola> [notes=<…>]"),
    ],
)  # fmt: skip
def test_form_is_a_one_line_hint(locale: str, expected: str) -> None:
    m = form_message(locale)
    form = next(b for b in m.blocks if isinstance(b, Form))
    assert form_hint(form, locale) == expected
    assert "\n" not in expected
    assert to_text(m).split("\n") == ["Fyll ut skjemaet.", expected]


def test_long_content_is_not_cut_in_the_console() -> None:
    text = to_text(long_list("sv"))
    assert text.count("\n  • ") == 600
    assert text.endswith("  … och 17 till")
    assert to_text(many_sections("en")).count("Innlegg ") == 80


def test_text_only_message_shows_its_text() -> None:
    assert to_text(text_only("nb")) == "Nothing happened today – no action needed"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message_strategy())
def test_any_message_renders_and_lists_every_button(message: Message) -> None:
    text = to_text(message)
    assert isinstance(text, str)
    for block in message.blocks:
        if isinstance(block, Actions):
            for b in block.buttons:
                assert f"/vakt press {b.action}" in text


@settings(max_examples=120, deadline=None)
@given(valid_numbers(), st.sampled_from(["nb", "sv", "en"]))
def test_identity_numbers_never_rendered(number: IdNumber, locale: str) -> None:
    m = message_with_secret(number.text, locale)
    out = to_text(m)
    assert number.text not in out
    assert number.digits not in out
