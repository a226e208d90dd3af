"""Keeps every conversation's SLA due time current, and announces the ones that pass.

The due time is recomputed after every flush that touches a conversation's clock: a new
customer or agent message, or a status change (pending and snoozed stop the clock,
reopening starts it again). Doing it in the session's `after_flush` hook rather than in
each service means no code path can change a conversation and forget its due time: an
inbound email, a webhook, a reply, an unsnooze and a merge all pass through here. The new
due time rides to the desktops in the summary of the event the change writes anyway.

`announce_breaches` runs from the server's upkeep loop: a conversation whose due time has
passed gets `sla_breached_at` set by a conditional UPDATE (so of several server processes
exactly one announces it) and an `sla_breached` event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.attributes import set_committed_value

from agentdesk.db.models import Conversation, ConversationStatus, Message, MessageDirection
from agentdesk.db.types import utcnow
from agentdesk.services.business_hours import BusinessCalendar
from agentdesk.services.events import record_event
from agentdesk.services.inbox import summarize
from agentdesk.services.sla import (
    DEFAULT_CALENDAR,
    DEFAULT_POLICY,
    SlaPolicy,
    next_due,
    paused_time,
)

_CLOCK_STOPPED = frozenset({ConversationStatus.PENDING, ConversationStatus.SNOOZED})
BREACH_BATCH = 200
_CLOCK_COLUMNS = (
    "first_response_at",
    "waiting_since",
    "sla_paused_at",
    "sla_paused_seconds",
    "sla_due_at",
    "sla_breached_at",
)


@dataclass(slots=True)
class ClockState:
    """A conversation's clock columns, changed here and written back in one UPDATE."""

    first_response_at: datetime | None
    waiting_since: datetime | None
    sla_paused_at: datetime | None
    sla_paused_seconds: int
    sla_due_at: datetime | None
    sla_breached_at: datetime | None

    @classmethod
    def of(cls, conversation: Conversation) -> ClockState:
        return cls(**{name: getattr(conversation, name) for name in _CLOCK_COLUMNS})

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _CLOCK_COLUMNS}


class SlaClock:
    """The desk's calendar and policy; one instance serves every session."""

    def __init__(
        self, calendar: BusinessCalendar = DEFAULT_CALENDAR, policy: SlaPolicy = DEFAULT_POLICY
    ) -> None:
        self.calendar = calendar
        self.policy = policy

    def customer_turn(self, clock: ClockState, status: ConversationStatus, at: datetime) -> None:
        """A customer message: it starts an unanswered turn unless one is running already."""
        if clock.waiting_since is None or status is ConversationStatus.RESOLVED:
            clock.waiting_since = at
            # Time spent waiting on the customer before they wrote is not on this clock.
            clock.sla_paused_seconds = 0
            clock.sla_paused_at = None

    def agent_answer(self, clock: ClockState, at: datetime) -> None:
        """A reply to the customer (or an answered call) ends their turn."""
        if clock.first_response_at is None:
            clock.first_response_at = at
        clock.waiting_since = None
        clock.sla_paused_seconds = 0
        clock.sla_paused_at = None

    def status_changed(
        self,
        clock: ClockState,
        conversation: Conversation,
        before: ConversationStatus | None,
        now: datetime,
    ) -> None:
        after = conversation.status
        if after in _CLOCK_STOPPED and before not in _CLOCK_STOPPED:
            clock.sla_paused_at = now
        elif after not in _CLOCK_STOPPED and clock.sla_paused_at is not None:
            if after is ConversationStatus.OPEN:
                pause = paused_time(
                    conversation.channel,
                    first_response_pending=clock.first_response_at is None,
                    paused_from=clock.sla_paused_at,
                    resumed_at=now,
                    calendar=self.calendar,
                    policy=self.policy,
                )
                clock.sla_paused_seconds += int(pause.total_seconds())
            clock.sla_paused_at = None

    def recompute(self, clock: ClockState, conversation: Conversation) -> None:
        due = next_due(
            conversation.channel,
            # The first turn starts when the conversation does; one reopened after a
            # resolution without any reply starts its first-response clock anew.
            opened_at=clock.waiting_since or conversation.created_at,
            waiting_since=clock.waiting_since,
            status=conversation.status,
            first_response_at=clock.first_response_at,
            paused_total=timedelta(seconds=clock.sla_paused_seconds or 0),
            calendar=self.calendar,
            policy=self.policy,
        )
        if due != clock.sla_due_at:
            clock.sla_due_at = due
            clock.sla_breached_at = None  # a new due time may breach anew


CLOCK = SlaClock()


