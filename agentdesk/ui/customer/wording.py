"""The customer panel's words for wire codes (statuses, failures, risks) and its money format."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.core import UnknownLocaleError
from babel.numbers import format_currency
from PySide6.QtCore import QCoreApplication, QLocale

FALLBACK_LOCALE = "en_US"


def transaction_type_name(code: str) -> str:
    words = {
        "transfer_out": QCoreApplication.translate("CustomerWording", "Transfer out"),
        "transfer_in": QCoreApplication.translate("CustomerWording", "Transfer in"),
        "payment": QCoreApplication.translate("CustomerWording", "Payment"),
        "top_up": QCoreApplication.translate("CustomerWording", "Top-up"),
        "withdrawal": QCoreApplication.translate("CustomerWording", "Withdrawal"),
        "refund": QCoreApplication.translate("CustomerWording", "Refund"),
    }
    return words.get(code, code.replace("_", " "))


def transaction_status_name(code: str) -> str:
    words = {
        "completed": QCoreApplication.translate("CustomerWording", "Completed"),
        "failed": QCoreApplication.translate("CustomerWording", "Failed"),
        "pending": QCoreApplication.translate("CustomerWording", "Pending"),
    }
    return words.get(code, code)


def failure_reason(code: str | None) -> str:
    """Why a transaction failed, in the words an agent would say to the customer."""
    words = {
        "insufficient_balance": QCoreApplication.translate(
            "CustomerWording", "Insufficient balance"
        ),
        "wrong_payment_password": QCoreApplication.translate(
            "CustomerWording", "Wrong payment password"
        ),
        "network_error": QCoreApplication.translate("CustomerWording", "Network error"),
        "security_limit": QCoreApplication.translate("CustomerWording", "Security limit reached"),
        "other": QCoreApplication.translate("CustomerWording", "Other reason"),
    }
    if not code:
        return QCoreApplication.translate("CustomerWording", "Reason unknown")
    return words.get(code, code.replace("_", " "))


def risk_hint_name(code: str) -> str:
    """The strings of `risk_hints` in agentdesk/services/serialize.py, in words."""
    words = {
        "no_two_step": QCoreApplication.translate("CustomerWording", "No two-step verification"),
        "password_older_than_180_days": QCoreApplication.translate(
            "CustomerWording", "Password older than 180 days"
        ),
        "frozen": QCoreApplication.translate("CustomerWording", "Account frozen"),
    }
    return words.get(code, code.replace("_", " "))


def risk_hint_severe(code: str) -> bool:
    """A frozen account stops everything; the other hints are cautions."""
    return code == "frozen"


def account_status_name(code: str) -> str:
    words = {
        "active": QCoreApplication.translate("CustomerWording", "Active"),
        "frozen": QCoreApplication.translate("CustomerWording", "Frozen"),
    }
    return words.get(code, code)


def format_money(amount: object, currency: str) -> str:
    """A wire amount (Decimal as text) in the desktop locale's currency format.

    babel knows how each locale writes each currency (`¥1,234.50`, `US$12.00` in
    Chinese); Qt's locale names (`zh_CN`) are babel's. The C locale of a bare test
    machine has no currency rules, so English is the fallback."""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return f"{amount} {currency}".strip()
    for name in (QLocale().name(), FALLBACK_LOCALE):
        try:
            return str(format_currency(value, currency, locale=name))
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return f"{value} {currency}"
