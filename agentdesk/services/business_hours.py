"""When the hotline is staffed: opening hours, public holidays and adjusted working days."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

ZERO = timedelta(0)
# How far ahead the calendar looks for an open day before it gives up; a calendar that stays
# shut for two years is misconfigured, and an unbounded walk would hang the caller instead.
_SEARCH_DAYS = 2 * 366


@dataclass(frozen=True)
class OpenHours:
    """One day's opening interval in local wall-clock time; one interval is all the hotline has."""

    opens: time
    closes: time

    def __post_init__(self) -> None:
        if not self.opens < self.closes:
            raise ValueError(f"opening hours must open before they close: {self}")


WEEKDAY_HOURS = OpenHours(time(8), time(20))
# Monday..Sunday, indexed by date.weekday(); None means closed that weekday.
DEFAULT_WEEK: tuple[OpenHours | None, ...] = (WEEKDAY_HOURS,) * 5 + (None, None)


@lru_cache(maxsize=64)
def _public_calendar(country: str, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(holidays, weekend working days) of one country and year, computed once per process.

    `holidays.China` knows the State Council's 调休 schedule: a day off taken from a working
    day is listed as a holiday ("Day off (substituted from ...)") and the weekend day worked
    instead is in `weekend_workdays`. That set can carry dates of other years (it is shared
    state in the package), so only this year's dates are kept.
    """
    table = holidays.country_holidays(country, years=year)
    closed = frozenset(d for d in table if d.year == year)
    worked = frozenset(d for d in table.weekend_workdays if d.year == year)
    return closed, worked


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is required, got {at!r}")


@dataclass(frozen=True)
class BusinessCalendar:
    """The desk's working time, so SLA clocks only run while someone can answer.

    A date is closed when it is in `extra_closed` or is a public holiday of `holiday_country`;
    it is open with `workday_hours` when it is in `extra_open` or is an official weekend working
    day (调休); otherwise it follows `week`. Manual overrides win over the package, because the
    package can lag behind a newly published schedule or a company's own closures.
    """

    timezone: str = "Asia/Shanghai"
    week: tuple[OpenHours | None, ...] = DEFAULT_WEEK
    workday_hours: OpenHours = WEEKDAY_HOURS
    holiday_country: str | None = "CN"
    extra_closed: frozenset[date] = field(default_factory=frozenset)
    extra_open: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise ValueError("week needs seven entries, Monday first")
        both = self.extra_closed & self.extra_open
        if both:
            raise ValueError(f"dates both closed and open: {sorted(both)}")
        ZoneInfo(self.timezone)  # fail on construction rather than on first use

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def hours_on(self, day: date) -> OpenHours | None:
        """The local opening hours of one date, or None when the desk is shut all day."""
        if day in self.extra_open:
            return self.workday_hours
        if day in self.extra_closed:
            return None
        if self.holiday_country is not None:
            closed, worked = _public_calendar(self.holiday_country, day.year)
            if day in closed:
                return None
            if day in worked:
                return self.workday_hours
        return self.week[day.weekday()]

    def _interval(self, day: date) -> tuple[datetime, datetime] | None:
        hours = self.hours_on(day)
        if hours is None:
            return None
        zone = self.zone
        opens = datetime.combine(day, hours.opens, zone).astimezone(UTC)
        closes = datetime.combine(day, hours.closes, zone).astimezone(UTC)
        return opens, closes

    def _intervals_from(self, at: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Open intervals in UTC that end after `at`, in order, the first clipped to start at it."""
        day = at.astimezone(self.zone).date()
        for offset in range(_SEARCH_DAYS):
            interval = self._interval(day + timedelta(days=offset))
            if interval is None or interval[1] <= at:
                continue
            yield max(interval[0], at), interval[1]
        raise ValueError(f"calendar has no open hours within {_SEARCH_DAYS} days of {at}")

    def is_open(self, at: datetime) -> bool:
        _require_aware(at)
        interval = self._interval(at.astimezone(self.zone).date())
        return interval is not None and interval[0] <= at < interval[1]

    def next_open(self, at: datetime) -> datetime:
        """`at` itself when open, else the next opening; the moment a waiting customer is seen."""
        _require_aware(at)
        return next(self._intervals_from(at.astimezone(UTC)))[0]

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime:
        """The instant at which `duration` of open time has passed since `start`.

        Time runs only inside open intervals. Landing exactly on a closing time returns that
        closing time (not the next opening), so a target met "by close of business" is not
        stretched over the night; a zero duration returns `start` unchanged.
        """
        _require_aware(start)
        if duration < ZERO:
            raise ValueError("duration must not be negative")
        start = start.astimezone(UTC)
        if duration == ZERO:
            return start
        remaining = duration
        for opens, closes in self._intervals_from(start):
            span = closes - opens
            if remaining <= span:
                return opens + remaining
            remaining -= span
        raise AssertionError("unreachable: _intervals_from raises when exhausted")

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Open time from `start` to `end`; negative when `end` is earlier, like subtraction."""
        _require_aware(start)
        _require_aware(end)
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        if end < start:
            return -self.business_time_between(end, start)
        total = ZERO
        day = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        while day <= last:
            interval = self._interval(day)
            if interval is not None:
                lo, hi = max(interval[0], start), min(interval[1], end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total
