"""Social deliveries: signatures, parsing, storing once, and where replies are addressed."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    Channel,
    Conversation,
    ConversationStatus,
    Customer,
    IdentityMatch,
    Message,
    OutboundMessage,
    Role,
    SocialHandle,
    SocialPlatform,
)
from agentdesk.services.actor import Actor
from agentdesk.services.conversations import send_reply
from agentdesk.services.social_channel import (
    SocialMessage,
    SocialPayloadError,
    facebook_delivery,
    facebook_signature_valid,
    receive_social,
    x_crc_response,
    x_delivery,
    x_signature_valid,
)
from agentdesk.services.unit import perform
from tests.helpers.desk import DeskBuilder

PAGE = "104000000000001"
US = "3805104374"  # the desk's X account


def facebook_payload(*messaging: dict[str, Any]) -> dict[str, Any]:
    return {
        "object": "page",
        "entry": [{"id": PAGE, "time": 1_793_000_000_000, "messaging": list(messaging)}],
    }


def fb_message(mid: str, text: str, sender: str = "7001", **extra: Any) -> dict[str, Any]:
    return {
        "sender": {"id": sender},
        "recipient": {"id": PAGE},
        "timestamp": 1_793_000_000_000,
        "message": {"mid": mid, "text": text, **extra},
    }


def x_payload(*events: dict[str, Any], users: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "for_user_id": US,
        "direct_message_events": list(events),
        "users": users or {"9001": {"name": "李雷", "screen_name": "lilei"}},
    }


def x_event(event_id: str, text: str, sender: str = "9001", **data: Any) -> dict[str, Any]:
    target = US if sender != US else "9001"
    return {
        "type": "message_create",
        "id": event_id,
        "created_timestamp": "1793000000000",
        "message_create": {
            "sender_id": sender,
            "target": {"recipient_id": target},
            "message_data": {"text": text, **data},
        },
    }


def test_facebook_signature_is_hex_hmac_of_the_exact_body() -> None:
    body = b'{"object":"page","entry":[]}'
    good = "sha256=" + hmac.new(b"app-secret", body, hashlib.sha256).hexdigest()
    assert facebook_signature_valid("app-secret", body, good)
    assert facebook_signature_valid("app-secret", body, good.upper().replace("SHA256", "sha256"))
    assert not facebook_signature_valid("app-secret", body + b" ", good)
    assert not facebook_signature_valid("other-secret", body, good)
    assert not facebook_signature_valid("app-secret", body, good.removeprefix("sha256="))
    assert not facebook_signature_valid("app-secret", body, None)
    assert not facebook_signature_valid("app-secret", body, "")


def test_x_signature_and_crc_are_base64_hmac() -> None:
    body = b'{"for_user_id":"1"}'
    digest = hmac.new(b"consumer", body, hashlib.sha256).digest()
    good = "sha256=" + base64.b64encode(digest).decode()
    assert x_signature_valid("consumer", body, good)
    assert not x_signature_valid("consumer", body, "sha256=" + digest.hex())
    assert not x_signature_valid("consumer", b"{}", good)
    assert not x_signature_valid("consumer", body, None)
    crc = hmac.new(b"consumer", b"challenge-123", hashlib.sha256).digest()
    assert x_crc_response("consumer", "challenge-123") == {
        "response_token": "sha256=" + base64.b64encode(crc).decode()
    }


def test_facebook_delivery_skips_echoes_and_receipts() -> None:
    delivery = facebook_delivery(
        facebook_payload(
            fb_message("m_1", "我的转账失败了"),
            fb_message("m_2", "我们来看看", sender=PAGE),  # the page itself
            fb_message("m_3", "sent from the page inbox", is_echo=True),
            {"sender": {"id": "7001"}, "recipient": {"id": PAGE}, "read": {"watermark": 1}},
            fb_message(
                "m_4",
                "",
                attachments=[{"type": "image", "payload": {"url": "https://cdn.example/a.jpg"}}],
                reply_to={"mid": "m_1"},
            ),
        )
    )
    assert delivery.skipped == 3
    first, second = delivery.messages
    assert (first.external_id, first.sender_id, first.recipient_id) == (
        "facebook:m_1",
        "7001",
        PAGE,
    )
    assert first.sent_at == datetime.fromtimestamp(1_793_000_000, UTC)
    assert first.meta["platform"] == "facebook" and first.meta["handle"] == "7001"
    assert second.text == "[image] https://cdn.example/a.jpg"
    assert second.meta["attachments"] == [{"type": "image", "url": "https://cdn.example/a.jpg"}]
    assert second.meta["in_reply_to"] == "facebook:m_1"


def test_facebook_delivery_numeric_ids_and_other_objects() -> None:
    payload = facebook_payload(fb_message("m_1", "hi"))
    payload["entry"][0]["messaging"][0]["sender"]["id"] = 7001
    assert facebook_delivery(payload).messages[0].sender_id == "7001"
    other = {**payload, "object": "instagram"}
    assert facebook_delivery(other).messages == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"entry": []}, "object"),
        ({"object": "page"}, "entry"),
        ({"object": "page", "entry": [{"messaging": []}]}, "entry.0.id"),
        (facebook_payload({"recipient": {"id": PAGE}, "message": {"mid": "m"}}), "sender"),
        (facebook_payload(fb_message("", "no id")), "entry.0.messaging.0.message.mid"),
        (facebook_payload(fb_message("m_1", "x", sender="9" * 121)), "sender.id"),
        (facebook_payload({**fb_message("m_1", "x"), "timestamp": -5}), "timestamp"),
    ],
)
def test_facebook_delivery_names_the_broken_field(payload: dict[str, Any], field: str) -> None:
    with pytest.raises(SocialPayloadError) as caught:
        facebook_delivery(payload)
    assert caught.value.field.endswith(field)


def test_x_delivery_names_senders_and_skips_own_messages() -> None:
    delivery = x_delivery(
        x_payload(
            x_event(
                "1580000000000000001",
                "看这里 https://t.co/abc",
                entities={
                    "urls": [{"url": "https://t.co/abc", "expanded_url": "https://wallet.example"}]
                },
            ),
            x_event("1580000000000000002", "我们的回复", sender=US),
            {"type": "message_indicate_typing", "id": "3"},
        )
    )
    assert delivery.skipped == 2
    (message,) = delivery.messages
    assert message.external_id == "x:1580000000000000001"
    assert message.text == "看这里 https://wallet.example"
    assert (message.sender_name, message.handle) == ("李雷", "@lilei")
    assert message.meta["recipient_id"] == US
    with pytest.raises(SocialPayloadError) as caught:
        x_delivery(x_payload({"type": "message_create", "id": "4"}))
    assert caught.value.field == "direct_message_events.0.message_create"
    with pytest.raises(SocialPayloadError) as caught:
        x_delivery({"direct_message_events": []})
    assert caught.value.field == "for_user_id"


def _count(database: Database, model: type[Any]) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_delivery_is_stored_once_on_one_social_conversation(any_db: Database) -> None:
    messages = facebook_delivery(
        facebook_payload(fb_message("m_1", "你好"), fb_message("m_2", "转账失败"))
    ).messages
    with any_db.write() as session:
        first = receive_social(session, messages)
    with any_db.write() as session:
        again = receive_social(session, messages)
    assert len(first.stored) == 2 and first.duplicates == 0
    assert again.stored == [] and again.duplicates == 2
    with any_db.read() as session:
        (conversation,) = session.scalars(select(Conversation)).all()
        assert conversation.channel is Channel.SOCIAL
        assert first.conversations == [conversation.id]
        customer = session.get_one(Customer, conversation.customer_id)
        (handle,) = customer.handles
        assert (handle.platform, handle.handle) == (SocialPlatform.FACEBOOK, "7001")
        stored = session.scalars(select(Message).order_by(Message.id)).all()
        assert [m.text for m in stored] == ["你好", "转账失败"]
        assert [m.external_id for m in stored] == ["facebook:m_1", "facebook:m_2"]
        assert stored[0].meta["sender_id"] == "7001" and stored[0].meta["recipient_id"] == PAGE


def test_a_known_sender_lands_on_their_conversation_and_names_are_offered(
    any_db: Database,
) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        known = desk.customer(name="李雷", handles=[(SocialPlatform.X, "9001")])
        ongoing = desk.conversation(customer=known, channel=Channel.SOCIAL)
        namesake = desk.customer(name="韩梅梅")
    delivery = x_delivery(
        x_payload(
            x_event("1", "还在吗"),
            x_event("2", "hello", sender="9002"),
            users={"9001": {"name": "李雷"}, "9002": {"name": "韩梅梅", "screen_name": "hmm"}},
        )
    )
    with any_db.write() as session:
        received = receive_social(session, delivery.messages)
    with any_db.read() as session:
        first = session.scalar(select(Message).where(Message.external_id == "x:1"))
        assert first is not None and first.conversation_id == ongoing.id
        second = session.scalar(select(Message).where(Message.external_id == "x:2"))
        assert second is not None and second.conversation_id in received.conversations
        newcomer = session.get_one(Conversation, second.conversation_id).customer
        assert newcomer.name == "韩梅梅" and newcomer.id != namesake.id
        (match,) = session.scalars(select(IdentityMatch)).all()
        assert {match.customer_id, match.candidate_id} == {newcomer.id, namesake.id}


def test_a_resolved_conversation_is_not_reopened_by_a_replay(any_db: Database) -> None:
    messages = x_delivery(x_payload(x_event("1", "谢谢"))).messages
    with any_db.write() as session:
        (conversation_id,) = receive_social(session, messages).conversations
        session.get_one(Conversation, conversation_id).status = ConversationStatus.RESOLVED
    with any_db.write() as session:
        assert receive_social(session, messages).duplicates == 1
    assert _count(any_db, Conversation) == 1
    with any_db.read() as session:
        status = session.get_one(Conversation, conversation_id).status
    assert status is ConversationStatus.RESOLVED


def _admin(desk: DeskBuilder) -> Actor:
    return Actor.of(desk.agent(role=Role.ADMIN, name="root"))


def _reply(
    database: Database, actor: Actor, conversation_id: int, text: str
) -> OutboundMessage | None:
    sent = perform(database, send_reply, actor, conversation_id, f"reply-{text}", text)
    with database.read() as session:
        return session.scalar(select(OutboundMessage).where(OutboundMessage.message_id == sent.id))


def test_a_reply_goes_to_the_platform_the_customer_last_wrote_from(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        customer = desk.customer(
            handles=[(SocialPlatform.FACEBOOK, "7001"), (SocialPlatform.X, "9001")]
        )
        conversation = desk.conversation(customer=customer, channel=Channel.SOCIAL)
        admin = _admin(desk)
    facebook = facebook_delivery(facebook_payload(fb_message("m_1", "hi"))).messages
    x = x_delivery(x_payload(x_event("5", "still there?"))).messages
    with any_db.write() as session:
        receive_social(session, facebook)
    row = _reply(any_db, admin, conversation.id, "first")
    assert row is not None and row.transport == "facebook"
    assert row.envelope == {
        "platform": "facebook",
        "recipient_id": "7001",
        "in_reply_to": "facebook:m_1",
        "account_id": PAGE,
    }
    with any_db.write() as session:
        receive_social(session, x)
    row = _reply(any_db, admin, conversation.id, "second")
    assert row is not None and row.transport == "x"
    assert row.envelope["recipient_id"] == "9001" and row.envelope["account_id"] == US


def test_without_a_platform_message_the_only_handle_is_used(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        desk = DeskBuilder(session)
        one = desk.conversation(
            customer=desk.customer(handles=[(SocialPlatform.X, "9001")]), channel=Channel.SOCIAL
        )
        wechat = desk.conversation(
            customer=desk.customer(handles=[(SocialPlatform.WECHAT, "wx-1")]),
            channel=Channel.SOCIAL,
        )
        chat = desk.conversation(
            customer=desk.customer(handles=[(SocialPlatform.X, "9002")]), channel=Channel.CHAT
        )
        admin = _admin(desk)
    row = _reply(sqlite_db, admin, one.id, "one")
    assert row is not None and (row.transport, row.envelope["recipient_id"]) == ("x", "9001")
    assert _reply(sqlite_db, admin, wechat.id, "wechat") is None
    assert _reply(sqlite_db, admin, chat.id, "chat") is None
    with sqlite_db.read() as session:
        assert session.scalar(select(func.count()).select_from(SocialHandle)) == 3


def test_a_stored_message_keeps_its_platform_time_in_meta(sqlite_db: Database) -> None:
    message = SocialMessage(
        platform=SocialPlatform.FACEBOOK,
        message_id="m_9",
        sender_id="7001",
        recipient_id=PAGE,
        text="hi",
        sent_at=datetime(2026, 11, 2, 1, 0, tzinfo=UTC),
    )
    with sqlite_db.write() as session:
        (message_id,) = receive_social(session, [message]).stored
    with sqlite_db.read() as session:
        stored = session.get_one(Message, message_id)
    assert stored.meta["sent_at"] == "2026-11-02T01:00:00+00:00"


def test_the_same_message_twice_in_one_delivery_is_stored_once(sqlite_db: Database) -> None:
    messages = x_delivery(x_payload(x_event("7", "hello"), x_event("7", "hello"))).messages
    assert len(messages) == 2
    with sqlite_db.write() as session:
        received = receive_social(session, messages)
    assert (len(received.stored), received.duplicates) == (1, 1)
    assert _count(sqlite_db, Message) == 1
