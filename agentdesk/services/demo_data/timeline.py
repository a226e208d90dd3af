"""When things happen in a demo conversation: message gaps per channel, squeezed before `now`."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from agentdesk.db.models import Channel, MessageDirection
from agentdesk.services.demo_data.planning import ConversationPlan

IN, OUT, NOTE = MessageDirection.IN, MessageDirection.OUT, MessageDirection.NOTE

# Seconds until the next message: (agent replies, customer replies), fewest and most.
GAPS: dict[Channel, tuple[tuple[int, int], tuple[int, int]]] = {
    Channel.CHAT: ((20, 240), (10, 180)),
    Channel.SOCIAL: ((120, 7_200), (60, 10_800)),
    Channel.EMAIL: ((1_800, 72_000), (3_600, 172_800)),
    Channel.FEEDBACK: ((3_600, 259_200), (3_600, 86_400)),
    Channel.PHONE: ((600, 14_400), (3_600, 172_800)),
}


@dataclass(slots=True)
class Line:
    """One message of a conversation while it is being composed."""

    direction: MessageDirection
    at: datetime
    text: str = ""
    html: str | None = None
    author: int | None = None
    meta: dict[str, Any] | None = None
    external_id: str | None = None


def draw_times(
    rng: random.Random,
    plan: ConversationPlan,
    steps: list[tuple[MessageDirection, int | None]],
    now: datetime,
) -> list[datetime]:
    """A time per step; a step may give its own gap in seconds instead of a drawn one."""
    agent_gap, customer_gap = GAPS[plan.channel]
    offsets = [0.0]
    for direction, fixed in steps[1:]:
        if fixed is not None:
            gap = float(fixed)
        elif direction is NOTE:
            gap = rng.uniform(30, 600)
        else:
            low, high = agent_gap if direction is OUT else customer_gap
            gap = low + (high - low) * rng.random() ** 2  # most replies come quickly
        offsets.append(offsets[-1] + gap)
    # A conversation that would run past `now` is squeezed into a random share of the
    # time left, so recent conversations do not all end at the same instant.
    room = (now - plan.created_at).total_seconds()
    scale = 1.0
    if offsets[-1] > room * 0.98:
        scale = max(room, 1.0) * rng.uniform(0.5, 0.98) / offsets[-1]
    return [plan.created_at + timedelta(seconds=offset * scale) for offset in offsets]
