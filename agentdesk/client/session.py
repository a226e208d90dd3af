"""The desktop's connection core: stays signed in, resumes events, and empties the outbox."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Coroutine, Sequence
from ssl import SSLContext
from typing import Any, Literal, TypeVar

from websockets.exceptions import WebSocketException

from agentdesk.client.connection import AgentClient, Disconnected, RequestError
from agentdesk.client.outbox import Outbox, OutboxEntry
from agentdesk.protocol.frames import EventFrame, ResyncFrame

log = logging.getLogger(__name__)
T = TypeVar("T")
Status = Literal["connecting", "online", "offline", "signed_out"]

# Refusals that may go away by themselves; every other code is final for that request.
TRANSIENT_CODES = frozenset({"internal", "rate_limited", "throttled", "unauthenticated"})
# What a lost or unreachable server looks like from here.
NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    WebSocketException,
    Disconnected,
)
_LOGOUT_ERRORS: tuple[type[BaseException], ...] = (RequestError, *NETWORK_ERRORS)
SIGN_IN_TIMEOUT = 15.0  # a server that accepts the socket but never answers auth
SEND_TIMEOUT = 30.0  # a reply unanswered this long is resent (the server stores it once)
LOGOUT_TIMEOUT = 5.0
# Requests that must not bypass the session: replies go through the outbox, and signing
# in and out is the session's own business.
_NOT_THROUGH_REQUEST = {
    "auth": "start() signs in",
    "logout": "stop(logout=True) signs out",
    "reply.send": "send() keeps replies in the outbox until acknowledged",
    "note.add": "send(note=True) keeps notes in the outbox until acknowledged",
}


class Unreachable(ConnectionError):
    """start() could not reach the server: refused, timed out, not a websocket, dropped
    during sign-in. An OSError, so one `except OSError` covers every network failure."""


class Backoff:
    """Exponential delays with jitter, so a restarted server is not hit by every desktop
    at the same instant: attempt n waits between half and all of min(longest, first·2ⁿ)."""

    def __init__(self, first: float = 0.2, longest: float = 10.0) -> None:
        if not 0 < first <= longest:
            raise ValueError("backoff needs 0 < first <= longest")
        self.first = first
        self.longest = longest

    def delay(self, attempt: int) -> float:
        ceiling = min(self.longest, self.first * 2 ** min(attempt, 32))
        return random.uniform(ceiling / 2, ceiling)


class DeskSession:
    """One agent's signed-in desk: owns an AgentClient and keeps it connected.

    Everything runs on the caller's event loop (the Qt loop, through qasync) and nothing
    here blocks it. The Qt layer subscribes by appending plain callables to the callback
    lists; a callback that raises is logged and does not disturb the session:

    - `on_event(EventFrame)`: each event once, in sequence order, across reconnects;
    - `on_resync(ResyncFrame)`: missed events are gone, reload every view;
    - `on_status(status)`: "connecting", "online", "offline" or "signed_out";
    - `on_outbox(OutboxEntry)`: an entry was added, sent, refused, or tried again.
    """

    def __init__(
        self,
        url: str,
        outbox: Outbox,
        *,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        ssl: SSLContext | None = None,
        backoff: tuple[float, float] = (0.2, 10.0),
    ) -> None:
        self.outbox = outbox
        self.on_event: list[Callable[[EventFrame], object]] = []
        self.on_resync: list[Callable[[ResyncFrame], object]] = []
        self.on_status: list[Callable[[str], object]] = []
        self.on_outbox: list[Callable[[OutboxEntry], object]] = []
        self.welcome: dict[str, Any] | None = None
        self._client = AgentClient(url, username=username, password=password, token=token, ssl=ssl)
        self._backoff = Backoff(*backoff)
        self._status: Status = "offline"
        self._online = False
        self._started = False
        self._stopping = False
        self._agent_id: int | None = None
        self._seen_seq: int | None = None
        self._wake = asyncio.Event()  # the courier has something to look at
        self._retry: asyncio.TimerHandle | None = None
        self._failures = 0  # transient send failures in a row, for the retry delay
        self._supervisor: asyncio.Task[None] | None = None
        self._courier_task: asyncio.Task[None] | None = None
        self._events_task: asyncio.Task[None] | None = None

    @property
    def token(self) -> str | None:
        """The session token for the keyring; None once signed out (drop it then)."""
        return self._client.token

    @property
    def status(self) -> Status:
        return self._status

    @property
    def online(self) -> bool:
        return self._online and self._client.connected

    @property
    def last_seq(self) -> int | None:
        """The last event sequence seen: where the next reconnect resumes from."""
        return self._client.last_seq

    async def start(self) -> dict[str, Any]:
        """Sign in and return the welcome, then keep the connection in the background.

        A refusal (wrong password, revoked token) raises RequestError and a server out of
        reach raises Unreachable (an OSError), so the sign-in dialog can say which. Nothing
        keeps running then and start() may be called again. After stop() a session is
        finished: make a new one to sign in again."""
        if self._started:
            raise RuntimeError("this session is already started")
        self._started = True
        self._set_status("connecting")
        try:
            welcome = await asyncio.wait_for(self._client.connect(), SIGN_IN_TIMEOUT)
        except RequestError as refusal:
            self._started = False
            if refusal.code in TRANSIENT_CODES:
                self._set_status("offline")
            else:
                self._signed_out()
            raise
        except NETWORK_ERRORS as exc:
            self._started = False
            await self._drop_connection()
            self._set_status("offline")
            raise Unreachable(f"cannot reach {self._client.url}: {_describe(exc)}") from exc
        except BaseException:
            self._started = False
            await self._drop_connection()
            self._set_status("offline")
            raise
        self._client.password = None  # the token signs in from now on
        self.welcome = welcome
        self._agent_id = int(welcome["agent"]["id"])
        self._online = True
        self._events_task = self._spawn(self._pump_events(), "desk-events")
        self._courier_task = self._spawn(self._courier(), "desk-outbox")
        self._supervisor = self._spawn(self._keep_connected(), "desk-connection")
        self._set_status("online")
        self._wake.set()  # replies left pending by an earlier run go out now
        return welcome

    async def request(self, kind: str, **fields: Any) -> Any:
        """Ask the server now. Offline this raises Disconnected at once rather than
        queueing: a read is only worth its answer while the agent still waits for it."""
        if kind in _NOT_THROUGH_REQUEST:
            raise ValueError(f"{kind}: {_NOT_THROUGH_REQUEST[kind]}")
        if not self.online:
            raise Disconnected(f"offline ({self._status})")
        return await self._client.request(kind, **fields)

    async def send(
        self, conversation_id: int, text: str, *, html: str | None = None, note: bool = False
    ) -> OutboxEntry:
        """Save a reply (or a private note) in the outbox, then send it when online.

        Returns the pending entry once it is on disk; its fate (sent, failed) arrives
        through on_outbox. Nothing is lost offline: it goes out after the reconnect."""
        if self._agent_id is None:
            raise RuntimeError("sign in (start) before sending")
        if note and html is not None:
            raise ValueError("a private note is plain text")
        entry = await self.outbox.add(
            conversation_id, "note" if note else "reply", text, html, agent_id=self._agent_id
        )
        self._emit(self.on_outbox, entry)
        self._wake.set()
        return entry

    async def stop(self, *, logout: bool = False) -> None:
        """Stop reconnecting and close the connection; the outbox stays open (the caller
        owns it) and keeps whatever is pending for the next session.

        With logout=True the server first revokes the token, and the token is forgotten
        here; offline the revocation cannot reach the server, the token is forgotten
        anyway and expires there on its own."""
        self._stopping = True
        if self._retry is not None:
            self._retry.cancel()
            self._retry = None
        # first nothing may reconnect or send any more; events flow until the socket closes
        await _cancel(self._supervisor, self._courier_task)
        if logout:
            if self.online:
                try:
                    await asyncio.wait_for(self._client.request("logout"), LOGOUT_TIMEOUT)
                except _LOGOUT_ERRORS as exc:
                    log.warning("logout did not reach the server: %s", exc)
            else:
                log.warning("signing out offline: the server keeps the token until it expires")
        await self._drop_connection()
        await _cancel(self._events_task)
        self._supervisor = self._courier_task = self._events_task = None
        self._online = False
        if logout:
            self._signed_out()
        elif self._status != "signed_out":
            self._set_status("offline")

    # -- the background tasks ---------------------------------------------------------

    async def _keep_connected(self) -> None:
        """Wait for the connection to drop, then reconnect with the token and resume."""
        while True:
            await self._client.closed.wait()
            log.info("connection closed (code %s); reconnecting", self._client.close_code)
            self._online = False
            self._set_status("offline")
            attempt = 0
            while True:
                await asyncio.sleep(self._backoff.delay(attempt))
                attempt += 1
                self._set_status("connecting")
                try:
                    await asyncio.wait_for(self._client.connect(), SIGN_IN_TIMEOUT)
                except RequestError as refusal:
                    if refusal.code in TRANSIENT_CODES:
                        self._set_status("offline")
                        continue
                    log.warning("the server refused the token: %s", refusal)
                    self._signed_out()
                    return
                except NETWORK_ERRORS as exc:
                    log.info("reconnect attempt %d failed: %s", attempt, exc)
                    await self._drop_connection()
                    self._set_status("offline")
                    continue
                break
            self.welcome = self._client.welcome
            self._online = True
            self._set_status("online")
            self._wake.set()  # flush: what was written offline, and what the drop cut off

    async def _courier(self) -> None:
        """Sends pending entries, oldest first, one at a time: replies keep their order
        and no entry is ever in flight twice from this desktop."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            if not self.online:
                continue  # the reconnect wakes us again
            try:
                await self._flush()
            except Exception:
                log.exception("sending the outbox failed; trying again later")
                self._retry_later()

    async def _flush(self) -> None:
        for entry in await self.outbox.pending(agent_id=self._agent_id):
            if not self.online or not await self._deliver(entry):
                return

    async def _deliver(self, entry: OutboxEntry) -> bool:
        """One send; True to go on with the next entry, False to stop this round."""
        fields: dict[str, Any] = {
            "conversation_id": entry.conversation_id,
            "client_message_id": entry.client_message_id,
            "text": entry.text,
        }
        if entry.kind == "reply" and entry.html is not None:
            fields["html"] = entry.html
        kind = "reply.send" if entry.kind == "reply" else "note.add"
        try:
            message = await asyncio.wait_for(self._client.request(kind, **fields), SEND_TIMEOUT)
        except RequestError as refusal:
            error = f"{refusal.code}: {refusal.message}"
            if refusal.code in TRANSIENT_CODES:
                self._emit(
                    self.on_outbox, await self.outbox.record_attempt(entry.client_message_id, error)
                )
                self._retry_later()
                return False
            self._emit(
                self.on_outbox, await self.outbox.mark_failed(entry.client_message_id, error)
            )
            return True
        except NETWORK_ERRORS as exc:
            error = f"disconnected: {_describe(exc)}"
            self._emit(
                self.on_outbox, await self.outbox.record_attempt(entry.client_message_id, error)
            )
            if isinstance(exc, TimeoutError):
                self._retry_later()
            return False
        self._failures = 0
        sent = await self.outbox.mark_sent(entry.client_message_id, int(message["id"]))
        self._emit(self.on_outbox, sent)
        return True

    def _retry_later(self) -> None:
        if self._stopping:
            return
        if self._retry is not None:
            self._retry.cancel()
        delay = self._backoff.delay(self._failures)
        self._failures += 1
        self._retry = asyncio.get_running_loop().call_later(delay, self._wake.set)

    async def _pump_events(self) -> None:
        """Hands the client's events to the callbacks; the queue is drained here so it
        never grows, and a sequence already delivered is never delivered again."""
        while True:
            frame = await self._client.events.get()
            if isinstance(frame, EventFrame):
                if self._seen_seq is not None and frame.seq <= self._seen_seq:
                    log.debug("dropping event %d, already delivered", frame.seq)
                    continue
                self._seen_seq = frame.seq
                self._emit(self.on_event, frame)
            else:
                self._seen_seq = frame.last_seq
                self._emit(self.on_resync, frame)

    # -- helpers ------------------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(work, name=name)
        task.add_done_callback(_report_crash)
        return task

    async def _drop_connection(self) -> None:
        """Close whatever socket a failed or abandoned sign-in left open."""
        try:
            await self._client.close()
        except Exception as exc:  # already broken: nothing left to close
            log.debug("closing the connection: %s", exc)

    def _signed_out(self) -> None:
        """The token is no good any more: forget it, so the keyring copy is dropped too."""
        self._online = False
        self._client.token = None
        self._set_status("signed_out")

    def _set_status(self, status: Status) -> None:
        if status != self._status:
            self._status = status
            self._emit(self.on_status, status)

    def _emit(self, callbacks: Sequence[Callable[[T], object]], value: T) -> None:
        for callback in list(callbacks):
            try:
                callback(value)
            except Exception:
                log.exception("a %s callback failed", type(value).__name__)


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _report_crash(task: asyncio.Task[None]) -> None:
    """A background task dying of an exception is a bug: log it rather than lose it."""
    if not task.cancelled() and task.exception() is not None:
        log.error("%s stopped", task.get_name(), exc_info=task.exception())


async def _cancel(*tasks: asyncio.Task[None] | None) -> None:
    """Cancel and wait; the caller's own cancellation still propagates."""
    running = [task for task in tasks if task is not None and not task.done()]
    for task in running:
        task.cancel()
    if running:
        await asyncio.wait(running)
