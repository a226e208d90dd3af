"""Who is on either side of a conversation: teams and agents, customers and their handles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agentdesk.db.models.base import Base, BigId, enum_column
from agentdesk.db.models.enums import Language, Role, SocialPlatform
from agentdesk.db.types import utcnow


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Auto-assignment: off, round_robin or balanced (fewest open) among online agents.
    assignment_mode: Mapped[str] = mapped_column(String(16), default="off")
    # Round robin resumes after the agent who got the last conversation.
    assignment_cursor: Mapped[int | None]
    # An agent going offline hands their open chats back to the queue.
    return_chats_when_offline: Mapped[bool] = mapped_column(default=False)

    agents: Mapped[list[Agent]] = relationship(back_populates="team")


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.AGENT)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    language: Mapped[Language] = mapped_column(enum_column(Language), default=Language.ZH)
    capacity: Mapped[int] = mapped_column(default=8)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[Team | None] = relationship(back_populates="agents")


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)  # E.164
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    language: Mapped[Language] = mapped_column(enum_column(Language), default=Language.ZH)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when an agent confirmed this is the same person as another customer: everything
    # moved there, and lookups that land here follow the pointer.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))

    handles: Mapped[list[SocialHandle]] = relationship(
        back_populates="customer", cascade="all, delete-orphan"
    )


class SocialHandle(Base):
    """A customer's identity on a social platform; one handle belongs to one customer."""

    __tablename__ = "social_handles"
    __table_args__ = (UniqueConstraint("platform", "handle"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    platform: Mapped[SocialPlatform] = mapped_column(enum_column(SocialPlatform))
    handle: Mapped[str] = mapped_column(String(120))

    customer: Mapped[Customer] = relationship(back_populates="handles")
