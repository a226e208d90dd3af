"""The customer's wallet as the support desk sees it: the account and its transactions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agentdesk.db.models.base import Base, BigId, enum_column
from agentdesk.db.models.enums import (
    AccountStatus,
    FailureCode,
    TransactionStatus,
    TransactionType,
)
from agentdesk.db.models.people import Customer
from agentdesk.db.types import utcnow


class WalletAccount(Base):
    __tablename__ = "wallet_accounts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    wallet_id: Mapped[str] = mapped_column(String(40), unique=True)  # the wallet back end's id
    account_number: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[AccountStatus] = mapped_column(
        enum_column(AccountStatus), default=AccountStatus.ACTIVE
    )
    balance: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    kyc_level: Mapped[int] = mapped_column(default=1)
    two_step_enabled: Mapped[bool] = mapped_column(default=False)
    password_changed_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    customer: Mapped[Customer] = relationship()


class Transaction(Base):
    __tablename__ = "transactions"
    __table_args__ = (
        Index("ix_transactions_account_created", "account_id", "created_at"),
        Index("ix_transactions_amount", "amount"),  # search's amount: filter
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)  # shown to customers
    account_id: Mapped[int] = mapped_column(ForeignKey("wallet_accounts.id"))
    type: Mapped[TransactionType] = mapped_column(enum_column(TransactionType))
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    counterparty: Mapped[str] = mapped_column(String(120))
    status: Mapped[TransactionStatus] = mapped_column(enum_column(TransactionStatus))
    failure_code: Mapped[FailureCode | None] = mapped_column(enum_column(FailureCode))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    account: Mapped[WalletAccount] = relationship()
