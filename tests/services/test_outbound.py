"""The outbound queue: claimed by one sender, retried with backoff, never sent twice."""

from __future__ import annotations

from datetime import timedelta

from agentdesk.db.engine import Database
from agentdesk.db.models import MessageDirection, OutboundMessage
from agentdesk.services import outbound
from tests.helpers.desk import NOW, DeskBuilder, cast, event_log

BACKOFF = outbound.Backoff(max_attempts=3, base_seconds=10, cap_seconds=25)


def _queued(database: Database, count: int = 1) -> list[int]:
    with database.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        conversation = desk.conversation(team=people.team_a, assignee=people.agent_a)
        ids = []
        for n in range(count):
            reply = desk.message(
                conversation, f"reply {n}", direction=MessageDirection.OUT, author=people.agent_a
            )
            session.flush()
            row = OutboundMessage(
                message_id=reply.id,
                transport="email",
                envelope={"to": "xiaoming@example.cn"},
                next_attempt_at=NOW - timedelta(hours=1),
            )
            session.add(row)
            session.flush()
            ids.append(row.id)
        return ids


def test_a_due_row_is_claimed_once_even_by_two_senders(any_db: Database) -> None:
    [row_id] = _queued(any_db)
    with any_db.write() as session:
        first = outbound.claim_due(session, ["email"], now=NOW)
    with any_db.write() as session:
        second = outbound.claim_due(session, ["email"], now=NOW)
    assert [item.id for item in first] == [row_id] and second == []
    item = first[0]
    assert item.attempt == 1 and item.text == "reply 0"
    assert item.envelope == {"to": "xiaoming@example.cn"}


def test_only_configured_transports_and_due_rows_are_claimed(any_db: Database) -> None:
    _queued(any_db)
    with any_db.write() as session:
        assert outbound.claim_due(session, ["facebook"], now=NOW) == []
        assert outbound.claim_due(session, ["email"], now=NOW - timedelta(hours=2)) == []


def test_temporary_failures_back_off_then_give_up(any_db: Database) -> None:
    [row_id] = _queued(any_db)
    now = NOW
    waits = []
    for _attempt in range(3):
        with any_db.write() as session:
            [item] = outbound.claim_due(session, ["email"], now=now)
            outbound.mark_failed(
                session, item.id, "451 try later", permanent=False, backoff=BACKOFF, now=now
            )
            row = session.get_one(OutboundMessage, row_id)
            if row.status == outbound.QUEUED:
                waits.append(row.next_attempt_at - now)
                now = row.next_attempt_at
    assert waits == [timedelta(seconds=10), timedelta(seconds=20)]
    with any_db.read() as session:
        row = session.get_one(OutboundMessage, row_id)
        assert row.status == outbound.FAILED and row.attempts == 3
        assert row.last_error == "451 try later"
    states = [e.payload["delivery"]["status"] for e in event_log(any_db)]
    assert states == ["queued", "queued", "failed"]


def test_a_permanent_failure_is_not_retried(any_db: Database) -> None:
    [row_id] = _queued(any_db)
    with any_db.write() as session:
        [item] = outbound.claim_due(session, ["email"], now=NOW)
        outbound.mark_failed(
            session, item.id, "550 no such user", permanent=True, backoff=BACKOFF, now=NOW
        )
    with any_db.write() as session:
        assert outbound.claim_due(session, ["email"], now=NOW + timedelta(days=1)) == []
        assert session.get_one(OutboundMessage, row_id).status == outbound.FAILED


def test_sent_keeps_the_receipt(any_db: Database) -> None:
    [row_id] = _queued(any_db)
    with any_db.write() as session:
        [item] = outbound.claim_due(session, ["email"], now=NOW)
        outbound.mark_sent(session, item.id, {"message_id": "<a@b>"}, now=NOW)
    with any_db.read() as session:
        row = session.get_one(OutboundMessage, row_id)
        assert row.status == outbound.SENT and row.sent_at == NOW
        assert row.envelope["receipt"] == {"message_id": "<a@b>"}
        delivery = outbound.delivery_of(session, row.message_id)
    assert delivery is not None and delivery["status"] == "sent"


def test_a_claim_left_by_a_stopped_process_becomes_uncertain(any_db: Database) -> None:
    stale, fresh = _queued(any_db, 2)
    with any_db.write() as session:
        outbound.claim_due(session, ["email"], limit=1, now=NOW - timedelta(minutes=30))
        outbound.claim_due(session, ["email"], limit=1, now=NOW)
    with any_db.write() as session:
        assert outbound.mark_stale_uncertain(session, timedelta(minutes=10), now=NOW) == 1
    with any_db.write() as session:
        assert session.get_one(OutboundMessage, stale).status == outbound.UNCERTAIN
        assert session.get_one(OutboundMessage, fresh).status == outbound.SENDING
        # Uncertain is never picked up again by a sender.
        assert outbound.claim_due(session, ["email"], now=NOW + timedelta(days=1)) == []
