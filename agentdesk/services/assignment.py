"""Automatic assignment: a team's unassigned conversations go to its online agents.

A team assigns `off` (never), `round_robin` (in turn, resuming after the agent who got the
last one, `Team.assignment_cursor`, so the turn survives restarts and is shared by every
server process) or `balanced` (to whoever holds the fewest open conversations; ties in
round-robin order). Only online (not away) active members of the team below their
capacity get work; a conversation counts against an agent while it is open or pending.
The longest-waiting conversations go first.

Several server processes may run a round at once. On PostgreSQL a round takes its team's
row with `FOR UPDATE SKIP LOCKED` (one round per team at a time, so the cursor and the
loads it reads stay true) and claims conversations the same way, so a conversation that
an agent is taking by hand at that moment is left alone; it locks the agents' rows `FOR
SHARE`, so an agent cannot go offline while a round is giving them work. On SQLite the
write transaction (BEGIN IMMEDIATE) serializes rounds anyway. Every lock is taken before
the first event is written (see `events.record_event`), and team and conversation rows
are locked FOR NO KEY UPDATE: a transaction that holds the event lock may still insert an
event or message referring to them (its foreign key check takes a KEY SHARE lock), where
FOR UPDATE would make the two wait on each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, SQLColumnExpression, func, select
from sqlalchemy.orm import Session

from agentdesk.db.models import Agent, Conversation, ConversationStatus, Team
from agentdesk.db.types import utcnow
from agentdesk.protocol.payloads import ConversationSummary
from agentdesk.services.conversations import system_move
from agentdesk.services.presence import ONLINE, presence_of

MODES = ("off", "round_robin", "balanced")
REASONS = {
    "round_robin": "auto-assigned (round robin)",
    "balanced": "auto-assigned (balanced)",
}
BATCH = 200  # conversations per team and round; the next round takes the rest
OPEN_STATUSES = (ConversationStatus.OPEN, ConversationStatus.PENDING)


def waiting_since() -> ColumnElement[datetime]:
    """Since when the customer has been waiting: the unanswered turn, else the last message."""
    return func.coalesce(Conversation.waiting_since, Conversation.last_message_at)


def queue_clause(team_id: int | SQLColumnExpression[int]) -> ColumnElement[bool]:
    """The team's unassigned conversations that still need somebody (open or pending)."""
    return (
        (Conversation.team_id == team_id)
        & Conversation.assignee_id.is_(None)
        & Conversation.status.in_(OPEN_STATUSES)
    )


def open_counts(session: Session, agent_ids: Sequence[int]) -> dict[int, int]:
    """How many open or pending conversations each agent holds (every team's)."""
    counts = dict.fromkeys(agent_ids, 0)
    if not agent_ids:
        return counts
    rows = session.execute(
        select(Conversation.assignee_id, func.count())
        .where(Conversation.assignee_id.in_(agent_ids), Conversation.status.in_(OPEN_STATUSES))
        .group_by(Conversation.assignee_id)
    )
    for agent_id, count in rows:
        if agent_id is not None:
            counts[agent_id] = int(count)
    return counts


def teams_waiting(session: Session) -> list[int]:
    """Teams that assign automatically and have somebody waiting: a cheap read, so that a
    round only opens a write transaction when it may have work."""
    waiting = select(Conversation.id).where(queue_clause(Team.id)).exists()
    return list(
        session.scalars(
            select(Team.id).where(Team.assignment_mode != "off", waiting).order_by(Team.id)
        )
    )


def assign_round(
    session: Session,
    team_ids: Sequence[int] | None = None,
    *,
    batch: int = BATCH,
    now: datetime | None = None,
) -> list[ConversationSummary]:
    """One round over the teams (all that assign automatically, or `team_ids`): each gives
    up to `batch` of its longest-waiting conversations to its online agents."""
    now = now or utcnow()
    query = select(Team.id).where(Team.assignment_mode != "off").order_by(Team.id)
    if team_ids is not None:
        query = query.where(Team.id.in_(team_ids))
    assigned: list[ConversationSummary] = []
    for team_id in list(session.scalars(query)):
        assigned += assign_team(session, team_id, batch=batch, now=now)
    return assigned


def assign_team(
    session: Session, team_id: int, *, batch: int = BATCH, now: datetime | None = None
) -> list[ConversationSummary]:
    """Give up to `batch` of the team's waiting conversations to its online agents."""
    now = now or utcnow()
    team = session.scalar(
        select(Team)
        .where(Team.id == team_id, Team.assignment_mode.in_(tuple(REASONS)))
        .with_for_update(skip_locked=True, key_share=True)
    )
    if team is None:  # assigns by hand, or another process runs its round right now
        return []
    members = session.scalars(
        select(Agent)
        .where(Agent.team_id == team_id, Agent.active.is_(True), Agent.capacity > 0)
        .order_by(Agent.id)
        .with_for_update(read=True)
    ).all()
    presence = presence_of(session, [agent.id for agent in members], now=now)
    agents = [agent for agent in members if presence[agent.id] == ONLINE]
    loads = open_counts(session, [agent.id for agent in agents])
    room = sum(max(agent.capacity - loads[agent.id], 0) for agent in agents)
    if room == 0:
        return []
    waiting = session.scalars(
        select(Conversation)
        .where(queue_clause(team_id))
        .order_by(waiting_since(), Conversation.id)
        .limit(min(batch, room))
        .with_for_update(skip_locked=True, key_share=True)
    ).all()
    reason = REASONS[team.assignment_mode]
    assigned: list[ConversationSummary] = []
    for conversation in waiting:
        agent = pick(team.assignment_mode, agents, loads, team.assignment_cursor)
        if agent is None:
            break
        assigned.append(system_move(session, conversation, agent, reason))
        loads[agent.id] += 1
        team.assignment_cursor = agent.id
    session.flush()
    return assigned


def pick(
    mode: str, agents: Sequence[Agent], loads: dict[int, int], cursor: int | None
) -> Agent | None:
    """The agent who gets the next conversation, or None when everybody is full.

    Round robin: the first after `cursor` (by id, wrapping) below capacity. Balanced: the
    least loaded below capacity, ties broken in round-robin order."""
    ordered = sorted(agents, key=lambda agent: agent.id)
    if cursor is not None:
        after = [agent for agent in ordered if agent.id > cursor]
        ordered = after + [agent for agent in ordered if agent.id <= cursor]
    free = [agent for agent in ordered if loads.get(agent.id, 0) < agent.capacity]
    if not free:
        return None
    if mode == "balanced":
        return min(free, key=lambda agent: loads.get(agent.id, 0))  # min keeps the first tie
    return free[0]
