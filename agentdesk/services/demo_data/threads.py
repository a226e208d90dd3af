"""Turns conversation plans into rows: the conversation, its tags, messages and call logs.

Message times are drawn first and squeezed into the time between the conversation's
start and the seed's `now`, so `last_message_at`, SLA due times and the call logs always
agree with the messages. Open conversations end with the customer waiting for an answer,
pending ones with the desk waiting for the customer.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from html import escape

from agentdesk.db.models import Channel, ConversationStatus, FailureCode, MessageDirection, Priority
from agentdesk.services.demo_data.calls import CallWriter
from agentdesk.services.demo_data.dialogue import Voice, facts
from agentdesk.services.demo_data.phrasebook import (
    COMPLAINT,
    CONTACT,
    FAILED,
    FEEDBACK,
    PASSWORD,
    SECURITY,
)
from agentdesk.services.demo_data.planning import ConversationPlan
from agentdesk.services.demo_data.staff import SUPPORT_EMAIL, Roster, StaffMember
from agentdesk.services.demo_data.timeline import IN, NOTE, OUT, Line, draw_times
from agentdesk.services.demo_data.writer import BulkWriter, json_text
from agentdesk.services.sla import next_due


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _unanswered_since(lines: list[Line]) -> datetime | None:
    """The customer's first message after our last reply: when their wait began."""
    since = None
    for line in lines:
        if line.direction is OUT:
            since = None
        elif line.direction is IN and since is None:
            since = line.at
    return since


_PRIORITIES = (Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT)
_PRIORITY_WEIGHTS: dict[str, tuple[int, int, int, int]] = {
    SECURITY: (0, 15, 60, 25),
    COMPLAINT: (0, 50, 40, 10),
    FEEDBACK: (60, 40, 0, 0),
    CONTACT: (60, 40, 0, 0),
    PASSWORD: (10, 70, 20, 0),
    FAILED: (5, 65, 28, 2),
}


