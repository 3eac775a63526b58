"""The tests' real HTTP servers (our web app, and the fakes of Slack, the Bot Connector and the
Graph API) listen on loopback at a port the operating system picks."""

from __future__ import annotations

from typing import Any

from aiohttp import web


async def serve(app: web.Application, **runner_options: Any) -> tuple[web.AppRunner, int]:
    """Start ``app`` on 127.0.0.1 at port 0: its runner (to clean up) and the port it got."""
    runner = web.AppRunner(app, **runner_options)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, int(runner.addresses[0][1])
