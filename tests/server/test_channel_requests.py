"""The desktop's channel requests over a real websocket: a call logged by hand, and an
identity question answered."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy import select

from agentdesk.client import AgentClient, RequestError
from agentdesk.db.models import CallLog, Channel, Customer
from agentdesk.services.identity import Identity, offer_matches, resolve_customer
from agentdesk.services.inbound import open_conversation
from tests.helpers.server import ServerThread
from tests.server.conftest import PASSWORD, Desk

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def amy(server: ServerThread) -> AsyncIterator[AgentClient]:
    client = AgentClient(server.url, username="amy", password=PASSWORD)
    await client.connect()
    yield client
    await client.close()


async def test_a_call_logged_by_hand_lands_on_the_conversation_once(
    amy: AgentClient, desk: Desk
) -> None:
    fields = {
        "conversation_id": desk.mine.id,
        "direction": "outbound",
        "outcome": "answered",
        "started_at": "2026-11-24T10:30:00+08:00",
        "duration_seconds": 240,
        "notes": "已指导客户重置支付密码",
        "client_message_id": "call-0123456789",
    }
    first = await amy.request("call.log", **fields)
    again = await amy.request("call.log", **fields)
    assert first["id"] == again["id"] and first["meta"]["kind"] == "call"
    with desk.database.read() as session:
        [call] = session.scalars(select(CallLog)).all()
        assert call.conversation_id == desk.mine.id and call.duration_seconds == 240
    elsewhere = {**fields, "conversation_id": desk.other_team.id}
    elsewhere["client_message_id"] = "call-9999999999"
    with pytest.raises(RequestError) as refused:
        await amy.request("call.log", **elsewhere)
    assert refused.value.code == "not_found"


async def test_an_identity_question_is_listed_and_answered(amy: AgentClient, desk: Desk) -> None:
    with desk.database.write() as session:
        resolution = resolve_customer(session, Identity(name="王小明", email="wxm@mail.example"))
        conversation = open_conversation(session, resolution.customer.id, Channel.EMAIL)
        conversation.team_id = desk.cast.team_a.id
        offer_matches(session, resolution, conversation)
        newcomer, conversation_id = resolution.customer.id, conversation.id
    [match] = await amy.request("customer.matches", conversation_id=conversation_id)
    assert match["candidate_name"] == "王小明" and match["reason"] == "same name"
    answer = await amy.request("customer.match.decide", match_id=match["id"], same_person=True)
    assert answer["moved_conversations"] == [conversation_id]
    assert await amy.request("customer.matches", conversation_id=conversation_id) == []
    with desk.database.read() as session:
        assert session.get_one(Customer, newcomer).merged_into_id == match["candidate_id"]
    with pytest.raises(RequestError) as twice:
        await amy.request("customer.match.decide", match_id=match["id"], same_person=False)
    assert twice.value.code == "invalid_state"
