"""Teams: a serviceUrl is parsed strictly in every mode, and without authentication (no
MicrosoftAppId) the endpoint works only on loopback."""

from __future__ import annotations

import pytest
from aiohttp import ClientSession

from bot.settings import Secrets
from bot.transports.teams.http import valid_service_url
from tests.support import fake_connector as fk
from tests.transports.teams.test_e2e import make_app, start_server

SMUGGLED = "http://192.0.2.2:43771\\@127.0.0.1:34757/"


@pytest.mark.parametrize(
    ("url", "local", "remote"),
    [
        (SMUGGLED, False, False),
        ("http://127.0.0.1:34757/", True, False),
        ("http://localhost:3978/", True, False),
        ("http://[::1]:8080/", True, False),
        ("https://smba.trafficmanager.net/emea/", False, True),
        ("https://smba.infra.gcc.teams.microsoft.com/", False, True),
        ("https://europe.webchat.botframework.com/", False, True),
        ("http://smba.trafficmanager.net/emea/", False, False),  # not https
        ("https://evil.trafficmanager.net/", False, False),
        ("https://smba.trafficmanager.net.evil.example/", False, False),
        ("https://x@smba.trafficmanager.net/", False, False),
        ("https://smba.trafficmanager.net:443@evil.example/", False, False),
        ("ftp://127.0.0.1/", False, False),
        ("https://smbа.trafficmanager.net/", False, False),  # Cyrillic а
        ("", False, False),
        (None, False, False),
        (42, False, False),
    ],
)
def test_service_urls(url: object, local: bool, remote: bool) -> None:
    assert valid_service_url(url, local=True) is local
    assert valid_service_url(url, local=False) is remote


async def test_without_app_id_a_public_bind_answers_nothing(db_url: str) -> None:
    app = make_app(db_url)
    app.secrets = Secrets(  # type: ignore[call-arg]
        VAKTBOT_PLATFORM="teams", VAKTBOT_HTTP_HOST="0.0.0.0", MicrosoftAppTenantId=fk.TENANT
    )
    runner, url = await start_server(app)
    fc = await fk.FakeConnector().start()
    try:
        async with ClientSession() as http:
            body = fk.message_personal(fc.url, "kari", "who")
            async with http.post(url, json=body) as r:
                assert r.status == 403
                assert "local only" in (await r.json())["error"]
        assert fc.requests == []
    finally:
        await fc.stop()
        await runner.cleanup()
