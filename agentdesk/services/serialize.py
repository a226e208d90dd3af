"""ORM rows to wire payloads (masked where the design says so) and opaque keyset cursors."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from datetime import datetime, timedelta

from agentdesk.db.models import (
    AccountStatus,
    CallLog,
    Conversation,
    Customer,
    Message,
    Transaction,
    WalletAccount,
)
from agentdesk.protocol.codes import ErrorCode
from agentdesk.protocol.payloads import (
    AccountOut,
    CallLogOut,
    ConversationSummary,
    CustomerProfile,
    MessageOut,
    TransactionOut,
)
from agentdesk.services.errors import ServiceError
from agentdesk.services.masking import mask_account_number, mask_email, mask_phone

SNIPPET_LENGTH = 120
PASSWORD_AGE_LIMIT = timedelta(days=180)


def snippet_of(text: str) -> str:
    """One line of at most SNIPPET_LENGTH characters, with an ellipsis when cut."""
    line = " ".join(text.split())
    if len(line) <= SNIPPET_LENGTH:
        return line
    return line[: SNIPPET_LENGTH - 1].rstrip() + "…"


def summary_of(conversation: Conversation, snippet: str) -> ConversationSummary:
    assignee = conversation.assignee
    return ConversationSummary(
        id=conversation.id,
        channel=conversation.channel.value,
        status=conversation.status.value,
        priority=conversation.priority.value,
        subject=conversation.subject,
        snippet=snippet,
        customer_id=conversation.customer_id,
        customer_name=conversation.customer.name,
        assignee_id=conversation.assignee_id,
        assignee_name=assignee.display_name if assignee is not None else None,
        team_id=conversation.team_id,
        tags=sorted(tag.tag for tag in conversation.tags),
        sla_due_at=conversation.sla_due_at,
        snoozed_until=conversation.snoozed_until,
        created_at=conversation.created_at,
        last_message_at=conversation.last_message_at,
        version=conversation.version,
    )


ADDRESS_FIELDS = ("from", "to", "cc", "reply_to")
PHONE_FIELDS = ("phone", "from_number", "to_number")


def masked_meta(meta: dict[str, object]) -> dict[str, object]:
    """Channel details with the addresses and numbers in them masked, like everywhere else."""
    shown = dict(meta)
    for field in ADDRESS_FIELDS:
        value = shown.get(field)
        if isinstance(value, str):
            shown[field] = ", ".join(mask_email(a.strip()) for a in value.split(",") if a.strip())
    for field in PHONE_FIELDS:
        value = shown.get(field)
        if isinstance(value, str):
            shown[field] = mask_phone(value)
    return shown


def message_of(message: Message) -> MessageOut:
    author = message.author
    return MessageOut(
        id=message.id,
        conversation_id=message.conversation_id,
        direction=message.direction.value,
        text=message.text,
        html=message.html,
        author_id=message.author_agent_id,
        author_name=author.display_name if author is not None else None,
        client_message_id=message.client_message_id,
        meta=masked_meta(message.meta),
        created_at=message.created_at,
    )


def call_of(call: CallLog) -> CallLogOut:
    return CallLogOut(
        id=call.id,
        call_id=call.call_id,
        direction=call.direction.value,
        from_number=mask_phone(call.from_number),
        to_number=mask_phone(call.to_number),
        started_at=call.started_at,
        duration_seconds=call.duration_seconds,
        outcome=call.outcome.value,
        agent_id=call.agent_id,
        agent_name=call.agent.display_name if call.agent is not None else None,
        notes=call.notes,
    )


def risk_hints(account: WalletAccount, now: datetime) -> list[str]:
    """What an agent should keep in mind before acting on this account."""
    hints = []
    if account.status is AccountStatus.FROZEN:
        hints.append("frozen")
    if not account.two_step_enabled:
        hints.append("no_two_step")
    if now - account.password_changed_at > PASSWORD_AGE_LIMIT:
        hints.append("password_older_than_180_days")
    return hints


def account_of(account: WalletAccount, now: datetime) -> AccountOut:
    return AccountOut(
        id=account.id,
        wallet_id=account.wallet_id,
        account_number=mask_account_number(account.account_number),
        status=account.status.value,
        balance=account.balance,
        currency=account.currency,
        kyc_level=account.kyc_level,
        two_step_enabled=account.two_step_enabled,
        password_changed_at=account.password_changed_at,
        last_login_at=account.last_login_at,
        risk_hints=risk_hints(account, now),
    )


def profile_of(
    customer: Customer, accounts: Iterable[WalletAccount], now: datetime
) -> CustomerProfile:
    return CustomerProfile(
        id=customer.id,
        name=customer.name,
        phone=mask_phone(customer.phone) if customer.phone else None,
        email=mask_email(customer.email) if customer.email else None,
        language=customer.language.value,
        handles=[
            {"platform": handle.platform.value, "handle": handle.handle}
            for handle in customer.handles
        ],
        accounts=[account_of(account, now) for account in accounts],
    )


def transaction_of(transaction: Transaction) -> TransactionOut:
    failure = transaction.failure_code
    return TransactionOut(
        id=transaction.id,
        reference=transaction.reference,
        account_id=transaction.account_id,
        type=transaction.type.value,
        amount=transaction.amount,
        currency=transaction.currency,
        counterparty=transaction.counterparty,
        status=transaction.status.value,
        failure_code=failure.value if failure is not None else None,
        created_at=transaction.created_at,
    )


def encode_cursor(at: datetime, row_id: int) -> str:
    """An opaque position after the row (`at`, `row_id`) in a newest-first list."""
    raw = json.dumps([at.isoformat(), row_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The (time, id) key a cursor stands for; a cursor we did not make is refused."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        text, row_id = json.loads(raw)
        at = datetime.fromisoformat(text)
        if not isinstance(row_id, int) or at.tzinfo is None:
            raise ValueError(cursor)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise ServiceError(ErrorCode.INVALID_REQUEST, "the cursor is not valid") from exc
    return at, row_id
