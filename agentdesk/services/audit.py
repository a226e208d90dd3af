"""The audit trail: entries are added in the caller's transaction and never changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from agentdesk.db.models import AuditEntry
from agentdesk.services.actor import Actor


def audit(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    target_type: str = "",
    target_id: object = "",
    detail: dict[str, Any] | None = None,
    address: str = "",
) -> None:
    """Add one entry. There is deliberately no function here that updates or deletes one."""
    session.add(
        AuditEntry(
            actor_agent_id=actor.agent_id if actor else None,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            detail=detail or {},
            address=address or (actor.address if actor else ""),
        )
    )
