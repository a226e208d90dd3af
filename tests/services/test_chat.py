"""The web chat's rules without a socket: tokens, what a customer may see, visitors, storing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from sqlalchemy import func, select

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    AuditEntry,
    Channel,
    ChatVisitor,
    Conversation,
    ConversationStatus,
    Customer,
    CustomerIdentity,
    Event,
    IdentityMatch,
    Language,
    Message,
    MessageDirection,
)
from agentdesk.services import chat
from agentdesk.services.chat import TokenError
from agentdesk.services.conversations import add_note, send_reply, typing
from agentdesk.services.identity import Identity, resolve_customer
from tests.helpers.desk import Cast, DeskBuilder, cast, event_log

SECRET = "widget-secret"
WALLET_SECRET = "wallet-secret"
NOW = 1_800_000_000


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# -- tokens --------------------------------------------------------------------------------


def test_a_visitor_token_names_its_key_and_refuses_any_change() -> None:
    key = chat.new_visitor_key()
    token = chat.make_visitor_token(SECRET, key)
    assert chat.visitor_key_of(SECRET, token) == key
    version, named, signature = token.split(".")
    other = chat.new_visitor_key()
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    for bad in (
        f"{version}.{other}.{signature}",  # somebody else's key with this signature
        f"{version}.{named}.{flipped}",
        f"v2.{named}.{signature}",
        f"{version}.{named}",
        token + ".x",
        chat.make_visitor_token("another secret", key),
        "",
        "v1." + "é" * 32 + "." + signature,
    ):
        with pytest.raises(TokenError) as refused:
            chat.visitor_key_of(SECRET, bad)
        assert refused.value.code == "invalid_visitor_token"


def test_the_visitor_token_format_is_the_documented_one() -> None:
    key = "A" * 32
    expected = hmac.new(SECRET.encode(), b"agentdesk.visitor.v1." + key.encode(), hashlib.sha256)
    assert chat.make_visitor_token(SECRET, key) == f"v1.{key}.{_b64(expected.digest())}"


def _wallet_token(claims: object, secret: str = WALLET_SECRET) -> str:
    payload = _b64(json.dumps(claims).encode())
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return f"{payload}.{_b64(digest)}"


def test_a_wallet_token_made_by_the_documented_recipe_is_accepted_until_it_expires() -> None:
    token = _wallet_token({"wallet_id": "W-000001", "exp": NOW + 60, "iat": NOW})
    assert chat.wallet_id_of(WALLET_SECRET, token, NOW) == "W-000001"
    assert chat.wallet_id_of(WALLET_SECRET, token, NOW + 59.5) == "W-000001"
    assert chat.make_wallet_token(WALLET_SECRET, "W-000001", NOW + 60).count(".") == 1
    for moment in (NOW + 60, NOW + 3600):
        with pytest.raises(TokenError) as expired:
            chat.wallet_id_of(WALLET_SECRET, token, moment)
        assert expired.value.code == "expired_wallet_token"


@pytest.mark.parametrize(
    "token",
    [
        _wallet_token({"wallet_id": "W-000001", "exp": NOW + 60}, secret="not the wallet's"),
        _wallet_token({"wallet_id": "W-000001", "exp": NOW - 60}, secret="not the wallet's"),
        _wallet_token({"wallet_id": "W-000001", "exp": "tomorrow"}),
        _wallet_token({"wallet_id": "W-000001", "exp": True}),
        _wallet_token({"wallet_id": "W-000001"}),
        _wallet_token({"wallet_id": "", "exp": NOW + 60}),
        _wallet_token({"wallet_id": 42, "exp": NOW + 60}),
        _wallet_token({"wallet_id": "W" * 41, "exp": NOW + 60}),
        _wallet_token(["W-000001", NOW + 60]),
        "not-a-token",
        "a.b.c",
        "",
        "%%%.%%%",
    ],
)
def test_a_badly_signed_or_malformed_wallet_token_is_refused(token: str) -> None:
    with pytest.raises(TokenError) as refused:
        chat.wallet_id_of(WALLET_SECRET, token, NOW)
    assert refused.value.code == "invalid_wallet_token"


def test_a_wallet_token_with_a_changed_payload_is_refused() -> None:
    token = chat.make_wallet_token(WALLET_SECRET, "W-000001", NOW + 60)
    payload, signature = token.split(".")
    forged = _b64(json.dumps({"wallet_id": "W-000002", "exp": NOW + 60}).encode())
    with pytest.raises(TokenError):
        chat.wallet_id_of(WALLET_SECRET, f"{forged}.{signature}", NOW)
    with pytest.raises(TokenError):  # junk the decoder would skip still breaks the token
        chat.wallet_id_of(WALLET_SECRET, f"{payload}.{signature[:5]}!{signature[5:]}", NOW)


# -- what a customer sees -------------------------------------------------------------------


def _event(kind: str, payload: dict[str, object]) -> Event:
    return Event(seq=1, type=kind, team_id=1, conversation_id=1, agent_id=7, payload=payload)


def _message_json(direction: str, text: str = "hi") -> dict[str, object]:
    return {
        "id": 12,
        "conversation_id": 1,
        "direction": direction,
        "text": text,
        "html": "<b>hi</b>",
        "author_id": 7,
        "author_name": "Amy",
        "client_message_id": "desk-0001",
        "meta": {"kind": "status", "by": 7},
        "created_at": "2026-11-02T02:00:00Z",
    }


def test_a_customer_sees_agent_replies_and_agent_typing_only() -> None:
    summary = {"customer_id": 3, "customer_name": "王小明", "assignee_id": 7}
    reply = _event("message.created", {"message": _message_json("out"), "conversation": summary})
    assert chat.customer_view(reply) == {
        "type": "message",
        "id": 12,
        "from": "agent",
        "text": "hi",
        "at": "2026-11-02T02:00:00Z",
        "agent_name": "Amy",
    }
    agent_typing = _event("conversation.typing", {"side": "agent", "agent_id": 7, "name": "Amy"})
    assert chat.customer_view(agent_typing) == {"type": "typing", "name": "Amy"}
    hidden = [
        _event("message.created", {"message": _message_json("note"), "conversation": summary}),
        _event("message.created", {"message": _message_json("in"), "conversation": summary}),
        _event("message.created", {"conversation": summary}),
        _event("conversation.assigned", {"message": _message_json("note"), "from": None, "to": 7}),
        _event("conversation.updated", {"message": _message_json("out"), "conversation": summary}),
        _event("conversation.typing", {"side": "customer"}),
        _event("identity.match", {"match": {"customer_id": 3}}),
        _event("customer.updated", {"customer": {"phone": "+8613800138000"}}),
    ]
    assert [chat.customer_view(event) for event in hidden] == [None] * len(hidden)


def test_the_placeholder_name_is_the_one_identity_gives_a_nameless_visitor(
    sqlite_db: Database,
) -> None:
    with sqlite_db.write() as session:
        customer = resolve_customer(session, Identity()).customer
        assert customer.name == chat.ANONYMOUS_NAME


# -- visitors and messages ------------------------------------------------------------------


def _desk(database: Database) -> tuple[Cast, int, str]:
    """The cast, and a customer (id) with a wallet account (wallet id)."""
    with database.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        customer = desk.customer(name="王小明")
        account = desk.account(customer)
        return people, customer.id, account.wallet_id


def _count(database: Database, model: type[object]) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_page_view_stores_nothing_and_the_first_message_makes_the_visitor(
    any_db: Database,
) -> None:
    _desk(any_db)
    key = chat.new_visitor_key()
    with any_db.read() as session:
        start = chat.resume_visitor(session, key)
    assert (start.visitor_key, start.customer_id, start.conversation_id) == (key, None, None)
    customers = _count(any_db, Customer)
    with any_db.write() as session:
        stored = chat.store_message(
            session, key, "c-1", "  转账失败了  ", name="小李", language=Language.ZH
        )
    with any_db.read() as session:
        visitor = session.scalars(select(ChatVisitor)).one()
        conversation = session.get_one(Conversation, stored.conversation_id)
        message = session.get_one(Message, stored.message_id)
        assert visitor.visitor_key == key and visitor.customer.name == "小李"
        assert (
            conversation.channel is Channel.CHAT and conversation.customer_id == visitor.customer_id
        )
        assert (message.text, message.direction) == ("转账失败了", MessageDirection.IN)
        assert message.external_id == f"chat:{key}:c-1"
        assert message.meta == {"chat_visitor_id": visitor.id, "signed_in": False, "language": "zh"}
    assert _count(any_db, Customer) == customers + 1
    assert [e.type for e in event_log(any_db)] == ["message.created"]
    with any_db.read() as session:
        again = chat.resume_visitor(session, key)
    assert again.conversation_id == stored.conversation_id
    assert [(m["from"], m["text"]) for m in again.history] == [("customer", "转账失败了")]


def test_the_same_client_id_is_stored_once_even_after_the_conversation_closed(
    any_db: Database,
) -> None:
    _desk(any_db)
    key = chat.new_visitor_key()
    with any_db.write() as session:
        first = chat.store_message(session, key, "c-1", "hello")
    with any_db.write() as session:
        session.get_one(Conversation, first.conversation_id).status = ConversationStatus.RESOLVED
    with any_db.write() as session:
        again = chat.store_message(session, key, "c-1", "hello")
    assert (again.message_id, again.conversation_id) == (first.message_id, first.conversation_id)
    assert _count(any_db, Message) == 1 and _count(any_db, Conversation) == 1
    with any_db.write() as session:  # another visitor may use the same client id
        other = chat.store_message(session, chat.new_visitor_key(), "c-1", "hello")
    assert other.message_id != first.message_id


def test_a_message_that_is_empty_too_long_or_badly_identified_is_refused(
    sqlite_db: Database,
) -> None:
    key = chat.new_visitor_key()
    for client_id, text in (
        ("c-1", "   "),
        ("c-1", "x" * (chat.MAX_TEXT_LENGTH + 1)),
        ("", "hi"),
        ("c 1", "hi"),
        ("c" * 65, "hi"),
    ):
        with pytest.raises(ValueError), sqlite_db.write() as session:
            chat.store_message(session, key, client_id, text)
    assert _count(sqlite_db, Message) == 0 and _count(sqlite_db, ChatVisitor) == 0


def test_the_history_has_messages_and_replies_but_no_notes(any_db: Database) -> None:
    people, _, _ = _desk(any_db)
    key = chat.new_visitor_key()
    with any_db.write() as session:
        stored = chat.store_message(session, key, "c-1", "我的转账失败了")
    amy = DeskBuilder.actor(people.agent_a)
    with any_db.write() as session:
        add_note(session, amy, stored.conversation_id, "note-0001", "looks like fraud")
    with any_db.write() as session:
        send_reply(session, amy, stored.conversation_id, "reply-0001", "请问提示是什么?")
    with any_db.read() as session:
        start = chat.resume_visitor(session, key)
        notes = session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.direction == MessageDirection.NOTE)
        )
    assert notes and notes >= 2  # the note and the line of the assignment the reply made
    assert [(m["from"], m["text"], m.get("agent_name")) for m in start.history] == [
        ("customer", "我的转账失败了", None),
        ("agent", "请问提示是什么?", "Amy"),
    ]
    assert all(set(m) <= {"id", "from", "text", "at", "agent_name"} for m in start.history)


def test_a_visitor_typing_is_announced_for_their_own_chat_only(any_db: Database) -> None:
    _desk(any_db)
    mine, theirs = chat.new_visitor_key(), chat.new_visitor_key()
    with any_db.write() as session:
        stored = chat.store_message(session, mine, "c-1", "hi")
        other = chat.store_message(session, theirs, "c-1", "hi")
    with any_db.write() as session:
        assert chat.customer_typing(session, mine, stored.conversation_id)
        assert not chat.customer_typing(session, mine, other.conversation_id)
    typed = [e for e in event_log(any_db) if e.type == "conversation.typing"]
    assert [(e.conversation_id, e.payload) for e in typed] == [
        (stored.conversation_id, {"side": "customer"})
    ]


def test_an_agents_typing_event_is_what_the_customer_view_reads(sqlite_db: Database) -> None:
    people, _, _ = _desk(sqlite_db)
    with sqlite_db.write() as session:
        stored = chat.store_message(session, chat.new_visitor_key(), "c-1", "hi")
    with sqlite_db.write() as session:
        typing(session, DeskBuilder.actor(people.agent_a), stored.conversation_id)
    event = event_log(sqlite_db)[-1]
    assert chat.customer_view(event) == {"type": "typing", "name": "Amy"}


# -- signing in -----------------------------------------------------------------------------


def test_a_wallet_user_chats_as_their_wallet_accounts_customer(any_db: Database) -> None:
    _, customer_id, wallet_id = _desk(any_db)
    key = chat.new_visitor_key()
    customers = _count(any_db, Customer)
    with any_db.write() as session:
        start = chat.sign_in_visitor(session, key, wallet_id, name="Someone", language=Language.EN)
    assert (start.visitor_key, start.customer_id, start.conversation_id) == (key, customer_id, None)
    with any_db.write() as session:
        stored = chat.store_message(session, key, "c-1", "hi", signed_in=True)
    with any_db.read() as session:
        conversation = session.get_one(Conversation, stored.conversation_id)
        assert conversation.customer_id == customer_id
        assert session.scalars(select(ChatVisitor)).one().customer_id == customer_id
    assert _count(any_db, Customer) == customers


def test_an_unknown_wallet_id_gets_one_customer_found_again_next_time(any_db: Database) -> None:
    _desk(any_db)
    with any_db.write() as session:
        first = chat.sign_in_visitor(session, chat.new_visitor_key(), "W-NEW-1")
    with any_db.write() as session:
        second = chat.sign_in_visitor(session, chat.new_visitor_key(), "W-NEW-1")
    assert first.customer_id == second.customer_id
    with any_db.read() as session:
        identity = session.scalars(select(CustomerIdentity)).one()
    assert (identity.customer_id, identity.kind, identity.value) == (
        first.customer_id,
        "wallet",
        "W-NEW-1",
    )


def test_an_anonymous_unnamed_visitor_who_signs_in_brings_their_conversation(
    any_db: Database,
) -> None:
    _, customer_id, wallet_id = _desk(any_db)
    key = chat.new_visitor_key()
    with any_db.write() as session:
        stored = chat.store_message(session, key, "c-1", "我的转账失败了")
    with any_db.read() as session:
        anonymous = session.scalars(select(ChatVisitor)).one().customer_id
    with any_db.write() as session:
        start = chat.sign_in_visitor(session, key, wallet_id)
    assert (start.visitor_key, start.customer_id) == (key, customer_id)
    assert start.conversation_id == stored.conversation_id
    assert [m["text"] for m in start.history] == ["我的转账失败了"]
    with any_db.read() as session:
        assert session.get_one(Conversation, stored.conversation_id).customer_id == customer_id
        assert session.get_one(Customer, anonymous).merged_into_id == customer_id
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "chat.visitor.signed_in")
        ).one()
        assert entry.detail["merged_customer_id"] == anonymous
    assert "conversation.updated" in [e.type for e in event_log(any_db)]


def test_a_named_visitor_who_signs_in_is_offered_as_a_match_not_merged(
    any_db: Database,
) -> None:
    _, customer_id, wallet_id = _desk(any_db)
    key = chat.new_visitor_key()
    with any_db.write() as session:
        stored = chat.store_message(session, key, "c-1", "hello", name="Li Lei")
    with any_db.write() as session:
        start = chat.sign_in_visitor(session, key, wallet_id)
    assert start.visitor_key != key and start.customer_id == customer_id
    assert start.conversation_id is None and start.history == []
    with any_db.read() as session:
        named = session.get_one(Conversation, stored.conversation_id).customer_id
        assert named != customer_id
        assert session.get_one(Customer, named).merged_into_id is None
        match = session.scalars(select(IdentityMatch)).one()
        assert {match.customer_id, match.candidate_id} == {customer_id, named}
        assert match.conversation_id == stored.conversation_id
    with any_db.read() as session:  # the old key still shows the named visitor their chat
        assert chat.resume_visitor(session, key).conversation_id == stored.conversation_id


def test_a_shared_device_never_shows_one_wallet_users_chat_to_another_or_to_anyone(
    any_db: Database,
) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        first, second = desk.account(desk.customer(name="Wang")), desk.account(desk.customer())
        customer_id, wallet_id = first.customer_id, first.wallet_id
        other_id, other_customer = second.wallet_id, second.customer_id
    key = chat.new_visitor_key()
    with any_db.write() as session:
        chat.sign_in_visitor(session, key, wallet_id)
    with any_db.write() as session:
        chat.store_message(session, key, "c-1", "my balance is wrong", signed_in=True)
    with any_db.write() as session:
        other = chat.sign_in_visitor(session, key, other_id)
    assert other.visitor_key != key and other.customer_id == other_customer
    assert other.history == []
    with any_db.read() as session:  # signed out: a new anonymous visitor
        anonymous = chat.resume_visitor(session, key)
    assert anonymous.visitor_key != key
    assert (anonymous.customer_id, anonymous.conversation_id, anonymous.history) == (None, None, [])
    with any_db.write() as session:  # signed in again as the first user: their chat is back
        back = chat.sign_in_visitor(session, key, wallet_id)
    assert back.customer_id == customer_id
    assert [m["text"] for m in back.history] == ["my balance is wrong"]
    assert _count(any_db, IdentityMatch) == 0
