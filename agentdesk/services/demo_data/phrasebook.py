"""The shape of a demo phrasebook: what customers ask and agents answer, topic by topic.

Texts are composed from parts (opener × question × detail × closer) so a million
messages read like a real desk's history rather than a handful of repeated lines.
Placeholders in braces are filled from the conversation's facts (see `dialogue.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from agentdesk.db.models import CallOutcome, FailureCode

PASSWORD = "password"  # noqa: S105 - a topic, not a secret
SECURITY = "security"
COMPLAINT = "complaint"
FEEDBACK = "feedback"
CONTACT = "contact"
FAILED = "failed_transaction"

#: A topic of conversation: the five plain ones plus one per failure code.
FAILED_TOPICS: dict[FailureCode, str] = {code: f"{FAILED}:{code.value}" for code in FailureCode}
TOPICS: tuple[str, ...] = (
    PASSWORD,
    *FAILED_TOPICS.values(),
    SECURITY,
    COMPLAINT,
    FEEDBACK,
    CONTACT,
)


def topic_group(topic: str) -> str:
    """`failed_transaction:network_error` → `failed_transaction`; others unchanged."""
    return topic.partition(":")[0]


Lines = tuple[str, ...]

#: Conditions a case may need of the customer's account.
FROZEN = "frozen"
TWO_STEP_OFF = "two_step_off"


@dataclass(frozen=True, slots=True)
class Case:
    """One thing customers ask within a topic, and what agents answer to exactly that."""

    asks: Lines
    answers: Lines
    summary: str  # how an agent sums the call up in a note
    only_if: str | None = None  # FROZEN or TWO_STEP_OFF: only for such accounts


@dataclass(frozen=True, slots=True)
class Phrasebook:
    """Everything said in one language. Mappings are keyed by topic or topic group."""

    # customers
    openers: Lines
    closers: Lines
    email_salutations: Lines
    email_signoffs: Lines
    cases: Mapping[str, tuple[Case, ...]]  # by topic
    details: Mapping[str, Lines]  # by topic group
    follow_ups: Mapping[str, Lines]  # by topic group
    generic_follow_ups: Lines
    thanks: Lines
    nudges: Lines
    subjects: Mapping[str, Lines]  # by topic
    feedback_prefixes: Lines
    # agents
    greetings: Lines
    email_greetings: Lines
    agent_follow_ups: Mapping[str, Lines]  # by topic group
    generic_agent_follow_ups: Lines
    agent_closers: Lines
    agent_waiting: Lines
    agent_email_signoffs: Lines
    notes: Mapping[str, Lines]  # by topic group
    generic_notes: Lines
    # the phone desk
    call_actions: Mapping[str, Lines]  # by topic group
    call_outcomes: Mapping[CallOutcome, Lines]
    # facts in words
    failure_labels: Mapping[FailureCode, str]
    quote_header: str
    reply_prefix: str
