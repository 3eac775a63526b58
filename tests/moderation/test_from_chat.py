"""Moderating from chat (issue 19): rules that hide on arrival (through the webhook into the fake
Graph API), Show / Keep hidden, replies with saved answers performed once under a double press
and a restart mid-call, and the platform's refusals on the alert (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from bot.app import App
from bot.config import Config, ConfigError, load_config
from bot.digest.collect import judge_for
from bot.digest.queries import response_stats
from bot.messages.console import to_text
from bot.messages.model import Actions, Form, Message, Reply
from bot.moderation import actions
from bot.moderation.autohide import HideRules, hide_rule, unverified_links
from bot.moderation.pipeline import on_new_comments
from bot.requests import ActionRequest, Request
from bot.settings import Secrets
from bot.sources.accounts import sync_accounts
from bot.sources.meta.client import MetaClient
from bot.sources.webhooks import sign
from bot.store.db import session_factory
from bot.store.models import AuditLog, Comment, Outbox, PlatformAction
from bot.web import webhooks
from handlers.dispatch import dispatch, dispatch_action
from handlers.moderation import replies as handlers_replies
from scheduler.moderation import platform_actions_job
from tests.moderation.test_pipeline import TEAM2, TUE_10, add_comments
from tests.support.fake_graph import FakeGraph
from tests.support.paths import EXAMPLE_CONFIG

LATER = TUE_10 + timedelta(minutes=14)
APP_SECRET = "app-secret"
GENERIC_SECRET = "generic-secret"
PAGE = "100000000000001"  # fb-skatteetaten in examples/vaktbot.yml


def config_with(**accounts: dict[str, Any]) -> Config:
    raw = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    raw["moderation"]["alert_mode"] = "all"
    for acc in raw["accounts"]:
        acc.update(accounts.get(acc["id"], {}))
    return Config.model_validate(raw)


RULES = {
    "fb-skatteetaten": {
        "hide_links": "unverified",
        "allowed_domains": ["1177.se", "skatteetaten.no"],
        "hide_personal_data": True,
    },
    "ig-skatteetaten": {"premoderate": True},
}


def make_app(engine: Engine, graph: FakeGraph | None, **accounts: dict[str, Any]) -> App:
    config = config_with(**(accounts or RULES))
    app = App(
        config=config,
        engine=engine,
        sessions=session_factory(engine),
        secrets=Secrets(
            META_APP_SECRET=APP_SECRET,
            VAKTBOT_WEBHOOK_SECRET=GENERIC_SECRET,
            VAKTBOT_AUTHOR_SALT="salt",
        ),
        clock=lambda: TUE_10,
    )
    if graph is not None:
        app.meta = lambda account: MetaClient(graph.token, base_url=graph.url, max_retries=0)
    with app.sessions.begin() as s:
        sync_accounts(s, config)
    return app


def press(app: App, person: str, action: str, value: str, loc: str = "nb", **form: str) -> Reply:
    reply = dispatch_action(
        app,
        ActionRequest(
            platform="console",
            person=person,
            action=f"moderation.{action}",
            value=value,
            now=LATER,
            locale=loc,
            form=dict(form),
        ),
    )
    assert reply is not None
    return reply


def ask(app: App, person: str, text: str, loc: str = "nb") -> str:
    reply = dispatch(
        app, Request(platform="console", person=person, text=text, now=LATER, locale=loc)
    )
    return to_text(reply.message)


def comment(app: App, cid: int) -> Comment:
    with app.sessions() as s:
        c = s.get(Comment, cid)
        assert c is not None
        return c


async def arrive(app: App, texts: list[str], account: str = "fb-skatteetaten") -> list[int]:
    """Stored and routed like the pollers do, then the rules' hides performed at once."""
    with app.sessions.begin() as s:
        ids = add_comments(s, list(texts), TUE_10, account=account)
        on_new_comments(app, s, ids, TUE_10)
        # the alerts went out (a handled comment's undelivered alerts are dropped, not edited)
        s.execute(update(Outbox).where(Outbox.op == "post").values(status="sent"))
    await asyncio.to_thread(actions.perform_pending, app, TUE_10, ids)
    return ids


