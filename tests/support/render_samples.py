"""Representative neutral messages for renderer tests (and anyone else who wants them)."""

from __future__ import annotations

import base64

from bot.messages.model import (
    Actions,
    Attachment,
    Button,
    Context,
    Divider,
    Facts,
    Field,
    Form,
    Header,
    Image,
    ListBlock,
    Message,
    Section,
)

# a valid 1x1 PNG
TINY_PNG_B64 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChw"
    "GA60e6kgAAAABJRU5ErkJggg=="
)
BIG_PNG_B64 = base64.b64encode(bytes(range(256)) * 200).decode()  # ~68 KB of base64


def duty_digest(locale: str) -> Message:
    words = {
        "nb": ("Vakt denne uka", "Team Nord har vakt", "Åpningstid", "Neste bytte", "Åpne saker"),
        "sv": (
            "Jour denna vecka",
            "Team Nord har jour",
            "Öppettider",
            "Nästa byte",
            "Öppna ärenden",
        ),
        "en": ("On duty this week", "Team North is on duty", "Opening hours", "Next swap", "Open"),
    }[locale]
    return Message(
        text=f"{words[1]} – 3 {words[4].lower()}",
        locale=locale,
        tz="Europe/Oslo",
        blocks=(
            Header(words[0]),
            Section(
                f"*{words[1]}* <!date^1767250800^{{date_short}}|1. jan.> – se <https://www.facebook.com/skatteetaten/plan|plan>."
            ),
            Facts(
                ((words[2], "08:00–15:45"), (words[3], "mandag 12. jan. 08:00"), ("Team", "Nord"))
            ),
            Divider(),
            ListBlock(("Kari Nordmann", "Ola Nordmann", "Åsa Öberg"), title=words[4], more=2),
            Context("Oppdatert av _vaktbot_ 09:14"),
            Image(alt="Kommentarer per time", attachment="chart.png", title="Kommentarer"),
            Actions(
                (
                    Button("Ta saken", "moderation.claim", "c-1", style="primary"),
                    Button("Utsett", "moderation.snooze", "c-1"),
                )
            ),
        ),
        attachments=(Attachment("chart.png", "image/png", TINY_PNG_B64, title="Chart"),),
    )


def alert_many_buttons(locale: str) -> Message:
    buttons = (
        Button("Claim", "moderation.claim", "42", style="primary"),
        Button("Mark answered", "moderation.answered", "42"),
        Button("Hide", "moderation.hide", "42", style="danger"),
        Button("Snooze 1 h", "moderation.snooze", "42|1h"),
        Button("Snooze until tomorrow", "moderation.snooze", "42|tomorrow"),
        Button("Open in Facebook", "link", url="https://facebook.com/post/42"),
    )
    return Message(
        text="New comment needs an answer on post 42 – claim it or mark it answered",
        locale=locale,
        blocks=(Section("*Needs answer*: «Hvorfor er dere stengt?»"), Actions(buttons)),
    )


def nine_buttons(locale: str) -> Message:
    buttons = tuple(Button(f"Action {i}", "plan.pick", str(i)) for i in range(11))
    return Message(text="Pick one of eleven", locale=locale, blocks=(Actions(buttons),))


def long_list(locale: str, n: int = 600) -> Message:
    items = tuple(f"Kommentar {i}: «{'lang tekst ' * 6}»" for i in range(n))
    return Message(
        text=f"{n} comments waiting",
        locale=locale,
        blocks=(Header("Venter på svar"), ListBlock(items, title="Kommentarer", more=17)),
    )


def many_sections(locale: str, n: int = 80) -> Message:
    blocks: list = [Header("Ukesoversikt")]
    for i in range(n):
        blocks.append(Section(f"*Innlegg {i}*\n" + "Tekst om innlegget. " * 30))
        if i % 10 == 9:
            blocks.append(Divider())
    blocks.append(Actions((Button("Åpne rapport", "digest.open", "week-2"),)))
    return Message(text=f"Weekly digest: {n} posts", locale=locale, blocks=tuple(blocks))


def huge_section(locale: str) -> Message:
    return Message(
        text="One very long section",
        locale=locale,
        blocks=(Section("Ord " * 4000), Context("k" * 2500), Header("H" * 400)),
    )


def many_facts(locale: str) -> Message:
    facts = tuple((f"Felt {i}", f"Verdi {i} " * (3 if i % 2 else 1)) for i in range(23))
    return Message(text="23 facts", locale=locale, blocks=(Facts(facts),))


def form_message(locale: str) -> Message:
    form = Form(
        title="Ny oppgave i årshjulet",
        action="plan.add",
        submit_label="Lagre",
        value="team-nord",
        fields=(
            Field("title", "Tittel", placeholder="Hva skal gjøres?", error="Skriv en tittel"),
            Field("due", "Frist", kind="date", initial="2026-05-14"),
            Field(
                "owner",
                "Ansvarlig",
                kind="select",
                options=(("kari", "Kari"), ("ola", "Ola")),
                initial="ola",
            ),
            Field("notes", "Notater", kind="multiline", required=False, initial="Husk 17. mai"),
        ),
    )
    return Message(
        text="Add a task to the annual plan",
        locale=locale,
        blocks=(Section("Fyll ut skjemaet."), form),
    )


