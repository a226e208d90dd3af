"""Inbound email through a real server's SMTP listener, sent with smtplib and swaks.

One server per database for the whole module (each test uses its own Message-IDs and
senders): Chinese charsets arrive decoded, broken mail is kept raw, automatic mail is kept
but never answered, mail threads by headers and by its own ticket tag only, a replayed
delivery is stored once, oversized mail is refused with 552, and a storage error answers
451 with nothing stored.
"""

from __future__ import annotations

import base64
import os
import shutil
import smtplib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    Agent,
    Attachment,
    Conversation,
    ConversationStatus,
    Customer,
    Message,
    OutboundMessage,
)
from agentdesk.server.config import ChannelSettings, KiB
from agentdesk.services import conversations
from agentdesk.services.actor import Actor
from agentdesk.services.unit import perform
from tests.helpers.databases import migrated, postgres_base_url, sqlite_url, throwaway_postgres
from tests.helpers.desk import DeskBuilder
from tests.helpers.server import ServerThread, running_server
from tests.server.conftest import CATALOG

DESK = "support@tpwallet.example"
SETTINGS = ChannelSettings(
    desk_address=DESK, max_email_bytes=256 * KiB, max_attachment_bytes=8 * KiB
)


@dataclass
class Inbound:
    database: Database
    server: ServerThread
    agent_id: int

    @property
    def port(self) -> int:
        assert self.server.server.smtp is not None
        return self.server.server.smtp.port

    def client(self) -> smtplib.SMTP:
        return smtplib.SMTP("127.0.0.1", self.port, local_hostname="mx.tpwallet.example")

    def send(self, raw: bytes, sender: str = "mx-bounces@example.cn") -> None:
        with self.client() as client:
            assert client.sendmail(sender, [DESK], raw) == {}

    def message(self, message_id: str) -> Message | None:
        with self.database.read() as session:
            return session.scalar(select(Message).where(Message.external_id == message_id))

    def stored(self, message_id: str) -> Message:
        message = self.message(message_id)
        assert message is not None, f"{message_id} was not stored"
        return message

    def count(self, model: Any, *where: Any) -> int:
        with self.database.read() as session:
            query = select(func.count()).select_from(model).where(*where)
            return int(session.scalar(query) or 0)

    def conversation(self, conversation_id: int) -> Conversation:
        with self.database.read() as session:
            return session.get_one(Conversation, conversation_id)

    def attachments(self, message_id: int) -> list[Attachment]:
        with self.database.read() as session:
            query = select(Attachment).where(Attachment.message_id == message_id)
            return list(session.scalars(query.order_by(Attachment.id)))


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def inbound(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Inbound]:
    if request.param == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("smtp"))
        with migrated(url) as database:
            yield from _serve(database, url)
    else:
        with throwaway_postgres(postgres_base_url()) as url, migrated(url) as database:
            yield from _serve(database, url)


def _serve(database: Database, url: str) -> Iterator[Inbound]:
    with database.write() as session:
        agent = DeskBuilder(session).agent(name="amy")
    with running_server(url, CATALOG, smtp_port=0, channels=SETTINGS) as server:
        yield Inbound(database, server, agent.id)


