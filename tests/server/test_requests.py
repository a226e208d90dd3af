"""Every request type over a real websocket, and each permission denial the server enforces."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio
from sqlalchemy import select

from agentdesk.client import AgentClient, RequestError
from agentdesk.db.models import AuditEntry
from tests.helpers.server import ServerThread
from tests.server.conftest import PASSWORD, Desk

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def amy(server: ServerThread) -> AsyncIterator[AgentClient]:
    client = AgentClient(server.url, username="amy", password=PASSWORD)
    await client.connect()
    yield client
    await client.close()


@pytest_asyncio.fixture
async def lead(server: ServerThread) -> AsyncIterator[AgentClient]:
    client = AgentClient(server.url, username="lena", password=PASSWORD)
    await client.connect()
    yield client
    await client.close()


async def test_inbox_views_and_counts(amy: AgentClient, desk: Desk) -> None:
    mine = await amy.request("inbox.list", view="mine")
    assert [row["id"] for row in mine["items"]] == [desk.mine.id]
    assert mine["items"][0]["customer_name"] == "王小明"
    unassigned = await amy.request("inbox.list", view="unassigned")
    assert [row["id"] for row in unassigned["items"]] == [desk.unassigned.id]
    team = await amy.request("inbox.list", view="team", limit=1)
    assert len(team["items"]) == 1 and team["next_cursor"]
    rest = await amy.request("inbox.list", view="team", limit=10, cursor=team["next_cursor"])
    ids = {team["items"][0]["id"], *(row["id"] for row in rest["items"])}
    assert ids == {desk.mine.id, desk.theirs.id, desk.unassigned.id}
    chats = await amy.request("inbox.list", view="all", channel="email")
    assert chats["items"] == []
    counts = await amy.request("inbox.counts")
    assert counts["views"]["mine"] == 1 and counts["views"]["unassigned"] == 1


async def test_conversation_customer_and_transactions(amy: AgentClient, desk: Desk) -> None:
    detail = await amy.request("conversation.get", conversation_id=desk.mine.id)
    assert detail["conversation"]["id"] == desk.mine.id
    assert detail["messages"][0]["text"] == "我的转账失败了,怎么办?"
    customer_id = detail["conversation"]["customer_id"]
    profile = await amy.request("customer.get", customer_id=customer_id)
    assert profile["phone"] != "+8613800138000" and profile["phone"].endswith("8000")
    account_number = profile["accounts"][0]["account_number"]
    assert "*" in account_number
    page = await amy.request("customer.transactions", customer_id=customer_id, limit=10)
    assert len(page["items"]) == 2
    revealed = await amy.request("customer.reveal", customer_id=customer_id, field="phone")
    assert revealed["value"] == "+8613800138000"
    with desk.database.read() as session:
        assert session.scalars(
            select(AuditEntry).where(AuditEntry.action == "customer.reveal")
        ).all()


async def test_reply_note_update_snooze_take(amy: AgentClient, desk: Desk) -> None:
    reply = await amy.request(
        "reply.send",
        conversation_id=desk.mine.id,
        client_message_id="req-reply-0001",
        text="您好",
    )
    assert reply["direction"] == "out"
    note = await amy.request(
        "note.add",
        conversation_id=desk.mine.id,
        client_message_id="req-note-0001",
        text="客户很着急",
    )
    assert note["direction"] == "note"
    updated = await amy.request(
        "conversation.update",
        conversation_id=desk.mine.id,
        priority="high",
        add_tags=["failed_transaction"],
    )
    assert updated["priority"] == "high" and "failed_transaction" in updated["tags"]
    until = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    snoozed = await amy.request("conversation.snooze", conversation_id=desk.mine.id, until=until)
    assert snoozed["status"] == "snoozed"
    taken = await amy.request("conversation.take", conversation_id=desk.unassigned.id)
    assert taken["assignee_id"] == desk.cast.agent_a.id


async def test_stale_version_is_a_conflict(amy: AgentClient, desk: Desk) -> None:
    current = (await amy.request("conversation.get", conversation_id=desk.mine.id))["conversation"]
    await amy.request(
        "conversation.update",
        conversation_id=desk.mine.id,
        version=current["version"],
        priority="urgent",
    )
    with pytest.raises(RequestError) as refused:
        await amy.request(
            "conversation.update",
            conversation_id=desk.mine.id,
            version=current["version"],
            priority="low",
        )
    assert refused.value.code == "conflict"
    assert refused.value.detail["version"] == current["version"] + 1


async def test_an_agent_cannot_reassign_or_act_on_others(amy: AgentClient, desk: Desk) -> None:
    with pytest.raises(RequestError) as refused:
        await amy.request(
            "conversation.assign",
            conversation_id=desk.theirs.id,
            agent_id=desk.cast.agent_a.id,
        )
    assert refused.value.code == "forbidden"
    with pytest.raises(RequestError) as hidden:
        await amy.request("conversation.get", conversation_id=desk.other_team.id)
    assert hidden.value.code in ("forbidden", "not_found")
    with desk.database.read() as session:
        denials = session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("denied.%"))
        ).all()
    assert denials and denials[0].actor_agent_id == desk.cast.agent_a.id


async def test_a_lead_reassigns_within_the_team(lead: AgentClient, desk: Desk) -> None:
    moved = await lead.request(
        "conversation.assign",
        conversation_id=desk.theirs.id,
        agent_id=desk.cast.agent_a.id,
        reason="balancing load",
    )
    assert moved["assignee_id"] == desk.cast.agent_a.id
    with pytest.raises(RequestError) as refused:
        await lead.request(
            "conversation.assign",
            conversation_id=desk.other_team.id,
            agent_id=desk.cast.agent_a.id,
        )
    assert refused.value.code == "forbidden"


async def test_templates_list_render_and_suggest(amy: AgentClient, desk: Desk) -> None:
    templates = await amy.request("templates.list")
    assert {t["language"] for t in templates} == {"zh", "en"}
    key = templates[0]["key"]
    rendered = await amy.request("templates.render", key=key, conversation_id=desk.mine.id)
    assert rendered["key"] == key and "{" not in rendered["text"].replace("{{", "")
    suggestions = await amy.request("templates.suggest", conversation_id=desk.mine.id)
    assert isinstance(suggestions, list)


async def test_a_customers_history_across_channels(amy: AgentClient, desk: Desk) -> None:
    customer_id = (await amy.request("conversation.get", conversation_id=desk.mine.id))[
        "conversation"
    ]["customer_id"]
    history = await amy.request(
        "inbox.list",
        view="all",
        customer_id=customer_id,
        status=["open", "pending", "snoozed", "resolved"],
    )
    assert [row["id"] for row in history["items"]] == [desk.mine.id]


async def test_the_answer_for_a_chosen_failed_transaction(amy: AgentClient, desk: Desk) -> None:
    detail = await amy.request("conversation.get", conversation_id=desk.mine.id)
    customer_id = detail["conversation"]["customer_id"]
    page = await amy.request("customer.transactions", customer_id=customer_id, status="failed")
    failed = page["items"][0]
    rendered = await amy.request(
        "templates.render", conversation_id=desk.mine.id, transaction_id=failed["id"]
    )
    assert rendered["key"] == "txn_wrong_payment_password"
    assert failed["reference"] in rendered["text"] and rendered["missing"] == []
    with pytest.raises(RequestError) as refused:
        await amy.request("templates.render", conversation_id=desk.mine.id)
    assert refused.value.code == "invalid_request"
