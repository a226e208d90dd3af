"""The web chat channel: the embeddable widget page and the customers' websocket.

`GET /chat/` (also `/chat/widget`) serves the widget from `resources/widget/`, under a
strict Content-Security-Policy: nothing remote, scripts and styles from this server only,
websocket connections to this server only, and framing by this server's pages and the
`allowed_origins` only.

`GET /chat/ws` is the customers' websocket (the widget and the wallet's mobile app).

* Origin: a browser's Origin must be this server's own origin or one of
  `ChannelSettings.allowed_origins`, else 403 before the upgrade. A request without Origin
  (the mobile app; browsers always send one) must sign in with a wallet token.
* The first frame is `{"type": "hello", "visitor_token": str|null, "wallet_token":
  str|null, "language": "zh"|"en", "name"?: str}`; the token formats are in
  `agentdesk.services.chat`. A refused token is answered with an error frame and the
  socket is closed with CLOSE_BAD_TOKEN (4401); no new visitor is made from a bad token.
* The server answers `{"type": "welcome", "visitor_token", "conversation_id"|null,
  "history": [{"id", "from": "customer"|"agent", "text", "at", "agent_name"?}],
  "signed_in": bool}`; the page keeps `visitor_token` and presents it next time.
* Client frames: `{"type": "message", "text", "client_id"}`, acknowledged with
  `{"type": "ack", "client_id", "id", "conversation_id", "at"}` (a resend of the same
  `client_id` after a reconnect is stored once and acknowledged again), and
  `{"type": "typing"}`, announced to the desktops at most every TYPING_INTERVAL seconds.
* Server frames, live from the event table (so from every server process): agent
  replies `{"type": "message", "id", "from": "agent", "text", "at", "agent_name"}` and
  `{"type": "typing", "name"}`; nothing else of the conversation ever reaches a customer.
  A reply may come both in the history and live when it was written meanwhile; the
  server sends each message id once per socket.
* Errors: `{"type": "error", "code", "message", "client_id"?}`. Frames over
  MAX_FRAME_BYTES close the socket with 1009; more than FRAMES_PER_SECOND frames per
  second (after a burst of FRAME_BURST) are refused with `rate_limited`, and a client
  that keeps on is closed with 1008.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from agentdesk.db.models import Event, Language
from agentdesk.server.http.common import ChannelContext, context_of, problem
from agentdesk.server.ratelimit import TokenBucket
from agentdesk.services import chat
from agentdesk.services.chat import ChatStart, TokenError

log = logging.getLogger(__name__)

WIDGET = Path(__file__).resolve().parents[3] / "resources" / "widget"
MAX_FRAME_BYTES = 32 * 1024
HELLO_TIMEOUT = 15.0
TYPING_INTERVAL = 2.0
FRAMES_PER_SECOND = 3.0
FRAME_BURST = 12
MAX_REFUSED = 30  # frames refused in a row by the rate limit before the socket is closed
OUTBOUND_QUEUE = 200
CLOSE_BAD_HELLO = 4400
CLOSE_BAD_TOKEN = 4401
CLOSE_HELLO_TIMEOUT = 4408
CLOSE_POLICY = 1008
CLOSE_TOO_SLOW = 1013
CLOSE_RESTART = 1012

_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")
_ORIGIN = re.compile(
    r"https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?"
)


@dataclass(frozen=True, slots=True)
class _Asset:
    body: bytes
    content_type: str


_FILES = {
    "index.html": "text/html",
    "widget.js": "text/javascript",
    "widget.css": "text/css",
    "icon.svg": "image/svg+xml",
}
ASSETS: web.AppKey[dict[str, _Asset]] = web.AppKey("agentdesk.chat.assets")
SOCKETS: web.AppKey[set[ChatSocket]] = web.AppKey("agentdesk.chat.sockets")


def setup(app: web.Application) -> None:
    """Register this channel's routes on the customer-facing app."""
    assets: dict[str, _Asset] = {}
    for name, content_type in _FILES.items():
        try:
            assets[name] = _Asset((WIDGET / name).read_bytes(), content_type)
        except OSError as exc:
            log.error("the chat widget cannot be served: %s", exc)
    app[ASSETS] = assets
    app[SOCKETS] = set()
    app.router.add_get("/chat/", _page)
    app.router.add_get("/chat/widget", _page)
    app.router.add_get("/chat/widget.js", _asset("widget.js"))
    app.router.add_get("/chat/widget.css", _asset("widget.css"))
    app.router.add_get("/chat/icon.svg", _asset("icon.svg"))
    app.router.add_get("/chat/ws", _websocket)
    app.on_shutdown.append(_close_sockets)


