"""Teams Adaptive Card 1.5 rendering, validated against the official JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import adaptive_cards
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.messages import cut_line, safe
from bot.messages.markup import to_plain
from bot.messages.model import Actions, Button, Header, Message, Section
from bot.messages.teams import (
    CARD_CONTENT_TYPE,
    ENVELOPE_RESERVE,
    MAX_ACTIVITY_BYTES,
    MAX_CARD_BYTES,
    card_size,
    to_adaptive_card,
    to_teams_activity,
)
from tests.support import cards
from tests.support.idgen import IdNumber, valid_numbers
from tests.support.render_samples import (
    TINY_PNG_B64,
    alert_many_buttons,
    big_image,
    duty_digest,
    form_message,
    long_list,
    many_facts,
    many_sections,
    message_strategy,
    message_with_secret,
    sample_messages,
    text_only,
)

SCHEMA_PATH = Path(adaptive_cards.__file__).parent / "schemas" / "schema-1.5.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR_CLS = jsonschema.validators.validator_for(SCHEMA)
VALIDATOR = VALIDATOR_CLS(SCHEMA)
SAMPLES = sample_messages()
IDS = [f"{m.text[:24]}-{m.locale}" for m in SAMPLES]
AND_MORE = {"nb": "… og", "sv": "… och", "en": "… and"}


def test_schema_file_is_draft6() -> None:
    assert VALIDATOR_CLS is jsonschema.Draft6Validator
    VALIDATOR_CLS.check_schema(SCHEMA)


@pytest.mark.parametrize("message", SAMPLES, ids=IDS)
def test_every_sample_is_a_valid_small_card(message: Message) -> None:
    card = to_adaptive_card(message)
    errors = [f"{list(e.path)}: {e.message[:200]}" for e in VALIDATOR.iter_errors(card)]
    assert errors == []
    assert card["type"] == "AdaptiveCard"
    assert card["version"] == "1.5"
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    assert card["lang"] == message.locale
    assert card_size(card) < MAX_CARD_BYTES
    nodes = list(cards.elements(card))
    for node in nodes:
        if node["type"] == "TextBlock":
            assert node["wrap"] is True
        if node["type"] == "Image":
            assert node["altText"]
        assert node["type"] not in ("ColumnSet", "Column", "Table")  # narrow-screen first


@pytest.mark.parametrize("message", SAMPLES, ids=IDS)
def test_activity_wraps_the_card(message: Message) -> None:
    activity = to_teams_activity(message)
    assert activity["type"] == "message"
    # the summary line is the notification preview, not text shown above the card (twice)
    assert "text" not in activity
    assert activity["summary"] == cut_line(to_plain(safe(message.text, message.locale)), 300)
    (attachment,) = activity["attachments"]
    assert (
        attachment["contentType"] == CARD_CONTENT_TYPE == "application/vnd.microsoft.card.adaptive"
    )
    full = to_adaptive_card(message)
    if card_size(full) < MAX_ACTIVITY_BYTES - ENVELOPE_RESERVE - 1_000:
        assert attachment["content"] == full
    else:  # cut to what the activity leaves for it
        assert card_size(attachment["content"]) < card_size(full)
    assert card_size(activity) < MAX_ACTIVITY_BYTES - ENVELOPE_RESERVE


def test_the_whole_activity_stays_under_28_kb() -> None:
    """A long summary and a long card: the budget covers the activity, not the card alone."""
    sections = tuple(Section(f"Kommentar {i}: " + "lang tekst " * 60) for i in range(80))
    message = Message(
        text="Oppsummering " + "med mange ord " * 2_000,
        blocks=(Header("Daglig oppsummering"), *sections),
        locale="nb",
    )
    activity = to_teams_activity(message)
    size = len(json.dumps(activity, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    assert size < MAX_ACTIVITY_BYTES - ENVELOPE_RESERVE
    assert size > 20_000  # cut to the budget, not to nothing
    assert len(activity["summary"]) <= 300
    assert "… og " in json.dumps(activity["attachments"][0]["content"], ensure_ascii=False)


def test_digest_elements() -> None:
    card = to_adaptive_card(duty_digest("nb"))
    body = card["body"]
    assert [e["type"] for e in body] == [
        "TextBlock", "TextBlock", "FactSet", "TextBlock", "TextBlock", "TextBlock", "Image",
        "ActionSet",
    ]  # fmt: skip
    assert body[0] == {
        "type": "TextBlock", "text": "Vakt denne uka", "wrap": True,
        "size": "Large", "weight": "Bolder", "style": "heading",
    }  # fmt: skip
    # mrkdwn -> Adaptive Card markdown; Slack's date token falls back to its text
    assert body[1]["text"] == (
        "**Team Nord har vakt** 1. jan. – se [plan](https://www.facebook.com/skatteetaten/plan)."
    )
    assert body[2]["facts"][0] == {"title": "Åpningstid", "value": "08:00–15:45"}
    assert body[3]["separator"] is True  # the divider
    assert body[3]["text"] == "Åpne saker" and body[3]["weight"] == "Bolder"
    assert body[4]["text"] == "- Kari Nordmann\n- Ola Nordmann\n- Åsa Öberg\n… og 2 til"
    assert body[5]["isSubtle"] is True
    # the small chart PNG is inlined as a data URI
    assert body[6] == {
        "type": "Image",
        "url": f"data:image/png;base64,{TINY_PNG_B64}",
        "altText": "Kommentarer per time",
    }
    claim, snooze = body[7]["actions"]
    assert claim == {
        "type": "Action.Submit", "title": "Ta saken", "style": "positive",
        "data": {"action": "moderation.claim", "value": "c-1"},
    }  # fmt: skip
    assert snooze["data"] == {"action": "moderation.snooze", "value": "c-1"}


def test_large_attachment_gets_a_placeholder() -> None:
    card = to_adaptive_card(big_image("sv"))
    placeholder, logo = card["body"]
    assert placeholder["type"] == "TextBlock"
    assert placeholder["text"] == "Bild (bifogad): Stor graf"
    assert logo == {"type": "Image", "url": "https://example.org/logo.png", "altText": "Logo"}
    assert "base64" not in json.dumps(card)
    uploaded = to_adaptive_card(big_image("sv"), image_urls={"big.png": "https://x.test/big.png"})
    assert uploaded["body"][0]["url"] == "https://x.test/big.png"


@pytest.mark.parametrize("locale", ["nb", "sv", "en"])
def test_more_than_three_buttons_go_behind_more(locale: str) -> None:
    card = to_adaptive_card(alert_many_buttons(locale))
    (action_set,) = [e for e in card["body"] if e["type"] == "ActionSet"]
    actions = action_set["actions"]
    assert [a["type"] for a in actions] == ["Action.Submit"] * 3 + ["Action.ShowCard"]
    assert actions[0]["style"] == "positive" and actions[2]["style"] == "destructive"
    more = actions[3]
    assert more["title"] == {"nb": "Mer", "sv": "Mer", "en": "More"}[locale]
    inner = more["card"]["actions"]
    assert [a["type"] for a in inner] == ["Action.Submit", "Action.Submit", "Action.OpenUrl"]
    assert inner[0]["data"] == {"action": "moderation.snooze", "value": "42|1h"}
    assert inner[2]["url"] == "https://facebook.com/post/42"


@pytest.mark.parametrize("locale", ["nb", "sv", "en"])
def test_form_inputs(locale: str) -> None:
    card = to_adaptive_card(form_message(locale))
    (container,) = [e for e in card["body"] if e["type"] == "Container"]
    items = container["items"]
    assert items[0]["text"] == "Ny oppgave i årshjulet"
    inputs = {i["id"]: i for i in items if i["type"].startswith("Input.")}
    assert [i["type"] for i in inputs.values()] == [
        "Input.Text", "Input.Date", "Input.ChoiceSet", "Input.Text",
    ]  # fmt: skip
    for i in inputs.values():
        assert i["label"] and i["errorMessage"]
    assert inputs["title"]["isRequired"] is True
    assert inputs["title"]["errorMessage"] == "Skriv en tittel"
    assert inputs["title"]["placeholder"] == "Hva skal gjøres?"
    assert inputs["due"]["value"] == "2026-05-14"
    assert inputs["due"]["errorMessage"] == {
        "nb": "Fyll ut «Frist».", "sv": "Fyll i ”Frist”.", "en": "Please fill in “Frist”.",
    }[locale]  # fmt: skip
    assert inputs["owner"]["choices"] == [
        {"title": "Kari", "value": "kari"}, {"title": "Ola", "value": "ola"},
    ]  # fmt: skip
    assert inputs["owner"]["value"] == "ola"
    assert inputs["notes"]["isMultiline"] is True and inputs["notes"]["isRequired"] is False
    (submit,) = items[-1]["actions"]
    assert submit["title"] == "Lagre"
    assert submit["data"] == {"action": "plan.add", "value": "team-nord"}


@pytest.mark.parametrize("locale", ["nb", "sv", "en"])
def test_eighty_sections_are_cut_under_28_kb(locale: str) -> None:
    card = to_adaptive_card(many_sections(locale))
    size = card_size(card)
    assert 20_000 < size < MAX_CARD_BYTES
    body = card["body"]
    assert body[-1]["type"] == "ActionSet"  # the button survives
    note = body[-2]
    assert note["text"].startswith(AND_MORE[locale])
    n = int("".join(ch for ch in note["text"] if ch.isdigit()))
    shown = sum(1 for e in body[1:-2] if e["type"] == "TextBlock")
    assert shown + n == 80
    # dropping one element fewer would not have fitted
    assert n > 0


def test_long_list_is_cut_with_count() -> None:
    card = to_adaptive_card(long_list("en"))
    text = card["body"][2]["text"]
    shown = text.count("- Kommentar")
    last = text.rsplit("\n", 1)[1]
    assert last.startswith("… and")
    assert shown + int("".join(ch for ch in last if ch.isdigit())) == 600 + 17


def test_facts_and_text_only() -> None:
    card = to_adaptive_card(many_facts("en"))
    assert len(card["body"][0]["facts"]) == 23
    empty = to_adaptive_card(text_only("en"))
    assert empty["body"] == []
    assert empty["fallbackText"] == "Nothing happened today – no action needed"


def test_card_with_huge_button_values_still_fits() -> None:
    buttons = tuple(Button(f"B{i}", "x.y", "v" * 900) for i in range(40))
    m = Message(text="many", blocks=(Section("intro"), Actions(buttons)))
    card = to_adaptive_card(m)
    assert card_size(card) < MAX_CARD_BYTES
    assert list(VALIDATOR.iter_errors(card)) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message_strategy())
def test_any_message_renders_to_a_valid_card(message: Message) -> None:
    card = to_adaptive_card(message)
    assert list(VALIDATOR.iter_errors(card)) == []
    assert card_size(card) < MAX_CARD_BYTES
    for node in cards.elements(card):
        if node["type"] == "TextBlock":
            assert node["wrap"] is True
        if node["type"] == "ActionSet":
            assert len(node["actions"]) <= 4  # three buttons and "More"


@settings(max_examples=120, deadline=None)
@given(valid_numbers(), st.sampled_from(["nb", "sv", "en"]))
def test_identity_numbers_never_rendered(number: IdNumber, locale: str) -> None:
    m = message_with_secret(number.text, locale)
    out = json.dumps(to_teams_activity(m), ensure_ascii=False)
    assert number.text not in out
    assert number.digits not in out


def test_command_hints_use_the_teams_form() -> None:
    """Texts say `/vakt queue` (Slack, console); Teams has no slash commands."""
    message = Message(
        text="Skriv /vakt queue for å ta en kommentar",
        blocks=(
            Section("Skriv /vakt queue for å ta en kommentar, `/vakt mine` for dine egne."),
            Section("Kalender: https://vakt.example.org/vakt/feed.ics"),
        ),
        locale="nb",
    )
    activity = to_teams_activity(message)
    card = json.dumps(activity["attachments"][0]["content"], ensure_ascii=False)
    assert "@vaktbot queue" in card and "@vaktbot mine" in card
    assert "/vakt queue" not in card and "/vakt mine" not in card
    assert activity["summary"] == "Skriv @vaktbot queue for å ta en kommentar"
    assert "/vakt/feed.ics" in card  # a path in a link is left alone
