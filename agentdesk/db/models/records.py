"""What the desk keeps about itself: templates, the audit trail and the event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from agentdesk.db.models.base import Base, BigId, enum_column
from agentdesk.db.models.enums import Language
from agentdesk.db.types import utcnow


class Template(Base):
    """A canned response in one language, loaded from `resources/templates/`."""

    __tablename__ = "templates"
    __table_args__ = (UniqueConstraint("key", "language"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    language: Mapped[Language] = mapped_column(enum_column(Language))
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    shortcut: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """One thing somebody did. Rows are only ever inserted, never updated or deleted."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_at", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    address: Mapped[str] = mapped_column(String(64), default="")


class Event(Base):
    """A change announced to desktops; `seq` grows with every committed change."""

    __tablename__ = "events"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    type: Mapped[str] = mapped_column(String(64))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AgentSession(Base):
    """A signed-in desktop: only the SHA-256 of its 128-bit token is kept."""

    __tablename__ = "agent_sessions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    address: Mapped[str] = mapped_column(String(64), default="")


class AgentPresence(Base):
    """One live desktop connection of an agent, kept by the server process serving it.

    An agent is online while any fresh row says online, away while their fresh rows all
    say away, and offline otherwise; a process that dies leaves rows that go stale (no
    heartbeat), so presence never sticks at online."""

    __tablename__ = "agent_presence"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    server_id: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default="online")
    connected_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
