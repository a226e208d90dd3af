"""Every change recomputes a conversation's SLA due time; a passed due time is announced once."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from agentdesk.db.engine import Database
from agentdesk.db.models import Channel, Conversation, ConversationStatus, Event
from agentdesk.services import conversations
from agentdesk.services.inbound import open_conversation, receive_customer_message
from agentdesk.services.sla_tracking import (
    CLOCK,
    ClockState,
    announce_breaches,
    next_due_at,
)
from tests.helpers.desk import DeskBuilder, cast, event_log

SH = ZoneInfo("Asia/Shanghai")
S = ConversationStatus


def sh(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


def _customer_writes(
    database: Database, channel: Channel, at: datetime, customer_id: int | None = None
) -> tuple[int, int]:
    with database.write() as session:
        if customer_id is None:
            customer_id = DeskBuilder(session).customer().id
        conversation = open_conversation(session, customer_id, channel, at=at)
        receive_customer_message(session, conversation.id, "怎么还没到账？", at=at)
        return conversation.id, customer_id


def _due(database: Database, conversation_id: int) -> datetime | None:
    with database.read() as session:
        return session.get_one(Conversation, conversation_id).sla_due_at


def test_a_chat_on_friday_evening_is_due_monday_morning(any_db: Database) -> None:
    conversation_id, _ = _customer_writes(any_db, Channel.CHAT, sh(11, 20, 19, 58))
    assert _due(any_db, conversation_id) == sh(11, 23, 8, 3)
    # The due time rode to the desktops in the event of the change itself.
    announced = event_log(any_db)[-1].payload["conversation"]["sla_due_at"]
    assert datetime.fromisoformat(announced) == sh(11, 23, 8, 3)


def test_calls_around_national_day_skip_the_holiday_and_work_the_adjusted_saturday(
    any_db: Database,
) -> None:
    # 2026: 1-7 October are off; Saturday 10 October is a working day (调休).
    # Phone: 4 business hours. 1 hour on 30 Sep (19:00-20:00), 3 more on Thu 8 Oct.
    before, customer_id = _customer_writes(any_db, Channel.PHONE, sh(9, 30, 19, 0))
    assert _due(any_db, before) == sh(10, 8, 11, 0)
    # Friday 9 Oct 19:00: 1 hour that evening, 3 on the Saturday that is a working day.
    with any_db.write() as session:
        session.get_one(Conversation, before).status = S.RESOLVED
    after, _ = _customer_writes(any_db, Channel.PHONE, sh(10, 9, 19, 0), customer_id)
    assert after != before
    assert _due(any_db, after) == sh(10, 10, 11, 0)


def test_email_counts_calendar_hours_across_the_weekend(any_db: Database) -> None:
    conversation_id, _ = _customer_writes(any_db, Channel.EMAIL, sh(11, 21, 10, 0))
    assert _due(any_db, conversation_id) == sh(11, 22, 10, 0)


def test_a_reply_stops_the_clock_and_the_customers_next_turn_starts_it(any_db: Database) -> None:
    with any_db.write() as session:
        people = cast(DeskBuilder(session))
    conversation_id, _ = _customer_writes(any_db, Channel.CHAT, sh(11, 24, 10, 0))
    with any_db.write() as session:
        conversations.take(session, DeskBuilder.actor(people.agent_a), conversation_id)
    with any_db.write() as session:
        conversations.send_reply(
            session, DeskBuilder.actor(people.agent_a), conversation_id, "reply-0001", "您好"
        )
    with any_db.read() as session:
        row = session.get_one(Conversation, conversation_id)
        assert row.status is S.PENDING and row.sla_due_at is None
        assert row.first_response_at is not None and row.waiting_since is None
        version = row.version
    # The customer writes twice; the clock runs from the first of the two.
    with any_db.write() as session:
        receive_customer_message(session, conversation_id, "还是不行", at=sh(11, 25, 9, 0))
    with any_db.write() as session:
        receive_customer_message(session, conversation_id, "在吗？", at=sh(11, 25, 9, 3))
    with any_db.read() as session:
        row = session.get_one(Conversation, conversation_id)
        assert row.status is S.OPEN
        assert row.waiting_since == sh(11, 25, 9, 0)
        assert row.sla_due_at == sh(11, 25, 9, 5)
        # Moving the clock is not an edit: only the two messages moved the version.
        assert row.version == version + 2


def test_resolving_stops_the_clock(any_db: Database) -> None:
    with any_db.write() as session:
        people = cast(DeskBuilder(session))
    conversation_id, _ = _customer_writes(any_db, Channel.CHAT, sh(11, 24, 10, 0))
    with any_db.write() as session:
        actor = DeskBuilder.actor(people.lead_a)
        conversations.update_conversation(session, actor, conversation_id, status="resolved")
    assert _due(any_db, conversation_id) is None
    # Writing again after a resolution is a new turn, not the old overdue one.
    with any_db.write() as session:
        receive_customer_message(session, conversation_id, "又出问题了", at=sh(11, 26, 14, 0))
    assert _due(any_db, conversation_id) == sh(11, 26, 14, 5)


def _clock(**values: object) -> ClockState:
    base: dict[str, object] = {
        "first_response_at": None,
        "waiting_since": sh(11, 20, 19, 0),
        "sla_paused_at": None,
        "sla_paused_seconds": 0,
        "sla_due_at": None,
        "sla_breached_at": None,
    }
    base.update(values)
    return ClockState(**base)  # type: ignore[arg-type]


def test_waiting_on_the_customer_pauses_the_clock_in_business_time() -> None:
    conversation = Conversation(channel=Channel.PHONE, status=S.OPEN, created_at=sh(11, 20, 19, 0))
    clock = _clock()
    CLOCK.recompute(clock, conversation)
    assert clock.sla_due_at == sh(11, 23, 11, 0)  # 1 h on Friday, 3 h on Monday
    conversation.status = S.PENDING  # Friday 19:30: we ask the customer for a screenshot
    CLOCK.status_changed(clock, conversation, S.OPEN, sh(11, 20, 19, 30))
    CLOCK.recompute(clock, conversation)
    assert clock.sla_due_at is None
    conversation.status = S.OPEN  # Monday 09:00 they answer: 1.5 business hours paused
    CLOCK.status_changed(clock, conversation, S.PENDING, sh(11, 23, 9, 0))
    assert clock.sla_paused_seconds == 90 * 60
    CLOCK.recompute(clock, conversation)
    assert clock.sla_due_at == sh(11, 23, 12, 30)


def test_a_new_due_time_can_breach_again() -> None:
    conversation = Conversation(channel=Channel.CHAT, status=S.OPEN, created_at=sh(11, 24, 9))
    clock = _clock(waiting_since=sh(11, 24, 9), sla_breached_at=sh(11, 24, 9, 10))
    clock.sla_due_at = sh(11, 24, 9, 5)
    CLOCK.agent_answer(clock, sh(11, 24, 9, 20))
    CLOCK.customer_turn(clock, S.OPEN, sh(11, 24, 10, 0))
    CLOCK.recompute(clock, conversation)
    assert clock.sla_due_at == sh(11, 24, 10, 5)
    assert clock.sla_breached_at is None


def test_a_passed_due_time_is_announced_exactly_once(any_db: Database) -> None:
    with any_db.write() as session:
        people = cast(DeskBuilder(session))
        customer = DeskBuilder(session).customer()
        conversation = Conversation(
            customer_id=customer.id,
            channel=Channel.CHAT,
            status=S.OPEN,
            team_id=people.team_a.id,
            created_at=sh(11, 24, 9),
            last_message_at=sh(11, 24, 9),
        )
        session.add(conversation)
        session.flush()
        conversation_id = conversation.id
    with any_db.write() as session:
        receive_customer_message(session, conversation_id, "急！", at=sh(11, 24, 9, 0))
    due = _due(any_db, conversation_id)
    assert due == sh(11, 24, 9, 5)
    with any_db.read() as session:
        assert next_due_at(session) == due
        version = session.get_one(Conversation, conversation_id).version
    with any_db.write() as session:
        assert announce_breaches(session, now=sh(11, 24, 9, 4)) == 0
    with any_db.write() as session:
        assert announce_breaches(session, now=sh(11, 24, 9, 6)) == 1
    with any_db.write() as session:
        assert announce_breaches(session, now=sh(11, 24, 9, 7)) == 0
    with any_db.read() as session:
        breached = session.scalars(select(Event).where(Event.type == "sla_breached")).all()
        assert len(breached) == 1
        assert breached[0].conversation_id == conversation_id
        assert breached[0].team_id == people.team_a.id
        assert breached[0].payload["overdue_seconds"] == 60
        assert datetime.fromisoformat(breached[0].payload["due_at"]) == due.astimezone(UTC)
        assert next_due_at(session) is None
        row = session.get_one(Conversation, conversation_id)
        assert row.sla_breached_at == sh(11, 24, 9, 6)
        assert row.version == version  # announcing changed no version an agent holds


def test_an_auto_reply_does_not_start_the_clock(any_db: Database) -> None:
    conversation_id, _ = _customer_writes(any_db, Channel.EMAIL, sh(11, 24, 10, 0))
    with any_db.write() as session:
        people = cast(DeskBuilder(session))
        conversations.take(session, DeskBuilder.actor(people.agent_a), conversation_id)
        conversations.send_reply(
            session, DeskBuilder.actor(people.agent_a), conversation_id, "reply-0002", "已处理"
        )
    with any_db.write() as session:
        receive_customer_message(
            session,
            conversation_id,
            "I am out of the office",
            meta={"auto_reply": True},
            at=sh(11, 24, 11, 0),
        )
    with any_db.read() as session:
        row = session.get_one(Conversation, conversation_id)
        assert row.waiting_since is None
        assert row.sla_due_at is None
