"""Changing a conversation: replies and notes (idempotent), updates, snoozes, assignment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import nh3
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.exc import StaleDataError

from agentdesk.db.models import (
    Agent,
    Conversation,
    ConversationStatus,
    ConversationTag,
    Message,
    MessageDirection,
    Priority,
)
from agentdesk.db.types import utcnow
from agentdesk.protocol.codes import ErrorCode
from agentdesk.protocol.payloads import ConversationSummary, MessageOut
from agentdesk.services.actor import Actor
from agentdesk.services.audit import audit
from agentdesk.services.errors import Conflict, ServiceError
from agentdesk.services.events import record_event
from agentdesk.services.inbox import get_conversation, summarize
from agentdesk.services.outbound import enqueue_reply
from agentdesk.services.permissions import (
    TARGET,
    actionable_conversation,
    assignable_agent,
    can_act,
    check_assign,
    forbid,
    visible_conversation,
)
from agentdesk.services.serialize import message_of

__all__ = [
    "add_note",
    "assign",
    "get_conversation",  # the read side lives in `inbox`; kept here for callers
    "send_reply",
    "snooze",
    "take",
    "update_conversation",
]


def send_reply(
    session: Session,
    actor: Actor,
    conversation_id: int,
    client_message_id: str,
    text: str,
    html: str | None = None,
) -> MessageOut:
    """Reply to the customer; the same `client_message_id` again returns the first reply.

    The reply sets the conversation `pending` (waiting on the customer), wakes it if
    snoozed, moves `last_message_at` and, when nobody holds it, assigns it to the replier.
    HTML is sanitized with nh3 before it is stored."""
    clean = nh3.clean(html) if html is not None else None
    draft = Message(direction=MessageDirection.OUT, text=text, html=clean)
    return _post(session, actor, conversation_id, client_message_id, draft)


def add_note(
    session: Session, actor: Actor, conversation_id: int, client_message_id: str, text: str
) -> MessageOut:
    """A private note for colleagues, idempotent like `send_reply`; it changes nothing else."""
    draft = Message(direction=MessageDirection.NOTE, text=text)
    return _post(session, actor, conversation_id, client_message_id, draft)


def _sent_before(
    session: Session, actor: Actor, conversation_id: int, client_id: str, kind: MessageDirection
) -> Message | None:
    """The message stored for this client id, or None; the id used elsewhere is a conflict."""
    message = session.scalar(
        select(Message)
        .options(joinedload(Message.author))
        .where(Message.client_message_id == client_id)
    )
    if message is None:
        return None
    mine = (conversation_id, actor.agent_id, kind)
    if (message.conversation_id, message.author_agent_id, message.direction) != mine:
        detail = {"client_message_id": client_id}
        raise Conflict("this client_message_id belongs to another message", detail)
    return message


def _post(
    session: Session, actor: Actor, conversation_id: int, client_id: str, draft: Message
) -> MessageOut:
    kind = draft.direction
    action = "conversation.reply" if kind is MessageDirection.OUT else "conversation.note"
    # A resend of something stored already is acknowledged even if, meanwhile, the
    # conversation moved away from this agent: the first send was allowed.
    earlier = _sent_before(session, actor, conversation_id, client_id, kind)
    if earlier is not None:
        return message_of(earlier)
    conversation = actionable_conversation(session, actor, conversation_id, action)
    loaded, now = conversation.version, utcnow()
    draft.conversation_id, draft.client_message_id = conversation.id, client_id
    draft.author_agent_id, draft.meta, draft.created_at = actor.agent_id, {}, now
    try:
        with session.begin_nested():
            session.add(draft)
    except IntegrityError:
        # A concurrent send of the same id committed first: acknowledge that one.
        earlier = _sent_before(session, actor, conversation_id, client_id, kind)
        if earlier is None:
            raise
        return message_of(earlier)
    if kind is MessageDirection.OUT:
        if conversation.assignee_id is None:
            _move(session, actor, conversation, session.get_one(Agent, actor.agent_id), "reply")
        conversation.status = ConversationStatus.PENDING
        conversation.snoozed_until = None
        conversation.last_message_at = now
        enqueue_reply(session, conversation, draft)
    _audit(session, actor, action, conversation, {"message_id": draft.id})
    out = message_of(draft)
    _finish(session, "message.created", conversation, loaded, message=_json(out))
    return out


def update_conversation(
    session: Session,
    actor: Actor,
    conversation_id: int,
    *,
    version: int | None = None,
    status: str | None = None,
    priority: str | None = None,
    add_tags: list[str] | None = None,
    remove_tags: list[str] | None = None,
) -> ConversationSummary:
    """Change status, priority and tags; nothing to change writes nothing."""
    conversation = actionable_conversation(session, actor, conversation_id, "conversation.update")
    loaded = conversation.version
    _check_version(conversation, version)
    changes: dict[str, Any] = {}
    line: Message | None = None
    if status is not None and status != conversation.status:
        changes["status"] = [conversation.status.value, status]
        line = _status_line(session, actor, conversation, status)
        conversation.status = ConversationStatus(status)
        conversation.snoozed_until = None
    if priority is not None and priority != conversation.priority:
        changes["priority"] = [conversation.priority.value, priority]
        conversation.priority = Priority(priority)
    changes.update(_retag(conversation, add_tags or [], remove_tags or []))
    if not changes:
        return summarize(session, conversation)
    _audit(session, actor, "conversation.update", conversation, changes)
    extra = {"message": _json(message_of(line))} if line is not None else {}
    return _finish(session, "conversation.updated", conversation, loaded, **extra)


def _status_line(
    session: Session, actor: Actor, conversation: Conversation, status: str
) -> Message:
    """A timeline line for a status change, like the one an assignment leaves."""
    meta = {"kind": "status", "from": conversation.status.value, "to": status}
    line = Message(
        conversation_id=conversation.id,
        direction=MessageDirection.NOTE,
        text=f"status: {conversation.status.value} → {status}",
        author_agent_id=actor.agent_id,
        meta={**meta, "by": actor.agent_id},
        created_at=utcnow(),
    )
    session.add(line)
    session.flush()
    return line


def _retag(conversation: Conversation, add: list[str], remove: list[str]) -> dict[str, Any]:
    present = {tag.tag: tag for tag in conversation.tags}
    added = sorted({t.strip() for t in add if t.strip()} - set(present))
    conversation.tags.extend(ConversationTag(tag=tag) for tag in added)
    removed = sorted({t.strip() for t in remove} & set(present))
    for tag in removed:
        conversation.tags.remove(present[tag])
    changes = {"added_tags": added, "removed_tags": removed}
    return {key: tags for key, tags in changes.items() if tags}


def snooze(
    session: Session, actor: Actor, conversation_id: int, until: datetime
) -> ConversationSummary:
    """Hide the conversation from the default views until `until` (a future time)."""
    conversation = actionable_conversation(session, actor, conversation_id, "conversation.snooze")
    loaded = conversation.version
    if until <= utcnow():
        raise ServiceError(ErrorCode.INVALID_REQUEST, "snooze until a time in the future")
    if conversation.status is ConversationStatus.RESOLVED:
        raise ServiceError(ErrorCode.INVALID_STATE, "a resolved conversation cannot be snoozed")
    conversation.status = ConversationStatus.SNOOZED
    conversation.snoozed_until = until
    _audit(session, actor, "conversation.snooze", conversation, {"until": until.isoformat()})
    return _finish(session, "conversation.updated", conversation, loaded)


def take(session: Session, actor: Actor, conversation_id: int) -> ConversationSummary:
    """Assign an unassigned conversation to oneself; somebody else's is a conflict."""
    conversation = visible_conversation(
        session, actor, conversation_id, "conversation.take", lock=True
    )
    holder = conversation.assignee
    if holder is not None and holder.id == actor.agent_id:
        return summarize(session, conversation)
    if holder is not None:
        detail = {"assignee_id": holder.id, "version": conversation.version}
        raise Conflict(f"{holder.display_name} has this conversation already", detail)
    if not can_act(actor, conversation):
        raise forbid(actor, "conversation.take", conversation, "this belongs to another team")
    me = session.get_one(Agent, actor.agent_id)
    return _reassign(session, actor, conversation, me, "take")


