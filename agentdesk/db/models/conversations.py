"""Conversations on every channel, their messages and the phone system's call logs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agentdesk.db.models.base import Base, BigId, enum_column
from agentdesk.db.models.enums import (
    CallDirection,
    CallOutcome,
    Channel,
    ConversationStatus,
    MessageDirection,
    Priority,
)
from agentdesk.db.models.people import Agent, Customer, Team
from agentdesk.db.types import utcnow


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_inbox", "team_id", "status", "last_message_at"),
        Index("ix_conversations_assignee", "assignee_id", "status", "last_message_at"),
        Index("ix_conversations_customer", "customer_id", "last_message_at"),
        Index("ix_conversations_recent", "last_message_at", "id"),
        Index("ix_conversations_sla", "sla_due_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    status: Mapped[ConversationStatus] = mapped_column(
        enum_column(ConversationStatus), default=ConversationStatus.OPEN
    )
    priority: Mapped[Priority] = mapped_column(enum_column(Priority), default=Priority.NORMAL)
    subject: Mapped[str] = mapped_column(String(255), default="")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    sla_due_at: Mapped[datetime | None]
    # The SLA clock's inputs; services.sla_tracking recomputes sla_due_at from them.
    first_response_at: Mapped[datetime | None]
    waiting_since: Mapped[datetime | None]  # start of the customer's unanswered turn
    sla_paused_at: Mapped[datetime | None]  # when we began waiting on the customer
    sla_paused_seconds: Mapped[int] = mapped_column(default=0)
    sla_breached_at: Mapped[datetime | None]  # set once per due time, when it passed
    snoozed_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    # Optimistic locking: an UPDATE that finds another version fails instead of
    # silently overwriting a concurrent change.
    __mapper_args__ = {"version_id_col": version}

    customer: Mapped[Customer] = relationship()
    assignee: Mapped[Agent | None] = relationship()
    team: Mapped[Team | None] = relationship()
    tags: Mapped[list[ConversationTag]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan"
    )
    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", order_by="Message.id"
    )


class ConversationTag(Base):
    __tablename__ = "conversation_tags"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)

    conversation: Mapped[Conversation] = relationship(back_populates="tags")


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    direction: Mapped[MessageDirection] = mapped_column(enum_column(MessageDirection))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)  # sanitized before it is stored
    author_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    # Set by the desktop for every reply; sending the same id twice stores one message.
    client_message_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The channel's own id (email Message-ID, social message id): one delivery, one row.
    external_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    # Channel details: email from/to/subject/headers, social platform, raw-MIME flag.
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    author: Mapped[Agent | None] = relationship()


class CallLog(Base):
    __tablename__ = "call_logs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[str] = mapped_column(String(64), unique=True)  # the phone system's id
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    direction: Mapped[CallDirection] = mapped_column(enum_column(CallDirection))
    from_number: Mapped[str] = mapped_column(String(32))
    to_number: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    duration_seconds: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[CallOutcome] = mapped_column(enum_column(CallOutcome))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    recording_ref: Mapped[str | None] = mapped_column(String(255))

    agent: Mapped[Agent | None] = relationship()
