"""The outbound queue: agent replies that leave by email or a social platform.

A reply and its queue row are written in one transaction, so a reply is either queued or
not saved at all. Sending claims a row first (queued → sending) with a conditional
UPDATE, so of several server processes exactly one sends it. A send that fails in a way
that proves nothing left (a refused connection, a 4xx/5xx answer) is retried with
exponential backoff; a row found still `sending` long after its claim belongs to a
process that stopped mid-send: it may have gone out, so it becomes `uncertain` and is
never sent again without an agent looking at it. That is how a reply is never sent twice.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agentdesk.db.models import Channel, Conversation, Message, OutboundMessage
from agentdesk.db.types import utcnow
from agentdesk.services.events import record_event

QUEUED, SENDING, SENT, FAILED, UNCERTAIN = "queued", "sending", "sent", "failed", "uncertain"

# Builds (transport, envelope) for a reply on a channel, or None when nothing should leave
# (a chat reply reaches the widget live). Registered by the channel modules.
EnvelopeBuilder = Callable[[Session, Conversation, Message], tuple[str, dict[str, Any]] | None]
_BUILDERS: dict[Channel, EnvelopeBuilder] = {}


def envelope_builder(channel: Channel) -> Callable[[EnvelopeBuilder], EnvelopeBuilder]:
    def register(builder: EnvelopeBuilder) -> EnvelopeBuilder:
        _BUILDERS[channel] = builder
        return builder

    return register


def _load_builders() -> None:
    # The channel modules register themselves on import; imported here, not at the top,
    # because they import this module for the decorator.
    from agentdesk.services import email_channel, social_channel  # noqa: F401


@dataclass(frozen=True, slots=True)
class OutboundItem:
    """One claimed reply, with everything a transport needs and nothing it must load."""

    id: int
    message_id: int
    conversation_id: int
    transport: str
    attempt: int
    text: str
    html: str | None
    envelope: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Backoff:
    max_attempts: int = 8
    base_seconds: float = 30.0
    cap_seconds: float = 3600.0

    def delay(self, attempts: int) -> timedelta:
        seconds = min(self.cap_seconds, self.base_seconds * 2 ** max(0, attempts - 1))
        return timedelta(seconds=seconds)


def enqueue_reply(session: Session, conversation: Conversation, message: Message) -> None:
    """Queue an agent's reply for its channel's transport, in the reply's transaction."""
    _load_builders()
    builder = _BUILDERS.get(conversation.channel)
    if builder is None:
        return
    built = builder(session, conversation, message)
    if built is None:
        return
    transport, envelope = built
    session.add(
        OutboundMessage(
            message_id=message.id,
            transport=transport,
            status=QUEUED,
            envelope=envelope,
            next_attempt_at=message.created_at,
            created_at=message.created_at,
        )
    )
    session.flush()


def claim_due(
    session: Session,
    transports: Collection[str],
    limit: int = 20,
    now: datetime | None = None,
) -> list[OutboundItem]:
    """Claim up to `limit` due rows of the `transports` this process can send; a row another
    process claimed first is skipped (the conditional UPDATE finds no `queued` row). Rows
    of a transport nobody configured wait, queued, until one is."""
    now = now or utcnow()
    rows = session.execute(
        select(OutboundMessage.id)
        .where(
            OutboundMessage.status == QUEUED,
            OutboundMessage.next_attempt_at <= now,
            OutboundMessage.transport.in_(list(transports)),
        )
        .order_by(OutboundMessage.next_attempt_at, OutboundMessage.id)
        .limit(limit)
    ).scalars()
    claimed: list[OutboundItem] = []
    for row_id in list(rows):
        won = session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id == row_id, OutboundMessage.status == QUEUED)
            .values(
                status=SENDING,
                claimed_at=now,
                attempts=OutboundMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if won.rowcount != 1:  # type: ignore[attr-defined]
            continue
        row = session.get_one(OutboundMessage, row_id, populate_existing=True)
        message = session.get_one(Message, row.message_id)
        claimed.append(
            OutboundItem(
                id=row.id,
                message_id=message.id,
                conversation_id=message.conversation_id,
                transport=row.transport,
                attempt=row.attempts,
                text=message.text,
                html=message.html,
                envelope=dict(row.envelope),
            )
        )
    return claimed


def mark_sent(
    session: Session,
    item_id: int,
    receipt: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> None:
    """The transport accepted the reply; `receipt` is what it answered (a platform id)."""
    row = session.get_one(OutboundMessage, item_id)
    row.status, row.sent_at, row.last_error = SENT, now or utcnow(), ""
    if receipt:
        row.envelope = {**row.envelope, "receipt": receipt}
    _announce(session, row)


def mark_failed(
    session: Session,
    item_id: int,
    error: str,
    *,
    permanent: bool,
    backoff: Backoff,
    now: datetime | None = None,
) -> None:
    """Nothing left: retry later with backoff, or give up (permanent, or out of attempts)."""
    now = now or utcnow()
    row = session.get_one(OutboundMessage, item_id)
    row.last_error = error[:2000]
    if permanent or row.attempts >= backoff.max_attempts:
        row.status = FAILED
    else:
        row.status = QUEUED
        row.next_attempt_at = now + backoff.delay(row.attempts)
    _announce(session, row)


def mark_uncertain(session: Session, item_id: int, error: str) -> None:
    """The send ended without a clear answer: it may have gone out, so it is not retried."""
    row = session.get_one(OutboundMessage, item_id)
    row.status, row.last_error = UNCERTAIN, error[:2000]
    _announce(session, row)


def mark_stale_uncertain(
    session: Session, older_than: timedelta, now: datetime | None = None
) -> int:
    """Rows left `sending` by a process that stopped: may have gone out, so never resent."""
    cutoff = (now or utcnow()) - older_than
    stale = session.scalars(
        select(OutboundMessage).where(
            OutboundMessage.status == SENDING, OutboundMessage.claimed_at < cutoff
        )
    ).all()
    for row in stale:
        row.status = UNCERTAIN
        row.last_error = "the sending process stopped mid-send; check before sending again"
        _announce(session, row)
    return len(stale)


def delivery_of(session: Session, message_id: int) -> dict[str, Any] | None:
    """What the desktop shows under a reply: queued, sent, failed or uncertain."""
    return deliveries_of(session, [message_id]).get(message_id)


def deliveries_of(session: Session, message_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Delivery states of several replies at once, by message id."""
    rows = session.scalars(
        select(OutboundMessage).where(OutboundMessage.message_id.in_(message_ids))
    )
    return {row.message_id: _state(row) for row in rows}


def _state(row: OutboundMessage) -> dict[str, Any]:
    return {
        "message_id": row.message_id,
        "transport": row.transport,
        "status": row.status,
        "attempts": row.attempts,
        "next_attempt_at": row.next_attempt_at.isoformat(),
        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        "error": row.last_error,
    }


def _announce(session: Session, row: OutboundMessage) -> None:
    session.flush()
    conversation = session.get_one(
        Conversation, session.get_one(Message, row.message_id).conversation_id
    )
    record_event(
        session,
        "message.delivery",
        team_id=conversation.team_id,
        conversation_id=conversation.id,
        agent_id=conversation.assignee_id,
        payload={"delivery": _state(row)},
    )
