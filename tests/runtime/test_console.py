"""The interactive console: `/vakt as <person>`, every setting as in Slack (the language, and
resetting it), and - as the real `vaktbot run` process on a new database - log lines in a file
(its path printed once), never in the chat, and the annual plan's deadlines on first start."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app import App
from bot.config import load_config
from bot.runtime.console_app import ConsoleSession
from bot.store.db import session_factory
from bot.store.models import Setting
from tests.support.paths import EXAMPLE_CONFIG, ROOT

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def console(engine) -> ConsoleSession:  # type: ignore[no-untyped-def]
    app = App(config=load_config(EXAMPLE_CONFIG), engine=engine, sessions=session_factory(engine))
    return ConsoleSession(app, "kari")


def test_as_switches_who_you_are(engine) -> None:  # type: ignore[no-untyped-def]
    session = console(engine)
    assert session.handle("/vakt as ola", NOW) == "Du er nå Ola Hansen (ola), medlem i Vaktlag 1."
    assert session.person == "ola"
    assert "Ola Hansen" in session.handle("/vakt away i morgen syk", NOW)
    assert session.handle("/vakt as @Emma", NOW).startswith("Du är nu Emma Karlsen (emma)")
    assert session.handle("/vakt as nobody", NOW).startswith("Jag känner inte igen ”nobody”")
    assert session.person == "emma"  # unchanged by an unknown name
    assert "kari (Kari Nordmann)" in session.handle("/vakt as", NOW)


def test_the_language_setting_works_and_resets(engine) -> None:  # type: ignore[no-untyped-def]
    session = console(engine)
    assert session.handle("/vakt who", NOW).startswith("Hvem har vakt")
    form = session.handle("/vakt settings", NOW)
    assert "/vakt press home.settings_save locale=<auto|nb|sv|en>" in form
    assert session.handle("/vakt press home.settings_save locale=sv", NOW) == (
        "Inställningarna är sparade."
    )
    assert session.handle("/vakt who", NOW).startswith("Vem har jouren")
    # back to the configured language; twice, with and without a stored choice
    for _ in range(2):
        saved = session.handle("/vakt press home.settings_save locale=auto", NOW)
        assert saved == "Innstillingene er lagret."
    assert session.handle("/vakt who", NOW).startswith("Hvem har vakt")
    with session.app.sessions() as s:
        assert s.scalars(select(Setting).where(Setting.key.like("home.locale.%"))).all() == []
    refused = session.handle("/vakt press home.settings_save locale=fr", NOW)
    assert "Velg et av språkene i lista." in refused


def test_mute_words_in_every_language(engine) -> None:  # type: ignore[no-untyped-def]
    session = console(engine)
    assert "påminnelser om vakt" in session.handle("/vakt mute vakt", NOW)
    assert "påminnelser om vakt" in session.handle("/vakt unmute jour", NOW)
    assert "oppsummeringer" in session.handle("/vakt mute digest", NOW)
    refused = session.handle("/vakt mute everything", NOW)
    assert "der type er en av: vakt, plan, oppsummering" in refused


def test_the_real_console_keeps_log_lines_out_of_the_chat(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "/vakt as ola",
            "/vakt press home.settings_save locale=sv",
            "/vakt who",
            "/vakt press home.settings_save locale=auto",
            "/vakt press home.settings_save locale=auto",
            "/vakt hours",
            "quit",
        ]
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "VAKTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'first.db'}",
        "VAKTBOT_PLATFORM": "console",
    }
    env.pop("VAKTBOT_LOG_FILE", None)
    res = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "run", "--config", str(EXAMPLE_CONFIG)],
        cwd=tmp_path,
        input=script + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    out = res.stdout
    log = tmp_path / "vaktbot.log"
    assert out.count(f"Loggen skrives til {log}.") == 1
    assert "Databasen var tom, så jeg har lagt inn eksempeldata" in out
    assert "25 frister fra årshjulet" in out
    assert "Frister de neste 6 ukene" in out  # the deadlines, on first start
    assert "Du er nå Ola Hansen (ola), medlem i Vaktlag 1." in out
    assert "Vem har jouren" in out
    assert out.count("Innstillingene er lagret.") == 2
    assert "export hours --from" in out
    for noise in (" INFO ", " WARNING ", " ERROR ", "Traceback", "vaktbot.app"):
        assert noise not in out and noise not in res.stderr
    logged = log.read_text(encoding="utf-8")
    assert "accounts follow vaktbot.yml" in logged and "Traceback" not in logged
