"""The customer-facing HTTP listener: chat widget, webhooks of the phone system and social
platforms, and a health check. aiohttp parses HTTP; every handler is in a module here."""

from __future__ import annotations

import logging

from aiohttp import web

from agentdesk import __version__
from agentdesk.server.http.common import CONTEXT, ChannelContext

log = logging.getLogger(__name__)


def build_app(context: ChannelContext) -> web.Application:
    from agentdesk.server.http import calls, chat, social

    app = web.Application(client_max_size=context.settings.max_webhook_bytes)
    app[CONTEXT] = context

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "version": __version__})

    app.router.add_get("/health", health)
    chat.setup(app)
    calls.setup(app)
    social.setup(app)
    return app


class HttpListener:
    def __init__(self, context: ChannelContext, host: str, port: int) -> None:
        self.context = context
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        self._runner = web.AppRunner(
            build_app(self.context), access_log=None, handle_signals=False, shutdown_timeout=5
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0 and self._runner.addresses:
            self.port = int(self._runner.addresses[0][1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