class ThreadWriter:
    """Writes one conversation per plan, with ids that follow the plans' order."""

    def __init__(
        self,
        rng: random.Random,
        writer: BulkWriter,
        roster: Roster,
        team_ids: dict[str, int],
        first_ids: dict[str, int],
        now: datetime,
    ) -> None:
        self.rng = rng
        self.writer = writer
        self.roster = roster
        self.team_ids = team_ids
        self.now = now
        self.next_conversation = first_ids["conversations"]
        self.next_message = first_ids["messages"]
        self.calls = CallWriter(rng, writer, first_ids["call_logs"], now)
        self.channels: Counter[str] = Counter()

    def write(self, plan: ConversationPlan) -> None:
        rng, stamp = self.rng, self.writer.stamp
        conversation_id = self.next_conversation
        self.next_conversation += 1
        status = plan.status
        if plan.message_count == 1 and status in (
            ConversationStatus.PENDING,
            ConversationStatus.SNOOZED,
        ):
            status = ConversationStatus.OPEN
        agent = self.roster.pick(rng, plan.team, plan.customer.language)
        unassigned = status is ConversationStatus.OPEN and rng.random() < 0.3
        team_id: int | None = self.team_ids[plan.team]
        if unassigned and rng.random() < 0.1:
            team_id = None  # not yet triaged
        voice = Voice(rng, plan.customer, plan.topic)
        said = facts(plan, agent.name, rng)
        subject = ""
        if plan.channel is Channel.PHONE:
            lines, status = self.calls.write(conversation_id, plan, status, agent, voice, said)
        else:
            directions = self._directions(plan.message_count, status)
            times = draw_times(rng, plan, [(d, None) for d in directions], self.now)
            lines = [Line(d, at) for d, at in zip(directions, times, strict=True)]
            if plan.channel is Channel.EMAIL:
                subject = voice.subject(said)
            self._compose(plan, lines, status, agent, voice, said, subject)
        last = lines[-1].at
        priority = rng.choices(_PRIORITIES, _PRIORITY_WEIGHTS[voice.group])[0]
        # The same clock the live desk keeps (services.sla_tracking): first reply, the
        # customer's unanswered turn, and a due time already announced if it has passed.
        first_response = next((line.at for line in lines if line.direction is OUT), None)
        waiting_since = _unanswered_since(lines)
        aware_due = next_due(
            plan.channel,
            opened_at=_aware(waiting_since or plan.created_at),
            waiting_since=_aware(waiting_since) if waiting_since else None,
            status=status,
            first_response_at=first_response,
        )
        # The writer's times are naive UTC, like the rest of the seed's.
        sla_due = aware_due.replace(tzinfo=None) if aware_due is not None else None
        breached_at = sla_due if sla_due is not None and sla_due < self.now else None
        snoozed_until = None
        if status is ConversationStatus.SNOOZED:
            snoozed_until = self.now + timedelta(minutes=rng.randrange(60, 60 * 72))
        self.writer.rows("conversations").append(
            (
                conversation_id,
                plan.customer.id,
                plan.channel.value,
                status.value,
                priority.value,
                subject,
                None if unassigned else agent.id,
                team_id,
                stamp(sla_due) if sla_due else None,
                stamp(first_response) if first_response else None,
                stamp(waiting_since) if waiting_since else None,
                0,
                stamp(breached_at) if breached_at else None,
                stamp(snoozed_until) if snoozed_until else None,
                stamp(plan.created_at),
                stamp(last),
                1,
            )
        )
        tags = self.writer.rows("conversation_tags")
        for tag in self._tags(plan, lines, voice):
            tags.append((conversation_id, tag))
        messages = self.writer.rows("messages")
        for line in lines:
            client_id = None
            if line.author is not None:
                client_id = _client_message_id(rng)
            messages.append(
                (
                    self.next_message,
                    conversation_id,
                    line.direction.value,
                    line.text,
                    line.html,
                    line.author,
                    client_id,
                    line.external_id,
                    json_text(line.meta) if line.meta else "{}",
                    stamp(line.at),
                )
            )
            self.next_message += 1
        self.channels[plan.channel.value] += 1
        self.writer.maybe_flush()

    # shape and timing ----------------------------------------------------------------

    def _directions(self, count: int, status: ConversationStatus) -> list[MessageDirection]:
        rng = self.rng
        directions = [IN]
        while len(directions) < count:
            previous = directions[-1]
            if previous is IN:
                directions.append(NOTE if rng.random() < 0.08 else OUT)
            elif previous is NOTE:
                directions.append(OUT)
            else:
                directions.append(IN if rng.random() < 0.85 else OUT)
        if count > 1:
            if status is ConversationStatus.OPEN:
                directions[-1] = IN
            elif status is not ConversationStatus.SNOOZED or directions[-1] is IN:
                directions[-1] = OUT
        return directions

    # what is said --------------------------------------------------------------------

    def _compose(
        self,
        plan: ConversationPlan,
        lines: list[Line],
        status: ConversationStatus,
        agent: StaffMember,
        voice: Voice,
        said: dict[str, object],
        subject: str,
    ) -> None:
        rng = self.rng
        channel = plan.channel
        customer = plan.customer
        source = rng.choice(("app", "web"))
        platform = rng.choice(sorted(customer.handles)) if customer.handles else None
        answered = False
        for index, line in enumerate(lines):
            previous = lines[index - 1] if index else None
            is_last = index == len(lines) - 1
            if line.direction is IN:
                if index == 0:
                    if channel is Channel.FEEDBACK:
                        line.text = voice.feedback(said)
                    elif channel is Channel.EMAIL:
                        paragraphs = voice.email_question(said)
                        line.text = "\n\n".join(paragraphs)
                    else:
                        line.text = voice.question(said)
                elif previous is not None and previous.direction is IN:
                    line.text = voice.nudge()
                elif status is ConversationStatus.RESOLVED and index >= len(lines) - 2:
                    line.text = voice.thanks()
                else:
                    line.text = voice.follow_up(said)
            elif line.direction is OUT:
                line.author = agent.id
                if not answered:
                    line.text = voice.answer(said, greet=channel is not Channel.EMAIL)
                    answered = True
                elif is_last and status is ConversationStatus.RESOLVED:
                    line.text = voice.closing(said)
                elif is_last and status is ConversationStatus.PENDING:
                    line.text = voice.waiting(said)
                else:
                    line.text = voice.agent_follow_up(said)
            else:
                line.author = agent.id
                line.text = voice.note(said)
                line.meta = {}
                continue
            if channel is Channel.EMAIL:
                self._as_email(
                    line, previous, plan, voice, said, subject, self.next_message + index
                )
            elif channel is Channel.SOCIAL and platform is not None:
                line.meta = {"platform": platform.value, "handle": customer.handles[platform]}
                line.external_id = (
                    f"{platform.value}:{4_900_000_000_000_000 + self.next_message + index}"
                )
            elif channel is Channel.FEEDBACK and index == 0:
                line.meta = {
                    "source": "in_app_feedback",
                    "app_version": customer.app_version,
                    "device": customer.device[0],
                    "os": customer.device[1],
                    "rating": rng.choice((1, 2, 2, 3, 3, 4, 5)),
                }
            elif channel is Channel.CHAT and line.direction is IN:
                line.meta = {"source": source}

    def _as_email(
        self,
        line: Line,
        previous: Line | None,
        plan: ConversationPlan,
        voice: Voice,
        said: dict[str, object],
        subject: str,
        message_id: int,
    ) -> None:
        customer_email = plan.customer.email or ""
        incoming = line.direction is IN
        if not incoming:
            paragraphs = voice.email_reply(said, line.text)
            line.text = "\n\n".join(paragraphs)
        paragraphs = line.text.split("\n\n")
        html = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
        if previous is not None and previous.text:
            sender = SUPPORT_EMAIL if previous.direction is OUT else customer_email
            header = escape(voice.quote_header(previous.at, sender))
            quoted = escape(previous.text).replace("\n", "<br>")
            html += f"<p>{header}</p><blockquote>{quoted}</blockquote>"
        line.html = html
        domain = customer_email.partition("@")[2] if incoming else "tpwallet.example"
        token = self.rng.getrandbits(32)
        line.external_id = f"<{line.at:%Y%m%d%H%M%S}.{message_id}.{token:08x}@{domain}>"
        line.meta = {
            "from": customer_email if incoming else SUPPORT_EMAIL,
            "to": SUPPORT_EMAIL if incoming else customer_email,
            "subject": subject if previous is None else voice.reply_prefix + subject,
            "message_id": line.external_id,
        }
        if previous is not None and previous.external_id:
            line.meta["in_reply_to"] = previous.external_id

    def _tags(self, plan: ConversationPlan, lines: list[Line], voice: Voice) -> list[str]:
        rng, customer = self.rng, plan.customer
        tags = [voice.group]
        if plan.failed is not None:
            tags.append(plan.failed.code.value)
            if plan.failed.code is FailureCode.SECURITY_LIMIT:
                tags.append("risk_review")
        if plan.channel is Channel.PHONE and lines[-1].author is None:
            tags.append("callback")
        if customer.frozen and voice.group in (SECURITY, COMPLAINT):
            tags.append("frozen_account")
        if voice.group == SECURITY and not customer.two_step:
            tags.append("2fa_off")
        if voice.group == COMPLAINT and rng.random() < 0.3:
            tags.append("escalated")
        if customer.kyc_level == 3 and rng.random() < 0.5:
            tags.append("vip")
        if voice.group == FAILED and rng.random() < 0.2:
            tags.append("refund")
        return tags


def _client_message_id(rng: random.Random) -> str:
    """What the desktop would send with a reply: a random 128-bit id in UUID spelling."""
    digits = f"{rng.getrandbits(128):032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
