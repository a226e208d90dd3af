"""Request handlers of the reports and search requests; registered on import through `handles`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agentdesk.protocol import requests as rq
from agentdesk.server.handlers import Handlers, handles
from agentdesk.services import audit_log, dashboard, search

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


@handles(rq.SearchRun)
async def _search(h: Handlers, c: AgentConnection, r: rq.SearchRun) -> Any:
    return await h.read(
        search.find, c.actor, r.q, customer_id=r.customer_id, cursor=r.cursor, limit=r.limit
    )
