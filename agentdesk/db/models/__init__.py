"""Every table of agentdesk; importing this module registers them all on `Base.metadata`."""

from agentdesk.db.models.base import Base
from agentdesk.db.models.channels import (
    Attachment,
    ChatVisitor,
    CustomerIdentity,
    IdentityMatch,
    OutboundMessage,
)
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
from agentdesk.db.models.records import (
    AgentPresence,
    AgentSession,
    AuditEntry,
    Event,
    Template,
)
from agentdesk.db.models.search import SearchDoc
from agentdesk.db.models.wallet import Transaction, WalletAccount

__all__ = [
    "AccountStatus",
    "Agent",
    "AgentPresence",
    "AgentSession",
    "Attachment",
    "AuditEntry",
    "Base",
    "CallDirection",
    "CallLog",
    "CallOutcome",
    "Channel",
    "ChatVisitor",
    "Conversation",
    "ConversationStatus",
    "ConversationTag",
    "Customer",
    "CustomerIdentity",
    "Event",
    "FailureCode",
    "IdentityMatch",
    "Language",
    "Message",
    "MessageDirection",
    "OutboundMessage",
    "Priority",
    "Role",
    "SearchDoc",
    "SocialHandle",
    "SocialPlatform",
    "Team",
    "Template",
    "Transaction",
    "TransactionStatus",
    "TransactionType",
    "WalletAccount",
]
