"""What agents read: inbox views and counts over visible conversations, one conversation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from agentdesk.db.models import (
    CallLog,
    Channel,
    Conversation,
    ConversationStatus,
    Message,
    MessageDirection,
    Priority,
)
from agentdesk.db.types import utcnow
from agentdesk.protocol.payloads import (
    ConversationDetail,
    ConversationSummary,
    InboxCountsOut,
    Page,
)
from agentdesk.services.actor import Actor
from agentdesk.services.outbound import deliveries_of
from agentdesk.services.permissions import team_clause, visible_clause, visible_conversation
from agentdesk.services.serialize import (
    call_of,
    decode_cursor,
    encode_cursor,
    message_of,
    snippet_of,
    summary_of,
)

View = Literal["mine", "unassigned", "team", "all"]
Sla = Literal["at_risk", "breached"]
AT_RISK_WINDOW = timedelta(hours=1)
DEFAULT_STATUSES = (ConversationStatus.OPEN, ConversationStatus.PENDING)
# Enough of a long message's start to make a snippet, without reading whole emails.
_SNIPPET_SOURCE = 4 * 120


def view_clause(actor: Actor, view: View) -> ColumnElement[bool]:
    if view == "mine":
        return Conversation.assignee_id == actor.agent_id
    if view == "unassigned":
        return and_(Conversation.assignee_id.is_(None), visible_clause(actor))
    if view == "team":
        return and_(team_clause(actor), visible_clause(actor))
    return visible_clause(actor)


def sla_clause(sla: Sla, now: datetime) -> ColumnElement[bool]:
    if sla == "breached":
        return Conversation.sla_due_at < now
    return and_(Conversation.sla_due_at >= now, Conversation.sla_due_at < now + AT_RISK_WINDOW)


def status_clause(statuses: Sequence[str] | None) -> ColumnElement[bool]:
    wanted = [ConversationStatus(s) for s in statuses] if statuses else list(DEFAULT_STATUSES)
    if len(wanted) == 1:
        return Conversation.status == wanted[0]
    return Conversation.status.in_(wanted)


def _after(cursor: str) -> ColumnElement[bool]:
    """Rows strictly after the cursor in (last_message_at DESC, id DESC) order.

    Written as a range on last_message_at plus a tie-break, so that both SQLite and
    PostgreSQL can walk an index on last_message_at instead of filtering every row."""
    at, row_id = decode_cursor(cursor)
    return and_(
        Conversation.last_message_at <= at,
        or_(Conversation.last_message_at < at, Conversation.id < row_id),
    )


def list_inbox(
    session: Session,
    actor: Actor,
    *,
    view: View = "mine",
    channel: str | None = None,
    status: Sequence[str] | None = None,
    priority: str | None = None,
    sla: Sla | None = None,
    customer_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
    now: datetime | None = None,
) -> Page[ConversationSummary]:
    """One page of a view, newest activity first; `next_cursor` is None on the last page.

    Views: `mine` (assigned to me), `unassigned` (nobody's, among what I may see), `team`
    (my team's; nothing for an actor without a team), `all` (everything I may see).
    Without a status filter, open and pending rows. `sla="at_risk"`: due within the next
    hour; `"breached"`: overdue. The keyset cursor (last_message_at, id) makes page N cost
    what page 1 costs, and rows never repeat or go missing between pages."""
    query: Select[Conversation] = select(Conversation).where(
        view_clause(actor, view), status_clause(status)
    )
    if channel is not None:
        query = query.where(Conversation.channel == Channel(channel))
    if customer_id is not None:  # a customer's history across every channel
        query = query.where(Conversation.customer_id == customer_id)
    if priority is not None:
        query = query.where(Conversation.priority == Priority(priority))
    if sla is not None:
        query = query.where(sla_clause(sla, now or utcnow()))
    if cursor:
        query = query.where(_after(cursor))
    query = (
        query.options(
            joinedload(Conversation.customer, innerjoin=True),
            joinedload(Conversation.assignee),
            selectinload(Conversation.tags),
        )
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .limit(limit + 1)
    )
    rows = list(session.scalars(query).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    texts = latest_snippets(session, [row.id for row in rows])
    items = [summary_of(row, texts.get(row.id, "")) for row in rows]
    next_cursor = encode_cursor(rows[-1].last_message_at, rows[-1].id) if more else None
    return Page[ConversationSummary](items=items, next_cursor=next_cursor)


def latest_snippets(session: Session, conversation_ids: Sequence[int]) -> dict[int, str]:
    """The snippet of each conversation's latest customer-facing message, in one query.

    Private notes (assignment entries included) are left out: the inbox shows what was
    last said to or by the customer."""
    if not conversation_ids:
        return {}
    latest = (
        select(func.max(Message.id))
        .where(
            Message.conversation_id.in_(conversation_ids),
            Message.direction != MessageDirection.NOTE,
        )
        .group_by(Message.conversation_id)
    )
    rows = session.execute(
        select(Message.conversation_id, func.substr(Message.text, 1, _SNIPPET_SOURCE)).where(
            Message.id.in_(latest)
        )
    )
    return {conversation_id: snippet_of(text or "") for conversation_id, text in rows}


def summarize(session: Session, conversation: Conversation) -> ConversationSummary:
    """The inbox row of one conversation, as events and replies carry it."""
    snippet = latest_snippets(session, [conversation.id]).get(conversation.id, "")
    return summary_of(conversation, snippet)


def get_conversation(
    session: Session, actor: Actor, conversation_id: int, message_limit: int = 200
) -> ConversationDetail:
    """The conversation, its last `message_limit` messages (oldest first) and its calls."""
    conversation = visible_conversation(session, actor, conversation_id, "conversation.get")
    newest_first = session.scalars(
        select(Message)
        .options(joinedload(Message.author))
        .where(Message.conversation_id == conversation_id)
        .order_by(Message.id.desc())
        .limit(message_limit)
    ).all()
    calls = session.scalars(
        select(CallLog)
        .options(joinedload(CallLog.agent))
        .where(CallLog.conversation_id == conversation_id)
        .order_by(CallLog.started_at, CallLog.id)
    ).all()
    messages = [message_of(message) for message in reversed(newest_first)]
    outgoing = [m.id for m in messages if m.direction == MessageDirection.OUT.value]
    if outgoing:
        deliveries = deliveries_of(session, outgoing)
        messages = [
            m.model_copy(update={"delivery": deliveries[m.id]}) if m.id in deliveries else m
            for m in messages
        ]
    return ConversationDetail(
        conversation=summarize(session, conversation),
        messages=messages,
        calls=[call_of(call) for call in calls],
    )


def inbox_counts(session: Session, actor: Actor, now: datetime | None = None) -> InboxCountsOut:
    """How many rows each view and filter would list, in one pass over visible rows.

    `mine`, `unassigned`, `team`, `all`, one key per channel (within `all`),
    `sla_at_risk` and `sla_breached` (within `all`) count open and pending
    conversations, like the views without a status filter; `snoozed` counts my
    snoozed conversations."""
    now = now or utcnow()
    active = status_clause(None)
    counted: dict[str, ColumnElement[bool]] = {
        "mine": and_(active, view_clause(actor, "mine")),
        "unassigned": and_(active, Conversation.assignee_id.is_(None)),
        "team": and_(active, team_clause(actor)),
        "all": active,
    }
    for channel in Channel:
        counted[channel.value] = and_(active, Conversation.channel == channel)
    counted["sla_at_risk"] = and_(active, sla_clause("at_risk", now))
    counted["sla_breached"] = and_(active, sla_clause("breached", now))
    counted["snoozed"] = and_(
        Conversation.status == ConversationStatus.SNOOZED,
        Conversation.assignee_id == actor.agent_id,
    )
    columns = [func.count().filter(condition).label(name) for name, condition in counted.items()]
    wanted = Conversation.status.in_([*DEFAULT_STATUSES, ConversationStatus.SNOOZED])
    row = session.execute(select(*columns).where(visible_clause(actor), wanted)).one()
    return InboxCountsOut(
        views={name: int(value or 0) for name, value in zip(counted, row, strict=True)}
    )
