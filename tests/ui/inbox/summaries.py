"""ConversationSummary dicts as the desktop receives them, for the inbox tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from agentdesk.protocol.payloads import ConversationSummary

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def summary(
    conversation_id: int, *, minutes_ago: float = 0, version: int = 1, **fields: Any
) -> dict[str, Any]:
    """A summary whose last message came `minutes_ago` before NOW, in wire form."""
    values: dict[str, Any] = {
        "id": conversation_id,
        "channel": "chat",
        "status": "open",
        "priority": "normal",
        "subject": f"Subject {conversation_id}",
        "snippet": f"Latest message of conversation {conversation_id}",
        "customer_id": 1000 + conversation_id,
        "customer_name": f"Customer {conversation_id}",
        "assignee_id": None,
        "assignee_name": None,
        "team_id": 1,
        "tags": [],
        "sla_due_at": None,
        "snoozed_until": None,
        "created_at": NOW - timedelta(days=1),
        "last_message_at": NOW - timedelta(minutes=minutes_ago),
        "version": version,
    }
    values.update(fields)
    return ConversationSummary(**values).model_dump(mode="json")
