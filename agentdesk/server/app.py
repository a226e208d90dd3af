"""`agentdesk serve`: the websockets server, its health endpoint, and a graceful stop."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import json
import logging
import signal
import socket
import ssl
import uuid
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from typing import Any, TypeVar

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from agentdesk import __version__
from agentdesk.db.engine import Database
from agentdesk.db.migrate import require_current
from agentdesk.server import handlers_leads, handlers_reports  # noqa: F401 - registers them
from agentdesk.server.config import ServerConfig
from agentdesk.server.connection import AgentConnection
from agentdesk.server.dispatch import OutboundDispatcher
from agentdesk.server.fanout import EventPump
from agentdesk.server.handlers import Handlers
from agentdesk.server.handlers_leads import LeadUpkeep
from agentdesk.server.http import HttpListener
from agentdesk.server.http.common import ChannelContext
from agentdesk.server.smtp import SmtpListener
from agentdesk.server.transports import build_transports
from agentdesk.services import email_channel, search_index, sla_tracking
from agentdesk.services.desk_settings import load_desk_settings
from agentdesk.services.outbound import Backoff
from agentdesk.services.unit import query

log = logging.getLogger(__name__)
T = TypeVar("T")
CLOSE_RESTART = 1012  # "service restart": the desktop reconnects and resumes


class AgentServer:
    """One server process: owns the database threads, the fan-out and the connections."""

    def __init__(self, config: ServerConfig, *, catalog: Any = None) -> None:
        self.config = config
        desk = load_desk_settings(config.desk_settings)  # a bad file stops us here, at start
        sla_tracking.configure(desk.calendar, desk.policy)
        self.database = Database(config.database_url)
        self.executor = ThreadPoolExecutor(config.database_workers, thread_name_prefix="db")
        poll = config.poll_seconds or (0.02 if self.database.is_sqlite else 2.0)
        # Fan-out reads on a thread of its own: it must never queue behind requests that
        # wait for the write lock, or every desk would see events late.
        self.fanout_executor = ThreadPoolExecutor(1, thread_name_prefix="fanout")
        self.pump = EventPump(self.database, self._run_fanout, poll_seconds=poll)
        if catalog is None:
            from agentdesk.services.templates import load_templates

            catalog = load_templates()
        channels = config.channels
        email_channel.configure(channels.desk_address)  # Message-IDs in the desk's domain
        self.dispatcher = OutboundDispatcher(
            self.database,
            self.run_in_db,
            self.pump.wake,
            build_transports(channels),
            Backoff(
                channels.outbound_max_attempts,
                channels.outbound_backoff_seconds,
                channels.outbound_backoff_cap_seconds,
            ),
            poll_seconds=channels.outbound_poll_seconds,
        )
        self.handlers = Handlers(
            self.database,
            self.run_in_db,
            self.pump.wake,
            catalog,
            f"agentdesk {__version__}",
            wake_outbound=self.dispatcher.wake,
        )
        self.connections: set[AgentConnection] = set()
        self.channel_context = ChannelContext(
            database=self.database,
            run_in_db=self.run_in_db,
            wake_fanout=self.pump.wake,
            wake_outbound=self.dispatcher.wake,
            settings=channels,
            pump=self.pump,
        )
        self.http: HttpListener | None = None
        self.smtp: SmtpListener | None = None
        self.stopping = False
        self._server: Server | None = None
        self._upkeep: asyncio.Task[None] | None = None
        self.port = config.port
        # Names this process's presence rows; heartbeats refresh them, sweeps of other
        # processes delete them once this process stops refreshing them.
        self.server_id = uuid.uuid4().hex
        self.lead_upkeep = LeadUpkeep(self)

    async def _run_fanout(self, work: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.fanout_executor, functools.partial(work, *args))

    async def run_in_db(self, work: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(work, *args))

    async def start(self) -> None:
        await self.run_in_db(require_current, self.database)
        if await self.run_in_db(query, self.database, search_index.index_is_missing):
            log.warning(
                "the search index is empty but there are messages: run `agentdesk search "
                "reindex --database URL` once (a database from before search)"
            )
        await self.pump.start()
        self._upkeep = asyncio.create_task(self._housekeeping(), name="housekeeping")
        self.lead_upkeep.start()
        self._server = await serve(
            self._connection,
            self.config.host,
            self.config.port,
            max_size=self.config.max_frame_bytes,
            process_request=self._http,
            ssl=self._tls(),
            server_header=f"agentdesk/{__version__}",
        )
        sockets = list(self._server.sockets)
        if sockets:
            self.port = sockets[0].getsockname()[1]
        if self.config.http_port is not None:
            self.http = HttpListener(self.channel_context, self.config.host, self.config.http_port)
            await self.http.start()
        if self.config.smtp_port is not None:
            self.smtp = SmtpListener(self.channel_context, self.config.host, self.config.smtp_port)
            await self.smtp.start()
        await self.dispatcher.start()

    @property
    def listener_urls(self) -> list[str]:
        """Every address this process accepts on: the agent protocol first."""
        urls = [self.url]
        urls += [listener.url for listener in (self.http, self.smtp) if listener is not None]
        return urls

    @property
    def url(self) -> str:
        scheme = "wss" if self.config.tls_cert else "ws"
        return f"{scheme}://{self.config.host}:{self.port}"

    def _tls(self) -> ssl.SSLContext | None:
        if self.config.tls_cert is None:
            return None
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.config.tls_cert, self.config.tls_key)
        return context

    def _http(self, connection: ServerConnection, request: Request) -> Response | None:
        if request.path.split("?")[0] == "/health":
            body = {
                "status": "stopping" if self.stopping else "ok",
                "version": __version__,
                "connections": len(self.connections),
                "last_seq": self.pump.last_seq,
            }
            status = HTTPStatus.SERVICE_UNAVAILABLE if self.stopping else HTTPStatus.OK
            response = connection.respond(status, json.dumps(body) + "\n")
            response.headers["Content-Type"] = "application/json"
            return response
        if self.stopping:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, "restarting\n")
        return None

    async def _housekeeping(self) -> None:
        """Announce passed SLA due times within seconds, wake due snoozes every half
        minute and prune old events every hour."""
        from agentdesk.services.housekeeping import prune_old_events, wake_snoozed
        from agentdesk.services.sla_tracking import announce_breaches
        from agentdesk.services.unit import perform

        loop = asyncio.get_running_loop()
        last_wake = last_prune = float("-inf")
        while True:
            await asyncio.sleep(self.config.upkeep_seconds)
            try:
                now = loop.time()
                changed = await self.run_in_db(perform, self.database, announce_breaches)
                if now - last_wake >= 30:
                    last_wake = now
                    changed += await self.run_in_db(perform, self.database, wake_snoozed)
                if changed:
                    self.pump.wake()
                if now - last_prune >= 3600:
                    last_prune = now
                    await self.run_in_db(perform, self.database, prune_old_events)
            except Exception:
                log.exception("housekeeping failed; trying again later")

    async def _connection(self, websocket: ServerConnection) -> None:
        connection = AgentConnection(self, websocket)
        self.connections.add(connection)
        try:
            await connection.serve()
        finally:
            self.connections.discard(connection)

    async def stop(self) -> None:
        """Stop accepting, let requests in flight finish, then ask desktops to reconnect."""
        self.stopping = True
        if self._server is not None:
            self._server.close(close_connections=False)
        for listener in (self.smtp, self.http):
            if listener is not None:
                await listener.stop()
        deadline = asyncio.get_running_loop().time() + self.config.drain_seconds
        while any(c.busy.is_set() for c in self.connections):
            if asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.02)
        await asyncio.gather(
            *(c.websocket.close(CLOSE_RESTART, "server restarting") for c in self.connections),
            return_exceptions=True,
        )
        if self._server is not None:
            await self._server.wait_closed()
        if self._upkeep is not None:
            self._upkeep.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._upkeep
        await self.lead_upkeep.stop()
        await self.dispatcher.stop()
        await self.pump.stop()
        self.executor.shutdown(wait=True)
        self.fanout_executor.shutdown(wait=True)
        self.database.dispose()


async def run_forever(server: AgentServer, announce: Any = print) -> None:
    """Serve until SIGTERM or SIGINT, then stop gracefully."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    await server.start()
    # Everything loaded so far lives as long as the process: move it out of the
    # collector's way, so full collections stay short and never stall fan-out.
    gc.collect()
    gc.freeze()
    for url in server.listener_urls:
        announce(f"agentdesk listening on {url}", flush=True)
    await stop.wait()
    await server.stop()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
