"""A hostile public comment, through a signed Meta webhook, the alert pipeline and the sender,
reaches Slack without a mention, a broadcast or a link of its own (end to end)."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.delivery.sender import Sender
from bot.settings import Secrets
from bot.sources.accounts import sync_accounts
from bot.sources.webhooks import sign
from bot.transports.slack.transport import SlackTransport
from bot.web.server import build_web_app
from tests.support import loopback
from tests.support.paths import EXAMPLE_CONFIG
from tests.transports.slack.test_e2e import NOW, SECRET
from tests.transports.slack.test_e2e import Env as SlackEnv
from tests.transports.slack.test_e2e import env as slack_env  # noqa: F401

META_SECRET = "meta-secret"
PAGE = "100000000000001"  # fb-skatteetaten
HOSTILE = (
    "<!channel> <!here> <!everyone> <@U01KARI> <https://evil.example|Logg inn på Skatteetaten> "
    "Mitt fødselsnummer er 01019010046, se https://evil.example/login"
)
TOKEN = re.compile(r"<([^<>]*)>")


def strings(obj: Any) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in strings(v)]
    return []


async def test_a_hostile_comment_pings_nobody(slack_env: SlackEnv) -> None:  # noqa: F811
    app = slack_env.app
    app.secrets = Secrets(  # type: ignore[call-arg]
        VAKTBOT_PLATFORM="slack",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SECRET,
        VAKTBOT_SLACK_API_URL=slack_env.fake.api_url,
        VAKTBOT_SLACK_MODE="http",
        META_APP_SECRET=META_SECRET,
        VAKTBOT_CONFIG=str(EXAMPLE_CONFIG),
    )

    runner, port = await loopback.serve(build_web_app(app))
    value = {
        "from": {"id": "u-9", "name": "<!channel> Troll"},
        "post": {"id": f"{PAGE}_1", "permalink_url": "https://www.facebook.com/x|Åpne> <!channel>"},
        "comment_id": f"{PAGE}_1_1",
        "post_id": f"{PAGE}_1",
        "verb": "add",
        "item": "comment",
        "created_time": int(NOW.timestamp()),
        "message": HOSTILE,
    }
    body = json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": PAGE,
                    "time": int(NOW.timestamp()),
                    "changes": [{"field": "feed", "value": value}],
                }
            ],
        }  # fmt: skip
    ).encode()
    with app.sessions.begin() as s:
        sync_accounts(s, app.config)
    try:
        url = f"http://127.0.0.1:{port}/webhooks/meta"
        async with slack_env.http.post(
            url, data=body, headers={"X-Hub-Signature-256": sign(META_SECRET, body)}
        ) as r:
            assert r.status == 200 and (await r.json())["comments"] == 1
        report = await Sender(app.sessions, SlackTransport.from_app(app)).drain(NOW)
    finally:
        await runner.cleanup()
    posts = [c for c in slack_env.fake.calls if c.method == "chat.postMessage"]
    assert report.sent and len(posts) == len(report.sent)  # the alert went out
    for call in posts:
        for s in strings({"text": call.args.get("text"), "blocks": call.args.get("blocks")}):
            for m in TOKEN.finditer(s):
                inner = m.group(1)
                assert not inner.startswith(("!", "@", "#")) or inner.startswith("!date^"), s
                assert "evil.example" not in inner, s
            assert "https://evil" not in s and "01019010046" not in s, s  # defanged, redacted
    shown = json.dumps([c.args for c in posts], ensure_ascii=False)
    assert "&lt;!channel&gt;" in shown  # shown as text, harmless
