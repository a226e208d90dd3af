"""Concurrency proofs: two leads moving one conversation at once through real clients,
assignment rounds racing on several connections, and two server processes auto-assigning
from one PostgreSQL database. Nothing is ever assigned twice or silently overwritten."""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, update

from agentdesk.client import AgentClient, RequestError
from agentdesk.db.engine import Database
from agentdesk.db.models import Agent, Conversation, Event, Message, Role, Team
from agentdesk.services import assignment, conversations, presence
from agentdesk.services.accounts import hash_password
from agentdesk.services.actor import Actor
from agentdesk.services.errors import Conflict
from agentdesk.services.unit import perform
from tests.helpers.databases import migrated
from tests.helpers.desk import DeskBuilder
from tests.helpers.processes import serve_process
from tests.helpers.server import ServerThread, running_server
from tests.helpers.waiting import eventually
from tests.server.conftest import CATALOG, PASSWORD, Desk, build_desk

ROUNDS = 15


def add_lead(database: Database, username: str) -> int:
    """A second lead of team A, able to sign in."""
    with database.write() as session:
        team = session.scalars(select(Team).where(Team.name == "A")).one()
        lead = DeskBuilder(session).agent(role=Role.LEAD, team=team, name=username)
        lead.password_hash = hash_password(PASSWORD)
        return lead.id


def assignment_notes(database: Database, conversation_ids: list[int]) -> Counter[int]:
    with database.read() as session:
        rows = session.execute(
            select(Message.conversation_id, Message.meta).where(
                Message.conversation_id.in_(conversation_ids)
            )
        )
        return Counter(cid for cid, meta in rows if meta.get("kind") == "assignment")


def assigned_events(database: Database) -> list[Event]:
    with database.read() as session:
        return list(
            session.scalars(
                select(Event).where(Event.type == "conversation.assigned").order_by(Event.seq)
            )
        )


@pytest.fixture
def desk(any_db: Database) -> Desk:
    return build_desk(any_db)


@pytest.fixture
def server(desk: Desk) -> Iterator[ServerThread]:
    url = desk.database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, poll_seconds=0.2, requests_per_second=1000.0) as thread:
        yield thread


@pytest.mark.asyncio
async def test_two_leads_reassigning_at_once_one_wins_the_other_gets_a_conflict(
    server: ServerThread, desk: Desk
) -> None:
    add_lead(desk.database, "lara")
    lena = AgentClient(server.url, username="lena", password=PASSWORD)
    lara = AgentClient(server.url, username="lara", password=PASSWORD)
    await lena.connect()
    await lara.connect()
    amy, alan = desk.cast.agent_a.id, desk.cast.agent_a2.id
    target = desk.unassigned.id
    winners: Counter[str] = Counter()
    for n in range(ROUNDS):
        seen = (await lena.request("conversation.get", conversation_id=target))["conversation"]
        version = seen["version"]
        # alternate which lead asks first, so either may win
        moves = [(lena, amy, "lena"), (lara, alan, "lara")]
        if n % 2:
            moves.reverse()
        answers = await asyncio.gather(
            *(
                client.request(
                    "conversation.assign",
                    conversation_id=target,
                    agent_id=agent,
                    version=version,
                    reason=f"round {n} by {name}",
                )
                for client, agent, name in moves
            ),
            return_exceptions=True,
        )
        won = [(a, m) for a, m in zip(answers, moves, strict=True) if isinstance(a, dict)]
        lost = [(a, m) for a, m in zip(answers, moves, strict=True) if isinstance(a, Exception)]
        assert len(won) == 1 and len(lost) == 1, answers
        (summary, (_, agent, name)), (refusal, _) = won[0], lost[0]
        winners[name] += 1
        assert summary["assignee_id"] == agent and summary["version"] == version + 1
        assert isinstance(refusal, RequestError) and refusal.code == "conflict"
        # the loser learns who has it now, and at which version: never a silent overwrite
        assert refusal.detail == {"version": version + 1, "assignee_id": agent}
        with desk.database.read() as session:
            assert session.get_one(Conversation, target).assignee_id == agent
        # back to the queue, so both moves of the next round are real moves again
        await lena.request("conversation.assign", conversation_id=target, agent_id=None)
    moves_made = [e for e in assigned_events(desk.database) if e.conversation_id == target]
    assert len(moves_made) == assignment_notes(desk.database, [target])[target]
    assert sum(winners.values()) == ROUNDS
    await lena.close()
    await lara.close()


