"""The customer beside a conversation: masked profile, wallet, transactions, audited reveals."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from agentdesk.db.models import (
    Conversation,
    Customer,
    Transaction,
    TransactionStatus,
    WalletAccount,
)
from agentdesk.db.types import utcnow
from agentdesk.protocol.codes import ErrorCode
from agentdesk.protocol.payloads import CustomerProfile, Page, Revealed, TransactionOut
from agentdesk.services.actor import Actor
from agentdesk.services.audit import audit
from agentdesk.services.errors import NotFound, ServiceError
from agentdesk.services.permissions import hidden, visible_clause
from agentdesk.services.serialize import (
    decode_cursor,
    encode_cursor,
    profile_of,
    transaction_of,
)

Field = Literal["phone", "email", "account_number"]
TARGET = "customer"


def visible_customer(session: Session, actor: Actor, customer_id: int, action: str) -> Customer:
    """The customer, if the actor may look them up; otherwise `not_found` (audited).

    Leads and admins may look up anyone; an agent only a customer with at least one
    conversation the agent may see."""
    customer = session.scalar(
        select(Customer).options(selectinload(Customer.handles)).where(Customer.id == customer_id)
    )
    if customer is None:
        raise NotFound(TARGET)
    if actor.is_lead:
        return customer
    seen = session.scalar(
        select(Conversation.id)
        .where(Conversation.customer_id == customer_id, visible_clause(actor))
        .limit(1)
    )
    if seen is None:
        raise hidden(actor, action, TARGET, customer_id)
    return customer


def _accounts(session: Session, customer_id: int) -> list[WalletAccount]:
    return list(
        session.scalars(
            select(WalletAccount)
            .where(WalletAccount.customer_id == customer_id)
            .order_by(WalletAccount.id)
        )
    )


def get_customer(
    session: Session, actor: Actor, customer_id: int, now: datetime | None = None
) -> CustomerProfile:
    """The masked profile with every wallet account and its risk hints."""
    customer = visible_customer(session, actor, customer_id, "customer.get")
    return profile_of(customer, _accounts(session, customer_id), now or utcnow())


def list_transactions(
    session: Session,
    actor: Actor,
    customer_id: int,
    *,
    status: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[TransactionOut]:
    """Transactions of all the customer's accounts, newest first, from `since` (inclusive)
    to `until` (exclusive), keyset-paged like the inbox."""
    visible_customer(session, actor, customer_id, "customer.transactions")
    accounts = select(WalletAccount.id).where(WalletAccount.customer_id == customer_id)
    query = select(Transaction).where(Transaction.account_id.in_(accounts))
    if status is not None:
        query = query.where(Transaction.status == TransactionStatus(status))
    if since is not None:
        query = query.where(Transaction.created_at >= since)
    if until is not None:
        query = query.where(Transaction.created_at < until)
    if cursor:
        at, row_id = decode_cursor(cursor)
        query = query.where(
            and_(
                Transaction.created_at <= at,
                or_(Transaction.created_at < at, Transaction.id < row_id),
            )
        )
    query = query.order_by(Transaction.created_at.desc(), Transaction.id.desc()).limit(limit + 1)
    rows = list(session.scalars(query))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].created_at, rows[-1].id) if more else None
    return Page[TransactionOut](
        items=[transaction_of(row) for row in rows], next_cursor=next_cursor
    )


def reveal(session: Session, actor: Actor, customer_id: int, field: Field) -> Revealed:
    """One field in full; the audit entry is written in the caller's transaction.

    `account_number` gives every account of the customer, in account order, joined by
    ", " (most customers have one)."""
    customer = visible_customer(session, actor, customer_id, "customer.reveal")
    value: str | None
    if field == "phone":
        value = customer.phone
    elif field == "email":
        value = customer.email
    elif field == "account_number":
        numbers = [account.account_number for account in _accounts(session, customer_id)]
        value = ", ".join(numbers) or None
    else:
        raise ServiceError(ErrorCode.INVALID_REQUEST, f"no field {field!r} to reveal")
    audit(
        session,
        actor,
        "customer.reveal",
        target_type=TARGET,
        target_id=customer_id,
        detail={"field": field},
    )
    return Revealed(customer_id=customer_id, field=field, value=value)
