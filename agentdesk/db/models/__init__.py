"""Every table of agentdesk; importing this module registers them all on `Base.metadata`."""

from agentdesk.db.models.base import Base
from agentdesk.db.models.conversations import CallLog, Conversation, ConversationTag, Message
from agentdesk.db.models.enums import (
    AccountStatus,
    CallDirection,
    CallOutcome,
    Channel,
    ConversationStatus,
    FailureCode,
    Language,
    MessageDirection,
    Priority,
    Role,
    SocialPlatform,
    TransactionStatus,
    TransactionType,
)
from agentdesk.db.models.people import Agent, Customer, SocialHandle, Team
from agentdesk.db.models.records import AgentSession, AuditEntry, Event, Template
from agentdesk.db.models.wallet import Transaction, WalletAccount

__all__ = [
    "AccountStatus",
    "Agent",
    "AgentSession",
    "AuditEntry",
    "Base",
    "CallDirection",
    "CallLog",
    "CallOutcome",
    "Channel",
    "Conversation",
    "ConversationStatus",
    "ConversationTag",
    "Customer",
    "Event",
    "FailureCode",
    "Language",
    "Message",
    "MessageDirection",
    "Priority",
    "Role",
    "SocialHandle",
    "SocialPlatform",
    "Team",
    "Template",
    "Transaction",
    "TransactionStatus",
    "TransactionType",
    "WalletAccount",
]