def edits_of(app: App, cid: int) -> dict[str, Message]:
    """The newest in-place edit of each copy of the comment's alert, by recipient."""
    with app.sessions() as s:
        rows = s.scalars(
            select(Outbox)
            .where(Outbox.op == "update", Outbox.ref_key.like(f"alert:comment:{cid}:%"))
            .order_by(Outbox.id)
        ).all()
    return {r.target.split(":")[1]: Message.from_dict(r.payload) for r in rows}


def buttons_of(msg: Message) -> list[str]:
    return [b.action for blk in msg.blocks if isinstance(blk, Actions) for b in blk.buttons]


def audit_rows(app: App) -> list[tuple[str, str, dict[str, Any] | None]]:
    with app.sessions() as s:
        rows = s.scalars(select(AuditLog).order_by(AuditLog.id)).all()
        return [(a.actor, a.action, a.detail) for a in rows]


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    fake = await FakeGraph().start()
    yield fake
    await fake.stop()


# --- the rules, pure ---------------------------------------------------------------------------


def test_hide_rule_names_the_most_specific_rule() -> None:
    links = HideRules(hide_links=True, allowed_domains=frozenset({"1177.se"}))
    assert hide_rule("Les mer på https://www.1177.se/barn", links) is None  # subdomain allowed
    assert hide_rule("Se 1177.se/vard", links) is None
    assert hide_rule("Klikk https://gratis-premie.example/x", links) == "links"
    assert hide_rule("Vinn her: www.svindel.no", links) == "links"
    assert hide_rule("Ingen lenke her", links) is None
    assert unverified_links("a https://1177.se.svindel.no/x b", {"1177.se"}) == [
        "1177.se.svindel.no"
    ]
    personal = HideRules(hide_personal_data=True)
    assert hide_rule("Ring meg på 934 56 789", personal) == "personal_data"
    assert hide_rule("Skriv til ola.nordmann@example.no", personal) == "personal_data"
    assert hide_rule("Når kommer pengene?", personal) is None
    everything = HideRules(
        premoderate=True, hide_links=True, hide_personal_data=True, allowed_domains=frozenset()
    )
    assert hide_rule("Ring 934 56 789 eller se x.no", everything) == "personal_data"
    assert hide_rule("se x.no", everything) == "links"
    assert hide_rule("Fint!", everything) == "premoderate"
    assert hide_rule(None, everything) == "premoderate"


def write_config(tmp_path: Path, **account: Any) -> Path:
    raw = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    raw["accounts"][0].update(account)
    path = tmp_path / "vaktbot.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_config_rules_are_validated_with_a_way_out(tmp_path: Path) -> None:
    ok = load_config(
        write_config(tmp_path, hide_links="unverified", allowed_domains=["WWW.1177.se"])
    )
    assert ok.accounts[0].allowed_domains == ["1177.se"] and ok.accounts[0].hides_automatically
    # YAML reads an unquoted `off` as false
    text = write_config(tmp_path, hide_links="OFF_UNQUOTED").read_text(encoding="utf-8")
    assert "hide_links: OFF_UNQUOTED" in text
    path = tmp_path / "off.yml"
    path.write_text(text.replace("OFF_UNQUOTED", "off"), encoding="utf-8")
    assert load_config(path).accounts[0].hide_links == "off"
    cases = [
        (
            {"allowed_domains": ["1177.se"]},
            "allowed_domains is only used with hide_links: unverified",
        ),
        ({"hide_links": "unverified", "allowed_domains": ["https://1177.se/x"]}, "is not a domain"),
        ({"hide_links": "always"}, "accounts.0.hide_links"),
        ({"platform": "linkedin", "premoderate": True}, "Facebook and Instagram only"),
    ]
    for account, expected in cases:
        with pytest.raises(ConfigError) as err:
            load_config(write_config(tmp_path, **account))
        assert expected in str(err.value), account


