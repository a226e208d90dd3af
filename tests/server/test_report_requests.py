"""dashboard.stats and audit.list over a real websocket, with their permission denials."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio

from agentdesk.client import AgentClient, RequestError
from tests.helpers.desk import audit_log
from tests.helpers.server import ServerThread
from tests.server.conftest import PASSWORD, Desk

pytestmark = pytest.mark.asyncio

# build_desk's conversations were all created on 2026-11-01 around 10:00 in Shanghai.
DAY = datetime(2026, 11, 1, tzinfo=ZoneInfo("Asia/Shanghai"))


async def signed_in(server: ServerThread, username: str) -> AgentClient:
    client = AgentClient(server.url, username=username, password=PASSWORD)
    await client.connect()
    return client


@pytest_asyncio.fixture
async def lena(server: ServerThread) -> AsyncIterator[AgentClient]:
    client = await signed_in(server, "lena")
    yield client
    await client.close()


@pytest_asyncio.fixture
async def amy(server: ServerThread) -> AsyncIterator[AgentClient]:
    client = await signed_in(server, "amy")
    yield client
    await client.close()


def period(since: datetime, until: datetime) -> dict[str, str]:
    return {"since": since.isoformat(), "until": until.isoformat()}


async def test_a_lead_gets_their_teams_dashboard(lena: AgentClient, desk: Desk) -> None:
    day = await lena.request("dashboard.stats", **period(DAY, DAY + timedelta(days=1)))
    assert day["team_id"] == desk.cast.team_a.id
    assert (day["queue_size"], day["open_total"], day["created"]) == (1, 3, 3)
    assert day["daily"] == [{"date": "2026-11-01", "created": 3, "resolved": 0, "breached": 0}]
    assert [(a["display_name"], a["held"]) for a in day["per_agent"]] == [
        ("Alan", 1),
        ("Amy", 1),
        ("Lena", 0),
    ]
    assert {row["channel"]: row["created"] for row in day["per_channel"]}["chat"] == 3

    await lena.request("conversation.update", conversation_id=desk.unassigned.id, status="resolved")
    now = datetime.now(UTC)
    recent = await lena.request(
        "dashboard.stats", **period(now - timedelta(hours=1), now + timedelta(hours=1))
    )
    assert (recent["queue_size"], recent["open_total"], recent["created"]) == (0, 2, 0)
    assert recent["resolved"] == 1 and recent["resolution"]["count"] == 1
    assert recent["resolution"]["median_seconds"] > 0


async def test_dashboard_refusals(lena: AgentClient, amy: AgentClient, desk: Desk) -> None:
    one_day = period(DAY, DAY + timedelta(days=1))
    with pytest.raises(RequestError) as refused:
        await amy.request("dashboard.stats", **one_day)
    assert refused.value.code == "forbidden"
    with pytest.raises(RequestError) as refused:
        await lena.request("dashboard.stats", team_id=desk.cast.team_b.id, **one_day)
    assert refused.value.code == "forbidden"
    with pytest.raises(RequestError) as refused:
        await lena.request("dashboard.stats", **period(DAY, DAY + timedelta(days=367)))
    assert refused.value.code == "invalid_request" and "366 days" in refused.value.message
    with pytest.raises(RequestError) as refused:
        await lena.request("dashboard.stats", since="2026-11-01T00:00:00", until="2026-11-02")
    assert refused.value.code == "invalid_request"  # naive times are refused by the schema
    denied = [e.actor_agent_id for e in audit_log(desk.database) if e.action.startswith("denied.")]
    assert denied == [desk.cast.agent_a.id, desk.cast.lead_a.id]


async def test_audit_list_pages_and_filters(
    lena: AgentClient, amy: AgentClient, server: ServerThread, desk: Desk
) -> None:
    for priority in ("high", "low", "urgent"):
        await amy.request("conversation.update", conversation_id=desk.mine.id, priority=priority)
    with pytest.raises(RequestError) as refused:
        await amy.request("audit.list")
    assert refused.value.code == "forbidden"

    first = await lena.request("audit.list", conversation_id=desk.mine.id, limit=2)
    assert [item["action"] for item in first["items"]] == ["conversation.update"] * 2
    assert first["items"][0]["actor_name"] == "Amy"
    assert first["items"][0]["detail"]["priority"] == ["low", "urgent"]
    rest = await lena.request(
        "audit.list", conversation_id=desk.mine.id, limit=2, cursor=first["next_cursor"]
    )
    assert rest["next_cursor"] is None
    assert [item["detail"]["priority"] for item in rest["items"]] == [["normal", "high"]]

    denials = await lena.request("audit.list", action="denied.")
    assert [(i["action"], i["actor_id"]) for i in denials["items"]] == [
        ("denied.audit.list", desk.cast.agent_a.id)
    ]
    admin = await signed_in(server, "root")
    try:
        everything = await admin.request("audit.list", agent_id=desk.cast.agent_a.id)
    finally:
        await admin.close()
    assert {i["action"] for i in everything["items"]} >= {
        "conversation.update",
        "denied.audit.list",
    }
    with pytest.raises(RequestError) as refused:
        await lena.request("audit.list", cursor="forged")
    assert refused.value.code == "invalid_request"
