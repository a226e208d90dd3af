"""SLA due times: per-channel targets, business hours, pauses while waiting on the customer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agentdesk.db.models.enums import Channel, ConversationStatus
from agentdesk.services.business_hours import BusinessCalendar
from agentdesk.services.sla import (
    ChannelSla,
    SlaPolicy,
    SlaTarget,
    first_response_due,
    is_breached,
    next_due,
    paused_time,
)

SH = ZoneInfo("Asia/Shanghai")
CAL = BusinessCalendar()
OPEN = ConversationStatus.OPEN


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


def test_chat_friday_evening_is_due_monday_morning() -> None:
    due = first_response_due(Channel.CHAT, sh(2026, 11, 20, 19, 58), CAL)
    assert due == sh(2026, 11, 23, 8, 3)
    assert due.tzinfo is UTC


def test_email_counts_calendar_time() -> None:
    opened = sh(2026, 11, 20, 19, 58)
    assert first_response_due(Channel.EMAIL, opened) == opened + timedelta(hours=24)
    # Even across the National Day holiday.
    assert first_response_due(Channel.EMAIL, sh(2026, 10, 1, 3, 0)) == sh(2026, 10, 2, 3, 0)


def test_default_targets() -> None:
    monday = sh(2026, 11, 23, 10, 0)
    assert first_response_due(Channel.PHONE, monday) == sh(2026, 11, 23, 14, 0)
    assert first_response_due(Channel.SOCIAL, monday) == sh(2026, 11, 23, 12, 0)
    assert first_response_due(Channel.FEEDBACK, monday) == sh(2026, 11, 26, 10, 0)


def test_chat_across_national_day_resumes_after_it() -> None:
    assert first_response_due(Channel.CHAT, sh(2026, 9, 30, 19, 58)) == sh(2026, 10, 8, 8, 3)


def test_adjusted_working_saturday_counts_as_open() -> None:
    # Friday Oct 9 19:58: the next open day is Saturday Oct 10, a 调休 working day.
    assert first_response_due(Channel.CHAT, sh(2026, 10, 9, 19, 58)) == sh(2026, 10, 10, 8, 3)
    # Saturday Sep 19 is an ordinary weekend; Sunday Sep 20 is worked.
    assert first_response_due(Channel.CHAT, sh(2026, 9, 19, 10, 0)) == sh(2026, 9, 20, 8, 5)


def test_feedback_spanning_weekend_and_holiday() -> None:
    # 3 business days from Wednesday Sep 30 10:00: Sep 30 (10 h), Oct 8 (12 h), Oct 9 (12 h),
    # and the remaining 2 h on the worked Saturday Oct 10.
    assert first_response_due(Channel.FEEDBACK, sh(2026, 9, 30, 10, 0)) == sh(2026, 10, 10, 10, 0)


@pytest.mark.parametrize(
    "status", [ConversationStatus.RESOLVED, ConversationStatus.PENDING, ConversationStatus.SNOOZED]
)
def test_no_clock_when_resolved_or_waiting_on_customer(status: ConversationStatus) -> None:
    opened = sh(2026, 11, 23, 10, 0)
    due = next_due(
        Channel.CHAT,
        opened_at=opened,
        waiting_since=opened,
        status=status,
        first_response_at=None,
    )
    assert due is None


def test_paused_time_pushes_due_out() -> None:
    opened = sh(2026, 11, 23, 10, 0)
    unpaused = next_due(
        Channel.PHONE, opened_at=opened, waiting_since=None, status=OPEN, first_response_at=None
    )
    assert unpaused == sh(2026, 11, 23, 14, 0)
    # Pending from 11:00 to 19:00 Monday, then from 19:30 Monday to 09:00 Tuesday.
    paused = paused_time(
        Channel.PHONE,
        first_response_pending=True,
        paused_from=sh(2026, 11, 23, 11, 0),
        resumed_at=sh(2026, 11, 23, 19, 0),
    ) + paused_time(
        Channel.PHONE,
        first_response_pending=True,
        paused_from=sh(2026, 11, 23, 19, 30),
        resumed_at=sh(2026, 11, 24, 9, 0),
    )
    # Only business time counts as paused: 8 h + 0.5 h + 1 h.
    assert paused == timedelta(hours=9, minutes=30)
    due = next_due(
        Channel.PHONE,
        opened_at=opened,
        waiting_since=None,
        status=OPEN,
        first_response_at=None,
        paused_total=paused,
    )
    # 4 business hours + 9.5 paused: 10 h on Monday, 3.5 h on Tuesday.
    assert due == sh(2026, 11, 24, 11, 30)


def test_email_pause_counts_wall_time() -> None:
    opened = sh(2026, 11, 20, 12, 0)
    paused = paused_time(
        Channel.EMAIL,
        first_response_pending=True,
        paused_from=sh(2026, 11, 20, 13, 0),
        resumed_at=sh(2026, 11, 21, 13, 0),
    )
    assert paused == timedelta(hours=24)
    due = next_due(
        Channel.EMAIL,
        opened_at=opened,
        waiting_since=None,
        status=OPEN,
        first_response_at=None,
        paused_total=paused,
    )
    assert due == sh(2026, 11, 22, 12, 0)


def test_next_response_after_first_reply() -> None:
    opened = sh(2026, 11, 23, 10, 0)
    replied = sh(2026, 11, 23, 10, 2)
    answered = next_due(
        Channel.CHAT, opened_at=opened, waiting_since=None, status=OPEN, first_response_at=replied
    )
    assert answered is None
    due = next_due(
        Channel.CHAT,
        opened_at=opened,
        waiting_since=sh(2026, 11, 23, 19, 57),
        status=OPEN,
        first_response_at=replied,
    )
    assert due == sh(2026, 11, 24, 8, 2)


def test_custom_policy_per_channel() -> None:
    policy = SlaPolicy(
        social=ChannelSla(
            first_response=SlaTarget(timedelta(minutes=30), business_hours=False),
            next_response=SlaTarget(timedelta(hours=1)),
        )
    )
    saturday = sh(2026, 11, 21, 10, 0)
    assert first_response_due(Channel.SOCIAL, saturday, CAL, policy) == sh(2026, 11, 21, 10, 30)
    due = next_due(
        Channel.SOCIAL,
        opened_at=saturday,
        waiting_since=saturday,
        status=OPEN,
        first_response_at=saturday,
        calendar=CAL,
        policy=policy,
    )
    assert due == sh(2026, 11, 23, 9, 0)
    with pytest.raises(ValueError):
        SlaTarget(timedelta(minutes=-1))


def test_is_breached() -> None:
    due = sh(2026, 11, 23, 8, 3)
    assert not is_breached(due, due)
    assert is_breached(due, due + timedelta(microseconds=1))
    assert not is_breached(None, due)
