"""A connection to the agentdesk server: sign in, send requests, receive events, resume."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from ssl import SSLContext
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from agentdesk.protocol.frames import (
    ErrorFrame,
    EventFrame,
    ResultFrame,
    ResyncFrame,
    parse_server_frame,
)

log = logging.getLogger(__name__)


class RequestError(Exception):
    """The server refused a request; `code` is the protocol's stable error code."""

    def __init__(self, code: str, message: str, detail: dict[str, Any] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.detail = detail or {}


class Disconnected(Exception):
    """The connection closed before the server answered."""


class AgentClient:
    """One signed-in session. `connect()` signs in (with the password the first time, with
    the token afterwards) and resumes the event stream from the last sequence seen."""

    def __init__(
        self,
        url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        on_event: Callable[[EventFrame], None] | None = None,
        on_resync: Callable[[ResyncFrame], None] | None = None,
        max_size: int | None = 1 << 20,
        ssl: SSLContext | None = None,
    ) -> None:
        self.url = url
        self.username = username
        self.password = password
        self.token = token
        self.on_event = on_event
        self.on_resync = on_resync
        self.max_size = max_size
        self.ssl = ssl
        self.last_seq: int | None = None
        self.welcome: dict[str, Any] | None = None
        self.events: asyncio.Queue[EventFrame | ResyncFrame] = asyncio.Queue()
        self._ids = itertools.count(1)
        self._pending: dict[str, asyncio.Future[Any]] = {}
        self._websocket: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()

    @property
    def connected(self) -> bool:
        return self._websocket is not None and not self.closed.is_set()

    async def connect(self) -> dict[str, Any]:
        self.closed.clear()
        self._websocket = await connect(
            self.url, max_size=self.max_size, open_timeout=10, ssl=self.ssl
        )
        self._reader = asyncio.create_task(self._read(self._websocket), name="agent-client")
        auth: dict[str, Any] = {"protocol": 1, "resume_from": self.last_seq}
        if self.token:
            auth["token"] = self.token
        else:
            auth.update(username=self.username, password=self.password)
        try:
            welcome: dict[str, Any] = await self.request("auth", **auth)
        except RequestError:
            await self.close()
            raise
        self.token = welcome["token"]
        if self.last_seq is None:
            self.last_seq = welcome["last_seq"]
        self.welcome = welcome
        return welcome

    async def request(self, kind: str, **fields: Any) -> Any:
        if self._websocket is None:
            raise Disconnected("not connected")
        request_id = str(next(self._ids))
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        try:
            await self._websocket.send(_encode({"type": kind, "id": request_id, **fields}))
        except ConnectionClosed as exc:
            self._pending.pop(request_id, None)
            raise Disconnected(str(exc)) from exc
        return await future

    async def send_raw(self, frame: str | bytes) -> None:
        assert self._websocket is not None
        await self._websocket.send(frame)

    async def _read(self, websocket: ClientConnection) -> None:
        try:
            async for raw in websocket:
                try:
                    frame = parse_server_frame(raw)
                except ValueError:
                    log.warning("ignoring a malformed frame from the server")
                    continue
                if isinstance(frame, ResultFrame):
                    self._resolve(frame.id, result=frame.data)
                elif isinstance(frame, ErrorFrame):
                    error = RequestError(frame.code, frame.message, frame.detail)
                    if frame.id is None or frame.id not in self._pending:
                        log.warning("server error without a request: %s", error)
                    else:
                        self._resolve(frame.id, error=error)
                elif isinstance(frame, EventFrame):
                    self.last_seq = frame.seq
                    self.events.put_nowait(frame)
                    if self.on_event:
                        self.on_event(frame)
                else:
                    self.last_seq = frame.last_seq
                    self.events.put_nowait(frame)
                    if self.on_resync:
                        self.on_resync(frame)
        except ConnectionClosed:
            pass
        finally:
            self.closed.set()
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(Disconnected("the connection closed"))
            self._pending.clear()

    def _resolve(
        self, request_id: str, *, result: Any = None, error: Exception | None = None
    ) -> None:
        future = self._pending.pop(request_id, None)
        if future is None or future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    @property
    def close_code(self) -> int | None:
        return self._websocket.close_code if self._websocket else None

    async def close(self) -> None:
        if self._websocket is not None:
            await self._websocket.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader


def _plain(value: object) -> str:
    if isinstance(value, datetime | Decimal):
        return value.isoformat() if isinstance(value, datetime) else str(value)
    raise TypeError(f"cannot send {type(value).__name__}")


def _encode(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, default=_plain)
