"""Customer payloads shaped like `CustomerProfile`, `TransactionOut` and `ConversationSummary`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def account(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": 11,
        "wallet_id": "TP-0011",
        "account_number": "**** **** 3445",
        "status": "active",
        "balance": "1234.50",
        "currency": "CNY",
        "kyc_level": 2,
        "two_step_enabled": True,
        "password_changed_at": iso(NOW - timedelta(days=30)),
        "last_login_at": iso(NOW - timedelta(hours=5)),
        "risk_hints": [],
    }
    row.update(fields)
    return row


def profile(*accounts: dict[str, Any], **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": 3,
        "name": "Wang Xiaoming",
        "phone": "+86 138****8000",
        "email": "x***@example.cn",
        "language": "zh",
        "handles": [{"platform": "wechat", "handle": "wxm_88"}],
        "accounts": list(accounts) or [account()],
    }
    row.update(fields)
    return row


def transaction(transaction_id: int, status: str, days_ago: int, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": transaction_id,
        "reference": f"TX{transaction_id:06d}",
        "account_id": 11,
        "type": "transfer_out",
        "amount": f"{transaction_id * 10}.50",
        "currency": "CNY",
        "counterparty": f"Shop {transaction_id}",
        "status": status,
        "failure_code": "insufficient_balance" if status == "failed" else None,
        "created_at": iso(NOW - timedelta(days=days_ago)),
    }
    row.update(fields)
    return row


def transactions() -> list[dict[str, Any]]:
    """Newest first, as `customer.transactions` pages them."""
    return [
        transaction(1, "completed", 1),
        transaction(2, "failed", 3),
        transaction(3, "pending", 5, type="top_up"),
        transaction(4, "failed", 20, failure_code="wrong_payment_password"),
        transaction(5, "completed", 40, type="refund"),
    ]


def conversation(conversation_id: int, days_ago: int, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": conversation_id,
        "channel": "email",
        "status": "resolved",
        "priority": "normal",
        "subject": f"Question {conversation_id}",
        "snippet": f"snippet {conversation_id}",
        "customer_id": 3,
        "customer_name": "Wang Xiaoming",
        "assignee_id": None,
        "assignee_name": None,
        "team_id": 1,
        "tags": [],
        "sla_due_at": None,
        "snoozed_until": None,
        "created_at": iso(NOW - timedelta(days=days_ago + 1)),
        "last_message_at": iso(NOW - timedelta(days=days_ago)),
        "version": 1,
    }
    row.update(fields)
    return row


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A layout-less shown window (see tests/ui/conversation/conftest.py for why)."""
    window = QWidget()
    window.resize(480, 800)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
