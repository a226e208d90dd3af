"""Signing in over a real websocket: passwords, tokens, logout, throttling, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.client import AgentClient, RequestError
from agentdesk.db.models import AgentSession, AuditEntry
from tests.helpers.server import ServerThread
from tests.server.conftest import PASSWORD, Desk

pytestmark = pytest.mark.asyncio


async def test_password_then_token(server: ServerThread, desk: Desk) -> None:
    client = AgentClient(server.url, username="amy", password=PASSWORD)
    welcome = await client.connect()
    assert welcome["agent"]["username"] == "amy"
    assert welcome["agent"]["role"] == "agent"
    token = welcome["token"]
    assert len(token) >= 22  # 128 bits, url-safe base64
    await client.close()

    again = AgentClient(server.url, token=token)
    assert (await again.connect())["agent"]["id"] == desk.cast.agent_a.id
    await again.close()

    with desk.database.read() as session:
        row = session.scalars(select(AgentSession)).one()
        assert row.token_hash != token and len(row.token_hash) == 64
        actions = [entry.action for entry in session.scalars(select(AuditEntry))]
    assert actions.count("auth.login") == 1 and actions.count("auth.token") == 1


async def test_wrong_password_is_refused_and_audited(server: ServerThread, desk: Desk) -> None:
    client = AgentClient(server.url, username="amy", password="nope")
    with pytest.raises(RequestError) as refused:
        await client.connect()
    assert refused.value.code == "auth_failed"
    with desk.database.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "auth.login_failed")
        ).one()
    assert entry.target_id == "amy" and entry.address == "127.0.0.1"


async def test_unknown_user_is_the_same_refusal(server: ServerThread) -> None:
    client = AgentClient(server.url, username="nobody", password=PASSWORD)
    with pytest.raises(RequestError, match="auth_failed"):
        await client.connect()


async def test_failed_logins_are_throttled_per_account(server: ServerThread) -> None:
    for _ in range(5):
        with pytest.raises(RequestError, match="auth_failed"):
            await AgentClient(server.url, username="amy", password="wrong").connect()
    with pytest.raises(RequestError) as refused:
        await AgentClient(server.url, username="amy", password=PASSWORD).connect()
    assert refused.value.code == "throttled"
    # another account from... the same address is still let in below the address limit
    client = AgentClient(server.url, username="alan", password=PASSWORD)
    await client.connect()
    await client.close()


async def test_logout_revokes_the_token(server: ServerThread) -> None:
    client = AgentClient(server.url, username="amy", password=PASSWORD)
    token = (await client.connect())["token"]
    assert await client.request("logout") == {"signed_out": True}
    await client.closed.wait()
    with pytest.raises(RequestError, match="auth_failed"):
        await AgentClient(server.url, token=token).connect()


async def test_requests_before_auth_are_refused(server: ServerThread) -> None:
    client = AgentClient(server.url, username="amy", password=PASSWORD)
    from websockets.asyncio.client import connect

    async with connect(server.url) as websocket:
        await websocket.send('{"type": "inbox.counts", "id": "1"}')
        answer = await websocket.recv()
    assert '"code":"unauthenticated"' in str(answer)
    del client


async def test_disabled_agent_cannot_sign_in(server: ServerThread, desk: Desk) -> None:
    from agentdesk.services.accounts import disable_agent
    from agentdesk.services.unit import perform

    client = AgentClient(server.url, username="amy", password=PASSWORD)
    token = (await client.connect())["token"]
    await client.close()
    perform(desk.database, disable_agent, "amy")
    with pytest.raises(RequestError, match="auth_failed"):
        await AgentClient(server.url, token=token).connect()
    with pytest.raises(RequestError, match="auth_failed"):
        await AgentClient(server.url, username="amy", password=PASSWORD).connect()
