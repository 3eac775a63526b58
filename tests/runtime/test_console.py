"""The interactive console: `/vakt as <person>`, every setting as in Slack (the language, and
resetting it), and - as the real `vaktbot run` process on a new database - log lines in a file
(its path printed once), never in the chat, and the annual plan's deadlines on first start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import select

from bot.app import App
from bot.config import load_config
from bot.runtime.console_app import ConsoleSession
from bot.store.db import session_factory
from bot.store.models import Setting
from tests.production.harness import (
    META_APP_SECRET,
    free_port,
    hub_signature,
    meta_comment_payload,
    simulated,
)
from tests.support.paths import EXAMPLE_CONFIG, ROOT

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)


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
        "VAKTBOT_HTTP_PORT": str(free_port()),
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


def test_a_signed_webhook_reaches_the_console_as_an_alert(tmp_path: Path) -> None:
    """`make run` serves webhooks too: a signed Meta comment posted to the console's HTTP port
    comes out in the chat as an alert to the person on duty, the identity number redacted."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "VAKTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'hooks.db'}",
        "VAKTBOT_PLATFORM": "console",
        "VAKTBOT_HTTP_PORT": str(port),
        "META_APP_SECRET": META_APP_SECRET,
        **simulated(datetime(2026, 12, 8, 10, 0, tzinfo=OSLO)),  # a Tuesday, opening hours
    }
    env.pop("VAKTBOT_LOG_FILE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "run", "--config", str(EXAMPLE_CONFIG)],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        body = json.dumps(
            meta_comment_payload(
                "c-console-1",
                "Mitt fødselsnummer er 01017010170, når kommer svaret?",
                datetime(2026, 12, 8, 10, 0, tzinfo=OSLO),
            )
        ).encode()
        headers = {"X-Hub-Signature-256": hub_signature(META_APP_SECRET, body)}
        answer = None
        for _ in range(600):  # the service needs a moment to start listening
            try:
                answer = httpx.post(
                    f"http://127.0.0.1:{port}/webhooks/meta", content=body, headers=headers
                )
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert answer is not None and answer.status_code == 200, answer
        assert answer.json()["comments"] == 1
        time.sleep(2)  # the kick delivers at once; give the console a moment to print
        out, err = proc.communicate("quit\n", timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-2000:]
    assert "Mitt fødselsnummer er [fødselsnummer fjernet], når kommer svaret?" in out
    assert "01017010170" not in out
    assert "Merket som: Personopplysninger" in out
    logged = (tmp_path / "vaktbot.log").read_text(encoding="utf-8")
    assert f"listening host='127.0.0.1' port={port}" in logged
    assert "webhook handled new=1" in logged
    assert "Traceback" not in logged and "01017010170" not in logged
