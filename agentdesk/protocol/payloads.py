"""What the server answers with: the shapes of results and event data, shared with clients."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AgentOut(Payload):
    id: int
    username: str
    display_name: str
    role: str
    team_id: int | None
    language: str


class Welcome(Payload):
    """The result of `auth`: who you are, your token, and where the event stream stands."""

    agent: AgentOut
    token: str
    token_expires_at: datetime
    last_seq: int
    server: str


class ConversationSummary(Payload):
    """One inbox row."""

    id: int
    channel: str
    status: str
    priority: str
    subject: str
    snippet: str
    customer_id: int
    customer_name: str
    assignee_id: int | None
    assignee_name: str | None
    team_id: int | None
    tags: list[str]
    sla_due_at: datetime | None
    snoozed_until: datetime | None
    created_at: datetime
    last_message_at: datetime
    version: int


class Page(Payload, Generic[T]):
    items: list[T]
    next_cursor: str | None


class MessageOut(Payload):
    id: int
    conversation_id: int
    direction: str  # in, out or note
    text: str
    html: str | None
    author_id: int | None
    author_name: str | None
    client_message_id: str | None
    meta: dict[str, Any]
    created_at: datetime
    # A reply leaving by email or a social platform: queued, sent, failed or uncertain.
    delivery: dict[str, Any] | None = None


class CallLogOut(Payload):
    id: int
    call_id: str
    direction: str
    from_number: str  # masked unless revealed
    to_number: str
    started_at: datetime
    duration_seconds: int
    outcome: str
    agent_id: int | None
    agent_name: str | None
    notes: str


class ConversationDetail(Payload):
    conversation: ConversationSummary
    messages: list[MessageOut]
    calls: list[CallLogOut]


class AccountOut(Payload):
    id: int
    wallet_id: str
    account_number: str  # masked unless revealed
    status: str
    balance: Decimal
    currency: str
    kyc_level: int
    two_step_enabled: bool
    password_changed_at: datetime
    last_login_at: datetime | None
    risk_hints: list[str]


class CustomerProfile(Payload):
    id: int
    name: str
    phone: str | None  # masked unless revealed
    email: str | None  # masked unless revealed
    language: str
    handles: list[dict[str, str]]
    accounts: list[AccountOut]


class TransactionOut(Payload):
    id: int
    reference: str
    account_id: int
    type: str
    amount: Decimal
    currency: str
    counterparty: str
    status: str
    failure_code: str | None
    created_at: datetime


class Revealed(Payload):
    customer_id: int
    field: str
    value: str | None


class TemplateOut(Payload):
    key: str
    language: str
    title: str
    category: str
    shortcut: str
    body: str


class RenderedOut(Payload):
    key: str
    language: str
    text: str
    missing: list[str]
    transaction_id: int | None


class SuggestionOut(Payload):
    key: str
    reason: str
    rendered: RenderedOut


class InboxCountsOut(Payload):
    views: dict[str, int]


class SearchHitOut(Payload):
    """One search result; `highlights` are [start, end) character spans of `snippet`."""

    kind: str  # message, call, conversation, customer or transaction
    doc_id: int
    conversation_id: int | None
    message_id: int | None  # set for a message: open the conversation scrolled to it
    customer_id: int | None
    customer_name: str
    channel: str | None
    title: str
    snippet: str
    highlights: list[tuple[int, int]]
    at: datetime


class SearchResultsOut(Payload):
    items: list[SearchHitOut]
    next_cursor: str | None
    matched: int  # documents ranked (at most 1,000)
    capped: bool  # more matched than were ranked: a narrower query finds the rest
