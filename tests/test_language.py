"""Every kind of message, rendered in nb, sv and en, reads as that language.

The messages come from `vaktbot demo` (seventeen days over Christmas, New Year and a handoff, the
example organisation switched to each language) and from every command and button answered
through the console, plus the two notices the demo does not provoke (the admins' health notice,
a grouped burst of alerts). Each text is checked for:

* English words inside Norwegian or Swedish (commands, quoted user content, URLs and the names in
  the config and the example plan are allowed);
* number agreement ("1 dager", "1 nye", "2 uke", "1 days") and "0 seconds ago"-style ages;
* bare UTC times (ISO timestamps, "UTC", "+00:00", "Z");
* a date range with the same date on both sides, and a Norwegian date without its ordinal dot;
* an engagement verdict that contradicts the figure shown ("5,0 % – under målet 5–7 %").
"""

from __future__ import annotations

import asyncio
import io
import json
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from bot.app import App
from bot.cli.main import cli
from bot.config import Config, load_config
from bot.messages.console import to_text
from bot.moderation.messages import list_message
from bot.moderation.pipeline import load_contexts
from bot.plan.config_import import parse_for_config
from bot.runtime.console_app import ConsoleSession
from bot.runtime.demo import run_demo
from bot.runtime.health import HealthReport, Undelivered, health_message
from bot.runtime.sample_data import POSTS, seed
from bot.store.db import make_engine, session_factory, upgrade
from bot.store.models import Comment
from tests.support.paths import EXAMPLE_CONFIG, EXAMPLES

OSLO = ZoneInfo("Europe/Oslo")
LOCALES = ("nb", "sv", "en")
DEMO_START, DEMO_DAYS = date(2026, 12, 28), 17
DEMO_KINDS = {
    "alert.away",
    "alert.comment",
    "alert.escalation",
    "alert.reminder",
    "alert.breach",
    "digest.daily",
    "digest.weekly",
    "digest.report",
    "duty.handoff",
    "duty.notice",
    "duty.meeting",
    "plan.reminder",
    "plan.overdue",
    "update",
}

# words that are English and not Norwegian or Swedish (short ones that are also nb/sv words,
# such as "to", "by", "at", "team", "data" and "deadline", are left out)
ENGLISH = set(
    """
    the and with from of is are was has have not you your please sorry write
    accepted declined pending forced cancelled withdrawn vacation sick other duty digest queue
    claimed answered hidden dismissed unanswered open closed closure hours hour days day weeks
    week minutes minute seconds second comments comment none overdue snoozed done skipped
    reminder reminders unknown error warning today tomorrow yesterday ago now personal
    needs answer hate link surge followers reach engagement rate points shift shifts handoff
    holiday holidays lead available monday tuesday wednesday thursday friday saturday sunday
    january february march june july october secs hrs mins
    """.split()
)
AGREEMENT = {
    "nb": [
        r"\b1 (dager|uker|timer|minutter|sekunder|kommentarer|nye|ubesvarte|flaggede|frister|"
        r"meldinger|personer|kontoer|jobber|rader|elementer|døgn\w+)\b",
        r"(?<![\d,])\b([02-9]|[1-9]\d+) (dag|uke|time|minutt|sekund|kommentar|frist|melding|"
        r"person|konto|rad|element)\b",
        r"(?<![\d,])\b([02-9]|[1-9]\d+) (ny|ubesvart) ",
        r"\bfor 0 \w+ siden",
        r"\b60 min\b",
        r"\b24 t\b",
    ],
    "sv": [
        r"\b1 (dagar|veckor|timmar|minuter|sekunder|kommentarer|nya|obesvarade|flaggade|"
        r"procentenheter|meddelanden|personer|konton|rader|poster)\b",
        r"(?<![\d,])\b([02-9]|[1-9]\d+) (dag|vecka|timme|minut|sekund|kommentar|meddelande|"
        r"person|rad|post)\b",
        r"(?<![\d,])\b([02-9]|[1-9]\d+) (ny|obesvarad|flaggad) ",
        r"\bför 0 \w+ sedan",
        r"\b60 min\b",
        r"\b24 tim\b",
    ],
    "en": [
        r"\b1 (days|weeks|hours|minutes|seconds|comments|people|accounts|messages|points|"
        r"jobs|rows|items|deadlines|teams)\b",
        r"(?<![\d.,])\b([02-9]|[1-9]\d+) (day|week|hour|minute|second|comment|person|account|"
        r"message|point|job|row|item|deadline)\b",
        r"\b0 \w+ ago",
        r"\b60 mins?\b",
        r"\b24 hrs?\b",
    ],
}
BARE_UTC = [
    r"\bUTC\b",
    r"\+00:00",
    r"\d{2}:\d{2}(?::\d{2})?Z\b",
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}",
]
SAME_DATE_RANGE = re.compile(
    r"(?P<d>\b\d{1,2}\.? [A-Za-zæøåäöÆØÅÄÖ]+\.?(?: \d{4})?)\s?[–-]\s?(?P=d)(?!\d)"
)
NB_NO_DOT = re.compile(r"\b(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d{1,2} [a-zæøå]")
VERDICT = {
    "nb": (r"(\d+,\d) % – (under|innenfor|over) målet (\d+)–(\d+)", "under innenfor over"),
    "sv": (r"(\d+,\d) % – (under|inom|över) målet (\d+)–(\d+)", "under inom över"),
    "en": (r"(\d+\.\d) % – (below|within|above) the target (\d+)–(\d+)", "below within above"),
}
QUOTED = re.compile(r"«[^»]*»|”[^”]*”|“[^”]*”|\"[^\"]*\"")
COMMAND = re.compile(r"/vakt(?:\s+[^\s,;:!?)]+){0,3}|`[^`]*`")
URL = re.compile(r"https?://\S+")


