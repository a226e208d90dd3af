"""What the channels keep beside conversations: visitors, identities, attachments, outbound."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agentdesk.db.models.base import Base, BigId
from agentdesk.db.models.conversations import Conversation, Message
from agentdesk.db.models.people import Customer
from agentdesk.db.types import utcnow


class ChatVisitor(Base):
    """A web chat visitor; the widget keeps a signed token naming `visitor_key`."""

    __tablename__ = "chat_visitors"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    visitor_key: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    customer: Mapped[Customer] = relationship()


class CustomerIdentity(Base):
    """A further way to recognize a customer (an email, a phone), added when an agent
    confirms that two identities are one person. `kind` is email, phone or wallet."""

    __tablename__ = "customer_identities"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdentityMatch(Base):
    """A possible match offered to an agent: `customer_id` may be `candidate_id`.

    status: open (offered), confirmed (merged by an agent) or rejected."""

    __tablename__ = "identity_matches"
    __table_args__ = (UniqueConstraint("customer_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    reason: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default="open")
    decided_by_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    customer: Mapped[Customer] = relationship(foreign_keys=[customer_id])
    candidate: Mapped[Customer] = relationship(foreign_keys=[candidate_id])
    conversation: Mapped[Conversation | None] = relationship()


class Attachment(Base):
    """A file that came with a message; oversized files keep their name but no data."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    content_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int]
    sha256: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    rejected_reason: Mapped[str | None] = mapped_column(String(255))

    message: Mapped[Message] = relationship()


class OutboundMessage(Base):
    """An agent reply waiting to leave by email or a social platform.

    Written in the same transaction as the reply; one row per message, so a reply is
    queued once. status: queued, sending, sent, failed (gave up) or uncertain (a process
    stopped mid-send: it may have gone out, so it is never sent again automatically)."""

    __tablename__ = "outbound_messages"
    __table_args__ = (Index("ix_outbound_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), unique=True)
    transport: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    # What the transport needs: addresses, threading headers, platform recipient.
    envelope: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    message: Mapped[Message] = relationship()
