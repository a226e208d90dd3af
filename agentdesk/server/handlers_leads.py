"""Request handlers of the leads requests; registered on import through `handles`.

Also the server task behind them, `LeadUpkeep`: it keeps this process's presence rows
fresh, sweeps the stale rows of processes that died, and runs auto-assignment rounds
(every `assign_seconds`, and at once when woken: a desktop came or went, a presence or
a team setting changed, conversations went back to the queue)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from agentdesk.protocol import requests as rq
from agentdesk.server.handlers import Handlers, handles
from agentdesk.server.wakeups import wake_or_timeout
from agentdesk.services import assignment, leads, presence
from agentdesk.services.unit import perform, query

if TYPE_CHECKING:
    from agentdesk.server.app import AgentServer
    from agentdesk.server.connection import AgentConnection

log = logging.getLogger(__name__)


@handles(rq.PresenceSet)
async def _presence_set(h: Handlers, c: AgentConnection, r: rq.PresenceSet) -> Any:
    change: presence.PresenceChange = await h.change(
        presence.set_status, c.actor.agent_id, c.server.server_id, c.presence_id, r.status
    )
    c.presence_id = change.row_id
    c.server.lead_upkeep.wake()
    return {"status": r.status, "presence": change.after}


@handles(rq.LeadOverview)
async def _lead_overview(h: Handlers, c: AgentConnection, r: rq.LeadOverview) -> Any:
    return await h.read(leads.overview, c.actor, r.team_id)


@handles(rq.ConversationAssignMany)
async def _assign_many(h: Handlers, c: AgentConnection, r: rq.ConversationAssignMany) -> Any:
    answer = await h.change(
        leads.assign_many,
        c.actor,
        r.conversation_ids,
        r.agent_id,
        versions=r.versions,
        reason=r.reason,
    )
    if r.agent_id is None:  # back to the queue: an auto-assigning team gives them out again
        c.server.lead_upkeep.wake()
    return answer


@handles(rq.TeamUpdate)
async def _team_update(h: Handlers, c: AgentConnection, r: rq.TeamUpdate) -> Any:
    team = await h.change(
        leads.update_team,
        c.actor,
        r.team_id,
        assignment_mode=r.assignment_mode,
        return_chats_when_offline=r.return_chats_when_offline,
    )
    c.server.lead_upkeep.wake()
    return team


class LeadUpkeep:
    """Presence heartbeats and sweeps, and auto-assignment rounds, for one server process."""

    def __init__(
        self,
        server: AgentServer,
        *,
        assign_seconds: float = 2.0,
        heartbeat_seconds: float = presence.HEARTBEAT_SECONDS,
    ) -> None:
        self.server = server
        self.assign_seconds = assign_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self._woken = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Run an assignment round now rather than at the next tick."""
        self._woken.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="lead-upkeep")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last_beat = loop.time()  # rows are fresh at sign-in
        while True:
            await wake_or_timeout(self._woken, self.assign_seconds)
            self._woken.clear()
            try:
                if loop.time() - last_beat >= self.heartbeat_seconds:
                    last_beat = loop.time()
                    await self.keep_presence()
                if await self.assign() >= assignment.BATCH:
                    self.wake()  # a full batch: more may be waiting
            except Exception:
                log.exception("presence or assignment upkeep failed; trying again later")

    async def keep_presence(self) -> list[presence.PresenceChange]:
        """Refresh this process's rows and sweep every process's stale ones."""
        server = self.server
        await server.run_in_db(perform, server.database, presence.heartbeat, server.server_id)
        changes: list[presence.PresenceChange] = await server.run_in_db(
            perform, server.database, presence.sweep
        )
        if changes:
            server.pump.wake()
            if any(change.returned for change in changes):
                self.wake()
        return changes

    async def assign(self) -> int:
        """One assignment round over the teams that have somebody waiting."""
        server = self.server
        teams = await server.run_in_db(query, server.database, assignment.teams_waiting)
        if not teams:
            return 0
        done = await server.run_in_db(perform, server.database, assignment.assign_round, teams)
        if done:
            server.pump.wake()
        return len(done)