def problems(locale: str, text: str, allowed: list[str]) -> list[str]:
    """Everything in ``text`` that does not read as ``locale``."""
    found = []
    for pattern in BARE_UTC:
        found += [f"bare UTC {m.group(0)!r}" for m in re.finditer(pattern, text)]
    for m in SAME_DATE_RANGE.finditer(text):
        found.append(f"range with the same date twice: {m.group(0)!r}")
    found += [f"double full stop {m.group(0)!r}" for m in re.finditer(r"\w\.\.(?!\.)", text)]
    plain = URL.sub(" ", text)
    for name in allowed:
        plain = plain.replace(name, " ")
    plain = QUOTED.sub(" ", COMMAND.sub(" ", plain))
    for pattern in AGREEMENT[locale]:
        found += [f"agreement {m.group(0)!r}" for m in re.finditer(pattern, plain)]
    if locale == "nb":
        found += [f"no ordinal dot {m.group(0)!r}" for m in NB_NO_DOT.finditer(plain)]
    if locale != "en":
        words = re.findall(r"[a-zæøåäöé]+", plain.lower())
        found += [f"English word {w!r}" for w in words if w in ENGLISH]
    pattern, names = VERDICT[locale]
    below, within, above = names.split()
    for m in re.finditer(pattern, text):
        rate = float(m[1].replace(",", "."))
        low, high = float(m[3]), float(m[4])
        right = below if rate < low else above if rate > high else within
        if m[2] != right:
            found.append(f"verdict {m.group(0)!r}")
    return found


