"""Live events reach the right desktops, and a resumed connection misses nothing twice."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from agentdesk.client import AgentClient
from agentdesk.protocol.frames import EventFrame, ResyncFrame
from tests.helpers.server import ServerThread
from tests.server.conftest import PASSWORD, Desk

pytestmark = pytest.mark.asyncio
_ids = itertools.count(1)


def client_message_id() -> str:
    return f"test-msg-{next(_ids):06d}"


def _about_presence(frame: object) -> bool:
    """Leads also hear who signs in (presence.changed); these tests watch conversations."""
    return isinstance(frame, EventFrame) and frame.name.startswith("presence.")


async def next_event(client: AgentClient) -> EventFrame:
    while True:
        frame = await asyncio.wait_for(client.events.get(), 5.0)
        if not _about_presence(frame):
            assert isinstance(frame, EventFrame)
            return frame


async def drain(client: AgentClient, quiet: float = 0.3) -> list[EventFrame | ResyncFrame]:
    frames: list[EventFrame | ResyncFrame] = []
    while True:
        try:
            frame = await asyncio.wait_for(client.events.get(), quiet)
        except TimeoutError:
            return frames
        if not _about_presence(frame):
            frames.append(frame)


async def test_a_reply_reaches_the_team_and_the_lead_but_not_another_team(
    server: ServerThread, desk: Desk
) -> None:
    amy = AgentClient(server.url, username="amy", password=PASSWORD)
    alan = AgentClient(server.url, username="alan", password=PASSWORD)
    lead_b = AgentClient(server.url, username="luke", password=PASSWORD)
    bob = AgentClient(server.url, username="bob", password=PASSWORD)
    for client in (amy, alan, lead_b, bob):
        await client.connect()
    message = await amy.request(
        "reply.send",
        conversation_id=desk.mine.id,
        client_message_id=client_message_id(),
        text="您好,请检查余额",
    )
    for watcher in (amy, alan, lead_b):
        event = await next_event(watcher)
        assert event.name == "message.created"
        assert event.data["message"]["id"] == message["id"]
    assert [f for f in await drain(bob) if isinstance(f, EventFrame)] == []
    for client in (amy, alan, lead_b, bob):
        await client.close()


async def test_resume_after_a_dropped_connection_has_no_gap_and_no_duplicate(
    server: ServerThread, desk: Desk
) -> None:
    watcher = AgentClient(server.url, username="alan", password=PASSWORD)
    await watcher.connect()
    writer = AgentClient(server.url, username="amy", password=PASSWORD)
    await writer.connect()

    async def reply(n: int) -> None:
        await writer.request(
            "reply.send",
            conversation_id=desk.mine.id,
            client_message_id=client_message_id(),
            text=f"reply {n}",
        )

    seen: list[int] = []
    for n in range(3):
        await reply(n)
        seen.append((await next_event(watcher)).seq)
    await watcher.close()  # the network drops; the watcher remembers last_seq
    assert watcher.last_seq == seen[-1]
    for n in range(3, 8):
        await reply(n)  # five events it misses
    await watcher.connect()  # token + resume_from
    for n in range(8, 10):
        await reply(n)
    frames = await drain(watcher, quiet=0.8)
    resumed = [frame.seq for frame in frames if isinstance(frame, EventFrame)]
    assert not any(isinstance(frame, ResyncFrame) for frame in frames)
    assert len(resumed) == 7
    assert resumed == sorted(set(resumed))
    assert resumed[0] > seen[-1]
    texts = [f.data["message"]["text"] for f in frames if isinstance(f, EventFrame)]
    assert texts == [f"reply {n}" for n in range(3, 10)]
    await watcher.close()
    await writer.close()


async def test_resume_from_a_point_never_given_out_asks_for_resync(server: ServerThread) -> None:
    client = AgentClient(server.url, username="amy", password=PASSWORD)
    await client.connect()
    await client.close()
    client.last_seq = 10_000_000
    await client.connect()
    frame = await asyncio.wait_for(client.events.get(), 5)
    assert isinstance(frame, ResyncFrame)
    await client.close()


async def test_idempotent_send_over_the_wire(server: ServerThread, desk: Desk) -> None:
    client = AgentClient(server.url, username="amy", password=PASSWORD)
    await client.connect()
    same = client_message_id()
    first = await client.request(
        "reply.send", conversation_id=desk.mine.id, client_message_id=same, text="只发一次"
    )
    second = await client.request(
        "reply.send", conversation_id=desk.mine.id, client_message_id=same, text="只发一次"
    )
    assert first == second
    events = [f for f in await drain(client) if isinstance(f, EventFrame)]
    assert len(events) == 1
    detail = await client.request("conversation.get", conversation_id=desk.mine.id)
    assert [m["text"] for m in detail["messages"]].count("只发一次") == 1
    await client.close()
