"""Inbound email over SMTP (aiosmtpd): the desk's MX forwards support mail here.

The protocol runs on the server's own event loop; parsing and storing run on the database
threads. The sending MTA gets 250 only once the mail is committed, and 451 (try again)
when storing failed, so a delivery is never acknowledged and then lost. Mail over
`max_email_bytes` is refused with 552 before anything is parsed or stored.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import weakref
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from agentdesk.server.http.common import ChannelContext
from agentdesk.services import email_channel
from agentdesk.services.mail_parsing import parse_email

log = logging.getLogger(__name__)
DRAIN_SECONDS = 30.0  # how long stop() lets deliveries in flight reach their answer


class DeskSMTP(SMTP):
    # RFC 5321 lines end at 1000 octets, but broken mailers send longer ones; refusing
    # them would bounce mail the desk can still store raw, so allow up to 64 KiB.
    line_length_limit = 64 * 1024


class _Deliveries:
    """aiosmtpd's handler: every accepted DATA is parsed, stored, then acknowledged."""

    def __init__(self, listener: SmtpListener) -> None:
        self.listener = listener

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        context = self.listener.context
        settings = context.settings
        raw = envelope.original_content or b""  # over data_size_limit never gets here
        self.listener.begin_delivery()
        try:
            mail = await context.run_in_db(
                functools.partial(
                    parse_email,
                    raw,
                    max_attachment_bytes=settings.max_attachment_bytes,
                    max_total_bytes=settings.max_email_bytes,
                )
            )
            stored = await context.change(
                email_channel.store_email,
                mail,
                envelope.mail_from or None,
                list(envelope.rcpt_tos),
            )
        except Exception:
            log.exception(
                "inbound mail from %r not stored; asked the sender to retry", session.peer
            )
            return "451 4.3.0 The message could not be stored; please try again later"
        finally:
            self.listener.end_delivery()
        if stored.duplicate:
            return "250 2.0.0 Already stored"
        return f"250 2.0.0 Stored as message {stored.message_id}"


class SmtpListener:
    def __init__(self, context: ChannelContext, host: str, port: int) -> None:
        self.context = context
        self.host = host
        self.port = port
        email_channel.configure(context.settings.desk_address)
        self._server: asyncio.Server | None = None
        self._connections: weakref.WeakSet[SMTP] = weakref.WeakSet()
        self._in_flight = 0
        self._idle: asyncio.Event | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._idle = asyncio.Event()
        self._idle.set()
        handler = _Deliveries(self)
        settings = self.context.settings
        hostname = settings.desk_address.rpartition("@")[2] or "agentdesk"

        def protocol() -> SMTP:
            connection = DeskSMTP(
                handler,
                data_size_limit=settings.max_email_bytes,
                enable_SMTPUTF8=True,
                hostname=hostname,
                ident="agentdesk",
                loop=loop,
            )
            self._connections.add(connection)
            return connection

        self._server = await loop.create_server(protocol, self.host, self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def begin_delivery(self) -> None:
        self._in_flight += 1
        if self._idle is not None:
            self._idle.clear()

    def end_delivery(self) -> None:
        self._in_flight -= 1
        if self._in_flight == 0 and self._idle is not None:
            self._idle.set()

    async def stop(self) -> None:
        """Stop accepting, let deliveries in flight get their answer, then hang up."""
        if self._server is None:
            return
        self._server.close()
        if self._idle is not None:
            try:
                await asyncio.wait_for(self._idle.wait(), DRAIN_SECONDS)
            except TimeoutError:
                log.warning("stopping with %s inbound deliveries unanswered", self._in_flight)
        for connection in list(self._connections):
            transport: Any = connection.transport
            if transport is not None:
                transport.close()
        await self._server.wait_closed()
        self._server = None
