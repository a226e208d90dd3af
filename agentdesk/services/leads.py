"""What team leads do: watch their team's load and queue, set how work is assigned, and move
several conversations at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from agentdesk.db.models import Agent, Conversation, Role, Team
from agentdesk.db.types import utcnow
from agentdesk.protocol.codes import ErrorCode
from agentdesk.protocol.payloads import ConversationSummary
from agentdesk.services import conversations
from agentdesk.services.actor import Actor
from agentdesk.services.assignment import MODES, OPEN_STATUSES, queue_clause, waiting_since
from agentdesk.services.audit import audit
from agentdesk.services.errors import Conflict, Forbidden, NotFound, ServiceError
from agentdesk.services.events import record_event
from agentdesk.services.inbox import latest_snippets
from agentdesk.services.presence import presence_of
from agentdesk.services.serialize import summary_of

AT_RISK_WITHIN = timedelta(minutes=30)
QUEUE_ROWS = 100


def team_of(team: Team) -> dict[str, Any]:
    return {
        "id": team.id,
        "name": team.name,
        "assignment_mode": team.assignment_mode,
        "return_chats_when_offline": team.return_chats_when_offline,
    }


def _led_team(
    session: Session, actor: Actor, team_id: int | None, action: str, *, lock: bool = False
) -> Team:
    """The team `actor` leads (admins: any team), or a refusal (audited)."""
    wanted = team_id if team_id is not None else actor.team_id
    if wanted is None:
        raise ServiceError(ErrorCode.INVALID_REQUEST, "name the team: you are in none")
    if not actor.is_lead or (actor.role is Role.LEAD and wanted != actor.team_id):
        message = "only the team's lead or an admin may do that"
        raise Forbidden(message, actor=actor, action=action, target_type="team", target_id=wanted)
    query = select(Team).where(Team.id == wanted)
    if lock:
        query = query.with_for_update(key_share=True)  # events may still refer to it
    team = session.scalar(query)
    if team is None:
        raise NotFound("team")
    return team


def overview(
    session: Session, actor: Actor, team_id: int | None = None, *, now: datetime | None = None
) -> dict[str, Any]:
    """`lead.overview`: the team's settings, each active agent's presence and load, and the
    unassigned queue with its first `QUEUE_ROWS` conversations, longest waiting first."""
    now = now or utcnow()
    team = _led_team(session, actor, team_id, "lead.overview")
    agents = session.scalars(
        select(Agent).where(Agent.team_id == team.id, Agent.active.is_(True)).order_by(Agent.id)
    ).all()
    ids = [agent.id for agent in agents]
    presence = presence_of(session, ids, now=now)
    load: dict[int, tuple[int, datetime | None, int]] = {}
    if ids:
        at_risk = func.count().filter(Conversation.sla_due_at < now + AT_RISK_WITHIN)
        rows = session.execute(
            select(
                Conversation.assignee_id,
                func.count(),
                func.min(Conversation.waiting_since),
                at_risk,
            )
            .where(Conversation.assignee_id.in_(ids), Conversation.status.in_(OPEN_STATUSES))
            .group_by(Conversation.assignee_id)
        )
        load = {
            a: (int(n), oldest, int(risky or 0)) for a, n, oldest, risky in rows if a is not None
        }
    people = []
    for agent in agents:
        count, oldest, risky = load.get(agent.id, (0, None, 0))
        people.append(
            {
                "id": agent.id,
                "display_name": agent.display_name,
                "role": agent.role.value,
                "presence": presence[agent.id],
                "open": count,
                "capacity": agent.capacity,
                "oldest_waiting_at": _iso(oldest),
                "at_risk": risky,
            }
        )
    count, oldest = session.execute(
        select(func.count(), func.min(waiting_since())).where(queue_clause(team.id))
    ).one()
    return {
        "team": team_of(team),
        "agents": people,
        "queue": {
            "count": int(count or 0),
            "oldest_waiting_at": _iso(oldest),
            "items": [item.model_dump(mode="json") for item in _queue(session, team.id)],
        },
    }


def _iso(value: datetime | str | None) -> str | None:
    """A time as ISO text; aggregates on SQLite come back as text, naive UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def _queue(session: Session, team_id: int) -> list[ConversationSummary]:
    rows = list(
        session.scalars(
            select(Conversation)
            .where(queue_clause(team_id))
            .options(
                joinedload(Conversation.customer, innerjoin=True),
                joinedload(Conversation.assignee),
                selectinload(Conversation.tags),
            )
            .order_by(waiting_since(), Conversation.id)
            .limit(QUEUE_ROWS)
        ).unique()
    )
    snippets = latest_snippets(session, [row.id for row in rows])
    return [summary_of(row, snippets.get(row.id, "")) for row in rows]


def update_team(
    session: Session,
    actor: Actor,
    team_id: int,
    *,
    assignment_mode: str | None = None,
    return_chats_when_offline: bool | None = None,
) -> dict[str, Any]:
    """`team.update`: how the team's work is assigned; audited and announced (`team.updated`)."""
    if assignment_mode is not None and assignment_mode not in MODES:
        raise ServiceError(ErrorCode.INVALID_REQUEST, f"assignment_mode is one of {MODES}")
    team = _led_team(session, actor, team_id, "team.update", lock=True)
    changes: dict[str, Any] = {}
    if assignment_mode is not None and assignment_mode != team.assignment_mode:
        changes["assignment_mode"] = [team.assignment_mode, assignment_mode]
        team.assignment_mode = assignment_mode
    back = return_chats_when_offline
    if back is not None and back != team.return_chats_when_offline:
        changes["return_chats_when_offline"] = [team.return_chats_when_offline, back]
        team.return_chats_when_offline = back
    if not changes:
        return team_of(team)
    session.flush()
    audit(session, actor, "team.update", target_type="team", target_id=team.id, detail=changes)
    record_event(session, "team.updated", team_id=team.id, payload={"team": team_of(team)})
    return team_of(team)


def assign_many(
    session: Session,
    actor: Actor,
    conversation_ids: Sequence[int],
    agent_id: int | None,
    *,
    versions: dict[str, int] | None = None,
    reason: str = "",
) -> dict[str, list[Any]]:
    """`conversation.assign_many`: each conversation moved as `conversation.assign` would,
    in a savepoint of its own, so one that changed meanwhile (a conflict) or may not be
    moved (refused, audited) leaves the others moved."""
    versions = versions or {}
    wanted = list(dict.fromkeys(conversation_ids))
    # Every row lock before the first event (record_event serializes event writers).
    session.execute(
        select(Conversation.id)
        .where(Conversation.id.in_(wanted))
        .order_by(Conversation.id)
        .with_for_update()
    ).all()
    assigned: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    for conversation_id in wanted:
        try:
            with session.begin_nested():
                summary = conversations.assign(
                    session,
                    actor,
                    conversation_id,
                    agent_id,
                    version=versions.get(str(conversation_id)),
                    reason=reason,
                )
            assigned.append(summary.model_dump(mode="json"))
        except Conflict as conflict:
            now = session.get(Conversation, conversation_id, populate_existing=True)
            conflicts.append(
                {
                    "conversation_id": conversation_id,
                    "assignee_id": now.assignee_id if now is not None else None,
                    "version": now.version if now is not None else None,
                    "message": conflict.message,
                }
            )
        except ServiceError as refusal:
            if refusal.audit is not None:
                audit(session, **refusal.audit)
            refused.append(
                {
                    "conversation_id": conversation_id,
                    "code": refusal.code.value,
                    "message": refusal.message,
                }
            )
    return {"assigned": assigned, "conflicts": conflicts, "refused": refused}
