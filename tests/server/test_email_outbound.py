"""Agent replies leaving through a real SMTP relay (aiosmtpd on loopback) exactly once.

The customer writes in over the server's SMTP listener, an agent answers over the agent
protocol, and the relay records what arrives: the headers a mail client threads by, a
relay that defers (451) or is not listening yet (retried with backoff, delivered once),
one that refuses (5xx: failed at once, never retried), and a reply with nobody to go to.
"""

from __future__ import annotations

import asyncio
import smtplib
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.policy import compat32
from typing import Any, TypeVar

import pytest
import pytest_asyncio
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import select, update

from agentdesk.client import AgentClient
from agentdesk.db.engine import Database
from agentdesk.db.models import Agent, Conversation, ConversationStatus, Message, OutboundMessage
from agentdesk.server.app import free_port
from agentdesk.server.config import ChannelSettings
from agentdesk.services.accounts import hash_password
from tests.helpers.desk import DeskBuilder
from tests.helpers.server import ServerThread, running_server
from tests.server.conftest import CATALOG, PASSWORD

pytestmark = pytest.mark.asyncio
T = TypeVar("T")
DESK = "support@tpwallet.example"
DESK_NAME = "tpWallet 客服 Support"
BACKOFF = 0.3


@dataclass
class Relay:
    """A relay on loopback that records every DATA it sees and answers as planned."""

    port: int
    data_answers: list[str] = field(default_factory=list)  # used up in order, then 250
    rcpt_answers: list[str] = field(default_factory=list)
    attempts: list[tuple[float, bytes]] = field(default_factory=list)
    rcpts: list[str] = field(default_factory=list)
    accepted: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        self.rcpts.append(address)
        if self.rcpt_answers:
            return self.rcpt_answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        self.attempts.append((time.monotonic(), raw))
        if self.data_answers:
            return self.data_answers.pop(0)
        self.accepted.append((envelope.mail_from or "", list(envelope.rcpt_tos), raw))
        return "250 2.0.0 Ok: queued as R1"

    def start(self) -> None:
        self.controller = Controller(
            self, hostname="127.0.0.1", port=self.port, server_hostname="relay.test"
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@dataclass
class Desk:
    database: Database
    server: ServerThread
    relay: Relay

    def send_mail(self, raw: bytes, sender: str = "lilei@example.cn") -> None:
        assert self.server.server.smtp is not None
        with smtplib.SMTP("127.0.0.1", self.server.server.smtp.port) as client:
            assert client.sendmail(sender, [DESK], raw) == {}

    def message(self, external_id: str) -> Message:
        with self.database.read() as session:
            return session.scalars(select(Message).where(Message.external_id == external_id)).one()

    def outbound(self, message_id: int) -> OutboundMessage | None:
        with self.database.read() as session:
            return session.scalar(
                select(OutboundMessage).where(OutboundMessage.message_id == message_id)
            )

    def outbound_rows(self) -> list[OutboundMessage]:
        with self.database.read() as session:
            return list(session.scalars(select(OutboundMessage).order_by(OutboundMessage.id)))

    def conversation(self, conversation_id: int) -> Conversation:
        with self.database.read() as session:
            return session.get_one(Conversation, conversation_id)


@pytest.fixture
def relay() -> Iterator[Relay]:
    relay = Relay(free_port())
    try:
        yield relay
    finally:
        relay.stop()


@pytest.fixture
def desk(any_db: Database, relay: Relay) -> Iterator[Desk]:
    with any_db.write() as session:
        DeskBuilder(session).agent(name="amy")
        session.execute(update(Agent).values(password_hash=hash_password(PASSWORD)))
    channels = ChannelSettings(
        desk_address=DESK,
        desk_name=DESK_NAME,
        smtp_relay_host="127.0.0.1",
        smtp_relay_port=relay.port,
        smtp_relay_starttls=False,
        outbound_backoff_seconds=BACKOFF,
        outbound_poll_seconds=0.05,
        outbound_max_attempts=5,
    )
    url = any_db.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, smtp_port=0, channels=channels) as server:
        yield Desk(any_db, server, relay)


@pytest_asyncio.fixture
async def amy(desk: Desk) -> AsyncIterator[AgentClient]:
    client = AgentClient(desk.server.url, username="amy", password=PASSWORD)
    await client.connect()
    yield client
    await client.close()