# --- hidden on arrival, through the webhook ------------------------------------------------------


@dataclass
class Hook:
    url: str
    http: ClientSession

    async def post(self, path: str, payload: object, header: str, secret: str) -> int:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", header: sign(secret, body)}
        async with self.http.post(f"{self.url}{path}", data=body, headers=headers) as r:
            return r.status


@pytest.fixture
async def hook_app(engine: Engine, graph: FakeGraph) -> AsyncIterator[tuple[App, Hook]]:
    app = make_app(engine, graph)
    web_app = web.Application()
    web_app.add_routes(webhooks.routes(app))  # the production routes and their after-commit
    server = TestServer(web_app)
    await server.start_server()
    async with ClientSession() as http:
        yield app, Hook(str(server.make_url("")).rstrip("/"), http)
    await server.close()


def meta_feed(cid: str, message: str) -> dict[str, Any]:
    post = f"{PAGE}_1"
    value = {
        "from": {"id": "u9", "name": "Kari Nordmann"},
        "post": {"status_type": "added_photos", "is_published": True, "id": post},
        "message": message,
        "post_id": post,
        "comment_id": cid,
        "created_time": int(TUE_10.timestamp()),
        "item": "comment",
        "parent_id": post,
        "verb": "add",
    }
    return {
        "object": "page",
        "entry": [{"id": PAGE, "time": 1, "changes": [{"field": "feed", "value": value}]}],
    }