def own_origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}".lower()


def origin_allowed(request: web.Request, origin: str) -> bool:
    """This server's own origin, or one the operator allowed."""
    origin = origin.strip().lower().rstrip("/")
    allowed = {o.strip().lower().rstrip("/") for o in context_of(request).settings.allowed_origins}
    return origin == own_origin(request) or origin in allowed


def content_security_policy(request: web.Request) -> str:
    """Nothing remote: this server's scripts and styles, its websocket, and framing by the
    pages allowed to use the chat."""
    connect = ["'self'"]
    if _HOST.fullmatch(request.host):  # behind a TLS proxy the page is https, we see http
        connect += [f"ws://{request.host}", f"wss://{request.host}"]
    ancestors = ["'self'"] + [
        origin
        for origin in context_of(request).settings.allowed_origins
        if _ORIGIN.fullmatch(origin.strip())
    ]
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            f"connect-src {' '.join(connect)}",
            f"frame-ancestors {' '.join(ancestors)}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def _served(request: web.Request, name: str) -> web.Response:
    asset = request.app[ASSETS].get(name)
    if asset is None:
        raise problem(503, "widget_missing", "the chat widget is not installed on this server")
    response = web.Response(body=asset.body, content_type=asset.content_type, charset="utf-8")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


async def _page(request: web.Request) -> web.Response:
    response = _served(request, "index.html")
    response.headers["Content-Security-Policy"] = content_security_policy(request)
    return response


def _asset(name: str) -> Any:
    async def serve(request: web.Request) -> web.Response:
        return _served(request, name)

    return serve


async def _websocket(request: web.Request) -> web.WebSocketResponse:
    origin = request.headers.get("Origin")
    if origin is not None and not origin_allowed(request, origin):
        raise problem(403, "origin_not_allowed", "this page may not open the chat")
    websocket = web.WebSocketResponse(max_msg_size=MAX_FRAME_BYTES, heartbeat=30.0)
    await websocket.prepare(request)
    socket = ChatSocket(context_of(request), websocket, from_browser=origin is not None)
    sockets = request.app[SOCKETS]
    sockets.add(socket)
    try:
        await socket.serve()
    finally:
        sockets.discard(socket)
    return websocket


async def _close_sockets(app: web.Application) -> None:
    await asyncio.gather(
        *(
            s.websocket.close(code=CLOSE_RESTART, message=b"server restarting")
            for s in app[SOCKETS]
        ),
        return_exceptions=True,
    )


