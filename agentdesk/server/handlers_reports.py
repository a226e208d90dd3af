"""Request handlers of the reports requests; registered on import through `handles`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agentdesk.protocol import requests as rq
from agentdesk.server.handlers import Handlers, handles
from agentdesk.services import audit_log, dashboard

if TYPE_CHECKING:
    from agentdesk.server.connection import AgentConnection


@handles(rq.DashboardStats)
async def _dashboard_stats(h: Handlers, c: AgentConnection, r: rq.DashboardStats) -> Any:
    return await h.read(dashboard.dashboard_stats, c.actor, r.since, r.until, team_id=r.team_id)


@handles(rq.AuditList)
async def _audit_list(h: Handlers, c: AgentConnection, r: rq.AuditList) -> Any:
    return await h.read(
        audit_log.list_audit,
        c.actor,
        agent_id=r.agent_id,
        action=r.action,
        conversation_id=r.conversation_id,
        since=r.since,
        until=r.until,
        cursor=r.cursor,
        limit=r.limit,
    )
