"""Business calendar: opening hours, weekends, Chinese holidays and adjusted working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.services.business_hours import BusinessCalendar

SH = ZoneInfo("Asia/Shanghai")
CAL = BusinessCalendar()


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


def test_weekday_hours_and_weekend() -> None:
    assert CAL.is_open(sh(2026, 11, 20, 8, 0))  # Friday opening instant
    assert not CAL.is_open(sh(2026, 11, 20, 20, 0))  # closing instant is closed
    assert not CAL.is_open(sh(2026, 11, 21, 12, 0))  # Saturday
    assert CAL.next_open(sh(2026, 11, 20, 20, 0)) == sh(2026, 11, 23, 8, 0)
    assert CAL.next_open(sh(2026, 11, 20, 9, 0)) == sh(2026, 11, 20, 9, 0)


def test_results_are_utc_and_naive_is_rejected() -> None:
    out = CAL.add_business_time(sh(2026, 11, 20, 19, 58), timedelta(minutes=5))
    assert out.tzinfo is UTC
    assert out == sh(2026, 11, 23, 8, 3)
    with pytest.raises(ValueError):
        CAL.is_open(datetime(2026, 11, 20, 9, 0))  # naive on purpose


def test_national_day_2026_closed_and_adjusted_saturday_open() -> None:
    # State Council 2026: Oct 1-7 off; Sunday Sep 20 and Saturday Oct 10 are worked.
    for day in range(1, 8):
        assert not CAL.is_open(sh(2026, 10, day, 12, 0))
    assert CAL.is_open(sh(2026, 10, 8, 12, 0))
    assert CAL.is_open(sh(2026, 10, 10, 8, 0))
    assert CAL.is_open(sh(2026, 9, 20, 19, 59))
    assert not CAL.is_open(sh(2026, 9, 19, 12, 0))  # an ordinary Saturday


def test_spring_festival_2026_make_up_saturdays() -> None:
    assert not CAL.is_open(sh(2026, 2, 16, 12, 0))  # New Year's Eve
    assert not CAL.is_open(sh(2026, 2, 23, 12, 0))  # Monday given off for Feb 28
    assert CAL.is_open(sh(2026, 2, 14, 12, 0))  # Saturday worked
    assert CAL.is_open(sh(2026, 2, 28, 12, 0))  # Saturday worked
    # Friday Feb 13 19:00 + 2 business hours: one hour Friday, one on the worked Saturday.
    assert CAL.add_business_time(sh(2026, 2, 13, 19, 0), timedelta(hours=2)) == sh(
        2026, 2, 14, 9, 0
    )


def test_across_national_day() -> None:
    # Sep 30 19:00 + 4 business hours: one hour on the 30th, the rest after the holiday.
    assert CAL.add_business_time(sh(2026, 9, 30, 19, 0), timedelta(hours=4)) == sh(
        2026, 10, 8, 11, 0
    )
    # Two full working days later (Oct 8, Oct 9) the next open day is the worked Saturday.
    assert CAL.add_business_time(sh(2026, 9, 30, 20, 0), timedelta(hours=25)) == sh(
        2026, 10, 10, 9, 0
    )
    assert CAL.business_time_between(sh(2026, 9, 30, 12, 0), sh(2026, 10, 8, 12, 0)) == (
        timedelta(hours=12)
    )


def test_manual_overrides() -> None:
    cal = BusinessCalendar(
        extra_closed=frozenset({date(2026, 11, 23)}),
        extra_open=frozenset({date(2026, 11, 22)}),
    )
    assert cal.is_open(sh(2026, 11, 22, 10, 0))  # a Sunday opened by hand
    assert not cal.is_open(sh(2026, 11, 23, 10, 0))  # a Monday closed by hand
    assert cal.next_open(sh(2026, 11, 22, 20, 0)) == sh(2026, 11, 24, 8, 0)
    with pytest.raises(ValueError):
        BusinessCalendar(
            extra_closed=frozenset({date(2026, 1, 5)}), extra_open=frozenset({date(2026, 1, 5)})
        )


def test_no_holiday_country_follows_the_week() -> None:
    cal = BusinessCalendar(holiday_country=None)
    assert cal.is_open(sh(2026, 10, 1, 12, 0))
    assert not cal.is_open(sh(2026, 10, 10, 12, 0))


def test_ending_on_close_does_not_jump_to_next_opening() -> None:
    assert CAL.add_business_time(sh(2026, 11, 20, 19, 0), timedelta(hours=1)) == sh(
        2026, 11, 20, 20, 0
    )
    assert CAL.add_business_time(sh(2026, 11, 21, 3, 0), timedelta(0)) == sh(2026, 11, 21, 3, 0)
    with pytest.raises(ValueError):
        CAL.add_business_time(sh(2026, 11, 20, 9, 0), timedelta(seconds=-1))


def test_between_is_antisymmetric() -> None:
    a, b = sh(2026, 11, 20, 19, 0), sh(2026, 11, 23, 9, 0)
    assert CAL.business_time_between(a, b) == timedelta(hours=2)
    assert CAL.business_time_between(b, a) == -timedelta(hours=2)


_START = datetime(2025, 12, 20, tzinfo=UTC)
instants = st.integers(min_value=0, max_value=400 * 24 * 60).map(
    lambda minutes: _START + timedelta(minutes=minutes)
)


@settings(max_examples=200, deadline=None)
@given(instants, instants)
def test_add_and_between_agree(a: datetime, b: datetime) -> None:
    start, end = min(a, b), max(a, b)
    spent = CAL.business_time_between(start, end)
    landed = CAL.add_business_time(start, spent)
    assert start <= landed <= end
    # Only closed time lies between where we landed and `end`: the same open instant.
    assert CAL.business_time_between(landed, end) == timedelta(0)
    assert CAL.business_time_between(start, landed) == spent


@settings(max_examples=200, deadline=None)
@given(instants, st.integers(min_value=0, max_value=100 * 60))
def test_between_inverts_add(start: datetime, minutes: int) -> None:
    duration = timedelta(minutes=minutes)
    assert CAL.business_time_between(start, CAL.add_business_time(start, duration)) == duration
