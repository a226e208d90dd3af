"""SLA targets per channel and the due time a conversation is measured against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from agentdesk.db.models.enums import Channel, ConversationStatus
from agentdesk.services.business_hours import ZERO, BusinessCalendar

# A business day is one default opening day (08:00-20:00), so "3 business days" counted in
# business hours lands at the same time of day three working days later when opened in hours.
BUSINESS_DAY = timedelta(hours=12)

# The customer is waiting on us only in these states; pending and snoozed mean we wait on them.
_PAUSED = frozenset({ConversationStatus.PENDING, ConversationStatus.SNOOZED})


@dataclass(frozen=True)
class SlaTarget:
    """How long we may take, and whether that time runs only while the desk is open."""

    duration: timedelta
    business_hours: bool = True

    def __post_init__(self) -> None:
        if self.duration < ZERO:
            raise ValueError("an SLA duration must not be negative")

    def due(
        self, start: datetime, calendar: BusinessCalendar, paused: timedelta = ZERO
    ) -> datetime:
        """Due time of a clock started at `start` that stood still for `paused` of its own time."""
        total = self.duration + max(paused, ZERO)
        if self.business_hours:
            return calendar.add_business_time(start, total)
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError(f"a timezone-aware datetime is required, got {start!r}")
        return (start + total).astimezone(UTC)

    def elapsed(self, start: datetime, end: datetime, calendar: BusinessCalendar) -> timedelta:
        """Time this target's clock counts between two instants (business or wall time)."""
        if self.business_hours:
            return calendar.business_time_between(start, end)
        return end - start


@dataclass(frozen=True)
class ChannelSla:
    """First response is measured from the conversation's opening; next response from each
    unanswered customer turn after that. They are separate so a channel can promise a fast
    first touch and a slower follow-up."""

    first_response: SlaTarget
    next_response: SlaTarget


def _same(target: SlaTarget) -> ChannelSla:
    return ChannelSla(first_response=target, next_response=target)


@dataclass(frozen=True)
class SlaPolicy:
    """The desk's promises per channel; the defaults follow the hotline's published ones.

    Email is counted in calendar time because the help centre promises "24小时内回复"
    (a reply within 24 hours), not within 24 working hours.
    """

    chat: ChannelSla = field(default_factory=lambda: _same(SlaTarget(timedelta(minutes=5))))
    email: ChannelSla = field(
        default_factory=lambda: _same(SlaTarget(timedelta(hours=24), business_hours=False))
    )
    phone: ChannelSla = field(default_factory=lambda: _same(SlaTarget(timedelta(hours=4))))
    social: ChannelSla = field(default_factory=lambda: _same(SlaTarget(timedelta(hours=2))))
    feedback: ChannelSla = field(default_factory=lambda: _same(SlaTarget(3 * BUSINESS_DAY)))

    def for_channel(self, channel: Channel) -> ChannelSla:
        sla: ChannelSla = getattr(self, Channel(channel).value)
        return sla


DEFAULT_POLICY = SlaPolicy()
DEFAULT_CALENDAR = BusinessCalendar()


def first_response_due(
    channel: Channel,
    opened_at: datetime,
    calendar: BusinessCalendar = DEFAULT_CALENDAR,
    policy: SlaPolicy = DEFAULT_POLICY,
) -> datetime:
    """When the first agent reply is due for a conversation opened at `opened_at`."""
    return policy.for_channel(channel).first_response.due(opened_at, calendar)


def paused_time(
    channel: Channel,
    *,
    first_response_pending: bool,
    paused_from: datetime,
    resumed_at: datetime,
    calendar: BusinessCalendar = DEFAULT_CALENDAR,
    policy: SlaPolicy = DEFAULT_POLICY,
) -> timedelta:
    """How much of the running target's clock one wait on the customer took.

    Add the results up into `paused_total`: measuring the pause in the target's own clock
    (business time for business-hours targets) is what makes the remaining time continue
    exactly where it stopped, instead of a night-time pause pushing the due time out by
    a whole night of business hours.
    """
    sla = policy.for_channel(channel)
    target = sla.first_response if first_response_pending else sla.next_response
    return max(target.elapsed(paused_from, resumed_at, calendar), ZERO)


def next_due(
    channel: Channel,
    *,
    opened_at: datetime,
    waiting_since: datetime | None,
    status: ConversationStatus,
    first_response_at: datetime | None,
    paused_total: timedelta = ZERO,
    calendar: BusinessCalendar = DEFAULT_CALENDAR,
    policy: SlaPolicy = DEFAULT_POLICY,
) -> datetime | None:
    """The conversation's next SLA due time, or None when no clock is running.

    - resolved, pending or snoozed: None; nobody is waiting on us (pending/snoozed pause
      the clock, and `paused_total` carries the pause into the due time once it runs again).
    - no first response yet: the first-response target from `opened_at`.
    - answered before: the next-response target from `waiting_since`, the start of the
      customer's current unanswered turn (their earliest message after our last reply, so
      writing again does not push the deadline out); None when nothing is unanswered.

    `paused_total` is the time the running clock spent waiting on the customer since that
    clock started, in the target's own clock (see `paused_time`); callers reset it when a
    reply starts a new turn.
    """
    if status == ConversationStatus.RESOLVED or status in _PAUSED:
        return None
    sla = policy.for_channel(channel)
    if first_response_at is None:
        return sla.first_response.due(opened_at, calendar, paused_total)
    if waiting_since is None:
        return None
    return sla.next_response.due(waiting_since, calendar, paused_total)


def is_breached(due: datetime | None, now: datetime) -> bool:
    """True once `now` is past the due time; a reply at the due instant still meets it."""
    return due is not None and now > due