def raw_mail(
    *,
    message_id: str,
    sender: str = "lilei@example.cn",
    subject: str = "转账失败",
    body: str = "我的转账一直没到账",
    headers: dict[str, str] | None = None,
    attachments: tuple[tuple[str, bytes], ...] = (),
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = DESK
    message["Subject"] = subject
    message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, data in attachments:
        message.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    return message.as_bytes(policy=policy.SMTP)  # CRLF, as every MTA sends it


def encoded_word(value: str, charset: str, codec: str) -> bytes:
    return f"=?{charset}?B?{base64.b64encode(value.encode(codec)).decode()}?=".encode()


# charset label, the codec the sender really used, name, subject, body, transfer encoding
CHARSETS = [
    ("GBK", "gbk", "王小明", "账户被冻结", "您好，我的账户被冻结了，怎么办？", "8bit"),
    # Mislabelled: GBK-only characters (镕, 瑢) under gb2312, as Chinese mailers often send.
    ("gb2312", "gb18030", "朱镕基", "余额显示错误 瑢", "余额显示错误，请帮忙查看。镕", "base64"),
    ("GB18030", "gb18030", "李雷", "转账失败 𠀀", "转账失败，提示网络错误 𠀀", "8bit"),
    ("Big5", "big5", "陳大文", "帳戶凍結", "您好，我的帳戶被凍結了，請協助。", "8bit"),
]


@pytest.mark.parametrize(
    ("charset", "codec", "name", "subject", "body", "encoding"),
    CHARSETS,
    ids=[c[0].lower() for c in CHARSETS],
)
def test_chinese_mail_is_stored_decoded(
    inbound: Inbound,
    charset: str,
    codec: str,
    name: str,
    subject: str,
    body: str,
    encoding: str,
) -> None:
    message_id = f"<{charset.lower()}-1@example.cn>"
    data = body.encode(codec)
    payload = base64.encodebytes(data) if encoding == "base64" else data + b"\r\n"
    raw = (
        b"From: " + encoded_word(name, charset, codec) + b" <" + charset.encode() + b"@example.cn>"
        b"\r\nTo: "
        + DESK.encode()
        + b"\r\nSubject: "
        + encoded_word(subject, charset, codec)
        + b"\r\nMessage-ID: "
        + message_id.encode()
        + b"\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=" + charset.encode() + b"\r\n"
        b"Content-Transfer-Encoding: " + encoding.encode() + b"\r\n\r\n" + payload
    )
    inbound.send(raw)
    stored = inbound.stored(message_id)
    assert stored.text.strip() == body
    assert (stored.meta["subject"], stored.meta["from_name"]) == (subject, name)
    with inbound.database.read() as session:
        conversation = session.get_one(Conversation, stored.conversation_id)
        customer = session.get_one(Customer, conversation.customer_id)
    assert conversation.subject == subject
    assert (customer.name, customer.email) == (name, f"{charset.lower()}@example.cn")


def test_swaks_delivers_and_a_replayed_delivery_is_stored_once(
    inbound: Inbound, tmp_path: Path
) -> None:
    swaks = shutil.which("swaks")
    if swaks is None:
        if os.environ.get("CI") == "true":
            pytest.fail("swaks is required under CI=true")
        pytest.skip("swaks is not installed")
    raw = raw_mail(message_id="<swaks-1@example.cn>", subject="手机号换了", body="请更新我的手机号")
    (tmp_path / "mail.eml").write_bytes(raw)
    command = [swaks, "--server", f"127.0.0.1:{inbound.port}", "--helo", "mx.example.cn"]
    command += ["--from", "lilei@example.cn", "--to", DESK, "--data", f"@{tmp_path / 'mail.eml'}"]
    for _ in range(2):
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "<-  250 2.0.0" in done.stdout
    assert "Already stored" in done.stdout
    stored = inbound.stored("<swaks-1@example.cn>")
    assert stored.text.strip() == "请更新我的手机号"
    assert inbound.count(Message, Message.conversation_id == stored.conversation_id) == 1
    # swaks declares no SIZE: the listener refuses oversized data after DATA with 552.
    (tmp_path / "big.eml").write_bytes(
        raw_mail(message_id="<swaks-big@example.cn>", body="大" * (100 * KiB))
    )
    command[-1] = f"@{tmp_path / 'big.eml'}"
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode != 0 and "<** 552" in done.stdout
    assert inbound.message("<swaks-big@example.cn>") is None


def test_an_oversized_message_is_refused_with_552_and_nothing_stored(inbound: Inbound) -> None:
    sender = "big-sender@example.cn"
    raw = raw_mail(message_id="<big-1@example.cn>", sender=sender, body="x" * (300 * KiB))
    # smtplib declares the size up front (ESMTP SIZE) and is refused at MAIL FROM.
    with inbound.client() as client, pytest.raises(smtplib.SMTPSenderRefused) as refused:
        client.sendmail(sender, [DESK], raw)
    assert refused.value.smtp_code == 552
    # Declaring nothing, the client learns after sending the data.
    with inbound.client() as client:
        client.ehlo()
        assert client.mail(sender)[0] == 250
        assert client.rcpt(DESK)[0] == 250
        code, _ = client.data(raw)
    assert code == 552
    assert inbound.message("<big-1@example.cn>") is None
    assert inbound.count(Customer, Customer.email == sender) == 0


def test_malformed_mime_is_stored_raw_and_flagged(inbound: Inbound) -> None:
    # A line far over SMTP's 1000 octets: still accepted, so still kept.
    long_line = "截图在这里 ".encode() * 700
    raw = (
        b"From: lilei@example.cn\r\nTo: " + DESK.encode() + b"\r\nSubject: broken\r\n"
        b"Message-ID: <broken-1@example.cn>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + long_line + b"\r\n"
        b"--B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"iVBORw0KGgo=trunc\r\n"
    )
    inbound.send(raw)
    stored = inbound.stored("<broken-1@example.cn>")
    assert stored.meta["malformed"] is True and stored.meta["problems"]
    assert "截图在这里" in stored.text
    original = [a for a in inbound.attachments(stored.id) if a.filename == "original.eml"]
    assert len(original) == 1
    assert original[0].content_type == "message/rfc822" and original[0].data == raw


def test_an_attachment_over_the_limit_is_kept_as_a_name_only(inbound: Inbound) -> None:
    raw = raw_mail(
        message_id="<files-1@example.cn>",
        attachments=(("流水.pdf", b"%PDF" * (3 * KiB)), ("回执.pdf", b"%PDF-1.4 small")),
    )
    inbound.send(raw)
    stored = inbound.stored("<files-1@example.cn>")
    big, small = inbound.attachments(stored.id)
    assert (big.filename, big.size, big.data) == ("流水.pdf", 12 * KiB, None)
    assert big.rejected_reason and "8192" in big.rejected_reason
    assert (small.filename, small.data, small.rejected_reason) == (
        "回执.pdf",
        b"%PDF-1.4 small",
        None,
    )


def test_mail_threads_by_headers_and_by_the_senders_own_tag(inbound: Inbound) -> None:
    inbound.send(raw_mail(message_id="<t-root@example.cn>", sender="hanmeimei@example.cn"))
    root = inbound.stored("<t-root@example.cn>")
    inbound.send(
        raw_mail(
            message_id="<t-2@example.cn>",
            sender="hanmeimei@example.cn",
            headers={"In-Reply-To": "<t-root@example.cn>"},
        )
    )
    inbound.send(
        raw_mail(
            message_id="<t-3@example.cn>",
            sender="colleague@example.cn",  # replying to all: threads all the same
            headers={"References": "<t-root@example.cn> <t-2@example.cn>"},
        )
    )
    tag = f"[#{root.conversation_id}]"
    inbound.send(
        raw_mail(message_id="<t-4@example.cn>", sender="hanmeimei@example.cn", subject=tag)
    )
    inbound.send(raw_mail(message_id="<t-5@example.net>", sender="eve@example.net", subject=tag))
    threaded = {i: inbound.stored(f"<t-{i}@example.cn>") for i in (2, 3, 4)}
    assert {m.conversation_id for m in threaded.values()} == {root.conversation_id}
    assert [threaded[i].meta["threaded_by"] for i in (2, 3, 4)] == [
        "in-reply-to",
        "references",
        "ticket",
    ]
    stranger = inbound.stored("<t-5@example.net>")
    assert stranger.conversation_id != root.conversation_id
    assert stranger.meta["ticket_ignored"]["reason"] == (
        "the tagged conversation belongs to another customer"
    )


def test_bounces_and_auto_replies_are_stored_flagged_and_never_answered(
    inbound: Inbound,
) -> None:
    inbound.send(raw_mail(message_id="<auto-root@example.cn>", sender="lucy@example.cn"))
    root = inbound.stored("<auto-root@example.cn>")
    with inbound.database.read() as session:
        actor = Actor.of(session.get_one(Agent, inbound.agent_id))
    reply = perform(
        inbound.database,
        conversations.send_reply,
        actor,
        root.conversation_id,
        "auto-test-reply",
        "您好，已处理",
    )
    sent_as = _sent_as(inbound, reply.id)
    before = inbound.conversation(root.conversation_id)
    assert before.status is ConversationStatus.PENDING
    inbound.send(
        raw_mail(
            message_id="<auto-away@example.cn>",
            sender="lucy@example.cn",
            subject="自动回复: 我正在休假",
            headers={"Auto-Submitted": "auto-replied", "In-Reply-To": sent_as},
        )
    )
    bounce = (
        b"From: MAILER-DAEMON@mx.example.cn\r\nTo: " + DESK.encode() + b"\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <auto-dsn@mx.example.cn>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status;"
        b' boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nMailbox full.\r\n'
        b"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: " + DESK.encode() + b"\r\n"
        b"Message-ID: " + sent_as.encode() + b"\r\n\r\n--B--\r\n"
    )
    inbound.send(bounce, sender="")
    away, dsn = inbound.stored("<auto-away@example.cn>"), inbound.stored("<auto-dsn@mx.example.cn>")
    assert away.meta["auto_reply"] is True and dsn.meta["bounce"] is True
    assert away.conversation_id == dsn.conversation_id == root.conversation_id
    after = inbound.conversation(root.conversation_id)
    assert after.status is ConversationStatus.PENDING
    assert after.last_message_at == before.last_message_at
    assert inbound.count(Customer, func.lower(Customer.email).like("mailer-daemon@%")) == 0
    outbound = inbound.count(
        OutboundMessage,
        OutboundMessage.message_id.in_(
            select(Message.id).where(Message.conversation_id == root.conversation_id)
        ),
    )
    assert outbound == 1  # the agent's reply; nothing answered the automatic mail


def _sent_as(inbound: Inbound, message_id: int) -> str:
    with inbound.database.read() as session:
        row = session.scalars(
            select(OutboundMessage).where(OutboundMessage.message_id == message_id)
        ).one()
        return str(row.envelope["message_id"])


def test_a_storage_error_answers_451_and_a_retry_stores_once(inbound: Inbound) -> None:
    raw = raw_mail(message_id="<retry-1@example.cn>", attachments=(("a.pdf", b"%PDF-1.4"),))
    sqlite = inbound.database.is_sqlite
    with inbound.database.write() as session:  # the attachment insert fails: a full disk
        if sqlite:
            session.execute(
                text(
                    "CREATE TRIGGER fail_attachments BEFORE INSERT ON attachments "
                    "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
                )
            )
        else:
            session.execute(
                text(
                    "CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$"
                )
            )
            session.execute(
                text(
                    "CREATE TRIGGER fail_attachments BEFORE INSERT ON attachments "
                    "FOR EACH ROW EXECUTE FUNCTION fail_insert()"
                )
            )
    try:
        with inbound.client() as client, pytest.raises(smtplib.SMTPDataError) as deferred:
            client.sendmail("lilei@example.cn", [DESK], raw)
        assert deferred.value.smtp_code == 451
        assert inbound.message("<retry-1@example.cn>") is None  # nothing half-stored
    finally:
        with inbound.database.write() as session:
            session.execute(
                text("DROP TRIGGER fail_attachments" + ("" if sqlite else " ON attachments"))
            )
    inbound.send(raw)  # the sending MTA tries again
    stored = inbound.stored("<retry-1@example.cn>")
    assert [a.filename for a in inbound.attachments(stored.id)] == ["a.pdf"]
