"""Storing inbound email on its thread, and the envelope an agent's email reply is queued with."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import pytest
from sqlalchemy import func, select

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    Agent,
    Attachment,
    Channel,
    Conversation,
    ConversationStatus,
    Customer,
    Event,
    Message,
    OutboundMessage,
)
from agentdesk.services import conversations, email_channel
from agentdesk.services.actor import Actor
from agentdesk.services.email_channel import (
    StoredEmail,
    base_subject,
    cap_references,
    reply_subject,
    store_email,
)
from agentdesk.services.mail_parsing import parse_email
from agentdesk.services.unit import perform
from tests.helpers.desk import DeskBuilder

DESK = "support@tpwallet.example"


def mail(
    *,
    sender: str = "李雷 <lilei@example.cn>",
    subject: str = "转账失败",
    body: str = "我的转账一直没到账",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = DESK
    message["Subject"] = subject
    if message_id is not None:
        message["Message-ID"] = message_id
    if in_reply_to is not None:
        message["In-Reply-To"] = in_reply_to
    if references is not None:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, data in attachments:
        message.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    return message.as_bytes()


def bounce_of(original_id: str) -> bytes:
    """A delivery status notification returning the message `original_id`."""
    return (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example.cn>\r\n"
        b"To: " + DESK.encode() + b"\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        b"Message-ID: <bounce-" + original_id.strip("<>").encode() + b">\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example.cn\r\n\r\nFinal-Recipient: rfc822; lilei@example.cn\r\n"
        b"Action: failed\r\nStatus: 5.1.1\r\n\r\n"
        b"--B\r\nContent-Type: message/rfc822\r\n\r\n"
        b"From: " + DESK.encode() + b"\r\nTo: lilei@example.cn\r\nSubject: Re: x\r\n"
        b"Message-ID: " + original_id.encode() + b"\r\n\r\nOur reply.\r\n"
        b"--B--\r\n"
    )


@dataclass
class Desk:
    db: Database
    agent_id: int

    def store(self, raw: bytes, **limits: int) -> StoredEmail:
        parsed = parse_email(raw, **limits)
        return perform(self.db, store_email, parsed, "bounces@example.cn", [DESK])

    def reply(self, conversation_id: int, text: str = "您好，已为您处理") -> Any:
        with self.db.read() as session:
            actor = Actor.of(session.get_one(Agent, self.agent_id))
        return perform(
            self.db,
            conversations.send_reply,
            actor,
            conversation_id,
            f"reply-{conversation_id}-{text}",
            text,
        )

    def conversation(self, conversation_id: int) -> Conversation:
        with self.db.read() as session:
            return session.get_one(Conversation, conversation_id)

    def message(self, message_id: int) -> Message:
        with self.db.read() as session:
            return session.get_one(Message, message_id)

    def envelope(self, message_id: int) -> dict[str, Any]:
        with self.db.read() as session:
            row = session.scalars(
                select(OutboundMessage).where(OutboundMessage.message_id == message_id)
            ).one()
            return dict(row.envelope)

    def set_status(self, conversation_id: int, status: ConversationStatus) -> None:
        with self.db.write() as session:
            session.get_one(Conversation, conversation_id).status = status

    def count(self, model: Any) -> int:
        with self.db.read() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def desk(any_db: Database) -> Desk:
    email_channel.configure(DESK)
    with any_db.write() as session:
        agent = DeskBuilder(session).agent(name="amy")
    return Desk(any_db, agent.id)


def test_new_mail_opens_a_conversation_and_a_replay_is_stored_once(desk: Desk) -> None:
    raw = mail(message_id="<first@example.cn>", subject="Re: [#77] 转账失败")
    first = desk.store(raw)
    events = desk.count(Event)
    again = desk.store(raw)
    assert not first.duplicate and first.threaded_by is None
    assert again == StoredEmail(first.message_id, first.conversation_id, duplicate=True)
    assert desk.count(Message) == 1 and desk.count(Event) == events
    conversation = desk.conversation(first.conversation_id)
    assert conversation.channel is Channel.EMAIL and conversation.subject == "转账失败"
    stored = desk.message(first.message_id)
    assert stored.external_id == "<first@example.cn>"
    assert stored.text.strip() == "我的转账一直没到账"
    assert stored.meta["from"] == "lilei@example.cn" and stored.meta["from_name"] == "李雷"
    assert stored.meta["to"] == DESK and stored.meta["delivered_to"] == DESK
    assert not (stored.meta["auto_reply"] or stored.meta["bounce"] or stored.meta["malformed"])
    # [#77] names no conversation: ignored, and the message says why.
    assert stored.meta["ticket_ignored"] == {"ticket": 77, "reason": "no such conversation"}
    with desk.db.read() as session:
        customer = session.get_one(Customer, conversation.customer_id)
    assert (customer.name, customer.email) == ("李雷", "lilei@example.cn")


def test_replies_thread_by_in_reply_to_and_references(desk: Desk) -> None:
    root = desk.store(mail(message_id="<root@example.cn>"))
    # A second mail without threading headers from someone else opens their own thread.
    other = desk.store(mail(sender="han@example.cn", message_id="<other@example.cn>"))
    assert other.conversation_id != root.conversation_id
    by_reply = desk.store(
        mail(sender="han@example.cn", message_id="<r1@example.cn>", in_reply_to="<root@example.cn>")
    )
    by_references = desk.store(
        mail(
            message_id="<r2@example.cn>",
            in_reply_to="<unknown@elsewhere>",
            references="<root@example.cn> <unknown@elsewhere>",
        )
    )
    assert (by_reply.conversation_id, by_reply.threaded_by) == (
        root.conversation_id,
        "in-reply-to",
    )
    assert (by_references.conversation_id, by_references.threaded_by) == (
        root.conversation_id,
        "references",
    )


def test_a_ticket_tag_threads_only_the_senders_own_conversation(desk: Desk) -> None:
    mine = desk.store(mail(message_id="<m1@example.cn>"))
    desk.set_status(mine.conversation_id, ConversationStatus.RESOLVED)
    tag = f"[#{mine.conversation_id}]"
    again = desk.store(mail(message_id="<m2@example.cn>", subject=f"还有问题 {tag}"))
    assert (again.conversation_id, again.threaded_by) == (mine.conversation_id, "ticket")
    assert desk.conversation(mine.conversation_id).status is ConversationStatus.OPEN
    stranger = desk.store(
        mail(sender="mallory@example.net", message_id="<s1@example.net>", subject=f"Re: {tag}")
    )
    assert stranger.conversation_id != mine.conversation_id and stranger.threaded_by is None
    assert desk.message(stranger.message_id).meta["ticket_ignored"] == {
        "ticket": mine.conversation_id,
        "reason": "the tagged conversation belongs to another customer",
    }
    with desk.db.read() as session:
        in_mine = session.scalars(
            select(Message.external_id).where(Message.conversation_id == mine.conversation_id)
        ).all()
    assert sorted(in_mine) == ["<m1@example.cn>", "<m2@example.cn>"]


def test_automatic_mail_is_kept_but_never_reopens_or_gets_the_reply(desk: Desk) -> None:
    first = desk.store(mail(message_id="<c1@example.cn>", references="<c0@example.cn>"))
    reply = desk.reply(first.conversation_id)
    sent_as = desk.envelope(reply.id)["message_id"]
    before = desk.conversation(first.conversation_id)
    assert before.status is ConversationStatus.PENDING
    customers = desk.count(Customer)
    away = desk.store(
        mail(
            message_id="<away@example.cn>",
            subject="自动回复: 休假中",
            in_reply_to=sent_as,
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    bounced = desk.store(bounce_of(sent_as))
    assert (away.conversation_id, away.threaded_by) == (first.conversation_id, "in-reply-to")
    assert (bounced.conversation_id, bounced.threaded_by) == (
        first.conversation_id,
        "bounced-original",
    )
    after = desk.conversation(first.conversation_id)
    assert after.status is ConversationStatus.PENDING
    assert after.last_message_at == before.last_message_at
    assert after.sla_due_at == before.sla_due_at
    assert desk.message(away.message_id).meta["auto_reply"] is True
    assert desk.message(bounced.message_id).meta["bounce"] is True
    assert desk.count(Customer) == customers  # the mailer daemon became nobody
    assert desk.count(OutboundMessage) == 1  # nothing answered them
    # The next reply goes to the customer, under the customer's own mail.
    envelope = desk.envelope(desk.reply(first.conversation_id, "再次回复").id)
    assert envelope["to"] == "lilei@example.cn"
    assert envelope["in_reply_to"] == "<c1@example.cn>"
    assert envelope["references"] == ["<c0@example.cn>", "<c1@example.cn>"]


def test_unthreaded_automatic_mail_from_a_stranger_is_kept_out_of_the_queue(desk: Desk) -> None:
    stored = desk.store(
        mail(
            sender="newsletter@shop.example",
            message_id="<promo@shop.example>",
            headers={"Precedence": "bulk"},
        )
    )
    assert desk.conversation(stored.conversation_id).status is ConversationStatus.RESOLVED
    # An agent answering it anyway: queued, but addressed to nobody, with the reason.
    envelope = desk.envelope(desk.reply(stored.conversation_id).id)
    assert envelope["to"] is None and "automatic mail" in envelope["problem"]


def test_unthreaded_auto_reply_lands_on_the_senders_conversation_untouched(desk: Desk) -> None:
    first = desk.store(mail(message_id="<u1@example.cn>"))
    desk.set_status(first.conversation_id, ConversationStatus.RESOLVED)
    away = desk.store(
        mail(message_id="<u2@example.cn>", subject="Out of office", headers={"X-Autoreply": "yes"})
    )
    assert away.conversation_id == first.conversation_id
    assert desk.conversation(first.conversation_id).status is ConversationStatus.RESOLVED


def test_malformed_mail_is_stored_with_its_raw_bytes(desk: Desk) -> None:
    raw = (
        b"From: lilei@example.cn\r\nSubject: broken\r\nMessage-ID: <broken@example.cn>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\npartial body"
    )
    stored = desk.store(raw)
    message = desk.message(stored.message_id)
    assert message.meta["malformed"] is True and message.meta["problems"]
    assert "partial body" in message.text
    with desk.db.read() as session:
        (original,) = session.scalars(
            select(Attachment).where(Attachment.message_id == stored.message_id)
        ).all()
    assert (original.filename, original.content_type, original.data) == (
        "original.eml",
        "message/rfc822",
        raw,
    )
    assert original.sha256 == hashlib.sha256(raw).hexdigest()


def test_nul_characters_and_garbage_are_stored_not_refused(desk: Desk) -> None:
    # PostgreSQL text cannot hold NUL: replaced in what is shown, kept in the raw bytes.
    raw = (
        b"From: lilei@example.cn\r\nSubject: nul\x00here\r\nMessage-ID: <nul@example.cn>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nbody\x00text\r\n"
    )
    stored = desk.message(desk.store(raw).message_id)
    assert stored.text.strip() == "body\ufffdtext"
    assert stored.meta["malformed"] is True
    garbage = desk.message(desk.store(b"\x00\xff garbage").message_id)
    assert garbage.meta["malformed"] is True and "garbage" in garbage.text
    with desk.db.read() as session:
        kept = session.scalars(
            select(Attachment.data).where(Attachment.filename == "original.eml")
        ).all()
    assert sorted(kept) == sorted([raw, b"\x00\xff garbage"])


def test_an_impossible_from_address_falls_back_to_the_envelope_sender(desk: Desk) -> None:
    stored = desk.store(mail(sender="x" * 300 + "@example.cn", message_id="<long-from@x.cn>"))
    with desk.db.read() as session:
        conversation = session.get_one(Conversation, stored.conversation_id)
        customer = session.get_one(Customer, conversation.customer_id)
    assert customer.email == "bounces@example.cn"  # what Desk.store gives as MAIL FROM


def test_an_oversized_attachment_keeps_its_name_but_no_data(desk: Desk) -> None:
    raw = mail(
        message_id="<files@example.cn>",
        attachments=[("账单.pdf", b"%PDF" * 600), ("小.pdf", b"%PDF-small")],
    )
    stored = desk.store(raw, max_attachment_bytes=1000)
    with desk.db.read() as session:
        rows = session.scalars(
            select(Attachment)
            .where(Attachment.message_id == stored.message_id)
            .order_by(Attachment.id)
        ).all()
        big, small = ((r.filename, r.size, r.data, r.rejected_reason, r.sha256) for r in rows)
    assert big[:3] == ("账单.pdf", 2400, None) and big[3] and big[4] is None
    assert small == ("小.pdf", 10, b"%PDF-small", None, hashlib.sha256(b"%PDF-small").hexdigest())
    names = [a["filename"] for a in desk.message(stored.message_id).meta["attachments"]]
    assert names == ["账单.pdf", "小.pdf"]


def test_a_reply_envelope_threads_under_the_customers_mail(desk: Desk) -> None:
    references = " ".join(f"<ref{i}@example.cn>" for i in range(30))
    first = desk.store(
        mail(
            message_id="<latest@example.cn>",
            subject="Re: RE: 回复: 账户冻结 [#5]",
            references=references,
        )
    )
    reply = desk.reply(first.conversation_id)
    envelope = desk.envelope(reply.id)
    assert envelope["to"] == "lilei@example.cn" and envelope["to_name"] == "李雷"
    assert envelope["subject"] == f"Re: 账户冻结 [#{first.conversation_id}]"
    pattern = rf"<agentdesk\.{reply.id}\.[0-9a-f]{{16}}@tpwallet\.example>"
    assert re.fullmatch(pattern, envelope["message_id"])
    assert desk.message(reply.id).meta["email_message_id"] == envelope["message_id"]
    assert envelope["in_reply_to"] == "<latest@example.cn>"
    kept = envelope["references"]
    assert len(kept) == email_channel.MAX_REFERENCES
    assert kept[0] == "<ref0@example.cn>" and kept[-1] == "<latest@example.cn>"
    # The customer's answer to the reply threads back by the reply's Message-ID alone;
    # the same id with another token is somebody guessing, and threads nowhere.
    forged = envelope["message_id"].replace(".", ".0", 2)
    guess = desk.store(
        mail(sender="eve@example.net", message_id="<guess@example.net>", in_reply_to=forged)
    )
    answer = desk.store(mail(message_id="<answer@example.cn>", in_reply_to=envelope["message_id"]))
    assert guess.conversation_id != first.conversation_id
    assert (answer.conversation_id, answer.threaded_by) == (first.conversation_id, "in-reply-to")
    assert desk.conversation(first.conversation_id).status is ConversationStatus.OPEN


def test_an_overlong_message_id_is_stored_hashed_and_still_threads(desk: Desk) -> None:
    long_id = "<" + "x" * 300 + "@example.cn>"
    first = desk.store(mail(message_id=long_id))
    assert desk.store(mail(message_id=long_id)).duplicate
    stored = desk.message(first.message_id)
    assert stored.external_id is not None and len(stored.external_id) <= 255
    assert stored.meta["message_id"] == long_id
    answer = desk.store(mail(message_id="<a@example.cn>", in_reply_to=long_id))
    assert answer.conversation_id == first.conversation_id


def test_subjects_and_references() -> None:
    assert base_subject("Re: [#4] RE：Fwd: 回复: 冻结 [#4]") == "冻结"
    assert reply_subject("Re: Re: 账户", 9) == "Re: 账户 [#9]"
    assert reply_subject("", 9) == "Re: [#9]"
    assert cap_references(["<a@x>", "bad id", "<b@x>", "<a@x>"]) == ["<a@x>", "<b@x>"]
    many = [f"<{'y' * 80}{i}@example.cn>" for i in range(15)]
    capped = cap_references(many)
    assert capped[0] == many[0] and capped[-1] == many[-1]
    assert len(" ".join(capped)) <= email_channel.MAX_REFERENCES_CHARS
