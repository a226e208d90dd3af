"""Reading the audit trail: leads review their team's entries, admins every entry.

Read-only: this module selects entries and never changes one (see services/audit.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, or_, select, true
from sqlalchemy.orm import Session

from agentdesk.db.models import Agent, AuditEntry, Conversation
from agentdesk.protocol.payloads import Page, Payload
from agentdesk.services.actor import Actor
from agentdesk.services.errors import Forbidden
from agentdesk.services.serialize import decode_cursor, encode_cursor

ACTION = "audit.list"
CONVERSATION = "conversation"


class AuditItemOut(Payload):
    """One audit entry as the audit view shows it."""

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str | None
    action: str
    target_type: str
    target_id: str
    detail: dict[str, Any]
    address: str


def list_audit(
    session: Session,
    actor: Actor,
    *,
    agent_id: int | None = None,
    action: str | None = None,
    conversation_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Page[AuditItemOut]:
    """One page of audit entries, newest first; `next_cursor` is None on the last page.

    A lead sees the entries their team's agents made and those about their team's
    conversations; an admin sees every entry; an agent is refused (audited). Filters:
    `agent_id` (who did it), `action` (exact; ending in "." it is a prefix, so
    "denied." lists every refusal), `conversation_id` (entries about that conversation),
    `since` (inclusive) and `until` (exclusive). The keyset cursor over (at, id) keeps
    rows from repeating or going missing between pages."""
    query = (
        select(AuditEntry, Agent.display_name)
        .outerjoin(Agent, Agent.id == AuditEntry.actor_agent_id)
        .where(_visible(actor))
    )
    if agent_id is not None:
        query = query.where(AuditEntry.actor_agent_id == agent_id)
    if action:
        if action.endswith("."):
            query = query.where(AuditEntry.action.startswith(action, autoescape=True))
        else:
            query = query.where(AuditEntry.action == action)
    if conversation_id is not None:
        query = query.where(
            AuditEntry.target_type == CONVERSATION,
            AuditEntry.target_id == str(conversation_id),
        )
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    if cursor:
        query = query.where(_after(cursor))
    rows = session.execute(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [_item_of(entry, name) for entry, name in rows]
    next_cursor = encode_cursor(rows[-1][0].at, rows[-1][0].id) if more else None
    return Page[AuditItemOut](items=items, next_cursor=next_cursor)


def _visible(actor: Actor) -> ColumnElement[bool]:
    """The entries `actor` may read, or a refusal."""
    if not actor.is_lead:
        raise Forbidden(
            "only leads and admins read the audit trail",
            actor=actor,
            action=ACTION,
            target_type="audit",
            target_id="",
        )
    if actor.is_admin:
        return true()
    if actor.team_id is None:
        raise Forbidden(
            "a lead without a team has no team to review",
            actor=actor,
            action=ACTION,
            target_type="audit",
            target_id="",
        )
    team_agents = select(Agent.id).where(Agent.team_id == actor.team_id)
    team_conversations = select(cast(Conversation.id, String)).where(
        Conversation.team_id == actor.team_id
    )
    return or_(
        AuditEntry.actor_agent_id.in_(team_agents),
        and_(
            AuditEntry.target_type == CONVERSATION,
            AuditEntry.target_id.in_(team_conversations),
        ),
    )


def _after(cursor: str) -> ColumnElement[bool]:
    """Entries strictly after the cursor in (at DESC, id DESC) order, as a range on the
    indexed `at` plus a tie-break."""
    at, row_id = decode_cursor(cursor)
    return and_(AuditEntry.at <= at, or_(AuditEntry.at < at, AuditEntry.id < row_id))


def _item_of(entry: AuditEntry, actor_name: str | None) -> AuditItemOut:
    return AuditItemOut(
        id=entry.id,
        at=entry.at,
        actor_id=entry.actor_agent_id,
        actor_name=actor_name,
        action=entry.action,
        target_type=entry.target_type,
        target_id=entry.target_id,
        detail=dict(entry.detail or {}),
        address=entry.address,
    )
