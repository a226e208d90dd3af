"""The fixed vocabularies of the support desk, shared by models, services and the wire."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    LEAD = "lead"
    ADMIN = "admin"


class Language(StrEnum):
    ZH = "zh"
    EN = "en"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    FROZEN = "frozen"


class TransactionType(StrEnum):
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    PAYMENT = "payment"
    TOP_UP = "top_up"
    WITHDRAWAL = "withdrawal"
    REFUND = "refund"


class TransactionStatus(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    PENDING = "pending"


class FailureCode(StrEnum):
    INSUFFICIENT_BALANCE = "insufficient_balance"
    WRONG_PAYMENT_PASSWORD = "wrong_payment_password"  # noqa: S105 - a failure code
    NETWORK_ERROR = "network_error"
    SECURITY_LIMIT = "security_limit"
    OTHER = "other"


class Channel(StrEnum):
    CHAT = "chat"
    EMAIL = "email"
    PHONE = "phone"
    SOCIAL = "social"
    FEEDBACK = "feedback"


class ConversationStatus(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    SNOOZED = "snoozed"
    RESOLVED = "resolved"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class MessageDirection(StrEnum):
    IN = "in"
    OUT = "out"
    NOTE = "note"


class CallDirection(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallOutcome(StrEnum):
    ANSWERED = "answered"
    MISSED = "missed"
    VOICEMAIL = "voicemail"
    ABANDONED = "abandoned"
    CALLBACK = "callback"


class SocialPlatform(StrEnum):
    FACEBOOK = "facebook"
    X = "x"
    WEIBO = "weibo"
    WECHAT = "wechat"
