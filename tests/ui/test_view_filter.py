"""Live rows land in the view on screen by the same rules the server pages by."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from agentdesk.ui.shell.view_filter import view_matches

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def summary(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "status": "open",
        "assignee_id": 3,
        "team_id": 1,
        "channel": "chat",
        "priority": "normal",
        "customer_id": 9,
        "sla_due_at": None,
    }
    row.update(fields)
    return row


def matches(view: dict[str, Any], **fields: Any) -> bool:
    return view_matches(view, summary(**fields), agent_id=3, team_id=1, now=NOW)


def test_views() -> None:
    assert matches({"view": "mine"})
    assert not matches({"view": "mine"}, assignee_id=4)
    assert matches({"view": "unassigned"}, assignee_id=None)
    assert not matches({"view": "team"}, team_id=2)
    assert matches({"view": "all"}, team_id=2)


def test_filters() -> None:
    assert not matches({"view": "all"}, status="resolved")
    assert matches({"view": "mine", "status": ["snoozed"]}, status="snoozed")
    assert not matches({"view": "all", "channel": "email"})
    soon = (NOW + timedelta(minutes=20)).isoformat()
    late = (NOW - timedelta(minutes=20)).isoformat()
    assert matches({"view": "all", "sla": "at_risk"}, sla_due_at=soon)
    assert not matches({"view": "all", "sla": "at_risk"}, sla_due_at=late)
    assert matches({"view": "all", "sla": "breached"}, sla_due_at=late)
    assert not matches({"view": "all", "sla": "breached"})
