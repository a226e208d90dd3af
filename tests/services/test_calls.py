"""Calls are stored once, find their customer by phone and land on the phone conversation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    CallDirection,
    CallLog,
    CallOutcome,
    Channel,
    Conversation,
    ConversationStatus,
    Customer,
    Message,
    MessageDirection,
)
from agentdesk.services.calls import CallRecord, CallRecordError, normalize_number, record_call
from tests.helpers.desk import NOW, DeskBuilder, audit_log, event_log

DESK = "+864008001234"


def a_call(
    call_id: str = "1700000000.1",
    *,
    caller: str = "138 0013 8000",
    direction: CallDirection = CallDirection.INBOUND,
    outcome: CallOutcome = CallOutcome.ANSWERED,
    started_at: datetime = NOW,
    agent_username: str | None = None,
) -> CallRecord:
    answered = outcome is CallOutcome.ANSWERED
    return CallRecord(
        call_id=call_id,
        direction=direction,
        from_number=caller if direction is CallDirection.INBOUND else DESK,
        to_number=DESK if direction is CallDirection.INBOUND else caller,
        started_at=started_at,
        answered_at=started_at + timedelta(seconds=10) if answered else None,
        ended_at=started_at + timedelta(seconds=105),
        outcome=outcome,
        agent_username=agent_username,
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 0013 8000", "+8613800138000"),
        ("+86-138-0013-8000", "+8613800138000"),
        ("008613800138000", "+8613800138000"),
        ("13800138000", "+8613800138000"),
        ("(021) 6123 4567", "+862161234567"),
        ("+852 9123 4567", "+85291234567"),
        ("00852-9123-4567", "+85291234567"),
        ("anonymous", None),
        ("1001", None),
        ("", None),
        (None, None),
        ("+86 12", None),
    ],
)
def test_numbers_normalize_to_e164(raw: str | None, expected: str | None) -> None:
    assert normalize_number(raw) == expected


def test_hong_kong_local_numbers_with_their_region() -> None:
    assert normalize_number("9123 4567", "HK") == "+85291234567"


def test_a_repeated_call_is_stored_once(any_db: Database) -> None:
    with any_db.write() as session:
        DeskBuilder(session).customer(phone="+8613800138000")
    results = []
    for _ in range(2):
        with any_db.write() as session:
            call, created = record_call(session, a_call(), desk_numbers=[DESK])
            results.append((call.id, created))
    assert results[0][1] is True and results[1] == (results[0][0], False)
    with any_db.read() as session:
        assert session.scalar(select(func.count()).select_from(CallLog)) == 1
        assert session.scalar(select(func.count()).select_from(Message)) == 1
        assert session.scalar(select(func.count()).select_from(Conversation)) == 1
    assert [e.type for e in event_log(any_db)] == ["message.created"]
    assert [a.action for a in audit_log(any_db)] == ["call.record"]


def test_an_inbound_call_matches_the_customer_and_is_announced(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        desk = DeskBuilder(session)
        agent = desk.agent(team=desk.team(), name="amy")
        customer = desk.customer(phone="+8613800138000")
    with sqlite_db.write() as session:
        call, created = record_call(session, a_call(agent_username="amy"), desk_numbers=[DESK])
    assert created
    with sqlite_db.read() as session:
        stored = session.get_one(CallLog, call.id)
        assert stored.customer_id == customer.id
        assert stored.from_number == "+8613800138000" and stored.to_number == DESK
        assert stored.duration_seconds == 95 and stored.agent_id == agent.id
        conversation = session.get_one(Conversation, stored.conversation_id)
        assert conversation.channel is Channel.PHONE
        assert conversation.status is ConversationStatus.OPEN
        assert conversation.assignee_id == agent.id and conversation.team_id == agent.team_id
        assert conversation.last_message_at == NOW
        note = session.scalars(select(Message)).one()
        assert note.direction is MessageDirection.NOTE
        assert note.meta["kind"] == "call" and note.meta["call_id"] == call.call_id
        assert "8000" in note.text and "13800138000" not in note.text
    (event,) = event_log(sqlite_db)
    assert event.type == "message.created" and event.conversation_id == conversation.id
    assert event.payload["message"]["meta"]["call_id"] == call.call_id
    assert event.payload["conversation"]["id"] == conversation.id
    assert event.payload["message"]["meta"]["from_number"] != "+8613800138000"  # masked


def test_an_unknown_number_creates_one_customer(sqlite_db: Database) -> None:
    for call_id in ("c-1", "c-2"):
        with sqlite_db.write() as session:
            record_call(session, a_call(call_id, caller="+852 9123 4567"))
    with sqlite_db.read() as session:
        (customer,) = session.scalars(select(Customer)).all()
        assert customer.phone == "+85291234567" and customer.name == "+852 ****4567"
        calls = session.scalars(select(CallLog).order_by(CallLog.id)).all()
        assert {c.customer_id for c in calls} == {customer.id}
        assert calls[0].conversation_id == calls[1].conversation_id


def test_an_outbound_call_matches_the_callee(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        customer = DeskBuilder(session).customer(phone="+8613800138000")
    with sqlite_db.write() as session:
        call, _ = record_call(
            session,
            a_call(caller="13800138000", direction=CallDirection.OUTBOUND),
            desk_numbers=[DESK],
        )
    assert call.customer_id == customer.id and call.direction is CallDirection.OUTBOUND


def test_two_customers_with_one_number_are_not_merged(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        desk = DeskBuilder(session)
        first = desk.customer(phone="+8613800138000")
        second = desk.customer(phone="+8613800138000")
    with sqlite_db.write() as session:
        call, created = record_call(session, a_call())
    assert created and call.customer_id is None and call.conversation_id is None
    with sqlite_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 2
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0
    (entry,) = audit_log(sqlite_db)
    assert entry.detail["ambiguous_customers"] == [first.id, second.id]
    (event,) = event_log(sqlite_db)
    assert event.type == "call.unmatched"
    assert event.payload["ambiguous_customers"] == [first.id, second.id]


def test_a_call_continues_the_open_phone_conversation(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        customer = desk.customer(phone="+8613800138000")
        desk.conversation(customer=customer, channel=Channel.CHAT)
        ongoing = desk.conversation(
            customer=customer, channel=Channel.PHONE, status=ConversationStatus.PENDING
        )
    with any_db.write() as session:
        call, _ = record_call(session, a_call())
    assert call.conversation_id == ongoing.id
    with any_db.read() as session:
        assert session.get_one(Conversation, ongoing.id).status is ConversationStatus.OPEN


def test_a_call_after_resolution_opens_a_new_conversation(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        desk = DeskBuilder(session)
        customer = desk.customer(phone="+8613800138000")
        done = desk.conversation(
            customer=customer, channel=Channel.PHONE, status=ConversationStatus.RESOLVED
        )
    with sqlite_db.write() as session:
        call, _ = record_call(session, a_call(outcome=CallOutcome.MISSED))
    assert call.conversation_id not in (None, done.id)
    assert call.duration_seconds == 0 and call.answered_at is None
    with sqlite_db.read() as session:
        fresh = session.get_one(Conversation, call.conversation_id)
        assert fresh.channel is Channel.PHONE and fresh.status is ConversationStatus.OPEN
        assert session.get_one(Conversation, done.id).status is ConversationStatus.RESOLVED


def test_an_old_call_does_not_move_the_conversation_back(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        desk = DeskBuilder(session)
        customer = desk.customer(phone="+8613800138000")
        ongoing = desk.conversation(customer=customer, channel=Channel.PHONE, last_message_at=NOW)
    with sqlite_db.write() as session:
        record_call(session, a_call(started_at=NOW - timedelta(days=3)))
    with sqlite_db.read() as session:
        assert session.get_one(Conversation, ongoing.id).last_message_at == NOW


def test_an_anonymous_caller_is_kept_without_a_customer(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        call, created = record_call(session, a_call(caller="anonymous"))
    assert created and call.customer_id is None and call.from_number == "anonymous"
    with sqlite_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 0


@pytest.mark.parametrize(
    "record",
    [
        a_call(started_at=datetime(2026, 11, 2, 10, 0)),  # naive
        CallRecord(
            call_id="x",
            direction=CallDirection.INBOUND,
            from_number="13800138000",
            to_number=DESK,
            started_at=NOW,
            answered_at=None,
            ended_at=NOW - timedelta(seconds=1),
            outcome=CallOutcome.MISSED,
        ),
        a_call(call_id=""),
    ],
)
def test_impossible_calls_are_refused_and_write_nothing(
    sqlite_db: Database, record: CallRecord
) -> None:
    with pytest.raises(CallRecordError), sqlite_db.write() as session:
        record_call(session, record)
    assert event_log(sqlite_db) == [] and audit_log(sqlite_db) == []


def test_call_record_durations() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert a_call(started_at=start).duration_seconds == 95
    assert a_call(started_at=start, outcome=CallOutcome.VOICEMAIL).duration_seconds == 0


def test_an_agent_logs_a_call_by_hand_on_its_conversation_once(any_db: Database) -> None:
    from agentdesk.services.calls import log_call
    from agentdesk.services.errors import NotFound
    from tests.helpers.desk import cast

    with any_db.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        customer = desk.customer(phone="+8613800138000")
        chat = desk.conversation(
            customer=customer, team=people.team_a, assignee=people.agent_a, channel=Channel.CHAT
        )
        desk.message(chat, "能给我回个电话吗？")
    for _ in range(2):  # the desktop's outbox resends after a reconnect
        with any_db.write() as session:
            line = log_call(
                session,
                DeskBuilder.actor(people.agent_a),
                chat.id,
                direction=CallDirection.OUTBOUND,
                outcome=CallOutcome.ANSWERED,
                started_at=NOW,
                duration_seconds=185,
                number=None,
                notes="已指导客户重置支付密码",
                client_message_id="call-log-0001",
            )
    with any_db.read() as session:
        [call] = session.scalars(select(CallLog)).all()
        assert call.conversation_id == chat.id and call.customer_id == customer.id
        assert call.to_number == "+8613800138000" and call.from_number == "desk"
        assert call.agent_id == people.agent_a.id and call.duration_seconds == 185
        assert call.notes == "已指导客户重置支付密码"
        stored = session.get_one(Message, line.id)
        assert stored.meta["kind"] == "call" and stored.meta["logged_by_hand"] is True
        assert "已指导客户重置支付密码" in stored.text and "0013" not in stored.text  # masked
        # An answered call is the desk answering: the first-response clock stops.
        assert session.get_one(Conversation, chat.id).first_response_at == stored.created_at
    assert [e.action for e in audit_log(any_db)].count("call.log") == 1
    with any_db.write() as session, pytest.raises(NotFound):
        log_call(
            session,
            DeskBuilder.actor(people.agent_b),
            chat.id,
            direction=CallDirection.INBOUND,
            outcome=CallOutcome.MISSED,
            started_at=NOW,
            duration_seconds=0,
            number="13800138000",
            notes="",
            client_message_id="call-log-0002",
        )