def _json(frame: dict[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def _language(value: object) -> Language:
    return Language.EN if value == Language.EN.value else Language.ZH


class ChatSocket:
    """One customer's chat window: a ConversationSubscriber of the event pump."""

    def __init__(
        self, context: ChannelContext, websocket: web.WebSocketResponse, *, from_browser: bool
    ) -> None:
        self.context = context
        self.websocket = websocket
        self.from_browser = from_browser
        self.queue: asyncio.Queue[str] = asyncio.Queue(OUTBOUND_QUEUE)
        self.bucket = TokenBucket(FRAMES_PER_SECOND, FRAME_BURST)
        self.dropped = False
        self.visitor_key = ""
        self.wallet_id: str | None = None
        self.name: str | None = None
        self.language = Language.ZH
        self.conversation_id: int | None = None  # the latest one, where typing goes
        self.shown: set[int] = set()  # message ids sent on this socket
        self._typed_at = float("-inf")
        self._refused = 0

    # -- the pump's side ------------------------------------------------------------------

    def push(self, frame: str) -> bool:
        if self.dropped:
            return False
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            self.dropped = True
            log.warning("dropping a chat socket: %d frames unsent", self.queue.qsize())
            asyncio.get_running_loop().create_task(
                self.websocket.close(code=CLOSE_TOO_SLOW, message=b"too slow")
            )
            return False
        return True

    def frame_for(self, event: Event) -> str | None:
        view = chat.customer_view(event)
        if view is None:
            return None
        if view["type"] == "message":
            if view["id"] in self.shown:
                return None
            self.shown.add(view["id"])
        return _json(view)

    # -- the customer's side --------------------------------------------------------------

    def send(self, frame: dict[str, Any]) -> None:
        self.push(_json(frame))

    def error(self, code: str, message: str, client_id: object = None) -> None:
        frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
        if isinstance(client_id, str) and chat.CLIENT_ID.fullmatch(client_id):
            frame["client_id"] = client_id
        self.send(frame)

    async def _writer(self) -> None:
        while True:
            frame = await self.queue.get()
            try:
                await self.websocket.send_str(frame)
            finally:
                self.queue.task_done()

    async def serve(self) -> None:
        writer = asyncio.create_task(self._writer(), name="chat-writer")
        try:
            if await self._hello():
                await self._frames()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.context.pump.detach(self)
            with contextlib.suppress(Exception):
                if not self.dropped and not self.websocket.closed:
                    await asyncio.wait_for(self.queue.join(), 2.0)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                await writer
            if not self.websocket.closed:
                await self.websocket.close()

    async def _refuse(self, code: int, error: str, message: str) -> bool:
        self.error(error, message)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.queue.join(), 2.0)
        await self.websocket.close(code=code, message=message.encode()[:120])
        return False

    async def _hello(self) -> bool:
        deadline = time.monotonic() + HELLO_TIMEOUT
        while True:
            try:
                message = await self.websocket.receive(max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                return await self._refuse(CLOSE_HELLO_TIMEOUT, "hello_timeout", "say hello first")
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                return False
            if message.type is WSMsgType.ERROR:
                return False
            if not self.bucket.allow():
                await self.websocket.close(code=CLOSE_POLICY, message=b"too many frames")
                return False
            hello = self._parse(message)
            if hello is None:
                continue
            if hello.get("type") != "hello":
                return await self._refuse(
                    CLOSE_BAD_HELLO, "hello_first", "the first frame is hello"
                )
            return await self._start(hello)

    async def _start(self, hello: dict[str, Any]) -> bool:
        settings = self.context.settings
        self.language = _language(hello.get("language"))
        name = hello.get("name")
        if isinstance(name, str) and name.strip():
            self.name = name.strip()[: chat.MAX_NAME_LENGTH]
        wallet_token, visitor_token = hello.get("wallet_token"), hello.get("visitor_token")
        if wallet_token is not None:
            if settings.wallet_secret is None:
                return await self._refuse(
                    CLOSE_BAD_TOKEN, "wallet_unavailable", "wallet sign-in is not set up here"
                )
            try:
                self.wallet_id = chat.wallet_id_of(
                    settings.wallet_secret, wallet_token, time.time()
                )
            except TokenError as exc:
                return await self._refuse(CLOSE_BAD_TOKEN, exc.code, exc.message)
        elif not self.from_browser:
            return await self._refuse(
                CLOSE_BAD_TOKEN, "wallet_token_required", "the app must sign in with a wallet token"
            )
        if visitor_token is not None:
            try:
                key = chat.visitor_key_of(settings.widget_secret, visitor_token)
            except TokenError as exc:
                return await self._refuse(CLOSE_BAD_TOKEN, exc.code, exc.message)
        else:
            key = chat.new_visitor_key()
        if self.wallet_id is not None:
            start: ChatStart = await self.context.change(
                chat.sign_in_visitor, key, self.wallet_id, name=self.name, language=self.language
            )
        else:
            start = await self.context.read(chat.resume_visitor, key)
        self.visitor_key = start.visitor_key
        self.shown.update(item["id"] for item in start.history)
        self.send(
            {
                "type": "welcome",
                "visitor_token": chat.make_visitor_token(settings.widget_secret, self.visitor_key),
                "conversation_id": start.conversation_id,
                "history": start.history,
                "signed_in": self.wallet_id is not None,
            }
        )
        if start.conversation_id is not None:
            self.conversation_id = start.conversation_id
            await self.context.pump.watch(self, start.conversation_id, start.after_seq)
        return True

    def _parse(self, message: Any) -> dict[str, Any] | None:
        """A JSON object from a text frame, or None after telling the client what is wrong."""
        if message.type is not WSMsgType.TEXT:
            self.error("text_only", "send JSON text frames")
            return None
        try:
            frame = json.loads(message.data)
        except ValueError:
            self.error("malformed_json", "the frame is not JSON")
            return None
        if not isinstance(frame, dict):
            self.error("malformed_json", "the frame must be a JSON object")
            return None
        return frame

    async def _frames(self) -> None:
        while True:
            message = await self.websocket.receive()
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                return
            if message.type is WSMsgType.ERROR:  # e.g. too large: aiohttp closed with 1009
                return
            if not self.bucket.allow():
                self._refused += 1
                if self._refused > MAX_REFUSED:
                    await self.websocket.close(code=CLOSE_POLICY, message=b"too many frames")
                    return
                client_id = None
                if message.type is WSMsgType.TEXT:
                    with contextlib.suppress(ValueError, AttributeError):
                        client_id = json.loads(message.data).get("client_id")
                self.error("rate_limited", "slow down: too many messages", client_id)
                continue
            self._refused = 0
            frame = self._parse(message)
            if frame is None:
                continue
            kind = frame.get("type")
            if kind == "message":
                await self._message(frame)
            elif kind == "typing":
                await self._typing()
            else:
                self.error("unknown_type", "frames are message or typing")

    async def _message(self, frame: dict[str, Any]) -> None:
        client_id, text = frame.get("client_id"), frame.get("text")
        if not isinstance(client_id, str) or not chat.CLIENT_ID.fullmatch(client_id):
            self.error("invalid_client_id", "client_id is 1 to 64 of A-Z a-z 0-9 _ -")
            return
        if not isinstance(text, str) or not text.strip():
            self.error("empty_message", "the message has no text", client_id)
            return
        if len(text.strip()) > chat.MAX_TEXT_LENGTH:
            self.error(
                "too_long", f"a message has at most {chat.MAX_TEXT_LENGTH} characters", client_id
            )
            return
        try:
            stored: chat.StoredMessage = await self.context.change(
                chat.store_message,
                self.visitor_key,
                client_id,
                text,
                name=self.name,
                language=self.language,
                signed_in=self.wallet_id is not None,
            )
        except Exception:
            log.exception("storing a chat message failed")
            self.error("internal", "the message could not be stored; send it again", client_id)
            return
        self.send(
            {
                "type": "ack",
                "client_id": client_id,
                "id": stored.message_id,
                "conversation_id": stored.conversation_id,
                "at": stored.created_at.isoformat().replace("+00:00", "Z"),
            }
        )
        if stored.conversation_id != self.conversation_id:
            self.conversation_id = stored.conversation_id
            await self.context.pump.watch(self, stored.conversation_id, stored.after_seq)

    async def _typing(self) -> None:
        now = time.monotonic()
        if self.conversation_id is None or now - self._typed_at < TYPING_INTERVAL:
            return
        self._typed_at = now
        try:
            await self.context.change(chat.customer_typing, self.visitor_key, self.conversation_id)
        except Exception:
            log.exception("announcing a customer's typing failed")
