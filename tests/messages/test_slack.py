"""Slack Block Kit rendering: validated by slack_sdk's block models, within Slack's limits."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.messages import safe
from bot.messages.model import Form, Message
from bot.messages.slack import (
    MAX_BLOCKS,
    MAX_VIEW_BLOCKS,
    parse_action_id,
    parse_block_action,
    parse_view_values,
    to_slack,
    to_slack_home,
    to_slack_modal,
)
from tests.support.idgen import IdNumber, valid_numbers
from tests.support.render_samples import (
    alert_many_buttons,
    duplicate_actions,
    duty_digest,
    form_message,
    huge_section,
    long_list,
    many_facts,
    many_sections,
    message_strategy,
    message_with_secret,
    nine_buttons,
    sample_messages,
    text_only,
)

SAMPLES = sample_messages()
IDS = [f"{m.text[:24]}-{m.locale}" for m in SAMPLES]
AND_MORE = {"nb": "… og", "sv": "… och", "en": "… and"}


def check_blocks(blocks: list[dict], limit: int) -> None:
    assert 0 < len(blocks) <= limit or not blocks
    for d in blocks:
        parsed = Block.parse(d)
        assert parsed is not None, d
        assert parsed.to_dict() == d  # to_dict() runs slack_sdk's validators
        if d["type"] == "section":
            if "text" in d:
                assert len(d["text"]["text"]) <= 3000
            assert len(d.get("fields", [])) <= 10
        elif d["type"] == "header":
            assert len(d["text"]["text"]) <= 150
            assert d["text"]["type"] == "plain_text"
        elif d["type"] == "context":
            assert all(len(e["text"]) <= 2000 for e in d["elements"])


def action_ids(blocks: list[dict]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


@pytest.mark.parametrize("message", SAMPLES, ids=IDS)
def test_every_sample_is_valid_block_kit_within_limits(message: Message) -> None:
    out = to_slack(message)
    assert out["text"] == safe(message.text, message.locale) != ""
    check_blocks(out["blocks"], MAX_BLOCKS)
    ids = action_ids(out["blocks"])
    assert len(ids) == len(set(ids))
    json.dumps(out)  # plain JSON


@pytest.mark.parametrize("message", SAMPLES, ids=IDS)
def test_home_view_is_valid(message: Message) -> None:
    view = to_slack_home(message)
    assert view["type"] == "home"
    assert 1 <= len(view["blocks"]) <= MAX_VIEW_BLOCKS
    check_blocks(view["blocks"], MAX_VIEW_BLOCKS)
    assert View(**view).to_dict() == view


def test_digest_block_types_in_order() -> None:
    m = duty_digest("nb")
    blocks = to_slack(m)["blocks"]
    assert [b["type"] for b in blocks] == [
        "header", "section", "section", "divider", "section", "context", "context", "actions",
    ]  # fmt: skip
    assert blocks[0]["text"]["text"] == "Vakt denne uka"
    facts = blocks[2]["fields"]
    assert facts[0]["text"] == "*Åpningstid*\n08:00–15:45"
    assert blocks[4]["text"]["text"].startswith("*Åpne saker*\n• Kari Nordmann\n")
    assert blocks[4]["text"]["text"].endswith("… og 2 til")
    # the chart was not uploaded yet: its alt text stands in
    assert blocks[6]["elements"][0]["text"] == "Bilde (vedlagt): Kommentarer per time"
    # the date token and link stay mrkdwn for Slack to localise
    assert "<!date^1767250800^{date_short}|1. jan.>" in blocks[1]["text"]["text"]


def test_uploaded_image_url_is_used() -> None:
    m = duty_digest("en")
    blocks = to_slack(m, image_urls={"chart.png": "https://files.slack.com/x/chart.png"})["blocks"]
    image = next(b for b in blocks if b["type"] == "image")
    assert image["image_url"] == "https://files.slack.com/x/chart.png"
    assert image["alt_text"] == "Kommentarer per time"
    assert image["title"]["text"] == "Kommentarer"


def test_at_most_three_buttons_rest_in_overflow() -> None:
    blocks = to_slack(alert_many_buttons("en"))["blocks"]
    (actions,) = [b for b in blocks if b["type"] == "actions"]
    kinds = [e["type"] for e in actions["elements"]]
    assert kinds == ["button", "button", "button", "overflow"]
    assert [e["action_id"] for e in actions["elements"][:3]] == [
        "moderation.claim", "moderation.answered", "moderation.hide",
    ]  # fmt: skip
    assert actions["elements"][0]["style"] == "primary"
    assert actions["elements"][2]["style"] == "danger"
    overflow = actions["elements"][3]
    picked = [
        parse_block_action(
            {"type": "overflow", "action_id": overflow["action_id"], "selected_option": o}
        )
        for o in overflow["options"]
    ]
    assert picked[:2] == [("moderation.snooze", "42|1h"), ("moderation.snooze", "42|tomorrow")]
    assert overflow["options"][2]["url"] == "https://facebook.com/post/42"


def test_eleven_buttons_all_reachable() -> None:
    blocks = to_slack(nine_buttons("sv"))["blocks"]
    elements = blocks[0]["elements"]
    assert [e["type"] for e in elements] == ["button"] * 3 + ["overflow"] * 2
    assert [len(e["options"]) for e in elements[3:]] == [5, 3]
    values = [parse_block_action(e)[1] for e in elements[:3]]
    for e in elements[3:]:
        for o in e["options"]:
            values.append(
                parse_block_action({"action_id": e["action_id"], "selected_option": o})[1]
            )
    assert values == [str(i) for i in range(11)]


def test_action_ids_unique_and_parseable() -> None:
    blocks = to_slack(duplicate_actions("nb"))["blocks"]
    ids = action_ids(blocks)
    assert ids == [
        "moderation.claim", "moderation.hide",
        "moderation.claim~2", "moderation.hide~2",
        "moderation.claim~3", "moderation.hide~3",
        "moderation.claim~4", "moderation.hide~4",
    ]  # fmt: skip
    assert {parse_action_id(i) for i in ids} == {"moderation.claim", "moderation.hide"}
    third = next(e for b in blocks if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "moderation.claim~3")  # fmt: skip
    assert parse_block_action({"type": "button", **third}) == ("moderation.claim", "c-2")


def test_parse_action_id_leaves_plain_ids() -> None:
    assert parse_action_id("plan.add") == "plan.add"
    assert parse_action_id("a~b") == "a~b"
    assert parse_action_id("a~12") == "a"


@pytest.mark.parametrize("locale", ["nb", "sv", "en"])
def test_long_list_is_cut_with_count(locale: str) -> None:
    blocks = to_slack(long_list(locale))["blocks"]
    text = blocks[1]["text"]["text"]
    assert len(text) <= 3000
    shown = text.count("\n• ")
    last = text.rsplit("\n", 1)[1]
    assert last.startswith(AND_MORE[locale])
    n = int("".join(ch for ch in last if ch.isdigit()))
    assert shown + n == 600 + 17


@pytest.mark.parametrize("locale", ["nb", "sv", "en"])
def test_eighty_sections_fit_fifty_blocks_and_keep_the_button(locale: str) -> None:
    m = many_sections(locale)
    blocks = to_slack(m)["blocks"]
    assert len(blocks) == MAX_BLOCKS
    assert blocks[0]["type"] == "header"
    assert blocks[-1]["type"] == "actions"
    assert blocks[-1]["elements"][0]["action_id"] == "digest.open"
    note = blocks[-2]
    assert note["type"] == "context"
    assert note["elements"][0]["text"].startswith(AND_MORE[locale])
    n = int("".join(ch for ch in note["elements"][0]["text"] if ch.isdigit()))
    assert sum(b["type"] == "section" for b in blocks) + n == 80
    home = to_slack_home(m)["blocks"]
    assert len(home) == 1 + 80 + 8 + 1  # header, sections, dividers, button: all fit


def test_huge_section_split_and_limits() -> None:
    blocks = to_slack(huge_section("en"))["blocks"]
    sections = [b for b in blocks if b["type"] == "section"]
    assert len(sections) == 6
    assert " ".join(s["text"]["text"] for s in sections).split() == ["Ord"] * 4000
    context = next(b for b in blocks if b["type"] == "context")
    assert len(context["elements"][0]["text"]) == 2000
    header = next(b for b in blocks if b["type"] == "header")
    assert len(header["text"]["text"]) == 150 and header["text"]["text"].endswith("…")


def test_facts_split_ten_per_section() -> None:
    blocks = to_slack(many_facts("en"))["blocks"]
    assert [len(b["fields"]) for b in blocks] == [10, 10, 3]
    assert blocks[0]["fields"][0]["text"] == "*Felt 0*\nVerdi 0 "


def test_text_only_message() -> None:
    out = to_slack(text_only("sv"))
    assert out == {"text": "Nothing happened today – no action needed", "blocks": []}
    home = to_slack_home(text_only("sv"))
    assert home["blocks"][0]["text"]["text"] == "Nothing happened today – no action needed"


@pytest.mark.parametrize("locale", ["nb", "sv", "en"])
def test_modal_from_form(locale: str) -> None:
    m = form_message(locale)
    form = next(b for b in m.blocks if isinstance(b, Form))
    view = to_slack_modal(form, m)
    assert View(**view).to_dict() == view
    assert view["type"] == "modal"
    assert view["callback_id"] == "plan.add"
    assert view["private_metadata"] == "team-nord"
    assert view["submit"]["text"] == "Lagre"
    assert view["close"]["text"] == {"nb": "Avbryt", "sv": "Avbryt", "en": "Cancel"}[locale]
    assert view["blocks"][0]["type"] == "section"
    inputs = view["blocks"][1:]
    assert [(b["block_id"], b["element"]["type"], b["optional"]) for b in inputs] == [
        ("title", "plain_text_input", False),
        ("due", "datepicker", False),
        ("owner", "static_select", False),
        ("notes", "plain_text_input", True),
    ]
    assert inputs[0]["label"]["text"] == "Tittel"
    assert inputs[0]["element"]["placeholder"]["text"] == "Hva skal gjøres?"
    assert inputs[1]["element"]["initial_date"] == "2026-05-14"
    assert inputs[2]["element"]["initial_option"]["value"] == "ola"
    assert inputs[3]["element"]["multiline"] is True
    assert inputs[3]["element"]["initial_value"] == "Husk 17. mai"


def test_parse_view_values() -> None:
    state = {
        "title": {"title": {"type": "plain_text_input", "value": "Kampanje"}},
        "due": {"due": {"type": "datepicker", "selected_date": "2026-05-14"}},
        "owner": {"owner": {"type": "static_select", "selected_option": {"value": "ola"}}},
        "notes": {"notes": {"type": "plain_text_input", "value": None}},
    }
    assert parse_view_values(state) == {
        "title": "Kampanje", "due": "2026-05-14", "owner": "ola", "notes": "",
    }  # fmt: skip


def test_form_in_a_message_is_described() -> None:
    blocks = to_slack(form_message("sv"))["blocks"]
    assert blocks[-1]["text"]["text"] == (
        "Formuläret ”Ny oppgave i årshjulet” har fälten: Tittel, Frist, Ansvarlig, Notater"
    )


def test_message_round_trip_renders_the_same() -> None:
    for m in SAMPLES:
        assert to_slack(Message.from_dict(json.loads(json.dumps(m.to_dict())))) == to_slack(m)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message_strategy())
def test_any_message_renders_to_valid_block_kit(message: Message) -> None:
    out = to_slack(message)
    check_blocks(out["blocks"], MAX_BLOCKS)
    ids = action_ids(out["blocks"])
    assert len(ids) == len(set(ids))
    view = to_slack_home(message)
    check_blocks(view["blocks"], MAX_VIEW_BLOCKS)
    for form in (b for b in message.blocks if isinstance(b, Form)):
        modal = to_slack_modal(form, message)
        assert View(**modal).to_dict() == modal
        assert len(modal["blocks"]) <= MAX_VIEW_BLOCKS


@settings(max_examples=120, deadline=None)
@given(valid_numbers(), st.sampled_from(["nb", "sv", "en"]))
def test_identity_numbers_never_rendered(number: IdNumber, locale: str) -> None:
    m = message_with_secret(number.text, locale)
    form = next(b for b in m.blocks if isinstance(b, Form))
    out = (
        json.dumps(to_slack(m), ensure_ascii=False)
        + json.dumps(to_slack_home(m), ensure_ascii=False)
        + json.dumps(to_slack_modal(form, m), ensure_ascii=False)
    )
    assert number.text not in out
    assert number.digits not in out
