"""The event log: each change announces itself in its own transaction, numbered in order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from agentdesk.db.models import Event
from agentdesk.db.types import utcnow

NOTIFY_CHANNEL = "agentdesk_events"
# Serialises the tail of every event-writing transaction on PostgreSQL: a sequence hands
# out numbers in insert order, but transactions may commit in another order, and a
# reader that saw 11 before 10 committed would skip 10 for good. Holding this lock from
# the event insert to the commit makes commit order equal sequence order.
_EVENT_LOCK_KEY = 0x61676E74  # "agnt"
RETENTION = timedelta(days=7)


def record_event(
    session: Session,
    name: str,
    *,
    team_id: int | None,
    conversation_id: int | None = None,
    agent_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> Event:
    """Write the event for a change; call it last in the unit of work, just before commit."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _EVENT_LOCK_KEY})
    event = Event(
        type=name,
        team_id=team_id,
        conversation_id=conversation_id,
        agent_id=agent_id,
        payload=payload or {},
    )
    session.add(event)
    session.flush()
    if bind.dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :seq)"),
            {"channel": NOTIFY_CHANNEL, "seq": str(event.seq)},
        )
    return event


def last_seq(session: Session) -> int:
    return session.scalar(select(func.max(Event.seq))) or 0


def events_after(session: Session, seq: int, limit: int = 1000) -> Sequence[Event]:
    return session.scalars(
        select(Event).where(Event.seq > seq).order_by(Event.seq).limit(limit)
    ).all()


def can_resume_from(session: Session, seq: int) -> bool:
    """True when every event after `seq` is still kept and `seq` is one this log gave out."""
    oldest, newest = session.execute(select(func.min(Event.seq), func.max(Event.seq))).one()
    if oldest is None:
        return seq == 0
    return oldest - 1 <= seq <= newest


def prune_events(session: Session, *, now: datetime | None = None) -> int:
    """Drop events older than the retention window, always keeping the newest one."""
    cutoff = (now or utcnow()) - RETENTION
    newest = last_seq(session)
    result = session.execute(delete(Event).where(Event.at < cutoff, Event.seq < newest))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
