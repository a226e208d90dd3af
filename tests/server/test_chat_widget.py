"""The customers' chat websocket and widget page over real sockets, without a browser."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from sqlalchemy import func, select

from agentdesk.client import AgentClient
from agentdesk.db.engine import Database
from agentdesk.db.models import ChatVisitor, Conversation, Customer, Event, Message, WalletAccount
from agentdesk.protocol.frames import EventFrame
from agentdesk.server.config import ChannelSettings
from agentdesk.server.fanout import EventPump
from agentdesk.server.http import chat as endpoint
from agentdesk.services import chat
from agentdesk.services.actor import Actor
from agentdesk.services.conversations import add_note, send_reply
from agentdesk.services.events import last_seq
from tests.helpers.desk import event_log
from tests.helpers.server import ServerThread, running_server
from tests.server.conftest import CATALOG, PASSWORD, Desk, build_desk

pytestmark = pytest.mark.asyncio
SHOP = "http://shop.example"
SETTINGS = ChannelSettings(
    widget_secret="widget-secret-for-tests",
    wallet_secret="wallet-secret-for-tests",
    allowed_origins=(SHOP,),
)
WAIT = 5.0
_ids = itertools.count(1)


def desk_id() -> str:
    return f"desk-msg-{next(_ids):06d}"


def _serve(database: Database) -> Iterator[ServerThread]:
    url = database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, poll_seconds=0.5, http_port=0, channels=SETTINGS) as thread:
        yield thread


@pytest.fixture
def chat_server(desk: Desk) -> Iterator[ServerThread]:
    """A server with the chat endpoint over the SQLite desk."""
    yield from _serve(desk.database)


@pytest.fixture
def any_desk(any_db: Database) -> Desk:
    return build_desk(any_db)


@pytest.fixture
def any_server(any_desk: Desk) -> Iterator[ServerThread]:
    """The same on SQLite and on PostgreSQL."""
    yield from _serve(any_desk.database)


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def base(server: ServerThread) -> str:
    assert server.server.http is not None
    return server.server.http.url


@dataclass
class Visitor:
    ws: aiohttp.ClientWebSocketResponse
    welcome: dict[str, Any] = field(default_factory=dict)

    async def send(self, frame: dict[str, Any]) -> None:
        await self.ws.send_str(json.dumps(frame))

    async def next(self, within: float = WAIT) -> dict[str, Any]:
        message = await self.ws.receive(within)
        assert message.type is aiohttp.WSMsgType.TEXT, (message.type, message.data)
        frame: dict[str, Any] = json.loads(message.data)
        return frame

    async def until(self, kind: str, within: float = WAIT) -> dict[str, Any]:
        """The next frame of `kind`, skipping others."""
        deadline = time.monotonic() + within
        while True:
            frame = await self.next(max(0.01, deadline - time.monotonic()))
            if frame["type"] == kind:
                return frame

    async def quiet(self, seconds: float = 0.6) -> list[dict[str, Any]]:
        """Every frame until none came for `seconds`."""
        frames: list[dict[str, Any]] = []
        while True:
            try:
                frames.append(await self.next(seconds))
            except TimeoutError:
                return frames

    async def closed_with(self) -> int | None:
        """Read until the server closes; the close code."""
        deadline = time.monotonic() + WAIT
        while not self.ws.closed:
            message = await self.ws.receive(max(0.01, deadline - time.monotonic()))
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                break
        return self.ws.close_code


async def connect(
    http: aiohttp.ClientSession, server: ServerThread, *, origin: str | None = "own"
) -> aiohttp.ClientWebSocketResponse:
    own = base(server)
    chosen = own if origin == "own" else origin
    return await http.ws_connect(own + "/chat/ws", origin=chosen, autoclose=False)


async def hello(
    http: aiohttp.ClientSession,
    server: ServerThread,
    *,
    visitor_token: str | None = None,
    wallet_token: str | None = None,
    origin: str | None = "own",
    language: str = "zh",
    name: str | None = None,
) -> Visitor:
    visitor = Visitor(await connect(http, server, origin=origin))
    frame: dict[str, Any] = {
        "type": "hello",
        "visitor_token": visitor_token,
        "wallet_token": wallet_token,
        "language": language,
    }
    if name is not None:
        frame["name"] = name
    await visitor.send(frame)
    visitor.welcome = await visitor.next()
    return visitor


def wallet_token(wallet_id: str, lifetime: float = 300, secret: str | None = None) -> str:
    key = secret or SETTINGS.wallet_secret
    assert key is not None
    return chat.make_wallet_token(key, wallet_id, int(time.time() + lifetime))


def count(database: Database, model: type[object], *where: Any) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def send_message(visitor: Visitor, text: str, client_id: str) -> dict[str, Any]:
    await visitor.send({"type": "message", "text": text, "client_id": client_id})
    ack = await visitor.until("ack")
    assert ack["client_id"] == client_id
    return ack


async def agent_event(
    client: AgentClient, name: str, conversation_id: int, within: float = WAIT
) -> EventFrame:
    deadline = time.monotonic() + within
    while True:
        frame = await asyncio.wait_for(client.events.get(), max(0.01, deadline - time.monotonic()))
        if (
            isinstance(frame, EventFrame)
            and frame.name == name
            and frame.conversation_id == conversation_id
        ):
            return frame


# -- the page --------------------------------------------------------------------------------


async def test_the_widget_is_served_with_a_strict_policy_and_nothing_remote(
    chat_server: ServerThread, http: aiohttp.ClientSession
) -> None:
    own = base(chat_server)
    page = await http.get(own + "/chat/")
    assert page.status == 200 and page.content_type == "text/html"
    html = await page.text()
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in page.headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == policy["style-src"] == "'self'"
    host = own.removeprefix("http://")
    assert policy["connect-src"] == f"'self' ws://{host} wss://{host}"
    assert policy["frame-ancestors"] == f"'self' {SHOP}"
    assert policy["base-uri"] == policy["form-action"] == "'none'"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert await (await http.get(own + "/chat/widget")).text() == html
    links = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert sorted(links) == ["icon.svg", "widget.css", "widget.js"]
    icon = await http.get(own + "/chat/icon.svg")
    assert icon.status == 200 and icon.content_type == "image/svg+xml"
    assert "<script>" not in html and "style=" not in html  # nothing inline for CSP to block
    script = await http.get(own + "/chat/widget.js")
    assert script.status == 200 and script.content_type == "text/javascript"
    assert "发送" in await script.text() and '"Send"' in await script.text()
    style = await http.get(own + "/chat/widget.css")
    assert style.status == 200 and style.content_type == "text/css"
    css = await style.text()
    assert "url(" not in css and "@import" not in css


async def test_a_foreign_origin_is_refused_before_the_upgrade(
    chat_server: ServerThread, http: aiohttp.ClientSession
) -> None:
    for origin in ("http://evil.example", "null", base(chat_server).replace("http:", "https:")):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await connect(http, chat_server, origin=origin)
        assert refused.value.status == 403
    for origin in ("own", SHOP, SHOP.upper()):
        visitor = await hello(http, chat_server, origin=origin)
        assert visitor.welcome["type"] == "welcome"
        await visitor.ws.close()


async def test_an_app_without_origin_must_sign_in_with_a_wallet_token(
    chat_server: ServerThread, http: aiohttp.ClientSession, desk: Desk
) -> None:
    anonymous = await hello(http, chat_server, origin=None)
    assert anonymous.welcome["code"] == "wallet_token_required"
    assert await anonymous.closed_with() == endpoint.CLOSE_BAD_TOKEN
    wallet_id = _wallet_of(desk.database, desk.mine.customer_id)
    app = await hello(http, chat_server, origin=None, wallet_token=wallet_token(wallet_id))
    assert app.welcome["type"] == "welcome" and app.welcome["signed_in"] is True
    await app.ws.close()


async def test_a_tampered_visitor_token_is_refused_and_no_visitor_is_made(
    chat_server: ServerThread, http: aiohttp.ClientSession, desk: Desk
) -> None:
    first = await hello(http, chat_server)
    await send_message(first, "你好", "c-1")
    await first.ws.close()
    token = first.welcome["visitor_token"]
    version, key, signature = token.split(".")
    other_key = key[:-1] + ("A" if key[-1] != "A" else "B")
    customers, visitors = count(desk.database, Customer), count(desk.database, ChatVisitor)
    for bad in (f"{version}.{other_key}.{signature}", token[:-2], "v1.made-up.token"):
        refused = await hello(http, chat_server, visitor_token=bad)
        assert refused.welcome["type"] == "error"
        assert refused.welcome["code"] == "invalid_visitor_token"
        assert await refused.closed_with() == endpoint.CLOSE_BAD_TOKEN
    assert count(desk.database, Customer) == customers
    assert count(desk.database, ChatVisitor) == visitors == 1


async def test_expired_or_badly_signed_wallet_tokens_are_refused(
    chat_server: ServerThread, http: aiohttp.ClientSession, desk: Desk
) -> None:
    wallet_id = _wallet_of(desk.database, desk.mine.customer_id)
    customers = count(desk.database, Customer)
    for token, code in (
        (wallet_token(wallet_id, lifetime=-5), "expired_wallet_token"),
        (wallet_token(wallet_id, secret="somebody else's"), "invalid_wallet_token"),
        ("garbage", "invalid_wallet_token"),
    ):
        for origin in ("own", None):
            refused = await hello(http, chat_server, wallet_token=token, origin=origin)
            assert refused.welcome["code"] == code
            assert await refused.closed_with() == endpoint.CLOSE_BAD_TOKEN
    assert count(desk.database, Customer) == customers
    assert count(desk.database, ChatVisitor) == 0


def _wallet_of(database: Database, customer_id: int) -> str:
    with database.read() as session:
        return session.scalars(
            select(WalletAccount.wallet_id).where(WalletAccount.customer_id == customer_id)
        ).one()


# -- storing (SQLite and PostgreSQL) ---------------------------------------------------------


async def test_a_wallet_user_is_linked_to_their_customer_and_wallet_account(
    any_server: ServerThread, http: aiohttp.ClientSession, any_desk: Desk
) -> None:
    database = any_desk.database
    customer_id = any_desk.mine.customer_id
    wallet_id = _wallet_of(database, customer_id)
    visitor = await hello(http, any_server, wallet_token=wallet_token(wallet_id), language="en")
    assert visitor.welcome["signed_in"] is True
    # The customer's ongoing chat, with what they wrote before.
    assert visitor.welcome["conversation_id"] == any_desk.mine.id
    assert [m["text"] for m in visitor.welcome["history"]] == ["我的转账失败了,怎么办?"]
    ack = await send_message(visitor, "My transfer failed", "c-1")
    assert ack["conversation_id"] == any_desk.mine.id
    await visitor.ws.close()
    with database.read() as session:
        conversation = session.get_one(Conversation, ack["conversation_id"])
        message = session.get_one(Message, ack["id"])
        account = session.scalars(
            select(WalletAccount).where(WalletAccount.wallet_id == wallet_id)
        ).one()
        visitor_row = session.scalars(select(ChatVisitor)).one()
        assert conversation.customer_id == account.customer_id == customer_id
        assert visitor_row.customer_id == customer_id
        assert message.meta["signed_in"] is True and message.text == "My transfer failed"


async def test_an_anonymous_visitor_who_signs_in_keeps_the_conversation(
    any_server: ServerThread, http: aiohttp.ClientSession, any_desk: Desk
) -> None:
    database = any_desk.database
    customer_id = any_desk.mine.customer_id
    anonymous = await hello(http, any_server)
    ack = await send_message(anonymous, "我的转账失败了", "c-1")
    await anonymous.ws.close()
    token = anonymous.welcome["visitor_token"]
    signed_in = await hello(
        http,
        any_server,
        visitor_token=token,
        wallet_token=wallet_token(_wallet_of(database, customer_id)),
    )
    assert signed_in.welcome["visitor_token"] == token
    assert signed_in.welcome["conversation_id"] == ack["conversation_id"]
    assert [m["text"] for m in signed_in.welcome["history"]] == ["我的转账失败了"]
    await signed_in.ws.close()
    with database.read() as session:
        assert session.get_one(Conversation, ack["conversation_id"]).customer_id == customer_id


async def test_a_resend_after_a_reconnect_is_stored_once(
    any_server: ServerThread, http: aiohttp.ClientSession, any_desk: Desk
) -> None:
    database = any_desk.database
    first = await hello(http, any_server)
    ack = await send_message(first, "还在吗?", "c-resend")
    await first.ws.close()
    again = await hello(http, any_server, visitor_token=first.welcome["visitor_token"])
    assert again.welcome["conversation_id"] == ack["conversation_id"]
    assert [m["id"] for m in again.welcome["history"]] == [ack["id"]]
    second = await send_message(again, "还在吗?", "c-resend")
    assert (second["id"], second["conversation_id"]) == (ack["id"], ack["conversation_id"])
    await again.ws.close()
    assert count(database, Message, Message.conversation_id == ack["conversation_id"]) == 1
    created = [e for e in event_log(database) if e.type == "message.created"]
    assert [e.payload["message"]["id"] for e in created] == [ack["id"]]


async def test_only_the_visitors_own_agent_replies_and_typing_reach_them(
    any_server: ServerThread, http: aiohttp.ClientSession, any_desk: Desk
) -> None:
    visitor = await hello(http, any_server)
    mine = (await send_message(visitor, "我的转账失败了", "c-1"))["conversation_id"]
    stranger = await hello(http, any_server)
    theirs = (await send_message(stranger, "and mine?", "c-1"))["conversation_id"]
    amy = AgentClient(any_server.url, username="amy", password=PASSWORD)
    await amy.connect()
    # Everything an agent does that the visitor must not see, then what they must see.
    await amy.request("note.add", conversation_id=mine, client_message_id=desk_id(), text="VIP?")
    await amy.request("conversation.take", conversation_id=mine)  # an assignment line
    await amy.request("conversation.typing", conversation_id=theirs)
    await amy.request(
        "reply.send", conversation_id=theirs, client_message_id=desk_id(), text="not yours"
    )
    await amy.request(
        "reply.send", conversation_id=any_desk.mine.id, client_message_id=desk_id(), text="no"
    )
    await amy.request("conversation.typing", conversation_id=mine)
    reply = await amy.request(
        "reply.send", conversation_id=mine, client_message_id=desk_id(), text="请问提示是什么?"
    )
    await amy.request(
        "conversation.update", conversation_id=mine, status="resolved", version=None
    )  # a status line
    frames = [await visitor.next(), await visitor.next(), *await visitor.quiet()]
    assert frames == [
        {"type": "typing", "name": "Amy"},
        {
            "type": "message",
            "id": reply["id"],
            "from": "agent",
            "text": "请问提示是什么?",
            "at": reply["created_at"],
            "agent_name": "Amy",
        },
    ]
    assert [f["type"] for f in await stranger.quiet(0.1)] == ["typing", "message"]
    # A reload shows the conversation again, still without the note and status lines.
    await visitor.ws.close()
    reloaded = await hello(http, any_server, visitor_token=visitor.welcome["visitor_token"])
    assert [(m["from"], m["text"]) for m in reloaded.welcome["history"]] == [
        ("customer", "我的转账失败了"),
        ("agent", "请问提示是什么?"),
    ]
    for socket in (reloaded, stranger):
        await socket.ws.close()
    await amy.close()


async def test_a_visitors_typing_reaches_the_desk_throttled(
    chat_server: ServerThread, http: aiohttp.ClientSession
) -> None:
    visitor = await hello(http, chat_server)
    await visitor.send({"type": "typing"})  # before any conversation: nothing to tell
    conversation = (await send_message(visitor, "hello", "c-1"))["conversation_id"]
    amy = AgentClient(chat_server.url, username="amy", password=PASSWORD)
    await amy.connect()
    for _ in range(3):
        await visitor.send({"type": "typing"})
    event = await agent_event(amy, "conversation.typing", conversation)
    assert event.data == {"side": "customer"}
    with pytest.raises(TimeoutError):  # the other two were within the throttle interval
        await agent_event(amy, "conversation.typing", conversation, within=0.8)
    await visitor.ws.close()
    await amy.close()


# -- bad input -------------------------------------------------------------------------------


async def test_an_oversized_frame_closes_the_socket_with_1009(
    chat_server: ServerThread, http: aiohttp.ClientSession, desk: Desk
) -> None:
    visitor = await hello(http, chat_server)
    text = "x" * endpoint.MAX_FRAME_BYTES
    await visitor.ws.send_str(json.dumps({"type": "message", "text": text, "client_id": "c-1"}))
    assert await visitor.closed_with() == 1009
    assert count(desk.database, ChatVisitor) == 0


async def test_invalid_frames_get_error_frames_and_the_socket_lives_on(
    chat_server: ServerThread, http: aiohttp.ClientSession, desk: Desk
) -> None:
    visitor = Visitor(await connect(http, chat_server))
    await visitor.ws.send_str("{not json")
    assert (await visitor.next())["code"] == "malformed_json"
    await visitor.send({"type": "hello", "visitor_token": None, "wallet_token": None})
    assert (await visitor.next())["type"] == "welcome"
    too_long = "长" * (chat.MAX_TEXT_LENGTH + 1)
    for raw, code in (
        ("{not json", "malformed_json"),
        ("[1, 2]", "malformed_json"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"type": "message", "text": "hi", "client_id": "has space"}', "invalid_client_id"),
        ('{"type": "message", "text": "  ", "client_id": "c-1"}', "empty_message"),
        (json.dumps({"type": "message", "text": too_long, "client_id": "c-1"}), "too_long"),
    ):
        await visitor.ws.send_str(raw)
        assert (await visitor.next())["code"] == code, raw
    await visitor.ws.send_bytes(b"\x00\x01")
    assert (await visitor.next())["code"] == "text_only"
    assert count(desk.database, Message, Message.external_id.is_not(None)) == 0
    await send_message(visitor, "still here", "c-2")
    await visitor.ws.close()


async def test_the_first_frame_must_be_hello(
    chat_server: ServerThread, http: aiohttp.ClientSession
) -> None:
    visitor = Visitor(await connect(http, chat_server))
    await visitor.send({"type": "message", "text": "hi", "client_id": "c-1"})
    assert (await visitor.next())["code"] == "hello_first"
    assert await visitor.closed_with() == endpoint.CLOSE_BAD_HELLO


async def test_a_client_that_never_says_hello_is_closed(
    chat_server: ServerThread, http: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(endpoint, "HELLO_TIMEOUT", 0.3)
    visitor = Visitor(await connect(http, chat_server))
    assert (await visitor.next())["code"] == "hello_timeout"
    assert await visitor.closed_with() == endpoint.CLOSE_HELLO_TIMEOUT


async def test_a_flood_is_rate_limited_and_a_client_that_keeps_on_is_closed(
    chat_server: ServerThread, http: aiohttp.ClientSession, desk: Desk
) -> None:
    visitor = await hello(http, chat_server)
    sent = 2 * endpoint.FRAME_BURST
    for n in range(sent):
        await visitor.send({"type": "message", "text": f"spam {n}", "client_id": f"c-{n}"})
    frames = [await visitor.next() for _ in range(sent)]
    acks = [f for f in frames if f["type"] == "ack"]
    limited = [f for f in frames if f.get("code") == "rate_limited"]
    assert len(acks) + len(limited) == sent
    assert endpoint.FRAME_BURST - 1 <= len(acks) < sent  # the hello was one of the burst
    assert all(f["client_id"].startswith("c-") for f in limited)
    assert count(desk.database, Message, Message.external_id.is_not(None)) == len(acks)
    for _ in range(2 * endpoint.MAX_REFUSED):
        await visitor.send({"type": "typing"})
    assert await visitor.closed_with() == endpoint.CLOSE_POLICY


# -- the pump's side -------------------------------------------------------------------------


async def eventually(condition: Callable[[], bool], within: float = WAIT) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        await asyncio.sleep(0.01)


@dataclass(eq=False)
class Recorder:
    """A conversation subscriber that keeps what it was given."""

    frames: list[dict[str, Any]] = field(default_factory=list)

    def push(self, frame: str) -> bool:
        self.frames.append(json.loads(frame))
        return True

    def frame_for(self, event: Event) -> str | None:
        view = chat.customer_view(event)
        return None if view is None else json.dumps(view)


async def test_a_late_watcher_gets_what_committed_meanwhile_once_then_live(
    sqlite_db: Database,
) -> None:
    desk = build_desk(sqlite_db)
    amy = Actor.of(desk.cast.agent_a)

    async def run_in_db(work: Any, *args: Any) -> Any:
        return await asyncio.to_thread(work, *args)

    def reply(text: str) -> int:
        with sqlite_db.write() as session:
            return send_reply(session, amy, desk.mine.id, desk_id(), text).id

    pump = EventPump(sqlite_db, run_in_db, poll_seconds=0.05)
    await pump.start()
    try:
        with sqlite_db.read() as session:
            before = last_seq(session)  # where a chat socket read the history
        missed = reply("written meanwhile")
        with sqlite_db.write() as session:
            add_note(session, amy, desk.mine.id, desk_id(), "a note meanwhile")
        with sqlite_db.read() as session:
            written = last_seq(session)
        pump.wake()
        await eventually(lambda: pump.last_seq >= written)  # it moved on before the watcher
        recorder = Recorder()
        await pump.watch(recorder, desk.mine.id, before)
        assert [f["id"] for f in recorder.frames] == [missed]
        live = reply("live")
        other = Recorder()
        await pump.watch(other, desk.theirs.id, written)
        pump.wake()
        await eventually(lambda: len(recorder.frames) >= 2)
        assert [f["id"] for f in recorder.frames] == [missed, live]
        pump.detach(recorder)
        reply("after detaching")
        pump.wake()
        with sqlite_db.read() as session:
            written = last_seq(session)
        await eventually(lambda: pump.last_seq >= written)
        assert [f["id"] for f in recorder.frames] == [missed, live]
        assert other.frames == [] and pump.watchers == {desk.theirs.id: {other}}
    finally:
        await pump.stop()
