"""Which conversations the demo desk has had: channel, customer, topic, age, status, length.

Plans are small and made up front, so conversation ids can follow creation time and the
message counts can be trimmed to an exact total before a single message is written.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from agentdesk.db.models import Channel, ConversationStatus, FailureCode
from agentdesk.services.demo_data.customers import DemoCustomer, FailedPayment
from agentdesk.services.demo_data.phrasebook import (
    COMPLAINT,
    CONTACT,
    FAILED,
    FAILED_TOPICS,
    FEEDBACK,
    PASSWORD,
    SECURITY,
)
from agentdesk.services.demo_data.staff import RISK_SECURITY, WALLET_CARE

CHANNEL_WEIGHTS: dict[Channel, int] = {
    Channel.CHAT: 38,
    Channel.EMAIL: 20,
    Channel.PHONE: 15,
    Channel.SOCIAL: 15,
    Channel.FEEDBACK: 12,
}
# What people contact each channel about (topic groups), after the seed article.
TOPIC_WEIGHTS: dict[Channel, dict[str, int]] = {
    Channel.CHAT: {PASSWORD: 22, FAILED: 30, SECURITY: 14, COMPLAINT: 8, FEEDBACK: 8, CONTACT: 18},
    Channel.EMAIL: {
        PASSWORD: 15,
        FAILED: 30,
        SECURITY: 15,
        COMPLAINT: 20,
        FEEDBACK: 10,
        CONTACT: 10,
    },
    Channel.PHONE: {
        PASSWORD: 20,
        FAILED: 30,
        SECURITY: 25,
        COMPLAINT: 12,
        FEEDBACK: 3,
        CONTACT: 10,
    },
    Channel.SOCIAL: {
        PASSWORD: 10,
        FAILED: 20,
        SECURITY: 10,
        COMPLAINT: 30,
        FEEDBACK: 15,
        CONTACT: 15,
    },
    Channel.FEEDBACK: {FEEDBACK: 70, COMPLAINT: 15, FAILED: 10, PASSWORD: 5},
}
# Messages per conversation: (fewest, most, most likely); phone and feedback stay short.
MESSAGE_COUNTS: dict[Channel, tuple[int, int, int]] = {
    Channel.CHAT: (2, 30, 16),
    Channel.EMAIL: (1, 16, 9),
    Channel.SOCIAL: (1, 20, 11),
    Channel.PHONE: (1, 3, 1),
    Channel.FEEDBACK: (1, 4, 2),
}
_FLEXIBLE = (Channel.CHAT, Channel.EMAIL, Channel.SOCIAL)
_STATUSES = (
    ConversationStatus.OPEN,
    ConversationStatus.PENDING,
    ConversationStatus.SNOOZED,
    ConversationStatus.RESOLVED,
)
# (open, pending, snoozed, resolved) by age: yesterday's work is still moving, older
# conversations are nearly all resolved.
_STATUS_WEIGHTS_BY_AGE: tuple[tuple[timedelta, tuple[float, ...]], ...] = (
    (timedelta(days=1), (35, 20, 8, 37)),
    (timedelta(days=7), (4, 12, 6, 78)),
    (timedelta.max, (0.3, 1, 0.5, 98.2)),
)
HISTORY_DAYS = 90


class SeedPlanError(RuntimeError):
    """The customers written so far cannot support the conversations asked for."""


@dataclass(slots=True)
class ConversationPlan:
    customer: DemoCustomer
    channel: Channel
    topic: str
    failed: FailedPayment | None
    created_at: datetime
    status: ConversationStatus
    message_count: int
    team: str


class Planner:
    def __init__(self, rng: random.Random, customers: list[DemoCustomer], now: datetime) -> None:
        self.rng = rng
        self.now = now
        self._pools: dict[tuple[Channel, bool], list[DemoCustomer]] = {}
        self._discussed: set[str] = set()
        for channel in Channel:
            eligible = [c for c in customers if _can_use(c, channel)] or customers
            self._pools[(channel, False)] = eligible
            self._pools[(channel, True)] = [c for c in eligible if c.failed]

    def plan(self, count: int, total_messages: int) -> list[ConversationPlan]:
        """`count` plans, sorted by creation, whose message counts add up to `total_messages`."""
        plans = [self._plan(index) for index in range(count)]
        self._trim(plans, total_messages)
        plans.sort(key=lambda plan: plan.created_at)
        return plans

    def _plan(self, index: int) -> ConversationPlan:
        rng = self.rng
        channels = list(CHANNEL_WEIGHTS)
        # The first plans visit every channel and every failure code, so that even the
        # smallest seed shows the whole desk.
        if index < len(channels):
            channel = channels[index]
        else:
            channel = rng.choices(channels, list(CHANNEL_WEIGHTS.values()))[0]
        weights = TOPIC_WEIGHTS[channel]
        group = rng.choices(list(weights), list(weights.values()))[0]
        forced_code: FailureCode | None = None
        codes = list(FailureCode)
        if len(channels) <= index < len(channels) + len(codes):
            group, forced_code = FAILED, codes[index - len(channels)]
        failed: FailedPayment | None = None
        if forced_code is not None:
            customer, channel = self._customer_who_failed(forced_code, channel)
        else:
            pool = self._pools[(channel, group == FAILED)]
            if not pool:  # nobody reachable on this channel has a failed payment
                group, pool = PASSWORD, self._pools[(channel, False)]
            # Lower ids write in more often: some customers are regulars.
            customer = pool[int(len(pool) * rng.random() ** 1.3)]
        if group == FAILED:
            matching = [p for p in customer.failed if forced_code in (None, p.code)]
            failed = rng.choice(matching)
            if failed.reference in self._discussed and rng.random() < 0.8:
                failed = rng.choice(matching)  # most failures are written about once
            self._discussed.add(failed.reference)
            topic = FAILED_TOPICS[failed.code]
            delay = timedelta(minutes=min(rng.expovariate(1 / 240), 60 * 48))
            created = min(failed.at + delay, self.now - timedelta(minutes=2))
        else:
            topic = group
            age = timedelta(days=HISTORY_DAYS * rng.random() ** 1.7, minutes=2)
            created = self.now - age
        status = self._status(self.now - created)
        low, high, mode = MESSAGE_COUNTS[channel]
        count = min(high, int(rng.triangular(low, high + 1, mode)))
        if count == 1 and status in (ConversationStatus.PENDING, ConversationStatus.SNOOZED):
            status = ConversationStatus.OPEN
        risky = group == SECURITY or (
            failed is not None and failed.code is FailureCode.SECURITY_LIMIT
        )
        return ConversationPlan(
            customer=customer,
            channel=channel,
            topic=topic,
            failed=failed,
            created_at=created,
            status=status,
            message_count=count,
            team=RISK_SECURITY if risky else WALLET_CARE,
        )

    def _customer_who_failed(
        self, code: FailureCode, channel: Channel
    ) -> tuple[DemoCustomer, Channel]:
        for candidate_channel in (channel, Channel.CHAT):
            for customer in self._pools[(candidate_channel, True)]:
                if any(payment.code is code for payment in customer.failed):
                    return customer, candidate_channel
        raise SeedPlanError(f"no customer has a failed transaction with code {code}")

    def _status(self, age: timedelta) -> ConversationStatus:
        for limit, weights in _STATUS_WEIGHTS_BY_AGE:
            if age < limit:
                return self.rng.choices(_STATUSES, weights)[0]
        raise AssertionError("unreachable")  # pragma: no cover

    def _trim(self, plans: list[ConversationPlan], total: int) -> None:
        """Nudge flexible conversations one message at a time until the total is exact."""
        flexible = [plan for plan in plans if plan.channel in _FLEXIBLE]
        difference = total - sum(plan.message_count for plan in plans)
        step = 1 if difference > 0 else -1
        room = sum(
            (MESSAGE_COUNTS[p.channel][1] - p.message_count)
            if step > 0
            else (p.message_count - MESSAGE_COUNTS[p.channel][0])
            for p in flexible
        )
        if room < abs(difference):
            difference = room * step  # as close as the bounds allow
        while difference:
            plan = flexible[self.rng.randrange(len(flexible))]
            low, high, _ = MESSAGE_COUNTS[plan.channel]
            if low <= plan.message_count + step <= high:
                plan.message_count += step
                difference -= step


def _can_use(customer: DemoCustomer, channel: Channel) -> bool:
    if channel is Channel.SOCIAL:
        return bool(customer.handles)
    if channel is Channel.EMAIL:
        return customer.email is not None
    return True