def assign(
    session: Session,
    actor: Actor,
    conversation_id: int,
    agent_id: int | None,
    *,
    version: int | None = None,
    reason: str = "",
) -> ConversationSummary:
    """Give the conversation to `agent_id`, or back to the queue with None."""
    conversation = visible_conversation(
        session, actor, conversation_id, "conversation.assign", lock=True
    )
    _check_version(conversation, version)
    target = assignable_agent(session, agent_id) if agent_id is not None else None
    check_assign(actor, conversation, target, "conversation.assign")
    if conversation.assignee_id == agent_id:
        return summarize(session, conversation)
    return _reassign(session, actor, conversation, target, reason)


def _reassign(
    session: Session,
    actor: Actor | None,
    conversation: Conversation,
    target: Agent | None,
    reason: str,
    *,
    text: str | None = None,
) -> ConversationSummary:
    before, loaded = conversation.assignee_id, conversation.version
    note = _move(session, actor, conversation, target, reason, text=text)
    moved = {"from": before, "to": conversation.assignee_id, "message": _json(message_of(note))}
    return _finish(session, "conversation.assigned", conversation, loaded, **moved)


def system_move(
    session: Session,
    conversation: Conversation,
    target: Agent | None,
    reason: str,
    *,
    text: str | None = None,
) -> ConversationSummary:
    """Move a conversation without an agent acting (auto-assignment, a return to the queue):
    the same timeline line, audit entry and event as `assign`, with nobody as the actor."""
    return _reassign(session, None, conversation, target, reason, text=text)


