"""Who may see and change which conversation: the rules every conversation service applies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from agentdesk.db.models import Agent, Conversation, Role
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services.actor import Actor
from agentdesk.services.errors import Forbidden, NotFound, ServiceError

TARGET = "conversation"


def visible_clause(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause selecting the conversations `actor` may see."""
    if actor.is_lead:
        return true()
    shared = Conversation.team_id.is_(None)
    mine = Conversation.assignee_id == actor.agent_id
    if actor.team_id is None:
        return or_(shared, mine)
    return or_(Conversation.team_id == actor.team_id, shared, mine)


def team_clause(actor: Actor) -> ColumnElement[bool]:
    """The actor's own team's conversations (none for an actor without a team)."""
    if actor.team_id is None:
        return false()
    return Conversation.team_id == actor.team_id


def can_see(actor: Actor, conversation: Conversation) -> bool:
    """Admins and leads see everything; an agent sees their team's conversations, the
    team-less ones (the shared queue) and any assigned to them. What one may not see is
    answered `not_found`, as if it did not exist (ids do not leak), and still audited."""
    if actor.is_lead:
        return True
    return conversation.team_id in (None, actor.team_id) or (
        conversation.assignee_id == actor.agent_id
    )


def _in_reach(actor: Actor, conversation: Conversation) -> bool:
    """The conversation belongs to the actor's team or to no team."""
    return conversation.team_id is None or conversation.team_id == actor.team_id


def can_act(actor: Actor, conversation: Conversation) -> bool:
    """May reply, note, update, snooze or take it. Admins: everything. Leads: their team's,
    team-less ones and their own. Agents: their own, and unassigned ones of their team or
    of no team. A visible conversation one may not change is `forbidden` (audited)."""
    if actor.is_admin or conversation.assignee_id == actor.agent_id:
        return True
    if actor.role is Role.LEAD:
        return _in_reach(actor, conversation)
    return conversation.assignee_id is None and _in_reach(actor, conversation)


def hidden(actor: Actor, action: str, target_type: str, target_id: object) -> NotFound:
    """`not_found` for something that exists but is not the actor's to see; audited."""
    error = NotFound(target_type)
    error.audit = _denial(actor, action, target_type, target_id, "not visible to the actor")
    return error


def _denial(
    actor: Actor, action: str, target_type: str, target_id: object, reason: str
) -> dict[str, Any]:
    return {
        "actor": actor,
        "action": "denied." + action,
        "target_type": target_type,
        "target_id": target_id,
        "detail": {"reason": reason},
    }


def forbid(actor: Actor, action: str, conversation: Conversation, message: str) -> Forbidden:
    return Forbidden(
        message, actor=actor, action=action, target_type=TARGET, target_id=conversation.id
    )


def visible_conversation(
    session: Session, actor: Actor, conversation_id: int, action: str, *, lock: bool = False
) -> Conversation:
    """Load a conversation the actor may see (locked FOR UPDATE when `lock`), or refuse."""
    query = select(Conversation).where(Conversation.id == conversation_id)
    if lock:
        query = query.with_for_update()
    conversation = session.scalar(query)
    if conversation is None:
        raise NotFound(TARGET)
    if not can_see(actor, conversation):
        raise hidden(actor, action, TARGET, conversation_id)
    return conversation


def actionable_conversation(
    session: Session, actor: Actor, conversation_id: int, action: str
) -> Conversation:
    """Load and lock a conversation the actor may change, or refuse (audited)."""
    conversation = visible_conversation(session, actor, conversation_id, action, lock=True)
    if not can_act(actor, conversation):
        if conversation.assignee_id is not None and conversation.assignee_id != actor.agent_id:
            reason = "this conversation is assigned to another agent"
        else:
            reason = "this conversation belongs to another team"
        raise forbid(actor, action, conversation, reason)
    return conversation


def assignable_agent(session: Session, agent_id: int) -> Agent:
    """An agent who may be given work: one who exists and is active."""
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound("agent")
    if not agent.active:
        raise ServiceError(ErrorCode.INVALID_STATE, f"{agent.display_name} is disabled")
    return agent


def check_assign(
    actor: Actor, conversation: Conversation, target: Agent | None, action: str
) -> None:
    """Refuse (audited) a move of `conversation` to `target` (None: back to the queue).

    Only a lead or an admin moves a conversation somebody else holds, or gives one to
    another agent; a lead only within their own team (conversation and agent alike). An
    agent may take an unassigned one they could act on, or hand their own back."""
    target_id = target.id if target is not None else None
    if actor.is_admin:
        return
    if actor.role is Role.LEAD:
        if not _in_reach(actor, conversation):
            raise forbid(actor, action, conversation, "a lead assigns only their own team's work")
        if target is not None and target.team_id != actor.team_id:
            raise forbid(actor, action, conversation, "a lead assigns only to their own team")
        return
    holder = conversation.assignee_id
    if holder is not None and holder != actor.agent_id:
        raise forbid(actor, action, conversation, "only leads reassign other agents' work")
    if target_id is not None and target_id != actor.agent_id:
        raise forbid(actor, action, conversation, "only leads assign work to other agents")
    if holder is None and not _in_reach(actor, conversation):
        raise forbid(actor, action, conversation, "this conversation belongs to another team")