async def until(check: Callable[[], T | None], what: str, within: float = 15.0) -> T:
    """Poll `check` until it returns something truthy, failing after `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def customer_mail(
    message_id: str,
    *,
    subject: str = "转账失败",
    body: str = "我的转账一直没到账",
    sender: str = "李雷 <lilei@example.cn>",
    headers: dict[str, str] | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = DESK
    message["Subject"] = subject
    message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message.as_bytes(policy=policy.SMTP)


async def reply(client: AgentClient, conversation_id: int, text: str, **extra: Any) -> int:
    sent = await client.request(
        "reply.send",
        conversation_id=conversation_id,
        client_message_id=f"email-{uuid.uuid4().hex}",
        text=text,
        **extra,
    )
    return int(sent["id"])


def status_of(desk: Desk, message_id: int, *statuses: str) -> OutboundMessage | None:
    row = desk.outbound(message_id)
    return row if row is not None and row.status in statuses else None


def one_line(value: object) -> str:
    return " ".join(str(value).split())


async def test_a_reply_leaves_once_with_the_headers_a_mail_client_threads_by(
    desk: Desk, amy: AgentClient
) -> None:
    desk.relay.start()
    # A long Message-ID, which the email package would RFC 2047-encode if left to fold it.
    first_id = "<CAF=" + "q" * 90 + "@mail.example.cn>"
    desk.send_mail(
        customer_mail(
            first_id,
            subject="Re: 转账失败",
            headers={"References": "<root@example.cn>", "In-Reply-To": "<root@example.cn>"},
        )
    )
    inbound = desk.message(first_id)
    conversation_id = inbound.conversation_id
    reply_id = await reply(
        amy, conversation_id, "您好，款项已退回。", html="<p>您好，<b>款项已退回</b>。</p>"
    )
    row = await until(lambda: status_of(desk, reply_id, "sent"), "the reply to be sent")
    assert row.attempts == 1 and row.last_error == ""
    assert len(desk.relay.accepted) == 1 and len(desk.relay.attempts) == 1
    mail_from, rcpt_tos, raw = desk.relay.accepted[0]
    assert (mail_from, rcpt_tos) == (DESK, ["lilei@example.cn"])
    sent = message_from_bytes(raw, policy=policy.default)
    assert str(sent["From"]) == f"{DESK_NAME} <{DESK}>"
    assert str(sent["To"]) == "李雷 <lilei@example.cn>"
    assert str(sent["Subject"]) == f"Re: 转账失败 [#{conversation_id}]"
    message_id = row.envelope["message_id"]
    assert message_id.startswith(f"<agentdesk.{reply_id}.") and message_id.endswith(
        "@tpwallet.example>"
    )
    assert str(sent["Message-ID"]) == message_id
    assert row.envelope["receipt"]["message_id"] == message_id
    # As written on the wire (compat32 decodes nothing): plain ids, not encoded words.
    wire = message_from_bytes(raw, policy=compat32)
    assert wire["In-Reply-To"] == first_id
    assert one_line(wire["References"]) == f"<root@example.cn> {first_id}"
    assert sent.get_body(("plain",)).get_content().strip() == "您好，款项已退回。"
    assert "<b>款项已退回</b>" in sent.get_body(("html",)).get_content()
    # The customer's answer to it threads back by the reply's Message-ID and reopens.
    assert desk.conversation(conversation_id).status is ConversationStatus.PENDING
    desk.send_mail(
        customer_mail(
            "<answer@example.cn>", subject=str(sent["Subject"]), headers={"In-Reply-To": message_id}
        )
    )
    answer = desk.message("<answer@example.cn>")
    assert answer.conversation_id == conversation_id
    assert desk.conversation(conversation_id).status is ConversationStatus.OPEN


async def test_automatic_mail_after_a_reply_is_never_answered(desk: Desk, amy: AgentClient) -> None:
    desk.relay.start()
    desk.send_mail(customer_mail("<c1@example.cn>"))
    conversation_id = desk.message("<c1@example.cn>").conversation_id
    first = await reply(amy, conversation_id, "请提供交易单号")
    row = await until(lambda: status_of(desk, first, "sent"), "the first reply to be sent")
    sent_as = row.envelope["message_id"]
    desk.send_mail(
        customer_mail(
            "<c1-away@example.cn>",
            subject="自动回复：休假中",
            headers={"In-Reply-To": sent_as, "Auto-Submitted": "auto-replied"},
        )
    )
    bounce = (
        b"From: MAILER-DAEMON@mx.example.cn\r\nTo: " + DESK.encode() + b"\r\n"
        b"Subject: Undelivered Mail\r\nMessage-ID: <c1-dsn@mx.example.cn>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nQuota exceeded.\r\n"
        b"--B\r\nContent-Type: message/rfc822\r\n\r\nFrom: " + DESK.encode() + b"\r\n"
        b"Message-ID: " + sent_as.encode() + b"\r\n\r\nbody\r\n--B--\r\n"
    )
    desk.send_mail(bounce, sender="")
    for external_id in ("<c1-away@example.cn>", "<c1-dsn@mx.example.cn>"):
        assert desk.message(external_id).conversation_id == conversation_id
    assert desk.conversation(conversation_id).status is ConversationStatus.PENDING
    assert len(desk.outbound_rows()) == 1
    second = await reply(amy, conversation_id, "我们还在等您的单号")
    row = await until(lambda: status_of(desk, second, "sent"), "the second reply to be sent")
    assert row.envelope["to"] == "lilei@example.cn"
    assert row.envelope["in_reply_to"] == "<c1@example.cn>"
    assert [rcpts for _, rcpts, _ in desk.relay.accepted] == [["lilei@example.cn"]] * 2


async def test_a_deferring_relay_is_retried_with_backoff_and_delivers_once(
    desk: Desk, amy: AgentClient
) -> None:
    desk.relay.data_answers = ["451 4.7.1 Greylisted, try again later"]
    desk.relay.start()
    desk.send_mail(customer_mail("<defer@example.cn>"))
    conversation_id = desk.message("<defer@example.cn>").conversation_id
    reply_id = await reply(amy, conversation_id, "已为您加急处理")
    row = await until(lambda: status_of(desk, reply_id, "sent"), "the retried reply to be sent")
    assert row.attempts == 2
    assert len(desk.relay.accepted) == 1
    (first_at, first_raw), (second_at, second_raw) = desk.relay.attempts
    assert second_at - first_at >= BACKOFF * 0.9  # waited out the backoff
    ids = [
        str(message_from_bytes(raw, policy=policy.default)["Message-ID"])
        for raw in (first_raw, second_raw)
    ]
    assert ids[0] == ids[1] == row.envelope["message_id"]  # one Message-ID across retries


async def test_a_relay_not_listening_yet_is_retried_and_delivers_once(
    desk: Desk, amy: AgentClient
) -> None:
    desk.send_mail(customer_mail("<closed@example.cn>"))
    conversation_id = desk.message("<closed@example.cn>").conversation_id
    reply_id = await reply(amy, conversation_id, "稍后会有邮件通知")
    failed = await until(
        lambda: (
            (row := desk.outbound(reply_id))
            and row.status == "queued"
            and row.attempts >= 1
            and row
        ),
        "a failed first attempt",
    )
    assert "connecting to the relay" in failed.last_error
    desk.relay.start()
    row = await until(lambda: status_of(desk, reply_id, "sent"), "the reply to be sent")
    assert row.attempts >= 2
    assert len(desk.relay.accepted) == 1


@pytest.mark.parametrize(
    ("stage", "answer"),
    [("rcpt", "550 5.1.1 No such user here"), ("data", "554 5.7.1 Message rejected as spam")],
)
async def test_a_refusing_relay_fails_the_reply_permanently(
    desk: Desk, amy: AgentClient, stage: str, answer: str
) -> None:
    (desk.relay.rcpt_answers if stage == "rcpt" else desk.relay.data_answers).append(answer)
    desk.relay.start()
    desk.send_mail(customer_mail("<refused@example.cn>"))
    conversation_id = desk.message("<refused@example.cn>").conversation_id
    reply_id = await reply(amy, conversation_id, "您好")
    row = await until(lambda: status_of(desk, reply_id, "failed"), "the reply to fail")
    assert row.attempts == 1 and answer in row.last_error
    # Failed is final: the queue never claims it again, so the relay saw one try.
    assert len(desk.relay.rcpts) == 1 and desk.relay.accepted == []


async def test_a_reply_to_a_bounce_goes_nowhere_and_says_why(desk: Desk, amy: AgentClient) -> None:
    desk.relay.start()
    bounce = (
        b"From: MAILER-DAEMON@mx.example.cn\r\nTo: " + DESK.encode() + b"\r\n"
        b"Subject: Undelivered Mail\r\nMessage-ID: <stray-dsn@mx.example.cn>\r\n\r\n"
        b"Your message could not be delivered.\r\n"
    )
    desk.send_mail(bounce, sender="")
    stored = desk.message("<stray-dsn@mx.example.cn>")
    assert stored.meta["bounce"] is True
    assert desk.conversation(stored.conversation_id).status is ConversationStatus.RESOLVED
    reply_id = await reply(amy, stored.conversation_id, "收到")
    row = await until(lambda: status_of(desk, reply_id, "failed"), "the reply to fail")
    assert row.attempts == 1 and "no address to reply to" in row.last_error
    assert desk.relay.rcpts == [] and desk.relay.attempts == []