def config_in(locale: str, tmp_path: Path) -> tuple[Config, Path]:
    """The example organisation with ``locale`` for everyone (no per-person languages)."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    text = text.replace("  locale: nb  ", f"  locale: {locale}  ").replace(", locale: sv", "")
    path = tmp_path / f"vaktbot-{locale}.yml"
    path.write_text(text, encoding="utf-8")
    return load_config(path), path


def allowed_names(config: Config) -> list[str]:
    """What may stay untranslated: names from the config, the example plan and sample posts."""
    names = [config.organisation.name]
    names += [p.name for p in config.people] + [tm.name for tm in config.teams]
    names += [a.name for a in config.accounts] + list(config.plan.categories)
    plan = parse_for_config(config, (EXAMPLES / "arshjul.xlsx").read_bytes(), "arshjul.xlsx")
    for item in plan.items:
        names += [item.title, item.description or "", *item.channels]
    names += [text for text, _ in POSTS]
    return sorted({n for n in names if n}, key=len, reverse=True)


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for locale in LOCALES:
        config, _ = config_in(locale, tmp_path_factory.mktemp(locale))
        buf = io.StringIO()
        asyncio.run(run_demo(config, DEMO_START, DEMO_DAYS, "jsonl", buf))
        out[locale] = [json.loads(line) for line in buf.getvalue().splitlines()]
    return out


@pytest.mark.parametrize("locale", LOCALES)
def test_every_demo_message_reads_as_its_language(
    demo_output: dict[str, list[dict[str, str]]], locale: str, tmp_path: Path
) -> None:
    events = demo_output[locale]
    kinds = Counter(e["kind"] for e in events)
    assert DEMO_KINDS <= set(kinds), DEMO_KINDS - set(kinds)
    config, _ = config_in(locale, tmp_path)
    allowed = allowed_names(config)
    found = {
        f"{e['kind']} {e['key']}: {p}"
        for e in events
        for body in (e["text"], e["body"])
        for p in problems(locale, body, allowed)
    }
    assert sorted(found) == []


COMMANDS = [
    "help",
    "who",
    "rota 3",
    "rota 0",
    "rota abc",
    "me",
    "away i morgen syk",
    "away 20.12 10.12 ferie",
    "away 3.1.2020 5.1.2020",
    "away 4.1 5.1 kurs på Gardermoen",
    "away 4.1 5.1",
    "swap @ola uke 2",
    "swap @erik uke 2",
    "swap @erik uke 2",
    "swap @erik 1.1.2030",
    "hours",
    "hours uke 52",
    "hours abc",
    "queue",
    "queue personopplysninger",
    "queue nonsense",
    "mine",
    "plan",
    "plan 1",
    "plan done 9",
    "plan done 1",
    "plan done 1",
    "plan snooze 2 1w",
    "plan add i morgen ; Testfrist ; kari",
    "plan add 31.02 ; Feil",
    "plan frobnicate",
    "digest",
    "report q4",
    "mute vakt",
    "unmute duty",
    "mute nonsense",
    "settings",
    "home",
    "press home.settings_save locale=auto",
    "as ola",
    "as nobody",
    "frobnicate",
]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_command_answer_reads_as_its_language(locale: str, tmp_path: Path) -> None:
    config, path = config_in(locale, tmp_path)
    engine = make_engine(f"sqlite:///{tmp_path / 'lang.db'}")
    upgrade(engine)
    app = App(config=config, engine=engine, sessions=session_factory(engine), config_path=str(path))
    now = datetime(2026, 12, 28, 10, 0, tzinfo=OSLO).astimezone(UTC)
    seed(app, now)
    allowed = allowed_names(config)
    session = ConsoleSession(app, "kari")
    found = []
    for n, line in enumerate(COMMANDS):
        answer = session.handle(f"/vakt {line}", now + timedelta(seconds=n))
        assert answer.strip(), line
        found += [f"{line}: {p}" for p in problems(locale, answer, allowed)]
    # what the demo does not provoke: the admins' health notice and a burst of alerts
    report = HealthReport(
        undelivered=[Undelivered(1, "digest.daily", "channel:team-1", "dead", "slack: timeout")],
        stuck=3,
        stuck_since=now - timedelta(minutes=40),
    )
    found += [
        f"health: {p}"
        for p in problems(locale, to_text(health_message(locale, app.tz, report)), allowed)
    ]
    with app.sessions() as s:
        comments = list(s.query(Comment).limit(6))
        ctxs = load_contexts(app, s, comments)
        group = list_message(app, [ctxs[c.id] for c in comments], locale, now, "group")
    found += [f"group: {p}" for p in problems(locale, to_text(group), allowed)]
    engine.dispose()
    assert found == []


# --- the checker itself catches what it is meant to -----------------------------------------


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("nb", "Fravær registrert (1 dager)."),
        ("nb", "Vaktliste, 1 uker"),
        ("nb", "1 nye, 1 ubesvarte"),
        ("nb", "Mottatt (for 0 sek siden)"),
        ("nb", "for 60 min siden"),
        ("nb", "for 24 t siden"),
        ("nb", "mandag 7 des. 08:00"),
        ("nb", "8. des. 2026 – 8. des. 2026"),
        ("nb", "5,0 % – under målet 5–7 %"),
        ("nb", "Fravær registrert (vacation)."),
        ("nb", "Denne forespørselen er allerede besvart (accepted)."),
        ("nb", "Vakten slutter 2026-12-07T07:00:00"),
        ("nb", "kl. 07:00 UTC"),
        ("nb", "Første frist 30. apr.."),
        ("sv", "Frånvaro registrerad (1 dagar)."),
        ("sv", "1 flaggade"),
        ("sv", "mute duty"),
        ("en", "Absence registered (1 days)."),
        ("en", "2 week"),
    ],
)
def test_the_checker_refuses_the_slips_it_names(locale: str, text: str) -> None:
    assert problems(locale, text, []) != []


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("nb", "Fravær registrert for Ola Hansen: 24.–26. des., 3 dager (ferie)."),
        ("nb", "Skriv `/vakt mute vakt` for å slå av slike meldinger."),
        ("nb", "Mottatt: mandag 7. des. 08:00 CET (nå nettopp)"),
        ("nb", "5,1 % – innenfor målet 5–7 %"),
        ("sv", "Frånvaro registrerad för Ola Hansen: 24–26 dec., 1 dag (sjuk)."),
        ("en", "Absence registered for Ola Hansen: 24 – 26 Dec, 3 days (vacation)."),
    ],
)
def test_the_checker_lets_native_text_through(locale: str, text: str) -> None:
    assert problems(locale, text, ["Ola Hansen"]) == []


@pytest.mark.parametrize(
    ("locale", "ok", "bad_date"),
    [
        ("nb", "OK – 2 team, 15 personer, 3 kontoer, tidssone Europe/Oslo", "feil: --from: «1.13»"),
        ("sv", "OK – 2 team, 15 personer, 3 konton, tidszon Europe/Oslo", "fel: --from: ”1.13”"),
        (
            "en",
            "OK – 2 teams, 15 people, 3 accounts, time zone Europe/Oslo",
            "error: --from: “1.13”",
        ),
    ],
)
def test_the_command_line_speaks_the_organisations_language(
    locale: str, ok: str, bad_date: str, tmp_path: Path
) -> None:
    _, path = config_in(locale, tmp_path)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check-config", str(path)])
    assert checked.exit_code == 0 and ok in checked.output
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    hours = runner.invoke(
        cli,
        ["export", "hours", "--from", "1.13", "--to", "31.12", "-c", str(path), "--database", db],
    )
    assert hours.exit_code == 2 and bad_date in hours.output
