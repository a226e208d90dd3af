"""A conversation whose SLA due time passes is announced to the desktops that may see it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from agentdesk.client import AgentClient
from agentdesk.db.models import Channel, Conversation
from agentdesk.db.types import utcnow
from agentdesk.protocol.frames import EventFrame
from agentdesk.services.inbound import open_conversation, receive_customer_message
from tests.helpers.desk import DeskBuilder
from tests.helpers.server import running_server
from tests.server.conftest import CATALOG, PASSWORD, Desk

pytestmark = pytest.mark.asyncio


async def _breach_of(client: AgentClient, conversation_id: int) -> EventFrame:
    async def wait() -> EventFrame:
        while True:
            frame = await client.events.get()
            if (
                isinstance(frame, EventFrame)
                and frame.name == "sla_breached"
                and frame.conversation_id == conversation_id
            ):
                return frame

    return await asyncio.wait_for(wait(), 10)


async def test_a_passed_due_time_reaches_the_team_once(desk: Desk) -> None:
    url = desk.database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, upkeep_seconds=0.05) as server:
        amy = AgentClient(server.url, username="amy", password=PASSWORD)
        await amy.connect()
        # An email that arrived 25 hours ago for team A: its 24-hour promise has passed.
        with desk.database.write() as session:
            customer = DeskBuilder(session).customer(name="李雷", email="lilei@example.cn")
            arrived = utcnow() - timedelta(hours=25)
            conversation = open_conversation(session, customer.id, Channel.EMAIL, at=arrived)
            conversation.team_id = desk.cast.team_a.id
            receive_customer_message(session, conversation.id, "提现一直没到账", at=arrived)
            conversation_id = conversation.id
        frame = await _breach_of(amy, conversation_id)
        assert frame.data["conversation"]["id"] == conversation_id
        assert frame.data["overdue_seconds"] >= 3600
        with desk.database.read() as session:
            row = session.get_one(Conversation, conversation_id)
            assert row.sla_breached_at is not None
            assert row.sla_due_at == arrived + timedelta(hours=24)
        # Announced once: later rounds of upkeep say nothing more about it.
        await asyncio.sleep(0.3)
        while not amy.events.empty():
            later = amy.events.get_nowait()
            assert not (
                isinstance(later, EventFrame)
                and later.name == "sla_breached"
                and later.conversation_id == conversation_id
            )
        await amy.close()
