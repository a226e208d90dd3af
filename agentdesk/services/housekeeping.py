"""Periodic upkeep: snoozed conversations whose time has come, and old events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.db.models import Conversation, ConversationStatus
from agentdesk.db.types import utcnow
from agentdesk.services.audit import audit
from agentdesk.services.events import prune_events, record_event
from agentdesk.services.inbox import summarize

WAKE_BATCH = 500


def wake_snoozed(session: Session, now: datetime | None = None) -> int:
    """Reopen snoozed conversations whose `snoozed_until` has passed, each announced."""
    now = now or utcnow()
    due = session.scalars(
        select(Conversation)
        .where(
            Conversation.status == ConversationStatus.SNOOZED,
            Conversation.snoozed_until <= now,
        )
        .order_by(Conversation.snoozed_until)
        .limit(WAKE_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    for conversation in due:
        conversation.status = ConversationStatus.OPEN
        conversation.snoozed_until = None
        session.flush()
        audit(
            session,
            None,
            "conversation.unsnooze",
            target_type="conversation",
            target_id=conversation.id,
        )
        record_event(
            session,
            "conversation.updated",
            team_id=conversation.team_id,
            conversation_id=conversation.id,
            agent_id=conversation.assignee_id,
            payload={"conversation": summarize(session, conversation).model_dump(mode="json")},
        )
    return len(due)


def prune_old_events(session: Session, now: datetime | None = None) -> int:
    return prune_events(session, now=now)
