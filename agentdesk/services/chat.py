"""The web chat channel: signed tokens, visitors, history, customer messages and typing.

Tokens
------
Both tokens are ASCII, use base64url without padding (RFC 4648 §5) and HMAC-SHA256.

Visitor token, made and checked here with `ChannelSettings.widget_secret`::

    signature = b64url(HMAC-SHA256(widget_secret, "agentdesk.visitor.v1." + visitor_key))
    token     = "v1." + visitor_key + "." + signature

`visitor_key` is 32 random base64url characters (192 bits) naming a `ChatVisitor` row. The
widget keeps the token in localStorage, so a reload continues the same conversation. A
token whose signature does not match is refused: the visitor is told so, and no new
visitor is made from it.

Wallet token, made by the wallet back end with `ChannelSettings.wallet_secret`::

    payload = b64url(UTF-8 JSON object {"wallet_id": str, "exp": int})
    token   = payload + "." + b64url(HMAC-SHA256(wallet_secret, payload as ASCII))

`exp` is the expiry in Unix seconds (UTC); a token is valid while now < exp. Other keys in
the JSON object are ignored. The signature is checked before the payload is decoded, and
`wallet_id` is at most 40 characters (the wallet back end's id). `make_wallet_token` is
the reference implementation.

Who the visitor is
------------------
An anonymous visitor becomes a customer only when they first write (a page view stores
nothing). A visitor signed in with a wallet token chats as the customer of that wallet
account (found with `identity.resolve_customer`; an unknown wallet id gets a new customer
with a `wallet` identity, so the next sign-in finds them).

A visitor who chatted anonymously and then signs in: when the anonymous customer is
still anonymous and unnamed (the placeholder name, no email, phone, social handle,
wallet, further identity, and no conversation outside the chat), nothing but this browser
knows them, so they are merged into the wallet customer at once (audited as
`chat.visitor.signed_in`): the agent sees the conversation on the real customer, with the
wallet account beside it. A visitor who gave a name or was linked to more (an agent merged
them with a known customer) is not merged by software: the two are offered to the agents
as a possible match (`identity.offer_matches`), and the signed-in visitor continues under
a new visitor key. A key of one wallet customer presented with another wallet's token
(a shared device) also gets a new key, and a key of a wallet customer presented without
that wallet's token (signed out) starts a new anonymous visitor: a browser never shows one
wallet user's conversation to somebody who is not signed in as them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from agentdesk.db.models import (
    Channel,
    ChatVisitor,
    Conversation,
    ConversationStatus,
    Customer,
    CustomerIdentity,
    Event,
    Language,
    Message,
    MessageDirection,
    SocialHandle,
    WalletAccount,
)
from agentdesk.db.types import utcnow
from agentdesk.services import events as event_log
from agentdesk.services.audit import audit
from agentdesk.services.events import record_event
from agentdesk.services.identity import Identity, Resolution, merge, offer_matches, resolve_customer
from agentdesk.services.inbound import open_conversation, receive_customer_message
from agentdesk.services.serialize import message_of

VISITOR_TOKEN_VERSION = "v1"  # noqa: S105 (a format name)
MAX_TOKEN_LENGTH = 2048
MAX_WALLET_ID_LENGTH = 40
MAX_NAME_LENGTH = 60
MAX_TEXT_LENGTH = 4000
HISTORY_LIMIT = 200
CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
ANONYMOUS_NAME = "访客 Visitor"  # what identity.resolve_customer calls a nameless visitor
_B64 = re.compile(r"[A-Za-z0-9_-]+")
_VISITOR_KEY = re.compile(r"[A-Za-z0-9_-]{32}")
_VISITOR_CONTEXT = b"agentdesk.visitor.v1."


class TokenError(ValueError):
    """A token refused; `code` is what the widget is told (a stable, machine-readable name)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    if not _B64.fullmatch(text):
        raise binascii.Error("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _hmac(secret: str, message: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()


# -- visitor tokens ----------------------------------------------------------------------


def new_visitor_key() -> str:
    return secrets.token_urlsafe(24)  # 32 characters


def make_visitor_token(secret: str, visitor_key: str) -> str:
    if not _VISITOR_KEY.fullmatch(visitor_key):
        raise ValueError("a visitor key is 32 base64url characters")
    signature = _b64(_hmac(secret, _VISITOR_CONTEXT + visitor_key.encode("ascii")))
    return f"{VISITOR_TOKEN_VERSION}.{visitor_key}.{signature}"


def visitor_key_of(secret: str, token: str) -> str:
    """The visitor key a token we signed names; TokenError for anything else."""
    refused = TokenError("invalid_visitor_token", "this visitor token was not issued here")
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        raise refused
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != VISITOR_TOKEN_VERSION:
        raise refused
    key, signature = parts[1], parts[2]
    if not _VISITOR_KEY.fullmatch(key):
        raise refused
    expected = _b64(_hmac(secret, _VISITOR_CONTEXT + key.encode("ascii")))
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace")):
        raise refused
    return key


# -- wallet tokens -----------------------------------------------------------------------


def make_wallet_token(secret: str, wallet_id: str, expires_at: int) -> str:
    """What the wallet back end sends a signed-in user's app (the reference for its code)."""
    body = json.dumps({"wallet_id": wallet_id, "exp": int(expires_at)}, separators=(",", ":"))
    payload = _b64(body.encode("utf-8"))
    return f"{payload}.{_b64(_hmac(secret, payload.encode('ascii')))}"


def wallet_id_of(secret: str, token: str, now: float) -> str:
    """The wallet id of a valid token at `now` (Unix seconds); TokenError otherwise."""
    refused = TokenError("invalid_wallet_token", "the wallet token is not validly signed")
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        raise refused
    parts = token.split(".")
    if len(parts) != 2 or not all(_B64.fullmatch(part) for part in parts):
        raise refused
    payload, signature = parts
    try:
        given = _unb64(signature)
    except (binascii.Error, ValueError) as exc:
        raise refused from exc
    if not hmac.compare_digest(_hmac(secret, payload.encode("ascii")), given):
        raise refused
    try:
        claims = json.loads(_unb64(payload).decode("utf-8"))
    except (binascii.Error, ValueError) as exc:
        raise refused from exc
    if not isinstance(claims, dict):
        raise refused
    wallet_id, expires = claims.get("wallet_id"), claims.get("exp")
    if not isinstance(wallet_id, str) or not 0 < len(wallet_id) <= MAX_WALLET_ID_LENGTH:
        raise refused
    if not isinstance(expires, int) or isinstance(expires, bool):
        raise refused
    if now >= expires:
        raise TokenError("expired_wallet_token", "the wallet token has expired; sign in again")
    return wallet_id


# -- what the customer sees ----------------------------------------------------------------


def customer_message(message: dict[str, Any]) -> dict[str, Any] | None:
    """A stored message (MessageOut JSON) as the customer sees it; None for notes."""
    direction = message.get("direction")
    if direction == MessageDirection.IN.value:
        sender = "customer"
    elif direction == MessageDirection.OUT.value:
        sender = "agent"
    else:
        return None
    shown: dict[str, Any] = {
        "id": int(message["id"]),
        "from": sender,
        "text": str(message.get("text") or ""),
        "at": str(message.get("created_at") or ""),
    }
    if sender == "agent":
        shown["agent_name"] = str(message.get("author_name") or "")
    return shown


def customer_view(event: Event) -> dict[str, Any] | None:
    """The frame a customer's chat window gets for an event of their conversation, or None.

    Only agent replies and agent typing pass, rebuilt from a few named fields, so nothing
    else an event carries (notes, status and assignment lines, the conversation summary,
    customer data, agent ids) can reach a customer."""
    payload = event.payload or {}
    if event.type == "message.created":
        message = payload.get("message")
        if not isinstance(message, dict) or message.get("direction") != MessageDirection.OUT.value:
            return None
        shown = customer_message(message)
        return None if shown is None else {"type": "message", **shown}
    if event.type == "conversation.typing" and payload.get("side") == "agent":
        return {"type": "typing", "name": str(payload.get("name") or "")}
    return None


def history(session: Session, conversation_id: int) -> list[dict[str, Any]]:
    """The newest HISTORY_LIMIT messages and replies of a conversation, oldest first."""
    rows = session.scalars(
        select(Message)
        .options(joinedload(Message.author))
        .where(
            Message.conversation_id == conversation_id,
            Message.direction.in_([MessageDirection.IN, MessageDirection.OUT]),
        )
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(HISTORY_LIMIT)
    ).all()
    shown = [customer_message(message_of(row).model_dump(mode="json")) for row in reversed(rows)]
    return [item for item in shown if item is not None]


# -- visitors ----------------------------------------------------------------------------


@dataclass(slots=True)
class ChatStart:
    """Where a chat window starts: its key, its conversation and what it shows.

    `after_seq` is the event log's position read before the history: every event of the
    conversation after it may be missing from `history` and must be delivered live."""

    visitor_key: str
    customer_id: int | None
    conversation_id: int | None
    history: list[dict[str, Any]] = field(default_factory=list)
    after_seq: int = 0


@dataclass(frozen=True, slots=True)
class StoredMessage:
    message_id: int
    conversation_id: int
    created_at: datetime
    after_seq: int  # the event log's position before this message was stored


def _visitor(session: Session, visitor_key: str) -> ChatVisitor | None:
    return session.scalar(
        select(ChatVisitor)
        .options(joinedload(ChatVisitor.customer))
        .where(ChatVisitor.visitor_key == visitor_key)
    )


def _has_wallet(session: Session, customer_id: int) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(WalletAccount.customer_id == customer_id)
                | exists().where(
                    CustomerIdentity.customer_id == customer_id, CustomerIdentity.kind == "wallet"
                )
            )
        )
    )


