"""Phone calls from the phone system: stored once, matched to a customer, shown on the timeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import phonenumbers
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from agentdesk.db.models import (
    Agent,
    CallDirection,
    CallLog,
    CallOutcome,
    Channel,
    Conversation,
    ConversationStatus,
    Customer,
    Language,
    Message,
    MessageDirection,
)
from agentdesk.db.types import utcnow
from agentdesk.protocol.payloads import MessageOut
from agentdesk.services.actor import Actor
from agentdesk.services.audit import audit
from agentdesk.services.events import record_event
from agentdesk.services.inbound import announce_message
from agentdesk.services.masking import mask_phone
from agentdesk.services.permissions import actionable_conversation
from agentdesk.services.serialize import call_of, message_of

NUMBER_LENGTH = 32  # CallLog.from_number / to_number


class CallRecordError(ValueError):
    """A call the phone system described in a way that cannot be stored as it stands."""


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One call as the phone system reports it; numbers are raw, times timezone-aware."""

    call_id: str
    direction: CallDirection
    from_number: str
    to_number: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime
    outcome: CallOutcome
    agent_username: str | None = None
    recording_ref: str | None = None
    notes: str = ""

    @property
    def duration_seconds(self) -> int:
        """Talk time, so an unanswered call that rang for a minute counts as zero."""
        if self.answered_at is None:
            return 0
        return max(0, int((self.ended_at - self.answered_at).total_seconds()))

    @property
    def customer_number(self) -> str:
        """The far end: the caller of an inbound call, the callee of an outbound one."""
        if self.direction is CallDirection.INBOUND:
            return self.from_number
        return self.to_number


