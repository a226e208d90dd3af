"""The async client of the agent protocol (no Qt): requests, events, reconnect and resume."""

from agentdesk.client.connection import AgentClient, RequestError

__all__ = ["AgentClient", "RequestError"]
