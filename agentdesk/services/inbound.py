"""Customer messages arriving from any channel: stored once, the conversation reopened."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from agentdesk.db.models import (
    Channel,
    Conversation,
    ConversationStatus,
    Message,
    MessageDirection,
)
from agentdesk.db.types import utcnow
from agentdesk.protocol.payloads import MessageOut
from agentdesk.services.errors import NotFound
from agentdesk.services.events import record_event
from agentdesk.services.inbox import summarize
from agentdesk.services.serialize import message_of


def receive_customer_message(
    session: Session,
    conversation_id: int,
    text: str,
    *,
    external_id: str | None = None,
    html: str | None = None,
    meta: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> MessageOut:
    """Store an inbound message; a repeated delivery (same `external_id`) is stored once."""
    if external_id is not None:
        earlier = session.scalar(select(Message).where(Message.external_id == external_id))
        if earlier is not None:
            return message_of(earlier)
    conversation = session.scalar(
        select(Conversation)
        .where(Conversation.id == conversation_id)
        .options(
            joinedload(Conversation.customer),
            joinedload(Conversation.assignee),
            selectinload(Conversation.tags),
        )
        .with_for_update(of=Conversation)
    )
    if conversation is None:
        raise NotFound("conversation")
    now = at or utcnow()
    message = Message(
        conversation_id=conversation.id,
        direction=MessageDirection.IN,
        text=text,
        html=html,
        external_id=external_id,
        meta=meta or {},
        created_at=now,
    )
    stored_first = store_once(session, message)
    if stored_first is not None:
        return stored_first
    if conversation.status is not ConversationStatus.OPEN:
        conversation.status = ConversationStatus.OPEN
        conversation.snoozed_until = None
    conversation.last_message_at = now
    session.flush()
    return announce_message(session, conversation, message)


def store_once(session: Session, message: Message) -> MessageOut | None:
    """Add `message` in a savepoint; None once it is stored, or the message a concurrent
    delivery of the same `external_id` stored first."""
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        earlier = session.scalar(select(Message).where(Message.external_id == message.external_id))
        if earlier is None:
            raise
        return message_of(earlier)
    return None


def announce_message(session: Session, conversation: Conversation, message: Message) -> MessageOut:
    """Write the `message.created` event every channel writes for a new timeline entry:
    the message and the conversation's new summary, for the desktops that may see it."""
    out = message_of(message)
    record_event(
        session,
        "message.created",
        team_id=conversation.team_id,
        conversation_id=conversation.id,
        agent_id=conversation.assignee_id,
        payload={
            "message": out.model_dump(mode="json"),
            "conversation": summarize(session, conversation).model_dump(mode="json"),
        },
    )
    return out


def open_conversation(
    session: Session,
    customer_id: int,
    channel: Channel,
    *,
    subject: str = "",
    at: datetime | None = None,
) -> Conversation:
    """The customer's latest conversation on `channel` that is not resolved, else a new one.

    Every channel continues an ongoing conversation the same way, so a customer who writes
    twice in a chat or sends a second email without threading headers lands on one thread."""
    ongoing = session.scalar(
        select(Conversation)
        .where(
            Conversation.customer_id == customer_id,
            Conversation.channel == channel,
            Conversation.status != ConversationStatus.RESOLVED,
        )
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .limit(1)
        .with_for_update(of=Conversation)
    )
    if ongoing is not None:
        return ongoing
    now = at or utcnow()
    conversation = Conversation(
        customer_id=customer_id,
        channel=channel,
        status=ConversationStatus.OPEN,
        subject=subject[:255],
        created_at=now,
        last_message_at=now,
    )
    session.add(conversation)
    session.flush()
    return conversation
