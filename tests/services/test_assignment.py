"""Auto-assignment: round robin and balanced among online agents under capacity, longest
waiting first, announced and audited like a manual assignment."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    Agent,
    AgentPresence,
    AuditEntry,
    Conversation,
    ConversationStatus,
    Message,
    Team,
)
from agentdesk.db.types import utcnow
from agentdesk.services import assignment, presence
from agentdesk.services.unit import perform, query
from tests.helpers.desk import NOW, DeskBuilder, event_log

TEAM_NAMES = (f"team {n}" for n in itertools.count(1))


def make_team(
    db: Database,
    agents: int,
    *,
    mode: str = "round_robin",
    capacity: int = 8,
    waiting: int = 0,
) -> tuple[int, list[int], list[int]]:
    """A team of online agents and `waiting` unassigned conversations, oldest first."""
    with db.write() as session:
        build = DeskBuilder(session)
        team = build.team(next(TEAM_NAMES))
        team.assignment_mode = mode
        people = [build.agent(team=team, name=f"{team.name} agent {n}") for n in range(agents)]
        for agent in people:
            agent.capacity = capacity
        customer = build.customer(name=f"{team.name} customer")
        queue = [build.conversation(team=team, customer=customer) for _ in range(waiting)]
        ids = [agent.id for agent in people]
        team_id, queue_ids = team.id, [c.id for c in queue]
    for agent_id in ids:
        perform(db, presence.connect, agent_id, "server")
    return team_id, ids, queue_ids


def add_waiting(db: Database, team_id: int, count: int, **fields: object) -> list[int]:
    with db.write() as session:
        build = DeskBuilder(session, now=NOW + timedelta(hours=1))
        team = session.get_one(Team, team_id)
        return [build.conversation(team=team, **fields).id for _ in range(count)]  # type: ignore[arg-type]


def run_until_done(db: Database, **kwargs: object) -> list[int]:
    """Assignment rounds until one assigns nothing; the assignees in assignment order."""
    given: list[int] = []
    while True:
        done = perform(db, assignment.assign_round, **kwargs)
        if not done:
            return given
        given += [summary.assignee_id for summary in done]


def loads(db: Database, agent_ids: list[int]) -> dict[int, int]:
    return query(db, assignment.open_counts, agent_ids)


@pytest.mark.slow
def test_round_robin_over_a_burst_of_1000_conversations_and_20_agents(
    any_db: Database,
) -> None:
    team_id, agents, queue = make_team(any_db, 20, capacity=100, waiting=1000)
    with any_db.write() as session:  # the turn resumes where an earlier process left it
        session.get_one(Team, team_id).assignment_cursor = agents[6]
    given = run_until_done(any_db)
    assert len(given) == 1000
    assert given[:3] == agents[7:10]  # in turn, after the cursor
    counts = loads(any_db, agents)
    assert max(counts.values()) - min(counts.values()) <= 1
    assert sum(counts.values()) == 1000
    with any_db.read() as session:
        assert session.get_one(Team, team_id).assignment_cursor == given[-1]
        notes = Counter(
            session.scalars(
                select(Message.conversation_id).where(
                    Message.conversation_id.in_(queue),
                    Message.meta["kind"].as_string() == "assignment",
                )
            )
        )
        reasons = set(
            session.scalars(select(Message.meta["reason"].as_string()).where(Message.id > 0))
        )
        audited = session.scalar(
            select(func.count()).where(
                AuditEntry.action == "conversation.assign", AuditEntry.actor_agent_id.is_(None)
            )
        )
        versions = set(session.scalars(select(Conversation.version)))
    assert set(notes) == set(queue) and set(notes.values()) == {1}
    assert reasons == {"auto-assigned (round robin)"}
    assert audited == 1000 and versions == {2}
    events = [e for e in event_log(any_db) if e.type == "conversation.assigned"]
    assert Counter(e.conversation_id for e in events) == Counter(queue)
    assert {e.payload["from"] for e in events} == {None}
    assert Counter(e.payload["to"] for e in events) == Counter(counts)


def test_round_robin_continues_across_rounds_and_skips_full_agents(sqlite_db: Database) -> None:
    team_id, (amy, bob, cat), _ = make_team(sqlite_db, 3)
    with sqlite_db.write() as session:
        session.get_one(Agent, amy).capacity = 1
    add_waiting(sqlite_db, team_id, 2)
    assert run_until_done(sqlite_db) == [amy, bob]
    add_waiting(sqlite_db, team_id, 3)
    assert run_until_done(sqlite_db, batch=1) == [cat, bob, cat]  # amy is full


def test_the_longest_waiting_go_first(sqlite_db: Database) -> None:
    team_id, [amy], _ = make_team(sqlite_db, 1, capacity=1)
    _newer, older = add_waiting(sqlite_db, team_id, 2)
    with sqlite_db.write() as session:
        session.get_one(Conversation, older).waiting_since = NOW - timedelta(days=3)
    [summary] = perform(sqlite_db, assignment.assign_round)
    assert (summary.id, summary.assignee_id) == (older, amy)
    assert perform(sqlite_db, assignment.assign_round) == []  # amy is at capacity


def test_balanced_picks_the_least_loaded_and_respects_capacity(any_db: Database) -> None:
    team_id, agents, _ = make_team(any_db, 3, mode="balanced", capacity=4)
    busy, some, idle = agents
    with any_db.write() as session:
        session.get_one(Agent, idle).capacity = 2
        team = session.get_one(Team, team_id)
        build = DeskBuilder(session)
        for agent_id, held in ((busy, 3), (some, 1)):
            agent = session.get_one(Agent, agent_id)
            for _ in range(held):
                build.conversation(team=team, assignee=agent)
        # snoozed and resolved conversations are not load
        build.conversation(
            team=team, assignee=session.get_one(Agent, idle), status=ConversationStatus.SNOOZED
        )
        build.conversation(
            team=team, assignee=session.get_one(Agent, idle), status=ConversationStatus.RESOLVED
        )
    add_waiting(any_db, team_id, 10)
    given = run_until_done(any_db, batch=1)
    assert given[0] == idle  # 0 open
    assert given[:4].count(busy) == 0  # busy (3 open) waits until the others caught up
    assert loads(any_db, agents) == {busy: 4, some: 4, idle: 2}  # everybody full
    assert len(given) == 6  # 4 of the 10 still wait


def test_away_offline_stale_and_disabled_agents_get_nothing(any_db: Database) -> None:
    team_id, agents, _ = make_team(any_db, 5)
    online, away, offline, stale, disabled = agents
    with any_db.write() as session:
        session.execute(
            update(AgentPresence).where(AgentPresence.agent_id == away).values(status="away")
        )
        session.execute(
            update(AgentPresence)
            .where(AgentPresence.agent_id == stale)
            .values(seen_at=utcnow() - timedelta(minutes=2))
        )
        session.get_one(Agent, disabled).active = False
        session.execute(AgentPresence.__table__.delete().where(AgentPresence.agent_id == offline))
    add_waiting(any_db, team_id, 6)
    given = run_until_done(any_db)
    assert given == [online] * 6


def test_nobody_online_or_mode_off_assigns_nothing(sqlite_db: Database) -> None:
    team_id, agents, _ = make_team(sqlite_db, 2, mode="off", waiting=3)
    off_team = team_id
    assert query(sqlite_db, assignment.teams_waiting) == []
    assert perform(sqlite_db, assignment.assign_round) == []
    empty_team, _, _ = make_team(sqlite_db, 0, waiting=2)
    assert query(sqlite_db, assignment.teams_waiting) == [empty_team]
    assert perform(sqlite_db, assignment.assign_round) == []  # nobody to give them to
    with sqlite_db.write() as session:
        session.get_one(Team, off_team).assignment_mode = "balanced"
    assert sorted(query(sqlite_db, assignment.teams_waiting)) == sorted([off_team, empty_team])
    assert len(perform(sqlite_db, assignment.assign_round)) == 3
    assert set(loads(sqlite_db, agents).values()) <= {1, 2}


def test_a_round_skips_a_team_another_process_is_assigning(postgres: Database) -> None:
    team_id, _, _ = make_team(postgres, 2, waiting=4)
    with postgres.write() as holder:
        holder.scalar(select(Team).where(Team.id == team_id).with_for_update())
        assert perform(postgres, assignment.assign_round) == []  # not waiting on the lock
    assert len(perform(postgres, assignment.assign_round)) == 4
