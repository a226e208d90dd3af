"""The async client of the agent protocol (no Qt): requests, events, reconnect and resume."""

from agentdesk.client.connection import AgentClient, Disconnected, RequestError
from agentdesk.client.outbox import Outbox, OutboxEntry
from agentdesk.client.session import DeskSession, Unreachable

__all__ = [
    "AgentClient",
    "DeskSession",
    "Disconnected",
    "Outbox",
    "OutboxEntry",
    "RequestError",
    "Unreachable",
]