def normalize_number(raw: str | None, default_region: str = "CN") -> str | None:
    """E.164 form of a number written any way people and PBXes write it, or None.

    Customers are matched by phone, so `138 0013 8000`, `+86-138-0013-8000` and
    `008613800138000` must all become the same `+8613800138000`; extensions and
    `anonymous` are not numbers and must not match anybody."""
    if raw is None or not raw.strip():
        return None
    try:
        parsed = phonenumbers.parse(raw.strip(), default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def record_call(
    session: Session,
    record: CallRecord,
    *,
    desk_numbers: Iterable[str] = (),
    default_region: str = "CN",
) -> tuple[CallLog, bool]:
    """Store a call once and put it on its customer's phone conversation.

    A repeated `call_id` returns the stored row with `created` False and writes
    nothing, because phone systems and CDR imports deliver the same call again.
    `desk_numbers` are the desk's own lines: a call whose far end is one of them is
    internal and belongs to no customer."""
    _check(record)
    earlier = _stored(session, record.call_id)
    if earlier is not None:
        return earlier, False
    own = {n for n in (normalize_number(d, default_region) for d in desk_numbers) if n}
    try:
        with session.begin_nested():
            call, message, conversation, detail = _store(session, record, own, default_region)
    except IntegrityError:
        earlier = _stored(session, record.call_id)
        if earlier is None:
            raise
        return earlier, False
    audit(
        session,
        None,
        "call.record",
        target_type="call",
        target_id=call.call_id,
        detail=detail,
    )
    session.flush()
    if conversation is None or message is None:
        record_event(
            session,
            "call.unmatched",
            team_id=None,
            payload={"call": call_of(call).model_dump(mode="json"), **detail},
        )
        return call, True
    announce_message(session, conversation, message)
    return call, True


def _check(record: CallRecord) -> None:
    if not record.call_id.strip() or len(record.call_id) > 64:
        raise CallRecordError("a call id must be 1 to 64 characters")
    times = [record.started_at, record.ended_at]
    if record.answered_at is not None:
        times.append(record.answered_at)
    if any(t.tzinfo is None for t in times):
        raise CallRecordError("call times must carry a time zone")
    if record.ended_at < record.started_at:
        raise CallRecordError("the call ends before it starts")
    if record.answered_at is not None and not (
        record.started_at <= record.answered_at <= record.ended_at
    ):
        raise CallRecordError("the call is answered outside its start and end")


def _stored(session: Session, call_id: str) -> CallLog | None:
    return session.scalar(
        select(CallLog).options(joinedload(CallLog.agent)).where(CallLog.call_id == call_id)
    )


def _store(
    session: Session, record: CallRecord, own: set[str], region: str
) -> tuple[CallLog, Message | None, Conversation | None, dict[str, Any]]:
    """Everything but the audit entry and event, inside one savepoint so that losing a
    race on the unique call id also undoes a customer created for it."""
    agent = _agent(session, record.agent_username)
    number = normalize_number(record.customer_number, region)
    detail: dict[str, Any] = {
        "direction": record.direction.value,
        "outcome": record.outcome.value,
        "duration_seconds": record.duration_seconds,
    }
    if record.agent_username and agent is None:
        detail["unknown_agent"] = record.agent_username
    customer: Customer | None = None
    if number is None or number in own:
        detail["unmatched"] = "no customer number"
    else:
        candidates = list(
            session.scalars(select(Customer).where(Customer.phone == number).order_by(Customer.id))
        )
        if len(candidates) > 1:
            # Two customers share the number: an agent decides, the desk never guesses.
            detail["ambiguous_customers"] = [c.id for c in candidates]
        elif candidates:
            customer = candidates[0]
        else:
            customer = Customer(
                name=mask_phone(number), phone=number, language=Language.ZH
            )  # the name is shown, masked like every number
            session.add(customer)
            session.flush()
            detail["customer_created"] = customer.id
    conversation = _phone_conversation(session, customer, record, agent)
    call = CallLog(
        call_id=record.call_id,
        conversation_id=conversation.id if conversation is not None else None,
        customer_id=customer.id if customer is not None else None,
        direction=record.direction,
        from_number=_stored_number(record.from_number, region),
        to_number=_stored_number(record.to_number, region),
        started_at=record.started_at,
        answered_at=record.answered_at,
        duration_seconds=record.duration_seconds,
        outcome=record.outcome,
        agent=agent,
        notes=record.notes,
        recording_ref=record.recording_ref,
    )
    session.add(call)
    session.flush()
    if conversation is None:
        return call, None, None, detail
    message = Message(
        conversation_id=conversation.id,
        direction=MessageDirection.NOTE,
        text=_summary_line(call),
        author_agent_id=agent.id if agent is not None else None,
        meta={
            "kind": "call",
            "call_id": call.call_id,
            "direction": call.direction.value,
            "outcome": call.outcome.value,
            "duration_seconds": call.duration_seconds,
            "from_number": call.from_number,
            "to_number": call.to_number,
            "recording_ref": call.recording_ref,
            **{k: v for k, v in detail.items() if k == "unknown_agent"},
        },
        created_at=record.started_at,
    )
    session.add(message)
    if record.direction is CallDirection.INBOUND and conversation.status in (
        ConversationStatus.PENDING,
        ConversationStatus.SNOOZED,
    ):
        # The customer calling back is like the customer writing back.
        conversation.status = ConversationStatus.OPEN
        conversation.snoozed_until = None
    if record.started_at > conversation.last_message_at:
        # An imported old call must not make a busy conversation look stale.
        conversation.last_message_at = record.started_at
    session.flush()
    detail["conversation_id"] = conversation.id
    return call, message, conversation, detail


def _agent(session: Session, username: str | None) -> Agent | None:
    if not username:
        return None
    return session.scalar(select(Agent).where(Agent.username == username))


def _phone_conversation(
    session: Session, customer: Customer | None, record: CallRecord, agent: Agent | None
) -> Conversation | None:
    """The customer's latest phone conversation that is still being worked, else a new one."""
    if customer is None:
        return None
    ongoing = session.scalar(
        select(Conversation)
        .where(
            Conversation.customer_id == customer.id,
            Conversation.channel == Channel.PHONE,
            Conversation.status != ConversationStatus.RESOLVED,
        )
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .limit(1)
        .with_for_update(of=Conversation)
    )
    if ongoing is not None:
        return ongoing
    conversation = Conversation(
        customer=customer,
        channel=Channel.PHONE,
        status=ConversationStatus.OPEN,
        assignee=agent,
        team_id=agent.team_id if agent is not None else None,
        created_at=record.started_at,
        last_message_at=record.started_at,
    )
    session.add(conversation)
    session.flush()
    return conversation


def _stored_number(raw: str, region: str) -> str:
    """E.164 when it is a number; otherwise what the PBX said (an extension, `anonymous`)."""
    return normalize_number(raw, region) or raw.strip()[:NUMBER_LENGTH]


def _summary_line(call: CallLog) -> str:
    """The timeline line; the number is masked like everywhere else agents look."""
    far = call.from_number if call.direction is CallDirection.INBOUND else call.to_number
    minutes, seconds = divmod(call.duration_seconds, 60)
    return (
        f"{call.direction.value} call {mask_phone(far)}: {call.outcome.value}, "
        f"{minutes}m {seconds:02d}s"
    )


DESK_LINE = "desk"  # the far end of a hand-logged call is the desk itself


def log_call(
    session: Session,
    actor: Actor,
    conversation_id: int,
    *,
    direction: CallDirection,
    outcome: CallOutcome,
    started_at: datetime,
    duration_seconds: int,
    number: str | None,
    notes: str,
    client_message_id: str,
) -> MessageOut:
    """A call an agent logs by hand on the conversation it belongs to (a call back from a
    mobile, a call the phone system did not report), with the agent's notes.

    Logging the same `client_message_id` again returns the first entry: the desktop's
    outbox may resend it after a reconnect."""
    call_id = f"manual:{client_message_id}"
    earlier = _stored(session, call_id)
    if earlier is not None:
        line = session.scalar(select(Message).where(Message.client_message_id == client_message_id))
        if line is not None:
            return message_of(line)
    conversation = actionable_conversation(session, actor, conversation_id, "call.log")
    customer = session.get_one(Customer, conversation.customer_id)
    far = _stored_number(number, "CN") if number else (customer.phone or "unknown")
    inbound = direction is CallDirection.INBOUND
    answered = outcome is CallOutcome.ANSWERED
    call = CallLog(
        call_id=call_id,
        conversation_id=conversation.id,
        customer_id=customer.id,
        direction=direction,
        from_number=far if inbound else DESK_LINE,
        to_number=DESK_LINE if inbound else far,
        started_at=started_at,
        answered_at=started_at if answered else None,
        duration_seconds=duration_seconds if answered else 0,
        outcome=outcome,
        agent_id=actor.agent_id,
        notes=notes,
    )
    session.add(call)
    session.flush()
    text = _summary_line(call) + (f"\n{notes}" if notes else "")
    line = Message(
        conversation_id=conversation.id,
        direction=MessageDirection.NOTE,
        text=text,
        author_agent_id=actor.agent_id,
        client_message_id=client_message_id,
        meta={
            "kind": "call",
            "call_id": call.call_id,
            "direction": call.direction.value,
            "outcome": call.outcome.value,
            "duration_seconds": call.duration_seconds,
            "from_number": call.from_number,
            "to_number": call.to_number,
            "logged_by_hand": True,
        },
        created_at=utcnow(),
    )
    session.add(line)
    if started_at > conversation.last_message_at:
        conversation.last_message_at = started_at
    session.flush()
    audit(
        session,
        actor,
        "call.log",
        target_type="call",
        target_id=call.call_id,
        detail={"conversation_id": conversation.id, "outcome": outcome.value},
    )
    return announce_message(session, conversation, line)