def _anonymous_and_unnamed(session: Session, customer: Customer) -> bool:
    """Nothing but a chat visitor's browser knows this customer."""
    if customer.merged_into_id is not None or customer.name != ANONYMOUS_NAME:
        return False
    if customer.email or customer.phone:
        return False
    anything = select(
        exists().where(SocialHandle.customer_id == customer.id)
        | exists().where(WalletAccount.customer_id == customer.id)
        | exists().where(CustomerIdentity.customer_id == customer.id)
        | exists().where(
            Conversation.customer_id == customer.id, Conversation.channel != Channel.CHAT
        )
    )
    return not session.scalar(anything)


def _current_conversation(session: Session, customer_id: int) -> Conversation | None:
    """The chat a returning visitor sees: the ongoing one, else the latest resolved one."""
    newest = (Conversation.last_message_at.desc(), Conversation.id.desc())
    base = select(Conversation).where(
        Conversation.customer_id == customer_id, Conversation.channel == Channel.CHAT
    )
    ongoing = session.scalar(
        base.where(Conversation.status != ConversationStatus.RESOLVED).order_by(*newest).limit(1)
    )
    return ongoing or session.scalar(base.order_by(*newest).limit(1))


def _start(session: Session, visitor_key: str, customer_id: int | None) -> ChatStart:
    after = event_log.last_seq(session)  # first: see ChatStart
    if customer_id is None:
        return ChatStart(visitor_key, None, None, [], after)
    conversation = _current_conversation(session, customer_id)
    if conversation is None:
        return ChatStart(visitor_key, customer_id, None, [], after)
    return ChatStart(
        visitor_key, customer_id, conversation.id, history(session, conversation.id), after
    )


