"""Who is at the desk: one `AgentPresence` row per live desktop connection.

The server process serving a connection inserts its row at sign-in, deletes it at
disconnect and refreshes `seen_at` of all its rows every `HEARTBEAT_SECONDS`. A row not
seen for `STALE_AFTER` belongs to a process that died: it no longer counts, and any
process's `sweep` deletes it. An agent is online while any fresh row says online, away
while their fresh rows all say away, and offline without fresh rows.

Every change of an agent's presence is announced (`presence.changed`, to their team).
An agent going offline in a team with `return_chats_when_offline` hands their open chats
back to the queue; the server then runs an assignment round, which gives them to
somebody online if the team assigns automatically.

Every change locks the agent's row first (so two connections of one agent closing at
once on two processes cannot both believe the other is still there), then the chats it
may return, and only then writes events (see `events.record_event`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final, Literal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from agentdesk.db.models import (
    Agent,
    AgentPresence,
    Channel,
    Conversation,
    ConversationStatus,
)
from agentdesk.db.types import utcnow
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services.conversations import system_move
from agentdesk.services.errors import ServiceError
from agentdesk.services.events import record_event

Status = Literal["online", "away"]
ONLINE: Final = "online"
AWAY: Final = "away"
OFFLINE: Final = "offline"
HEARTBEAT_SECONDS = 20.0
STALE_AFTER = timedelta(seconds=60)
OFFLINE_REASON = "agent went offline"
OFFLINE_TEXT = "returned to the queue: agent went offline"
_RETURNED_STATUSES = (ConversationStatus.OPEN, ConversationStatus.PENDING)


@dataclass(slots=True)
class PresenceChange:
    """What one call did to one agent's presence; `returned` are the chats handed back."""

    agent_id: int
    before: str
    after: str
    row_id: int | None = None
    returned: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def derive(statuses: Iterable[str]) -> str:
    """Online if any connection is, away if all are, offline without connections."""
    seen = set(statuses)
    if ONLINE in seen:
        return ONLINE
    return AWAY if seen else OFFLINE


def presence_of(
    session: Session, agent_ids: Sequence[int], *, now: datetime | None = None
) -> dict[int, str]:
    """Each agent's presence from their fresh rows."""
    fresh_after = (now or utcnow()) - STALE_AFTER
    statuses: dict[int, list[str]] = {agent_id: [] for agent_id in agent_ids}
    if agent_ids:
        rows = session.execute(
            select(AgentPresence.agent_id, AgentPresence.status).where(
                AgentPresence.agent_id.in_(agent_ids), AgentPresence.seen_at >= fresh_after
            )
        )
        for agent_id, status in rows:
            statuses[agent_id].append(status)
    return {agent_id: derive(found) for agent_id, found in statuses.items()}


def _lock_agents(session: Session, agent_ids: Iterable[int]) -> dict[int, Agent]:
    """Lock the agents' rows, in id order so two changes never wait on each other.

    FOR NO KEY UPDATE, like every row lock here: it still lets others insert rows that
    refer to the locked one (an event naming the agent takes a KEY SHARE lock for its
    foreign key while it holds the event lock), where FOR UPDATE would deadlock."""
    agents = session.scalars(
        select(Agent)
        .where(Agent.id.in_(sorted(set(agent_ids))))
        .order_by(Agent.id)
        .with_for_update(key_share=True)
    )
    return {agent.id: agent for agent in agents}


def connect(
    session: Session,
    agent_id: int,
    server_id: str,
    status: Status = ONLINE,
    *,
    now: datetime | None = None,
) -> PresenceChange:
    """A desktop signed in: add its row. `row_id` of the answer names the row."""
    now = now or utcnow()
    agents = _lock_agents(session, [agent_id])
    before = presence_of(session, [agent_id], now=now)[agent_id]
    row = AgentPresence(
        agent_id=agent_id, server_id=server_id, status=status, connected_at=now, seen_at=now
    )
    session.add(row)
    session.flush()
    change = PresenceChange(agent_id, before, presence_of(session, [agent_id], now=now)[agent_id])
    change.row_id = row.id
    _announce(session, agents, [change])
    return change


def disconnect(session: Session, row_id: int, *, now: datetime | None = None) -> PresenceChange:
    """A desktop went away: drop its row; if that was the agent's last, they are offline."""
    now = now or utcnow()
    agent_id = session.scalar(select(AgentPresence.agent_id).where(AgentPresence.id == row_id))
    if agent_id is None:  # swept meanwhile: a sweep announced the agent already
        return PresenceChange(0, OFFLINE, OFFLINE)
    agents = _lock_agents(session, [agent_id])
    before = presence_of(session, [agent_id], now=now)[agent_id]
    session.execute(delete(AgentPresence).where(AgentPresence.id == row_id))
    change = PresenceChange(agent_id, before, presence_of(session, [agent_id], now=now)[agent_id])
    _announce(session, agents, [change])
    return change


