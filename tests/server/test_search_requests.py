"""search.query over a real websocket: results, pages, scope, permissions and bad filters."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from agentdesk.client import AgentClient, RequestError
from agentdesk.services import inbound
from tests.helpers.server import ServerThread
from tests.server.conftest import PASSWORD, Desk

pytestmark = pytest.mark.asyncio


async def signed_in(server: ServerThread, username: str) -> AgentClient:
    client = AgentClient(server.url, username=username, password=PASSWORD)
    await client.connect()
    return client


@pytest_asyncio.fixture
async def amy(server: ServerThread) -> AsyncIterator[AgentClient]:
    client = await signed_in(server, "amy")
    yield client
    await client.close()


@pytest_asyncio.fixture
async def bob(server: ServerThread) -> AsyncIterator[AgentClient]:
    client = await signed_in(server, "bob")
    yield client
    await client.close()


async def test_an_agent_finds_their_teams_history(amy: AgentClient, desk: Desk) -> None:
    answer = await amy.request("search.query", q="转账")
    (hit,) = answer["items"]
    assert (hit["kind"], hit["conversation_id"]) == ("message", desk.mine.id)
    assert hit["customer_name"] == "王小明" and hit["channel"] == "chat"
    assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["转账"]
    assert answer["next_cursor"] is None and answer["matched"] == 1 and not answer["capped"]
    # English forms meet: "reset" finds "How do I reset my password?"
    (hit,) = (await amy.request("search.query", q="resetting password"))["items"]
    assert hit["conversation_id"] == desk.theirs.id


async def test_search_keeps_to_what_each_agent_may_see(
    amy: AgentClient, bob: AgentClient, desk: Desk
) -> None:
    assert (await amy.request("search.query", q="hacked"))["items"] == []
    (hit,) = (await bob.request("search.query", q="hacked"))["items"]
    assert hit["conversation_id"] == desk.other_team.id
    assert (await bob.request("search.query", q="王小明"))["items"] == []
    assert (await bob.request("search.query", q="1234.50"))["items"] == []
    kinds = {h["kind"] for h in (await amy.request("search.query", q="1234.50"))["items"]}
    assert kinds == {"transaction"}


async def test_pages_and_the_history_tab_scope(amy: AgentClient, desk: Desk) -> None:
    with desk.database.write() as session:
        for n in range(3):
            inbound.receive_customer_message(session, desk.unassigned.id, f"退款进度 {n}")
    first = await amy.request("search.query", q="退款", limit=2)
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = await amy.request("search.query", q="退款", limit=2, cursor=first["next_cursor"])
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    ids = [h["message_id"] for h in first["items"] + second["items"]]
    assert len(set(ids)) == 3
    customer = desk.mine.customer_id
    scoped = await amy.request("search.query", q="退款", customer_id=customer)
    assert scoped["items"] == []  # the refunds were another customer's
    scoped = await amy.request("search.query", q="转账", customer_id=customer)
    assert [h["conversation_id"] for h in scoped["items"]] == [desk.mine.id]


async def test_bad_filters_and_hostile_text(amy: AgentClient) -> None:
    with pytest.raises(RequestError) as refused:
        await amy.request("search.query", q="channel:fax 转账")
    assert refused.value.code == "invalid_query"
    assert refused.value.message == "channel: is one of chat, email, phone, social, feedback"
    with pytest.raises(RequestError) as refused:
        await amy.request("search.query", q="转账", cursor="garbage")
    assert refused.value.code == "invalid_query"
    for hostile in ("' OR 1=1 --", 'NEAR("转账" 失败)', '"unbalanced', "*", "x" * 2000):
        answer = await amy.request("search.query", q=hostile)
        assert isinstance(answer["items"], list)
    with pytest.raises(RequestError) as refused:
        await amy.request("search.query", q="x" * 2001)
    assert refused.value.code == "invalid_request"