def resume_visitor(session: Session, visitor_key: str) -> ChatStart:
    """An anonymous chat window (read only): the visitor's conversation, if they have one.

    A key that belongs to a wallet customer is not theirs to use without the wallet's
    token: such a window starts as a new visitor."""
    visitor = _visitor(session, visitor_key)
    if visitor is None:
        return _start(session, visitor_key, None)
    if _has_wallet(session, visitor.customer_id):
        return _start(session, new_visitor_key(), None)
    return _start(session, visitor_key, visitor.customer_id)


def _wallet_customer(
    session: Session, wallet_id: str, name: str | None, language: Language
) -> Customer:
    identity = Identity(wallet_id=wallet_id, name=name, language=language)
    try:
        with session.begin_nested():
            resolution = resolve_customer(session, identity)
            if resolution.created:
                session.add(
                    CustomerIdentity(
                        customer_id=resolution.customer.id, kind="wallet", value=wallet_id
                    )
                )
                session.flush()
    except IntegrityError:  # a concurrent first sign-in of the same wallet made them
        resolution = resolve_customer(session, identity)
    offer_matches(session, resolution, None)
    return resolution.customer


def _new_visitor(
    session: Session, visitor_key: str, name: str | None, language: Language
) -> tuple[ChatVisitor, Resolution | None]:
    """An anonymous visitor's first message makes them a customer (None: another
    connection of the same visitor made them first)."""
    try:
        with session.begin_nested():
            resolution = resolve_customer(session, Identity(name=name, language=language))
            now = utcnow()
            visitor = ChatVisitor(
                visitor_key=visitor_key,
                customer_id=resolution.customer.id,
                created_at=now,
                last_seen_at=now,
            )
            session.add(visitor)
            session.flush()
    except IntegrityError:
        found = _visitor(session, visitor_key)
        if found is None:
            raise
        return found, None
    return visitor, resolution