async def wait_for(check: Any, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("not reached in time")


async def test_rules_hide_on_arrival_through_the_webhook(
    hook_app: tuple[App, Hook], graph: FakeGraph
) -> None:
    app, hook = hook_app
    texts = {
        "fb_ok": "Les mer på https://www.1177.se/barn – hvordan søker jeg?",
        "fb_link": "Vinn en iPhone! https://gratis-premie.example/klikk",
        "fb_pd": "Hvorfor er skatten feil? Ring meg på 934 56 789",
        "fb_plain": "Når kommer oppgjøret?",
    }
    started = time.monotonic()
    for cid, text in texts.items():
        assert (
            await hook.post(
                "/webhooks/meta", meta_feed(cid, text), "X-Hub-Signature-256", APP_SECRET
            )
            == 200
        )
    generic = {
        "type": "comment",
        "account": "ig-skatteetaten",
        "comment": {
            "id": "ig_1",
            "post_id": "m1",
            "text": "Fint bilde!",
            "author_name": "Per",
            "created_at": TUE_10.isoformat(),
        },
    }
    assert (
        await hook.post("/webhooks/generic", generic, "X-Vaktbot-Signature", GENERIC_SECRET) == 200
    )
    # no tick, no poll: the after-commit of the webhook takes the hides to Meta at once

    def done() -> int:
        with app.sessions() as s:
            rows = s.scalars(select(PlatformAction).where(PlatformAction.status == "done"))
            return len(list(rows))

    await wait_for(lambda: done() == 3)
    elapsed = time.monotonic() - started
    assert graph.hidden == {"fb_link": True, "fb_pd": True, "ig_1": True}
    posts = {r.path: r.query for r in graph.calls() if r.method == "POST"}
    assert posts == {
        "fb_link": {"is_hidden": "true"},
        "fb_pd": {"is_hidden": "true"},
        "ig_1": {"hide": "true"},
    }
    print(f"hidden on arrival: {elapsed:.3f} s for five comments")  # noqa: T201
    with app.sessions() as s:
        rows = {c.external_id: c for c in s.scalars(select(Comment))}
    assert {e for e, c in rows.items() if c.is_hidden} == {"fb_link", "fb_pd", "ig_1"}
    assert all(c.state == "new" for c in rows.values())  # hidden, waiting for review
    autos = [(a, d["rule"]) for _, a, d in audit_rows(app) if d and "rule" in d]
    assert sorted(r for _, r in autos) == ["links", "personal_data", "premoderate"]
    assert {a for a, _ in autos} == {"comment.auto_hide"}
    assert {actor for actor, _, _ in audit_rows(app)} == {"vaktbot"}
    # the premoderated comment has no label and is alerted all the same, every copy edited
    ig = rows["ig_1"]
    edits = edits_of(app, ig.id)
    assert set(edits) == TEAM2
    assert (
        "Skjult automatisk ved ankomst (regel: forhåndsmoderering) – venter på gjennomgang"
        in to_text(edits["hanna"])
    )
    assert (
        "Dold automatiskt vid ankomst (regel: förhandsmoderering) – väntar på granskning"
        in edits["emma"].text  # (the console rendering defangs the link)
    )
    assert "Til gjennomgang: ny kommentar på @skatteetaten" in edits["hanna"].text
    assert buttons_of(edits["hanna"]) == [
        "moderation.show",
        "moderation.keep_hidden",
        "moderation.reply",
    ]
    pd = edits_of(app, rows["fb_pd"].id)["hanna"]
    assert "(regel: personopplysninger)" in to_text(pd) and "934" not in to_text(pd)
    assert "(regel: lenke som ikke er godkjent)" in to_text(
        edits_of(app, rows["fb_link"].id)["jonas"]
    )


# --- Show and Keep hidden ------------------------------------------------------------------------


async def test_show_again_and_keep_hidden(engine: Engine, graph: FakeGraph) -> None:
    app = make_app(engine, graph)
    shown, kept = await arrive(app, ["Fint bilde!", "Flott!"], account="ig-skatteetaten")
    ext = comment(app, shown).external_id
    assert graph.hidden == {ext: True, comment(app, kept).external_id: True}
    reply = await asyncio.to_thread(press, app, "hanna", "show", str(shown))
    assert reply.replace_original
    assert "Vist igjen av Hanna Kristiansen kl. 10:14" in to_text(reply.message)
    assert graph.hidden[ext] is False
    assert graph.calls(ext)[-1].query == {"hide": "false"}
    c = comment(app, shown)
    assert not c.is_hidden and c.state == "new"
    edits = edits_of(app, shown)
    assert set(edits) == TEAM2  # every copy edited in place
    assert "Visad igen av Hanna Kristiansen kl. 10:14" in to_text(edits["emma"])
    assert "Skjult automatisk ved ankomst (regel: forhåndsmoderering)" in to_text(edits["jonas"])
    assert "venter på gjennomgang" not in to_text(edits["jonas"])
    assert buttons_of(edits["jonas"])[:2] == ["moderation.claim", "moderation.reply"]
    # a second press finds it visible: no second call
    again = await asyncio.to_thread(press, app, "jonas", "show", str(shown), "en")
    assert "already visible" in to_text(again.message)
    assert len(graph.calls(ext)) == 2
    # Keep hidden: reviewed, stays hidden, no call to Meta
    calls = len(graph.requests)
    reply = await asyncio.to_thread(press, app, "thea", "keep_hidden", str(kept))
    assert len(graph.requests) == calls
    c = comment(app, kept)
    assert (c.state, c.state_by, c.is_hidden) == ("hidden", "thea", True)
    assert buttons_of(reply.message) == ["moderation.show"]  # one press undoes it
    names = [a for _, a, _ in audit_rows(app)]
    assert names.count("comment.auto_hide") == 2
    assert "comment.unhide" in names and "comment.keep_hidden" in names


async def test_hide_then_show_from_chat_on_facebook(engine: Engine, graph: FakeGraph) -> None:
    app = make_app(engine, graph, **{"fb-skatteetaten": {}})
    (cid,) = await arrive(app, ["Dere er noen idioter"])
    ext = comment(app, cid).external_id
    await asyncio.to_thread(press, app, "hanna", "hide", str(cid))
    assert graph.hidden == {ext: True} and comment(app, cid).state == "hidden"
    reply = await asyncio.to_thread(press, app, "erik", "show", str(cid))
    assert graph.hidden == {ext: False}
    assert graph.calls(ext)[-1].query == {"is_hidden": "false"}
    c = comment(app, cid)
    assert (c.state, c.state_by, c.is_hidden) == ("claimed", "erik", False)
    assert "Tatt av Erik Nilsen kl. 10:14" in to_text(reply.message)
    assert "Svar" in [
        b.label for blk in reply.message.blocks if isinstance(blk, Actions) for b in blk.buttons
    ]


# --- replies with saved answers -------------------------------------------------------------------


def form_of(reply: Reply) -> Form:
    assert reply.open_form
    return next(b for b in reply.message.blocks if isinstance(b, Form))


def test_saved_answers_are_managed_by_leads(engine: Engine) -> None:
    app = make_app(engine, None)
    assert "har ingen lagrede svar ennå" in ask(app, "hanna", "answers")
    refused = ask(app, "hanna", "answers add 1177 ; nb ; Hei {first_name}!")
    assert "Bare teamlederen" in refused
    bad = [
        ("answers add 1177 ; dk ; Hej", "språket må være nb, sv eller en (fikk dk)"),
        (
            "answers add 1177 ; nb ; Hei {fornavn}",
            "ukjent plassholder {fornavn}; bruk {first_name}",
        ),
        ("answers add 1177 ; nb ; Les {link}", "teksten bruker {link}, men ingen lenke er oppgitt"),
        ("answers add 1177 ; nb ; Les {link} ; http://1177.se", "lenken må begynne med"),
        ("answers add bare et navn", "skriv `navn ; språk ; tekst ; [lenke]`"),
    ]
    for command, expected in bad:
        assert expected in ask(app, "erik", command), command
    assert "Lagret svaret 1177 (sv)" in ask(
        app,
        "erik",
        "answers add 1177 ; sv ; Hej {first_name}! Läs mer på {link} ; https://www.1177.se",
    )
    assert "Saved the answer 1177 (en)" in ask(
        app,
        "erik",
        "answers add 1177 ; en ; Hi {first_name}, see {link} ; https://www.1177.se",
        "en",
    )
    listing = ask(app, "hanna", "answers", "sv")
    assert "Sparade svar – Team 2" in listing or "Sparade svar –" in listing
    assert "1177 (sv)" in listing and "1177 (en)" in listing
    assert "Tog bort 1 sparat svar som heter 1177" in ask(
        app, "erik", "answers remove 1177 en", "sv"
    )
    assert "1177 (en)" not in ask(app, "hanna", "answers")
    assert [a for _, a, _ in audit_rows(app)] == ["answers.save", "answers.save", "answers.remove"]


async def test_reply_from_chat_is_posted_once_and_counts_as_answered(
    engine: Engine, graph: FakeGraph
) -> None:
    app = make_app(engine, graph, **{"fb-skatteetaten": {}})
    ask(
        app,
        "erik",
        "answers add 1177 ; nb ; Hei {first_name}! Les mer på {link} ; https://www.1177.se",
    )
    ask(app, "erik", "answers add skatt ; nb ; Hei {first_name}, se skatteetaten.no")
    (cid,) = await arrive(app, ["Hvor finner jeg informasjon om vaksiner?"])
    ext = comment(app, cid).external_id
    account = ["fb-skatteetaten"]
    start, end = TUE_10 - timedelta(hours=1), TUE_10 + timedelta(hours=1)
    judge = judge_for(app.config, start, LATER + timedelta(days=3))
    with app.sessions() as s:
        _, before, _ = response_stats(s, account, start, end, judge, LATER)
    assert before.answered == 0
    form = form_of(await asyncio.to_thread(press, app, "hanna", "reply", str(cid)))
    text_field = next(f for f in form.fields if f.name == "text")
    assert text_field.initial == "Hei Per! Les mer på https://www.1177.se"  # the author is Per
    answer = next(f for f in form.fields if f.name == "answer")
    assert [label for _, label in answer.options] == ["1177 (nb)", "skatt (nb)"]
    # two submits at the same moment (a double press): one reply on the platform
    barrier = threading.Barrier(2)
    replies: list[Reply] = []

    def submit() -> None:
        barrier.wait()
        replies.append(
            press(app, "hanna", "reply_send", form.value, "nb", text=text_field.initial or "")
        )

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for th in threads:
        th.start()
    await asyncio.to_thread(lambda: [th.join() for th in threads])
    assert graph.replies == [(ext, "comments", "Hei Per! Les mer på https://www.1177.se")]
    said = sorted(to_text(r.message) for r in replies)
    assert any("Svaret er publisert" in x for x in said), said
    assert any("allerede" in x or "på vei" in x for x in said), said
    # and once more later: recognised, not sent
    late = await asyncio.to_thread(
        press, app, "hanna", "reply_send", form.value, text=text_field.initial or ""
    )
    assert "allerede publisert" in to_text(late.message) and len(graph.replies) == 1
    c = comment(app, cid)
    assert (c.state, c.state_by, c.answered_at) == ("answered", "hanna", LATER)
    edits = edits_of(app, cid)
    assert (
        "Svar från Hanna Kristiansen kl. 10:14: ”Hei Per! Les mer på https://www.1177.se”"
        in edits["emma"].text  # (the console rendering defangs the link)
    )
    with app.sessions() as s:
        _, after, _ = response_stats(s, account, start, end, judge, LATER)
        (row,) = s.scalars(select(PlatformAction).where(PlatformAction.kind == "reply"))
    assert after.answered == 1 and after.median_seconds is not None
    assert row.status == "done" and row.attempts == 1 and row.result_id == f"{ext}_r1"
    # choosing another saved answer without editing the text posts that answer
    (other,) = await arrive(app, ["Hvorfor er skattekortet feil?"])
    form = form_of(await asyncio.to_thread(press, app, "jonas", "reply", str(other)))
    prefilled = next(f for f in form.fields if f.name == "text").initial or ""
    skatt = next(
        v
        for v, label in next(f for f in form.fields if f.name == "answer").options
        if label.startswith("skatt")
    )
    await asyncio.to_thread(
        press, app, "jonas", "reply_send", form.value, answer=skatt, text=prefilled
    )
    assert graph.replies[-1][2] == "Hei Per, se skatteetaten.no"


async def test_reply_survives_a_restart_mid_call(engine: Engine, graph: FakeGraph) -> None:
    app = make_app(engine, graph, **{"ig-skatteetaten": {}})
    (cid,) = await arrive(app, ["Når åpner dere?"], account="ig-skatteetaten")
    ext = comment(app, cid).external_id
    graph.cut = True  # Meta posts the reply; the answer never comes back (the process dies)
    reply = await asyncio.to_thread(
        press, app, "hanna", "reply_send", f"{cid}:", "en", text="We open at 9."
    )
    assert "Meta has not answered yet" in to_text(reply.message)
    assert graph.replies == [(ext, "replies", "We open at 9.")]
    assert comment(app, cid).state == "new"
    # the process dies; a new one starts on the same database
    restarted = make_app(engine, graph, **{"ig-skatteetaten": {}})
    await platform_actions_job(restarted, LATER + timedelta(seconds=30))  # lease still held
    assert graph.calls(f"{ext}/replies")[-1].method == "POST"
    await platform_actions_job(restarted, LATER + timedelta(minutes=2))  # lease ran out
    assert len(graph.replies) == 1  # looked first, found it, not posted again
    assert graph.calls(f"{ext}/replies")[-1].method == "GET"
    c = comment(app, cid)
    assert (c.state, c.answered_at) == ("answered", LATER + timedelta(minutes=2))
    with app.sessions() as s:
        (row,) = s.scalars(select(PlatformAction))
    assert (row.status, row.attempts, row.result_id) == ("done", 2, f"{ext}_r1")
    # a press after the restart sees it done
    again = await asyncio.to_thread(
        press, app, "hanna", "reply_send", f"{cid}:", "en", text="We open at 9."
    )
    assert "already been posted" in to_text(again.message) and len(graph.replies) == 1


async def test_a_late_answer_from_meta_is_written_when_it_comes(
    engine: Engine, graph: FakeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(engine, graph, **{"fb-skatteetaten": {}})
    (cid,) = await arrive(app, ["Når åpner dere?"])
    monkeypatch.setattr(handlers_replies, "FORM_TIMEOUT", 0.2)
    graph.stall = 1.0  # posted at once, answered a second later
    reply = await asyncio.to_thread(
        press, app, "hanna", "reply_send", f"{cid}:", "sv", text="Vi öppnar kl. 9."
    )
    assert "Meta har inte svarat än" in to_text(reply.message)
    assert comment(app, cid).state == "new"
    await wait_for(lambda: comment(app, cid).state == "answered")  # no job, no second press
    assert comment(app, cid).answered_at == LATER and len(graph.replies) == 1
    with app.sessions() as s:
        (row,) = s.scalars(select(PlatformAction))
    assert (row.status, row.attempts, row.result_id) == ("done", 1, f"{graph.replies[0][0]}_r1")


@pytest.mark.parametrize(
    ("fault", "loc", "expected"),
    [
        ("permission", "nb", "vaktbot mangler tillatelsen til å moderere kommentarer"),
        ("token", "sv", "kontots åtkomsttoken har gått ut"),
        ("deleted", "en", "the comment has been deleted on the platform"),
    ],
)
async def test_refusals_are_said_on_the_alert(
    engine: Engine, graph: FakeGraph, fault: str, loc: str, expected: str
) -> None:
    app = make_app(engine, graph, **{"fb-skatteetaten": {}})
    (cid,) = await arrive(app, ["Hvorfor er skattekortet feil?"])
    ext = comment(app, cid).external_id
    if fault == "permission":
        graph.fail(f"{ext}/comments", code=200, message="(#200) Requires pages_manage_engagement")
    elif fault == "token":
        graph.fail(f"{ext}/comments", code=190)
    else:
        graph.deleted.add(ext)
    reply = await asyncio.to_thread(press, app, "hanna", "reply_send", f"{cid}:", loc, text="Hei!")
    assert expected in to_text(reply.message)
    assert graph.replies == []
    c = comment(app, cid)
    assert c.state == "new" and c.answered_at is None
    with app.sessions() as s:
        (row,) = s.scalars(select(PlatformAction))
    kinds = {"permission": "permission_missing", "token": "token_expired", "deleted": "deleted"}
    assert (row.status, row.error_kind) == ("failed", kinds[fault])
    edits = edits_of(app, cid)
    assert "Svaret ble ikke publisert (Hanna Kristiansen):" in to_text(edits["jonas"])
    assert "Svaret publicerades inte (Hanna Kristiansen):" in to_text(edits["emma"])
    assert ("hanna", "comment.reply_failed") in [(a, n) for a, n, _ in audit_rows(app)]
    # once the cause is gone, the same reply can be sent again
    if fault != "deleted":
        again = await asyncio.to_thread(
            press, app, "hanna", "reply_send", f"{cid}:", loc, text="Hei!"
        )
        assert graph.replies == [(ext, "comments", "Hei!")], to_text(again.message)
        assert comment(app, cid).state == "answered"


async def test_a_rule_hide_that_is_refused_is_shown_and_can_be_done_by_hand(
    engine: Engine, graph: FakeGraph
) -> None:
    app = make_app(engine, graph)
    graph.fail("c", code=10)  # the first hide call is refused: no permission
    (cid,) = await arrive(app, ["Ring meg på 934 56 789"])
    c = comment(app, cid)
    assert not c.is_hidden and c.state == "new"
    edit = edits_of(app, cid)["hanna"]
    assert (
        "Kunne ikke skjule automatisk (regel: personopplysninger): vaktbot mangler tillatelsen"
        in to_text(edit)
    )
    assert "moderation.hide" in buttons_of(edit)
    await asyncio.to_thread(press, app, "hanna", "hide", str(cid))
    assert graph.hidden == {c.external_id: True} and comment(app, cid).state == "hidden"
