"""Agent replies on social conversations leave through a fake Facebook and X on loopback."""

from __future__ import annotations

import asyncio
import socket
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from sqlalchemy import select

from agentdesk.db.engine import Database
from agentdesk.db.models import OutboundMessage, SocialPlatform
from agentdesk.server.config import ChannelSettings
from agentdesk.server.transports import PermanentFailure, TemporaryFailure
from agentdesk.server.transports.social import DeliveryUnknown, FacebookSend, XSend
from agentdesk.services.actor import Actor
from agentdesk.services.conversations import send_reply
from agentdesk.services.outbound import OutboundItem
from agentdesk.services.social_channel import SocialMessage, receive_social
from agentdesk.services.unit import perform
from tests.helpers.desk import NOW
from tests.helpers.server import ServerThread, running_server
from tests.server.conftest import CATALOG, Desk, build_desk

pytestmark = pytest.mark.asyncio
T = TypeVar("T")
PAGE_TOKEN = "EAAB-page-token-secret"
BEARER = "x-bearer-token-secret"
PAGE = "104000000000001"
US = "3805104374"


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


@dataclass
class FakePlatform:
    """Answers each POST with the next scripted (status, JSON), then 200 {} forever."""

    url: str = ""
    requests: list[Seen] = field(default_factory=list)
    answers: deque[tuple[int, dict[str, Any]]] = field(default_factory=deque)
    stall_seconds: float = 0.0

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(
            Seen(request.path, dict(request.query), dict(request.headers), await request.json())
        )
        if self.stall_seconds:
            await asyncio.sleep(self.stall_seconds)
        status, payload = self.answers.popleft() if self.answers else (200, {})
        return web.json_response(payload, status=status)


@pytest_asyncio.fixture
async def platform() -> AsyncIterator[FakePlatform]:
    fake = FakePlatform()
    app = web.Application()
    app.router.add_post("/{tail:.*}", fake.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    fake.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield fake
    await runner.cleanup()


@dataclass
class Outbound:
    desk: Desk
    thread: ServerThread
    actor: Actor
    replies: int = 0

    @property
    def database(self) -> Database:
        return self.desk.database

    def customer_writes(self, platform: SocialPlatform, sender: str, text: str) -> int:
        """A customer message as a webhook stores it; returns its conversation id."""
        message = SocialMessage(
            platform=platform,
            message_id=f"{sender}-{text}",
            sender_id=sender,
            recipient_id=PAGE if platform is SocialPlatform.FACEBOOK else US,
            text=text,
            sent_at=NOW,
        )
        with self.database.write() as session:
            (conversation_id,) = receive_social(session, [message]).conversations
        return conversation_id

    def reply(self, conversation_id: int, text: str) -> int:
        """An agent's reply, as the desktop sends it; the dispatcher is woken like a handler."""
        self.replies += 1
        sent = perform(
            self.database,
            send_reply,
            self.actor,
            conversation_id,
            f"social-reply-{self.replies:04d}",
            text,
        )
        self.thread.loop.call_soon_threadsafe(self.thread.server.dispatcher.wake)
        return sent.id

    def row(self, message_id: int) -> OutboundMessage:
        with self.database.read() as session:
            row = session.scalar(
                select(OutboundMessage).where(OutboundMessage.message_id == message_id)
            )
        assert row is not None
        return row


def _settings(platform: FakePlatform) -> ChannelSettings:
    return ChannelSettings(
        facebook_page_token=PAGE_TOKEN,
        facebook_api_url=f"{platform.url}/v19.0",
        x_bearer_token=BEARER,
        x_api_url=f"{platform.url}/2",
        outbound_backoff_seconds=0.05,
        outbound_poll_seconds=0.05,
    )


@pytest.fixture
def outbound(any_db: Database, platform: FakePlatform) -> Iterator[Outbound]:
    desk = build_desk(any_db)
    url = any_db.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, channels=_settings(platform)) as thread:
        yield Outbound(desk, thread, Actor.of(desk.cast.admin))