def _move(
    session: Session,
    actor: Actor | None,
    conversation: Conversation,
    target: Agent | None,
    reason: str,
    *,
    text: str | None = None,
) -> Message:
    """Set the assignee, join the assignee's team, and note the move on the timeline."""
    before = conversation.assignee_id
    conversation.assignee = target
    if target is not None and target.team_id is not None:
        conversation.team_id = target.team_id
    to = target.id if target is not None else None
    by = actor.agent_id if actor is not None else None
    meta = {"kind": "assignment", "from": before, "to": to, "by": by}
    default = f"assigned to {target.display_name}" if target else "returned to the queue"
    note = Message(
        conversation_id=conversation.id,
        direction=MessageDirection.NOTE,
        text=text or default,
        author_agent_id=by,
        meta={**meta, "reason": reason},
        created_at=utcnow(),
    )
    session.add(note)
    session.flush()
    _audit(session, actor, "conversation.assign", conversation, {**meta, "reason": reason})
    return note


def _audit(
    session: Session,
    actor: Actor | None,
    action: str,
    conversation: Conversation,
    detail: dict[str, Any],
) -> None:
    audit(session, actor, action, target_type=TARGET, target_id=conversation.id, detail=detail)


def _check_version(conversation: Conversation, version: int | None) -> None:
    if version is not None and version != conversation.version:
        raise Conflict(
            "the conversation was changed meanwhile",
            {"version": conversation.version, "assignee_id": conversation.assignee_id},
        )


def _finish(
    session: Session, event: str, conversation: Conversation, loaded: int, **extra: Any
) -> ConversationSummary:
    """Flush the change with a version after `loaded` (a tag-only change updates no column,
    and an autoflush may have written part of it already), then write its event, last."""
    try:
        session.flush()
        if conversation.version == loaded:
            conversation.version = loaded + 1
            session.flush()
    except StaleDataError as exc:  # only if somebody wrote around the row lock
        raise Conflict("the conversation was changed meanwhile", {"version": None}) from exc
    summary = summarize(session, conversation)
    record_event(
        session,
        event,
        team_id=conversation.team_id,
        conversation_id=conversation.id,
        agent_id=conversation.assignee_id,
        payload={"conversation": _json(summary), **extra},
    )
    return summary


def _json(model: MessageOut | ConversationSummary) -> dict[str, Any]:
    return model.model_dump(mode="json")


def typing(session: Session, actor: Actor, conversation_id: int) -> None:
    """Tell the customer's chat window (and colleagues) that this agent is typing.

    Desktops send it at most every few seconds while the composer changes; it is an event
    only (no audit entry: it changes nothing), so every server process's chat sockets get it."""
    conversation = visible_conversation(session, actor, conversation_id, "conversation.typing")
    record_event(
        session,
        "conversation.typing",
        team_id=conversation.team_id,
        conversation_id=conversation.id,
        agent_id=conversation.assignee_id,
        payload={"side": "agent", "agent_id": actor.agent_id, "name": actor.display_name},
    )


def viewing(session: Session, actor: Actor, conversation_id: int, on: bool) -> None:
    """Tell colleagues this agent opened (or left) the conversation, so two agents do not
    answer the same customer unawares. An event only: nothing is stored, nothing audited;
    desktops forget a viewer who stops repeating it (see the desktop's ViewerBoard)."""
    conversation = visible_conversation(session, actor, conversation_id, "conversation.viewing")
    record_event(
        session,
        "conversation.viewing",
        team_id=conversation.team_id,
        conversation_id=conversation.id,
        agent_id=conversation.assignee_id,
        payload={"agent_id": actor.agent_id, "name": actor.display_name, "viewing": on},
    )
