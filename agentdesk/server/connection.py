"""One desktop's connection: sign-in, then requests and replies, with events pushed between."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from typing import TYPE_CHECKING

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from agentdesk.protocol.codes import ErrorCode
from agentdesk.protocol.frames import ErrorFrame, FrameError, ResultFrame, parse_client_frame
from agentdesk.protocol.requests import Auth, Logout, Request
from agentdesk.server.ratelimit import TokenBucket
from agentdesk.services import presence
from agentdesk.services.accounts import SignIn
from agentdesk.services.actor import Actor
from agentdesk.services.errors import ServiceError
from agentdesk.services.unit import perform

if TYPE_CHECKING:
    from agentdesk.server.app import AgentServer

log = logging.getLogger(__name__)
AUTH_TIMEOUT = 15.0
CLOSE_TOO_SLOW = 1013  # "try again later": the client did not keep up with its events


class AgentConnection:
    """The fan-out's DeskSubscriber: `push` queues, a writer task sends."""

    def __init__(self, server: AgentServer, websocket: ServerConnection) -> None:
        self.server = server
        self.websocket = websocket
        self.actor: Actor = None  # type: ignore[assignment]  # set by sign-in
        self.token = ""
        self.address = str(websocket.remote_address[0]) if websocket.remote_address else ""
        self.queue: asyncio.Queue[str] = asyncio.Queue(server.config.outbound_queue)
        self.bucket = TokenBucket(server.config.requests_per_second, server.config.request_burst)
        self.dropped = False
        self.busy = asyncio.Event()  # set while a request is being handled
        self.presence_id: int | None = None  # this connection's AgentPresence row

    def push(self, frame: str) -> bool:
        if self.dropped:
            return False
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            self.dropped = True
            log.warning("dropping %s: %d frames unsent", self.address, self.queue.qsize())
            asyncio.get_running_loop().create_task(
                self.websocket.close(CLOSE_TOO_SLOW, "too slow to keep up with events")
            )
            return False
        return True

    def reply(self, request_id: str, data: object) -> None:
        self.push(ResultFrame(id=request_id, data=data).dumps())

    def error(
        self,
        request_id: str | None,
        code: ErrorCode,
        message: str,
        detail: dict[str, object] | None = None,
    ) -> None:
        self.push(ErrorFrame(id=request_id, code=code, message=message, detail=detail).dumps())

    async def _writer(self) -> None:
        while True:
            frame = await self.queue.get()
            try:
                await self.websocket.send(frame)
            finally:
                self.queue.task_done()

    async def serve(self) -> None:
        writer = asyncio.create_task(self._writer(), name=f"writer-{self.address}")
        try:
            if await self._sign_in():
                await self._requests()
        except ConnectionClosed:
            pass
        finally:
            self.server.pump.detach(self)
            await self._leave()
            # let queued replies go out before closing (bounded by the close itself)
            with contextlib.suppress(Exception):
                if not self.dropped and self.websocket.state.name == "OPEN":
                    await asyncio.wait_for(self._flush(), 2.0)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                await writer

    async def _flush(self) -> None:
        await self.queue.join()

    async def _sign_in(self) -> bool:
        while True:
            try:
                raw = await asyncio.wait_for(self.websocket.recv(), AUTH_TIMEOUT)
            except TimeoutError:
                await self.websocket.close(1008, "sign in first")
                return False
            try:
                request = parse_client_frame(raw)
            except FrameError as exc:
                self.error(exc.request_id, exc.code, exc.message)
                continue
            if not isinstance(request, Auth):
                self.error(request.id, ErrorCode.UNAUTHENTICATED, "the first request is auth")
                continue
            if request.protocol != 1:
                self.error(request.id, ErrorCode.UNSUPPORTED_VERSION, "this server speaks 1")
                continue
            try:
                sign_in = await self.server.handlers.sign_in(request, self.address)
            except ServiceError as exc:
                self.error(request.id, exc.code, exc.message, exc.detail)
                continue
            self.actor, self.token = sign_in.actor, sign_in.token
            await self._arrive()
            welcome = functools.partial(self._welcome, request.id, sign_in)
            await self.server.pump.attach(self, request.resume_from, welcome)
            return True

    async def _arrive(self) -> None:
        """The agent is at a desk: this connection's presence row, online."""
        server = self.server
        try:
            change: presence.PresenceChange = await server.run_in_db(
                perform, server.database, presence.connect, self.actor.agent_id, server.server_id
            )
        except Exception:
            log.exception("could not record %s's presence", self.actor.username)
            return
        self.presence_id = change.row_id
        server.pump.wake()
        server.lead_upkeep.wake()

    async def _leave(self) -> None:
        """Drop this connection's presence row. Not when the server stops: the desktop
        reconnects to another process at once, and if it does not, the row goes stale and
        a sweep announces the agent offline then."""
        server, row_id = self.server, self.presence_id
        if row_id is None or server.stopping:
            return
        self.presence_id = None
        try:
            await server.run_in_db(perform, server.database, presence.disconnect, row_id)
        except Exception:
            log.exception("could not drop %s's presence", self.actor.username)
            return
        server.pump.wake()
        server.lead_upkeep.wake()

    def _welcome(self, request_id: str, sign_in: SignIn, last_seq: int) -> str:
        return ResultFrame(
            id=request_id, data=self.server.handlers.welcome(sign_in, last_seq)
        ).dumps()

    async def _requests(self) -> None:
        async for raw in self.websocket:
            try:
                request = parse_client_frame(raw)
            except FrameError as exc:
                self.error(exc.request_id, exc.code, exc.message)
                continue
            if not self.bucket.allow():
                self.error(request.id, ErrorCode.RATE_LIMITED, "slow down: too many requests")
                continue
            if isinstance(request, Auth):
                self.error(request.id, ErrorCode.INVALID_REQUEST, "already signed in")
                continue
            await self._handle(request)
            if isinstance(request, Logout):
                await self._flush()
                await self.websocket.close(1000, "signed out")
                return

    async def _handle(self, request: Request) -> None:
        self.busy.set()
        try:
            data = await self.server.handlers.handle(self, request)
            self.reply(request.id, data)
        except ServiceError as exc:
            self.error(request.id, exc.code, exc.message, exc.detail)
        except Exception:
            log.exception("request %s failed", request.type)  # type: ignore[attr-defined]
            self.error(request.id, ErrorCode.INTERNAL, "the server could not do that")
        finally:
            self.busy.clear()