async def until(check: Callable[[], T | None], seconds: float = 10.0) -> T:
    """Poll `check` until it returns something true, or fail after `seconds`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        value = check()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"still waiting after {seconds}s")
        await asyncio.sleep(0.02)


def settled(outbound: Outbound, message_id: int) -> OutboundMessage | None:
    row = outbound.row(message_id)
    return row if row.status in ("sent", "failed", "uncertain") else None


async def test_a_facebook_reply_is_retried_after_a_server_error_and_sent_once(
    outbound: Outbound, platform: FakePlatform
) -> None:
    platform.answers.extend(
        [
            (500, {"error": {"message": "An unexpected error has occurred.", "code": 2}}),
            (200, {"recipient_id": "7001", "message_id": "m_reply_1"}),
        ]
    )
    conversation_id = outbound.customer_writes(SocialPlatform.FACEBOOK, "7001", "转账失败")
    message_id = outbound.reply(conversation_id, "您好,我们正在处理")
    row = await until(lambda: settled(outbound, message_id))
    assert row.status == "sent" and row.attempts == 2
    assert row.transport == "facebook" and row.envelope["recipient_id"] == "7001"
    assert row.envelope["receipt"]["message_id"] == "m_reply_1"
    assert len(platform.requests) == 2
    for seen in platform.requests:
        assert seen.path == "/v19.0/me/messages"
        assert seen.query == {"access_token": PAGE_TOKEN}
        assert seen.body == {
            "recipient": {"id": "7001"},
            "messaging_type": "RESPONSE",
            "message": {"text": "您好,我们正在处理"},
        }


async def test_a_facebook_refusal_fails_without_a_retry(
    outbound: Outbound, platform: FakePlatform
) -> None:
    platform.answers.append((400, {"error": {"message": "(#100) No matching user found"}}))
    conversation_id = outbound.customer_writes(SocialPlatform.FACEBOOK, "7002", "hello")
    refused = outbound.reply(conversation_id, "Hello!")
    row = await until(lambda: settled(outbound, refused))
    assert (row.status, row.attempts) == ("failed", 1)
    assert "400" in row.last_error and "No matching user found" in row.last_error
    assert PAGE_TOKEN not in row.last_error
    # The queue keeps going; by the time the next reply is out, the refused one was not
    # tried again.
    later = outbound.reply(conversation_id, "Second try by hand")
    assert (await until(lambda: settled(outbound, later))).status == "sent"
    assert [seen.body["message"]["text"] for seen in platform.requests] == [
        "Hello!",
        "Second try by hand",
    ]
    assert outbound.row(refused).status == "failed"


async def test_an_x_reply_is_retried_after_429_and_sent_once(
    outbound: Outbound, platform: FakePlatform
) -> None:
    platform.answers.extend(
        [
            (429, {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429}),
            (
                201,
                {"data": {"dm_conversation_id": f"9001-{US}", "dm_event_id": "1582838223008"}},
            ),
        ]
    )
    conversation_id = outbound.customer_writes(SocialPlatform.X, "9001", "钱包被冻结")
    message_id = outbound.reply(conversation_id, "请提供账户号码")
    row = await until(lambda: settled(outbound, message_id))
    assert (row.status, row.attempts, row.transport) == ("sent", 2, "x")
    assert row.envelope["receipt"]["dm_event_id"] == "1582838223008"
    assert len(platform.requests) == 2
    for seen in platform.requests:
        assert seen.path == "/2/dm_conversations/with/9001/messages"
        assert seen.headers["Authorization"] == f"Bearer {BEARER}"
        assert seen.query == {}
        assert seen.body == {"text": "请提供账户号码"}


async def test_an_x_refusal_fails_without_a_retry(
    outbound: Outbound, platform: FakePlatform
) -> None:
    platform.answers.append(
        (403, {"title": "Forbidden", "detail": "You are not permitted to message this user"})
    )
    conversation_id = outbound.customer_writes(SocialPlatform.X, "9002", "hi")
    message_id = outbound.reply(conversation_id, "Hello")
    row = await until(lambda: settled(outbound, message_id))
    assert (row.status, row.attempts) == ("failed", 1)
    assert "not permitted" in row.last_error and BEARER not in row.last_error
    assert len(platform.requests) == 1


async def test_no_answer_after_sending_is_uncertain_and_never_resent(
    outbound: Outbound, platform: FakePlatform
) -> None:
    transport = outbound.thread.server.dispatcher.transports["facebook"]
    assert isinstance(transport, FacebookSend)
    transport.timeout = aiohttp.ClientTimeout(connect=5, sock_read=0.3)
    platform.stall_seconds = 1.0
    conversation_id = outbound.customer_writes(SocialPlatform.FACEBOOK, "7003", "hello")
    message_id = outbound.reply(conversation_id, "Sent into the void")
    row = await until(lambda: settled(outbound, message_id))
    assert (row.status, row.attempts) == ("uncertain", 1)
    assert "may have been delivered" in row.last_error
    platform.stall_seconds = 0.0
    later = outbound.reply(conversation_id, "Are you there?")
    assert (await until(lambda: settled(outbound, later))).status == "sent"
    assert [seen.body["message"]["text"] for seen in platform.requests] == [
        "Sent into the void",
        "Are you there?",
    ]


# ------------------------------------------------------------------ transports on their own


def an_item(recipient: Any = "7001", text: str = "您好") -> OutboundItem:
    return OutboundItem(
        id=1,
        message_id=1,
        conversation_id=1,
        transport="facebook",
        attempt=1,
        text=text,
        html=None,
        envelope={"recipient_id": recipient} if recipient is not None else {},
    )


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_refused_connection_is_temporary() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    settings = ChannelSettings(
        facebook_page_token=PAGE_TOKEN, facebook_api_url=url, x_bearer_token=BEARER, x_api_url=url
    )
    for transport in (FacebookSend(settings), XSend(settings)):
        try:
            with pytest.raises(TemporaryFailure, match="cannot reach"):
                await transport.send(an_item())
        finally:
            await transport.close()


@pytest.mark.parametrize(
    ("status", "failure"),
    [
        (502, TemporaryFailure),
        (503, TemporaryFailure),
        (429, TemporaryFailure),
        (400, PermanentFailure),
        (401, PermanentFailure),
        (404, PermanentFailure),
    ],
)
async def test_statuses_map_to_failures(
    platform: FakePlatform, status: int, failure: type[Exception]
) -> None:
    settings = _settings(platform)
    for transport in (FacebookSend(settings), XSend(settings)):
        platform.answers.append((status, {"error": {"message": "nope"}}))
        try:
            with pytest.raises(failure, match=f"HTTP {status}: nope"):
                await transport.send(an_item())
        finally:
            await transport.close()


async def test_a_reply_that_cannot_be_addressed_is_never_sent(platform: FakePlatform) -> None:
    transport = FacebookSend(_settings(platform))
    try:
        for recipient in (None, "", "../../me/accounts", 7001):
            with pytest.raises(PermanentFailure, match="no Facebook recipient"):
                await transport.send(an_item(recipient))
        with pytest.raises(PermanentFailure, match="at most 2000 characters"):
            await transport.send(an_item(text="长" * 2001))
        assert platform.requests == []
    finally:
        await transport.close()


async def test_a_timeout_after_sending_is_neither_temporary_nor_permanent(
    platform: FakePlatform,
) -> None:
    platform.stall_seconds = 1.0
    transport = XSend(_settings(platform), timeout=aiohttp.ClientTimeout(sock_read=0.2))
    try:
        with pytest.raises(DeliveryUnknown):
            await transport.send(an_item("9001"))
        assert len(platform.requests) == 1
    finally:
        await transport.close()


async def test_close_releases_the_session_and_a_later_send_opens_another(
    platform: FakePlatform,
) -> None:
    transport = FacebookSend(_settings(platform))
    platform.answers.append((200, {"message_id": "m_1"}))
    assert await transport.send(an_item()) == {"message_id": "m_1", "recipient_id": "7001"}
    await transport.close()
    await transport.close()  # twice is fine
    platform.answers.append((200, {"message_id": "m_2"}))
    try:
        receipt = await transport.send(an_item())
        assert receipt is not None and receipt["message_id"] == "m_2"
    finally:
        await transport.close()
