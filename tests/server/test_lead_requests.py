"""Presence, the lead's overview, team settings, bulk moves and auto-assignment over a real
websocket, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import select, update

from agentdesk.client import AgentClient, RequestError
from agentdesk.db.engine import Database
from agentdesk.db.models import Agent, AgentPresence, Conversation, Message
from agentdesk.protocol.frames import EventFrame
from tests.helpers.server import ServerThread, running_server
from tests.helpers.waiting import eventually
from tests.server.conftest import CATALOG, PASSWORD, Desk, build_desk

pytestmark = pytest.mark.asyncio


@pytest.fixture
def desk(any_db: Database) -> Desk:
    desk = build_desk(any_db)
    with any_db.write() as session:  # the lead watches; she takes no chats herself
        session.execute(update(Agent).where(Agent.username == "lena").values(capacity=0))
    return desk


@pytest.fixture
def server(desk: Desk) -> Iterator[ServerThread]:
    url = desk.database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, poll_seconds=0.2) as thread:
        yield thread


@pytest_asyncio.fixture
async def clients(server: ServerThread) -> AsyncIterator[Callable[[str], Any]]:
    opened: list[AgentClient] = []

    async def sign_in(username: str) -> AgentClient:
        client = AgentClient(server.url, username=username, password=PASSWORD)
        await client.connect()
        opened.append(client)
        return client

    yield sign_in
    for client in opened:
        await client.close()


async def event_named(
    client: AgentClient, name: str, check: Callable[[dict[str, Any]], bool] = lambda _: True
) -> EventFrame:
    """The next event called `name` that passes `check`, skipping others."""
    async with asyncio.timeout(10):
        while True:
            frame = await client.events.get()
            if isinstance(frame, EventFrame) and frame.name == name and check(frame.data):
                return frame


def presence_rows(database: Database, agent_id: int) -> list[str]:
    with database.read() as session:
        return list(
            session.scalars(select(AgentPresence.status).where(AgentPresence.agent_id == agent_id))
        )


def assignee(database: Database, conversation_id: int) -> int | None:
    with database.read() as session:
        return session.get_one(Conversation, conversation_id).assignee_id


async def test_presence_follows_connections_and_presence_set(
    clients: Callable[[str], Any], desk: Desk
) -> None:
    amy_id, team = desk.cast.agent_a.id, desk.cast.team_a.id
    lena = await clients("lena")
    amy = await clients("amy")
    online = await event_named(lena, "presence.changed", lambda d: d["agent_id"] == amy_id)
    assert online.data == {"agent_id": amy_id, "presence": "online", "team_id": team}
    assert presence_rows(desk.database, amy_id) == ["online"]
    assert await amy.request("presence.set", status="away") == {
        "status": "away",
        "presence": "away",
    }
    away = await event_named(lena, "presence.changed", lambda d: d["agent_id"] == amy_id)
    assert away.data["presence"] == "away"
    overview = await lena.request("lead.overview")
    [row] = [agent for agent in overview["agents"] if agent["id"] == amy_id]
    assert row["presence"] == "away"
    await amy.close()
    offline = await event_named(lena, "presence.changed", lambda d: d["agent_id"] == amy_id)
    assert offline.data["presence"] == "offline"
    assert presence_rows(desk.database, amy_id) == []


async def test_the_overview_over_the_wire_and_who_may_ask(
    clients: Callable[[str], Any], desk: Desk
) -> None:
    lena, amy = await clients("lena"), await clients("amy")
    overview = await lena.request("lead.overview")
    assert overview["team"]["id"] == desk.cast.team_a.id
    assert overview["queue"]["count"] == 1
    assert [item["id"] for item in overview["queue"]["items"]] == [desk.unassigned.id]
    people = {agent["display_name"]: agent for agent in overview["agents"]}
    assert people["Amy"]["presence"] == "online" and people["Amy"]["open"] == 1
    assert people["Alan"]["presence"] == "offline"
    for kind, fields in (
        ("lead.overview", {}),
        ("lead.overview", {"team_id": desk.cast.team_b.id}),
        ("team.update", {"team_id": desk.cast.team_a.id, "assignment_mode": "balanced"}),
    ):
        with pytest.raises(RequestError) as refused:
            await amy.request(kind, **fields)
        assert refused.value.code == "forbidden"
    with pytest.raises(RequestError) as other_team:
        await lena.request("lead.overview", team_id=desk.cast.team_b.id)
    assert other_team.value.code == "forbidden"


async def test_team_update_and_auto_assignment_in_the_server(
    clients: Callable[[str], Any], desk: Desk
) -> None:
    lena, amy = await clients("lena"), await clients("amy")
    team = await lena.request(
        "team.update", team_id=desk.cast.team_a.id, assignment_mode="round_robin"
    )
    assert team["assignment_mode"] == "round_robin"
    updated = await event_named(amy, "team.updated")
    assert updated.data["team"] == team
    given = await event_named(
        amy, "conversation.assigned", lambda d: d["conversation"]["id"] == desk.unassigned.id
    )
    assert (given.data["from"], given.data["to"]) == (None, desk.cast.agent_a.id)
    assert given.data["message"]["meta"]["reason"] == "auto-assigned (round robin)"
    assert assignee(desk.database, desk.unassigned.id) == desk.cast.agent_a.id


async def test_an_agent_going_offline_hands_chats_to_an_online_colleague(
    clients: Callable[[str], Any], desk: Desk
) -> None:
    amy_id, alan_id = desk.cast.agent_a.id, desk.cast.agent_a2.id
    lena, amy, alan = await clients("lena"), await clients("amy"), await clients("alan")
    await lena.request(
        "team.update",
        team_id=desk.cast.team_a.id,
        assignment_mode="balanced",
        return_chats_when_offline=True,
    )
    await alan.request("presence.set", status="away")  # away: keeps, but gets nothing
    await event_named(lena, "presence.changed", lambda d: d["presence"] == "away")
    await amy.close()
    back = await event_named(
        lena, "conversation.assigned", lambda d: d["conversation"]["id"] == desk.mine.id
    )
    assert (back.data["from"], back.data["to"]) == (amy_id, None)
    assert back.data["message"]["text"] == "returned to the queue: agent went offline"
    assert assignee(desk.database, desk.theirs.id) == alan_id  # alan's stay with him
    # nobody online takes chats (alan is away, lena has no capacity): it waits in the queue
    overview = await lena.request("lead.overview")
    assert desk.mine.id in [item["id"] for item in overview["queue"]["items"]]
    await alan.request("presence.set", status="online")
    await eventually(lambda: assignee(desk.database, desk.mine.id) == alan_id)
    with desk.database.read() as session:
        notes = session.scalars(
            select(Message.meta).where(Message.conversation_id == desk.mine.id).order_by(Message.id)
        ).all()
    moves = [(n["from"], n["to"], n["reason"]) for n in notes if n.get("kind") == "assignment"]
    assert moves[-2:] == [
        (amy_id, None, "agent went offline"),
        (None, alan_id, "auto-assigned (balanced)"),
    ]


async def test_assign_many_over_the_wire_tells_both_agents(
    clients: Callable[[str], Any], desk: Desk
) -> None:
    lena, amy, alan = await clients("lena"), await clients("amy"), await clients("alan")
    detail = await lena.request("conversation.get", conversation_id=desk.mine.id)
    version = detail["conversation"]["version"]
    await lena.request(
        "conversation.assign", conversation_id=desk.unassigned.id, agent_id=amy_id(desk)
    )
    answer = await lena.request(
        "conversation.assign_many",
        conversation_ids=[desk.mine.id, desk.unassigned.id, desk.other_team.id],
        agent_id=desk.cast.agent_a2.id,
        versions={str(desk.mine.id): version, str(desk.unassigned.id): 1},
        reason="Amy leaves early",
    )
    assert [s["id"] for s in answer["assigned"]] == [desk.mine.id]
    assert [(c["conversation_id"], c["assignee_id"]) for c in answer["conflicts"]] == [
        (desk.unassigned.id, amy_id(desk))
    ]
    assert [(r["conversation_id"], r["code"]) for r in answer["refused"]] == [
        (desk.other_team.id, "forbidden")
    ]
    for watcher in (amy, alan):
        moved = await event_named(
            watcher, "conversation.assigned", lambda d: d["conversation"]["id"] == desk.mine.id
        )
        assert (moved.data["from"], moved.data["to"]) == (amy_id(desk), desk.cast.agent_a2.id)
    with pytest.raises(RequestError) as refused:
        await amy.request(
            "conversation.assign", conversation_id=desk.mine.id, agent_id=amy_id(desk)
        )
    assert refused.value.code == "forbidden"


def amy_id(desk: Desk) -> int:
    return desk.cast.agent_a.id
