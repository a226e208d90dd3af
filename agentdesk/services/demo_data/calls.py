"""The phone side of the demo desk: call logs as the phone system reports them, and notes.

A phone conversation is one to three calls: an inbound call that may be missed, sent
to voicemail or abandoned, then the desk calling back, or a later follow-up. Every call
gets a note from the agent who took it, or from the system when nobody did.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from agentdesk.db.models import (
    CallDirection,
    CallOutcome,
    ConversationStatus,
    Language,
    MessageDirection,
)
from agentdesk.services.demo_data.dialogue import Voice
from agentdesk.services.demo_data.planning import ConversationPlan
from agentdesk.services.demo_data.staff import HOTLINE_CN, HOTLINE_HK, StaffMember
from agentdesk.services.demo_data.timeline import NOTE, Line, draw_times
from agentdesk.services.demo_data.writer import BulkWriter

EPOCH = datetime(1970, 1, 1)
_OUTCOMES = (
    CallOutcome.ANSWERED,
    CallOutcome.MISSED,
    CallOutcome.VOICEMAIL,
    CallOutcome.ABANDONED,
    CallOutcome.CALLBACK,
)
_OUTCOME_WEIGHTS = (62, 14, 8, 6, 10)

# One call: direction, outcome, seconds queueing, talking, wrapping up, and since the last.
_Call = tuple[CallDirection, CallOutcome, int, int, int, int]


class CallWriter:
    """Writes the call logs of phone conversations; call ids follow Asterisk's uniqueid."""

    def __init__(
        self, rng: random.Random, writer: BulkWriter, first_call_id: int, now: datetime
    ) -> None:
        self.rng = rng
        self.writer = writer
        self.next_call = first_call_id
        self.now = now

    def write(
        self,
        conversation_id: int,
        plan: ConversationPlan,
        status: ConversationStatus,
        agent: StaffMember,
        voice: Voice,
        said: dict[str, object],
    ) -> tuple[list[Line], ConversationStatus]:
        """The note per call, and the status: open whenever the last call went unanswered."""
        customer = plan.customer
        summary = voice.call_summary(said)
        said = {**said, "summary": summary}
        calls = self._calls(plan.message_count)
        steps: list[tuple[MessageDirection, int | None]] = []
        for *_, wait, talk, wrap_up, gap in calls:
            steps.append((NOTE, gap))  # the call starts
            steps.append((NOTE, wait + talk + wrap_up))  # its note is written
        moments = draw_times(self.rng, plan, steps, self.now)
        lines: list[Line] = []
        for index, (direction, outcome, wait, talk, wrap_up, _gap) in enumerate(calls):
            started, noted = moments[2 * index], moments[2 * index + 1]
            # Recent calls may have been squeezed to end before `now`; scale with them.
            scale = (noted - started).total_seconds() / (wait + talk + wrap_up)
            talked = int(talk * scale)
            answered = outcome is CallOutcome.ANSWERED
            call_id = f"{int((started - EPOCH).total_seconds())}.{self.next_call}"
            if answered:
                action = voice.call_action(said)
                text = voice.call_note(
                    outbound=direction is CallDirection.OUTBOUND,
                    seconds=talked,
                    summary=summary,
                    action=action,
                )
                english = customer.language is Language.EN
                notes = f"{summary}. {action}." if english else f"{summary};{action}"
            else:
                text = notes = voice.call_outcome(outcome, said)
            answered_at = started + timedelta(seconds=wait * scale) if answered else None
            self.writer.rows("call_logs").append(
                (
                    self.next_call,
                    call_id,
                    conversation_id,
                    customer.id,
                    direction.value,
                    *_numbers(customer.phone, direction),
                    self.writer.stamp(started),
                    self.writer.stamp(answered_at) if answered_at else None,
                    talked,
                    outcome.value,
                    agent.id if answered else None,
                    notes,
                    _recording(call_id, started, outcome),
                )
            )
            self.next_call += 1
            lines.append(
                Line(NOTE, noted, text, None, agent.id if answered else None, {"call_id": call_id})
            )
        if calls[-1][1] is not CallOutcome.ANSWERED:
            status = ConversationStatus.OPEN  # somebody has to call back
        return lines, status

    def _calls(self, count: int) -> list[_Call]:
        rng = self.rng
        calls: list[_Call] = []
        for index in range(count):
            if index == 0:
                direction = CallDirection.INBOUND
                outcome = rng.choices(_OUTCOMES, _OUTCOME_WEIGHTS)[0]
                gap = 0
            elif calls[-1][1] is not CallOutcome.ANSWERED:
                direction = CallDirection.OUTBOUND  # calling back
                outcome = CallOutcome.ANSWERED if rng.random() < 0.9 else CallOutcome.MISSED
                gap = rng.randrange(600, 14_400)
            else:
                direction = rng.choice((CallDirection.INBOUND, CallDirection.OUTBOUND))
                outcome = CallOutcome.ANSWERED
                gap = rng.randrange(3_600, 172_800)
            talk = int(rng.lognormvariate(5.6, 0.6)) if outcome is CallOutcome.ANSWERED else 0
            calls.append(
                (direction, outcome, rng.randrange(5, 120), talk, rng.randrange(20, 240), gap)
            )
        return calls


def _numbers(customer_phone: str, direction: CallDirection) -> tuple[str, str]:
    """(from, to): customers on +86 ring the Shanghai hotline, everyone else Hong Kong's."""
    hotline = HOTLINE_CN if customer_phone.startswith("+86") else HOTLINE_HK
    if direction is CallDirection.OUTBOUND:
        return hotline, customer_phone
    return customer_phone, hotline


def _recording(call_id: str, started: datetime, outcome: CallOutcome) -> str | None:
    if outcome is CallOutcome.ANSWERED:
        return f"recordings/{started:%Y/%m/%d}/{call_id}.wav"
    if outcome is CallOutcome.VOICEMAIL:
        return f"voicemail/{call_id}.wav"
    return None