def configure(calendar: BusinessCalendar, policy: SlaPolicy) -> None:
    """Use the desk's own hours and targets from now on (the server does it at start)."""
    CLOCK.calendar, CLOCK.policy = calendar, policy


def _is_customer_turn(message: Message) -> bool:
    meta: dict[str, Any] = message.meta or {}
    if message.direction is MessageDirection.IN:
        # Auto-replies and bounces are the customer's mail system, not the customer.
        return not (meta.get("auto_reply") or meta.get("bounce"))
    # A missed inbound call or a voicemail is the customer waiting for a call back.
    return (
        message.direction is MessageDirection.NOTE
        and meta.get("kind") == "call"
        and meta.get("direction") == "inbound"
        and meta.get("outcome") in ("missed", "voicemail", "abandoned", "callback")
    )


def _is_agent_answer(message: Message) -> bool:
    meta: dict[str, Any] = message.meta or {}
    if message.direction is MessageDirection.OUT:
        return True
    return (
        message.direction is MessageDirection.NOTE
        and meta.get("kind") == "call"
        and meta.get("outcome") == "answered"
    )


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    """Move the clocks of the conversations this flush touched and store them with a Core
    UPDATE: the due time is derived data, so it must not bump the optimistic-lock version
    (a reply is one change, not two) nor make an agent's edit in flight conflict."""
    touched: dict[int, tuple[Conversation, ClockState]] = {}
    now = utcnow()

    def clock_of(conversation: Conversation) -> ClockState:
        if conversation.id not in touched:
            touched[conversation.id] = (conversation, ClockState.of(conversation))
        return touched[conversation.id][1]

    with session.no_autoflush:
        messages = sorted(
            (m for m in session.new if isinstance(m, Message)),
            key=lambda m: (m.created_at or now, m.id or 0),
        )
        for message in messages:
            conversation = session.get(Conversation, message.conversation_id)
            if conversation is None:
                continue
            at = message.created_at or now
            if _is_customer_turn(message):
                CLOCK.customer_turn(clock_of(conversation), conversation.status, at)
            elif _is_agent_answer(message):
                CLOCK.agent_answer(clock_of(conversation), at)
        for item in list(session.new) + list(session.dirty):
            if not isinstance(item, Conversation):
                continue
            # A new conversation's clock starts with its first message, above; one created
            # bare (an import with its own due time) keeps what it was given.
            history = inspect(item).attrs.status.history
            if item not in session.new and history.has_changes():
                before = history.deleted[0] if history.deleted else None
                CLOCK.status_changed(clock_of(item), item, before, now)
        for conversation, clock in touched.values():
            CLOCK.recompute(clock, conversation)
            values = clock.values()
            session.connection().execute(
                update(Conversation)
                .where(Conversation.id == conversation.id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            for name, value in values.items():
                set_committed_value(conversation, name, value)


def install() -> None:
    """Hook the recomputation into every ORM session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def announce_breaches(session: Session, now: datetime | None = None) -> int:
    """Mark and announce conversations whose due time passed; each one exactly once."""
    now = now or utcnow()
    due = session.scalars(
        select(Conversation.id)
        .where(Conversation.sla_due_at < now, Conversation.sla_breached_at.is_(None))
        .order_by(Conversation.sla_due_at)
        .limit(BREACH_BATCH)
    ).all()
    announced = 0
    for conversation_id in due:
        # Core UPDATE: no version bump, so an agent's edit in flight does not conflict
        # with the desk noticing the time; the condition makes one process the announcer.
        won = session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id, Conversation.sla_breached_at.is_(None))
            .values(sla_breached_at=now)
            .execution_options(synchronize_session=False)
        )
        if won.rowcount != 1:  # type: ignore[attr-defined]
            continue
        conversation = session.get_one(Conversation, conversation_id, populate_existing=True)
        assert conversation.sla_due_at is not None
        record_event(
            session,
            "sla_breached",
            team_id=conversation.team_id,
            conversation_id=conversation.id,
            agent_id=conversation.assignee_id,
            payload={
                "due_at": conversation.sla_due_at.isoformat(),
                "overdue_seconds": int((now - conversation.sla_due_at).total_seconds()),
                "conversation": summarize(session, conversation).model_dump(mode="json"),
            },
        )
        announced += 1
    return announced


def next_due_at(session: Session) -> datetime | None:
    """The earliest due time not yet announced (when the next `sla_breached` is due)."""
    return session.scalar(
        select(Conversation.sla_due_at)
        .where(Conversation.sla_due_at.is_not(None), Conversation.sla_breached_at.is_(None))
        .order_by(Conversation.sla_due_at)
        .limit(1)
    )
