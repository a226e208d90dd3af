"""Does a conversation belong in the view on screen? Decided locally for live events."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

DEFAULT_STATUSES = ("open", "pending")
AT_RISK = timedelta(hours=1)


def _due(summary: Mapping[str, Any]) -> datetime | None:
    raw = summary.get("sla_due_at")
    return datetime.fromisoformat(raw) if isinstance(raw, str) else None


def view_matches(
    view: Mapping[str, Any],
    summary: Mapping[str, Any],
    *,
    agent_id: int,
    team_id: int | None,
    now: datetime | None = None,
) -> bool:
    """The same rules as the server's `inbox.list`, for one row arriving by event."""
    statuses = view.get("status") or DEFAULT_STATUSES
    if summary["status"] not in statuses:
        return False
    kind = view.get("view", "mine")
    if kind == "mine" and summary["assignee_id"] != agent_id:
        return False
    if kind == "unassigned" and summary["assignee_id"] is not None:
        return False
    if kind == "team" and (team_id is None or summary["team_id"] != team_id):
        return False
    for field in ("channel", "priority", "customer_id"):
        wanted = view.get(field)
        if wanted is not None and summary[field] != wanted:
            return False
    sla = view.get("sla")
    if sla is not None:
        due, now = _due(summary), now or datetime.now(UTC)
        if due is None:
            return False
        if sla == "breached" and not due < now:
            return False
        if sla == "at_risk" and not now <= due < now + AT_RISK:
            return False
    return True