@pytest.mark.asyncio
async def test_two_leads_moving_the_same_conversations_in_bulk_never_both_win(
    server: ServerThread, desk: Desk
) -> None:
    lara_id = add_lead(desk.database, "lara")
    lena = AgentClient(server.url, username="lena", password=PASSWORD)
    lara = AgentClient(server.url, username="lara", password=PASSWORD)
    await lena.connect()
    await lara.connect()
    ids = [desk.mine.id, desk.theirs.id, desk.unassigned.id]
    page = await lena.request("inbox.list", view="team")
    versions = {str(row["id"]): row["version"] for row in page["items"]}
    amy, alan, lena_id = desk.cast.agent_a.id, desk.cast.agent_a2.id, desk.cast.lead_a.id
    # each lead takes all three for themselves: a real move for every one of them
    lena_answer, lara_answer = await asyncio.gather(
        lena.request(
            "conversation.assign_many", conversation_ids=ids, agent_id=lena_id, versions=versions
        ),
        lara.request(
            "conversation.assign_many",
            conversation_ids=list(reversed(ids)),
            agent_id=lara_id,
            versions=versions,
        ),
    )
    for conversation_id in ids:
        won = [
            answer
            for answer in (lena_answer, lara_answer)
            if conversation_id in [s["id"] for s in answer["assigned"]]
        ]
        lost = [
            conflict
            for answer in (lena_answer, lara_answer)
            for conflict in answer["conflicts"]
            if conflict["conversation_id"] == conversation_id
        ]
        assert len(won) == 1 and len(lost) == 1
        [summary] = [s for s in won[0]["assigned"] if s["id"] == conversation_id]
        assert lost[0]["assignee_id"] == summary["assignee_id"]
        assert lost[0]["version"] == summary["version"]
    with desk.database.read() as session:
        holders = {session.get_one(Conversation, i).assignee_id for i in ids}
    assert holders <= {lena_id, lara_id} and not holders & {amy, alan}
    events = [e for e in assigned_events(desk.database) if e.conversation_id in ids]
    assert sorted(e.conversation_id for e in events) == sorted(ids)  # one move each
    await lena.close()
    await lara.close()


def test_assignment_rounds_racing_with_takes_never_assign_twice(any_db: Database) -> None:
    with any_db.write() as session:
        build = DeskBuilder(session)
        team = build.team("racing")
        team.assignment_mode = "round_robin"
        agents = [build.agent(team=team, name=f"racer-{n}") for n in range(6)]
        for agent in agents:
            agent.capacity = 1000
        customer = build.customer()
        queue = [build.conversation(team=team, customer=customer).id for _ in range(300)]
        actors = [Actor.of(agent) for agent in agents]
    for actor in actors:
        perform(any_db, presence.connect, actor.agent_id, "server")
    start = threading.Barrier(6)
    failures: list[BaseException] = []
    taken: list[tuple[int, int]] = []

    def rounds() -> None:
        start.wait()
        while perform(any_db, assignment.assign_round, batch=7):
            pass

    def takes(seed: int) -> None:
        pick = random.Random(seed)
        start.wait()
        for conversation_id in pick.sample(queue, 60):
            try:
                actor = pick.choice(actors)
                perform(any_db, conversations.take, actor, conversation_id)
                taken.append((conversation_id, actor.agent_id))
            except Conflict:
                pass  # somebody (a round or another taker) was first: fine

    def guarded(work: Any, *args: Any) -> None:
        try:
            work(*args)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=guarded, args=(rounds,)) for _ in range(4)]
    threads += [threading.Thread(target=guarded, args=(takes, seed)) for seed in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    while perform(any_db, assignment.assign_round):  # whatever a round skipped meanwhile
        pass
    notes = assignment_notes(any_db, queue)
    assert set(notes) == set(queue) and set(notes.values()) == {1}  # exactly one move each
    events = [e for e in assigned_events(any_db) if e.conversation_id in set(queue)]
    assert Counter(e.conversation_id for e in events) == Counter(queue)
    assert {e.payload["from"] for e in events} == {None}
    with any_db.read() as session:
        rows = session.scalars(select(Conversation).where(Conversation.id.in_(queue))).all()
        assert {row.version for row in rows} == {2}
        holders = {row.id: row.assignee_id for row in rows}
    assert all(holders[e.conversation_id] == e.payload["to"] for e in events)
    assert taken and all(holders[cid] == agent_id for cid, agent_id in taken)  # kept


@pytest.fixture
def postgres_desk(postgres_url: str) -> Iterator[Desk]:
    with migrated(postgres_url) as database:
        yield build_desk(database)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_two_server_processes_auto_assign_each_conversation_once(
    postgres_desk: Desk,
) -> None:
    desk = postgres_desk
    database = desk.database
    with database.write() as session:
        team = session.get_one(Team, desk.cast.team_a.id)
        build = DeskBuilder(session)
        for n in range(2):
            agent = build.agent(team=team, name=f"extra-{n}")
            agent.password_hash = hash_password(PASSWORD)
        session.execute(update(Agent).where(Agent.team_id == team.id).values(capacity=500))
        session.execute(update(Agent).where(Agent.username == "lena").values(capacity=0))
    url = database.url.render_as_string(hide_password=False)
    with serve_process(url) as first, serve_process(url) as second:
        clients = [
            AgentClient(process.url, username=name, password=PASSWORD)
            for process, name in (
                (first, "amy"),
                (first, "extra-0"),
                (second, "alan"),
                (second, "extra-1"),
            )
        ]
        for client in clients:
            await client.connect()
        with database.write() as session:
            team = session.get_one(Team, desk.cast.team_a.id)
            build = DeskBuilder(session)
            customer = build.customer()
            queue = [build.conversation(team=team, customer=customer).id for _ in range(200)]
            team.assignment_mode = "round_robin"
        queue.append(desk.unassigned.id)

        def unassigned() -> int:
            with database.read() as session:
                rows = session.scalars(
                    select(Conversation.assignee_id).where(Conversation.id.in_(queue))
                ).all()
            return sum(1 for row in rows if row is None)

        await eventually(lambda: unassigned() == 0, within=60)
        for client in clients:
            await client.close()
    notes = assignment_notes(database, queue)
    assert set(notes) == set(queue) and set(notes.values()) == {1}
    events = [e for e in assigned_events(database) if e.conversation_id in set(queue)]
    assert Counter(e.conversation_id for e in events) == Counter(queue)
    given = Counter(e.payload["to"] for e in events)
    assert len(given) == 4 and max(given.values()) - min(given.values()) <= 1