def _add_visitor(session: Session, visitor_key: str, customer_id: int) -> ChatVisitor:
    now = utcnow()
    try:
        with session.begin_nested():
            visitor = ChatVisitor(
                visitor_key=visitor_key, customer_id=customer_id, created_at=now, last_seen_at=now
            )
            session.add(visitor)
            session.flush()
    except IntegrityError:  # the same key signed in on another connection meanwhile
        found = _visitor(session, visitor_key)
        if found is None:
            raise
        return found
    return visitor


def sign_in_visitor(
    session: Session,
    visitor_key: str,
    wallet_id: str,
    *,
    name: str | None = None,
    language: Language = Language.ZH,
) -> ChatStart:
    """A chat window signed in with a wallet token: it chats as the wallet's customer.

    How an earlier anonymous visitor on the same key is treated is in the module docstring."""
    customer = _wallet_customer(session, wallet_id, name, language)
    visitor = _visitor(session, visitor_key)
    if visitor is None:
        _add_visitor(session, visitor_key, customer.id)
    elif visitor.customer_id != customer.id:
        earlier = visitor.customer
        if _anonymous_and_unnamed(session, earlier):
            moved = merge(session, earlier, customer, at=utcnow())
            audit(
                session,
                None,
                "chat.visitor.signed_in",
                target_type="customer",
                target_id=customer.id,
                detail={
                    "merged_customer_id": earlier.id,
                    "chat_visitor_id": visitor.id,
                    "moved_conversations": moved,
                },
            )
        else:
            if not _has_wallet(session, earlier.id):
                conversation = _current_conversation(session, earlier.id)
                offer_matches(
                    session,
                    Resolution(
                        customer, created=False, candidates=[(earlier, "same chat visitor")]
                    ),
                    conversation,
                )
            visitor_key = new_visitor_key()
            _add_visitor(session, visitor_key, customer.id)
    else:
        visitor.last_seen_at = utcnow()
    session.flush()
    return _start(session, visitor_key, customer.id)


def store_message(
    session: Session,
    visitor_key: str,
    client_id: str,
    text: str,
    *,
    name: str | None = None,
    language: Language = Language.ZH,
    signed_in: bool = False,
) -> StoredMessage:
    """Store what the visitor wrote, once per (visitor, client id), in their chat.

    A visitor without a customer yet becomes one here; the message lands in their ongoing
    chat conversation, or a new one."""
    if not CLIENT_ID.fullmatch(client_id):
        raise ValueError("a client id is 1 to 64 characters of A-Z, a-z, 0-9, _ and -")
    text = text.strip()
    if not text or len(text) > MAX_TEXT_LENGTH:
        raise ValueError(f"a chat message has 1 to {MAX_TEXT_LENGTH} characters")
    after = event_log.last_seq(session)
    external_id = f"chat:{visitor_key}:{client_id}"
    earlier = session.scalar(select(Message).where(Message.external_id == external_id))
    if earlier is not None:  # a resend after a reconnect: acknowledge the stored one
        return StoredMessage(earlier.id, earlier.conversation_id, earlier.created_at, after)
    visitor = _visitor(session, visitor_key)
    resolution: Resolution | None = None
    if visitor is None:
        visitor, resolution = _new_visitor(session, visitor_key, name, language)
    visitor.last_seen_at = utcnow()
    conversation = open_conversation(session, visitor.customer_id, Channel.CHAT)
    if resolution is not None:
        offer_matches(session, resolution, conversation)
    meta = {"chat_visitor_id": visitor.id, "signed_in": signed_in, "language": language.value}
    stored = receive_customer_message(
        session, conversation.id, text, external_id=external_id, meta=meta
    )
    return StoredMessage(stored.id, stored.conversation_id, stored.created_at, after)


def customer_typing(session: Session, visitor_key: str, conversation_id: int) -> bool:
    """Tell the desktops the visitor is typing in their conversation; False if it is not
    theirs (nothing is recorded then)."""
    conversation = session.scalar(
        select(Conversation)
        .join(ChatVisitor, ChatVisitor.customer_id == Conversation.customer_id)
        .where(
            Conversation.id == conversation_id,
            Conversation.channel == Channel.CHAT,
            ChatVisitor.visitor_key == visitor_key,
        )
    )
    if conversation is None:
        return False
    record_event(
        session,
        "conversation.typing",
        team_id=conversation.team_id,
        conversation_id=conversation.id,
        agent_id=conversation.assignee_id,
        payload={"side": "customer"},
    )
    return True