def big_image(locale: str) -> Message:
    return Message(
        text="Chart too large to inline",
        locale=locale,
        blocks=(
            Image(alt="Stor graf", attachment="big.png"),
            Image(alt="Logo", url="https://example.org/logo.png"),
        ),
        attachments=(Attachment("big.png", "image/png", BIG_PNG_B64),),
    )


def text_only(locale: str) -> Message:
    return Message(text="Nothing happened today – no action needed", locale=locale)


def duplicate_actions(locale: str) -> Message:
    blocks: list = []
    for i in range(4):
        blocks.append(Section(f"Kommentar {i}"))
        blocks.append(
            Actions(
                (
                    Button("Ta", "moderation.claim", f"c-{i}"),
                    Button("Skjul", "moderation.hide", f"c-{i}"),
                )
            )
        )
    return Message(text="Four comments to handle", locale=locale, blocks=tuple(blocks))


BUILDERS = (
    duty_digest,
    alert_many_buttons,
    nine_buttons,
    long_list,
    many_sections,
    huge_section,
    many_facts,
    form_message,
    big_image,
    text_only,
    duplicate_actions,
)


def sample_messages() -> list[Message]:
    """Every builder in nb, sv and en."""
    return [build(loc) for build in BUILDERS for loc in ("nb", "sv", "en")]


def message_with_secret(secret: str, locale: str = "nb") -> Message:
    """``secret`` (e.g. an identity number) in every human-readable place of a message."""
    s = secret
    return Message(
        text=f"Kommentar med {s} trenger svar",
        locale=locale,
        blocks=(
            Header(f"Varsel {s}"),
            Section(f"*Kommentar*: «mitt nummer er {s}, ring meg»"),
            Facts((("Avsender", f"Ola {s}"), (f"Nr {s}", "verdi"))),
            ListBlock((f"første {s}", "andre"), title=f"Liste {s}"),
            Context(f"Sett av {s}"),
            Image(alt=f"Graf {s}", attachment="missing.png"),
            Image(alt=f"Logo {s}", url="https://example.org/logo.png", title=f"Tittel {s}"),
            Actions((Button(f"Ta {s}", "moderation.claim", "c-1"),)),
            Form(
                title=f"Svar {s}",
                action="moderation.reply",
                submit_label="Send",
                fields=(
                    Field("reply", f"Svar til {s}", kind="multiline", initial=f"Hei {s}"),
                    Field("who", "Hvem", placeholder=f"f.eks. {s}", error=f"Mangler {s}"),
                    Field("pick", "Velg", kind="select", options=(("a", f"Valg {s}"),)),
                ),
            ),
        ),
    )


def message_strategy():  # type: ignore[no-untyped-def]
    """Hypothesis strategy: arbitrary messages with every block type and odd text."""
    from hypothesis import strategies as st

    txt = st.text(max_size=400)
    ident = st.from_regex(r"[a-z]{1,12}\.[a-z]{1,12}", fullmatch=True)
    button = st.builds(
        Button,
        label=txt,
        action=ident,
        value=st.text(max_size=60),
        style=st.sampled_from([None, "primary", "danger"]),
    )
    field = st.builds(
        Field,
        name=st.from_regex(r"[a-z]{1,10}", fullmatch=True),
        label=txt,
        kind=st.sampled_from(["text", "date", "select", "multiline"]),
        required=st.booleans(),
        options=st.lists(st.tuples(ident, txt), max_size=4).map(tuple),
        initial=st.none() | st.just("2026-05-17") | txt,
    )
    block = st.one_of(
        st.builds(Header, txt),
        st.builds(Section, st.text(max_size=5000)),
        st.builds(Facts, st.lists(st.tuples(txt, txt), max_size=25).map(tuple)),
        st.builds(
            ListBlock,
            st.lists(txt, max_size=40).map(tuple),
            title=st.none() | txt,
            more=st.integers(0, 1000),
        ),
        st.builds(Context, st.text(max_size=3000)),
        st.just(Divider()),
        st.builds(Image, alt=txt, url=st.just("https://example.org/a.png")),
        st.builds(Image, alt=txt, attachment=st.just("chart.png")),
        st.builds(Actions, st.lists(button, min_size=1, max_size=12).map(tuple)),
        st.builds(
            Form,
            title=txt,
            action=ident,
            submit_label=txt,
            fields=st.lists(field, max_size=5).map(tuple),
            value=st.text(max_size=40),
        ),
    )
    return st.builds(
        Message,
        text=st.text(min_size=1, max_size=300),
        blocks=st.lists(block, max_size=70).map(tuple),
        attachments=st.just((Attachment("chart.png", "image/png", TINY_PNG_B64),)),
        locale=st.sampled_from(["nb", "sv", "en"]),
    )