def set_status(
    session: Session,
    agent_id: int,
    server_id: str,
    row_id: int | None,
    status: Status,
    *,
    now: datetime | None = None,
) -> PresenceChange:
    """`presence.set`: the status of the calling connection's row (made again if a sweep
    took it while this process was too busy to refresh it)."""
    if status not in (ONLINE, AWAY):
        raise ServiceError(ErrorCode.INVALID_REQUEST, "presence is online or away")
    now = now or utcnow()
    agents = _lock_agents(session, [agent_id])
    before = presence_of(session, [agent_id], now=now)[agent_id]
    row = session.get(AgentPresence, row_id) if row_id is not None else None
    if row is None or row.agent_id != agent_id:
        row = AgentPresence(agent_id=agent_id, server_id=server_id, connected_at=now)
        session.add(row)
    row.status, row.seen_at = status, now
    session.flush()
    change = PresenceChange(agent_id, before, presence_of(session, [agent_id], now=now)[agent_id])
    change.row_id = row.id
    _announce(session, agents, [change])
    return change


def heartbeat(session: Session, server_id: str, *, now: datetime | None = None) -> int:
    """Mark every row of this server process as seen now; answers how many there are."""
    result = session.execute(
        update(AgentPresence)
        .where(AgentPresence.server_id == server_id)
        .values(seen_at=now or utcnow())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def sweep(session: Session, *, now: datetime | None = None) -> list[PresenceChange]:
    """Delete rows not seen for `STALE_AFTER` (their process died) and announce the agents
    this leaves with another presence than they had while those rows were fresh."""
    now = now or utcnow()
    cutoff = now - STALE_AFTER
    stale = AgentPresence.seen_at < cutoff
    suspects = set(session.scalars(select(AgentPresence.agent_id).where(stale).distinct()))
    if not suspects:
        return []
    agents = _lock_agents(session, suspects)
    rows = session.execute(
        select(AgentPresence.id, AgentPresence.agent_id, AgentPresence.status)
        .where(stale, AgentPresence.agent_id.in_(list(agents)))
        .with_for_update()
    ).all()
    if not rows:  # another process swept them first
        return []
    gone: dict[int, list[str]] = {}
    for _row_id, agent_id, status in rows:
        gone.setdefault(agent_id, []).append(status)
    remaining = presence_of(session, list(gone), now=now)
    session.execute(delete(AgentPresence).where(AgentPresence.id.in_([r[0] for r in rows])))
    changes: list[PresenceChange] = []
    for agent_id, statuses in sorted(gone.items()):
        after = remaining[agent_id]
        before = derive([*statuses, *([] if after == OFFLINE else [after])])
        changes.append(PresenceChange(agent_id, before, after))
    _announce(session, agents, changes)
    return [change for change in changes if change.changed]


def _announce(session: Session, agents: dict[int, Agent], changes: list[PresenceChange]) -> None:
    """Announce each change, and hand back the chats of agents gone offline whose team
    asks for that. Every chat row is locked before the first event is written."""
    changed = [change for change in changes if change.changed]
    leaving = [
        change.agent_id
        for change in changed
        if change.after == OFFLINE
        and (team := agents[change.agent_id].team) is not None
        and team.return_chats_when_offline
    ]
    chats: list[Conversation] = []
    if leaving:
        chats = list(
            session.scalars(
                select(Conversation)
                .where(
                    Conversation.assignee_id.in_(leaving),
                    Conversation.channel == Channel.CHAT,
                    Conversation.status.in_(_RETURNED_STATUSES),
                )
                .order_by(Conversation.id)
                .with_for_update(key_share=True)
            )
        )
    by_change = {change.agent_id: change for change in changed}
    for change in changed:
        agent = agents[change.agent_id]
        record_event(
            session,
            "presence.changed",
            team_id=agent.team_id,
            agent_id=agent.id,
            payload={"agent_id": agent.id, "presence": change.after, "team_id": agent.team_id},
        )
    for chat in chats:
        assert chat.assignee_id is not None
        by_change[chat.assignee_id].returned.append(chat.id)
        system_move(session, chat, None, OFFLINE_REASON, text=OFFLINE_TEXT)
