"""Real `agentdesk serve` processes: kill -9 mid-send loses and duplicates nothing; two
processes on one PostgreSQL deliver every event to the clients of both."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from agentdesk.client import AgentClient
from agentdesk.client.connection import Disconnected
from agentdesk.db.engine import Database
from agentdesk.db.models import Message
from agentdesk.protocol.frames import EventFrame
from agentdesk.services.inbound import receive_customer_message
from tests.helpers.databases import migrated
from tests.helpers.processes import ServeProcess, serve_process
from tests.server.conftest import PASSWORD, Desk, build_desk

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]
FAST = ("--requests-per-second", "1000")  # the test sends 200 replies at once


def stored_ids(database: Database, conversation_id: int) -> Counter[str]:
    with database.read() as session:
        ids = session.scalars(
            select(Message.client_message_id).where(
                Message.conversation_id == conversation_id,
                Message.client_message_id.is_not(None),
            )
        ).all()
    return Counter(i for i in ids if i)


async def test_kill_9_while_sending_loses_and_duplicates_nothing(desk: Desk) -> None:
    url = desk.database.url.render_as_string(hide_password=False)
    server = ServeProcess(url, None, *FAST)
    server.start()
    client = AgentClient(server.url, username="amy", password=PASSWORD)
    await client.connect()
    acknowledged: list[str] = []
    unacknowledged: list[str] = []
    enough = asyncio.Event()

    async def send(client_id: str) -> None:
        try:
            await client.request(
                "reply.send",
                conversation_id=desk.mine.id,
                client_message_id=client_id,
                text=f"回复 {client_id}",
            )
            acknowledged.append(client_id)
            if len(acknowledged) >= 40:
                enough.set()
        except Disconnected:
            unacknowledged.append(client_id)

    sends = [asyncio.create_task(send(f"kill-test-{n:05d}")) for n in range(200)]
    await asyncio.wait_for(enough.wait(), 30)
    server.kill()
    await asyncio.gather(*sends)
    assert len(acknowledged) >= 40 and len(acknowledged) + len(unacknowledged) == 200

    stored = stored_ids(desk.database, desk.mine.id)
    assert all(stored[i] == 1 for i in acknowledged)  # acknowledged means committed
    assert all(count == 1 for count in stored.values())

    restarted = ServeProcess(url, server.port, *FAST)
    restarted.start()
    try:
        await client.connect()  # the token survives the server
        for client_id in unacknowledged + acknowledged[:10]:  # resend, even some acked ones
            answer = await client.request(
                "reply.send",
                conversation_id=desk.mine.id,
                client_message_id=client_id,
                text=f"回复 {client_id}",
            )
            assert answer["client_message_id"] == client_id
        await client.close()
    finally:
        restarted.kill()
    stored = stored_ids(desk.database, desk.mine.id)
    assert set(stored) == set(acknowledged) | set(unacknowledged)
    assert set(stored.values()) == {1}


@pytest.fixture
def postgres_desk(postgres_url: str) -> Iterator[Desk]:
    with migrated(postgres_url) as database:
        yield build_desk(database)


async def next_message_event(client: AgentClient) -> EventFrame:
    """The next message.created event; each process's upkeep also announces the desk's
    overdue conversations (sla_breached), in whatever order relative to the test's own."""
    while True:
        frame = await asyncio.wait_for(client.events.get(), 10)
        if isinstance(frame, EventFrame) and frame.name == "message.created":
            return frame


async def test_two_processes_on_postgresql_deliver_to_clients_of_both(
    postgres_desk: Desk,
) -> None:
    desk = postgres_desk
    url = desk.database.url.render_as_string(hide_password=False)
    with serve_process(url) as first, serve_process(url) as second:
        amy = AgentClient(first.url, username="amy", password=PASSWORD)
        alan = AgentClient(second.url, username="alan", password=PASSWORD)
        await amy.connect()
        await alan.connect()
        reply = await amy.request(
            "reply.send",
            conversation_id=desk.mine.id,
            client_message_id="two-proc-0001",
            text="from the first process",
        )
        event = await next_message_event(alan)
        assert event.data["message"]["id"] == reply["id"]
        mine = await next_message_event(amy)
        assert mine.seq == event.seq

        # A message written by neither process (a channel worker) reaches both.
        with desk.database.write() as session:
            inbound = receive_customer_message(session, desk.mine.id, "客户又来消息了")
        for client in (amy, alan):
            frame = await next_message_event(client)
            assert frame.data["message"]["id"] == inbound.id
        await amy.close()
        await alan.close()
