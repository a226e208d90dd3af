"""Bad input over the wire: errors with stable codes, and limits that hit one connection only."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from agentdesk.client import AgentClient
from agentdesk.protocol.frames import EventFrame
from tests.helpers.server import ServerThread, running_server
from tests.server.conftest import CATALOG, PASSWORD, Desk

pytestmark = pytest.mark.asyncio


async def signed_in(server: ServerThread, username: str = "amy") -> AgentClient:
    client = AgentClient(server.url, username=username, password=PASSWORD, max_size=None)
    await client.connect()
    return client


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("this is not json", "bad_json"),
        ("[1, 2, 3]", "bad_json"),
        ('{"type": "teleport", "id": "1"}', "unknown_type"),
        ('{"type": "reply.send", "id": "1", "conversation_id": "x"}', "invalid_request"),
        ('{"type": "inbox.list", "id": "1", "limit": 100000}', "invalid_request"),
        ('{"type": "inbox.list", "id": "1", "surprise": true}', "invalid_request"),
    ],
)
async def test_malformed_frames_get_an_error_and_the_connection_stays(
    server: ServerThread, frame: str, code: str
) -> None:
    async with connect(server.url) as websocket:
        await websocket.send(
            json.dumps({"type": "auth", "id": "a", "username": "amy", "password": PASSWORD})
        )
        assert json.loads(await websocket.recv())["type"] == "result"
        await websocket.send(frame)
        answer = json.loads(await websocket.recv())
        assert answer["type"] == "error" and answer["code"] == code
        await websocket.send('{"type": "inbox.counts", "id": "after"}')
        after = json.loads(await websocket.recv())
        assert after["id"] == "after" and after["type"] == "result"


async def test_an_oversized_frame_closes_that_connection_only(desk: Desk) -> None:
    url = desk.database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, max_frame_bytes=64 * 1024) as server:
        bystander = await signed_in(server, "alan")
        async with connect(server.url, max_size=None) as websocket:
            await websocket.send(
                json.dumps({"type": "auth", "id": "a", "username": "amy", "password": PASSWORD})
            )
            await websocket.recv()
            await websocket.send(json.dumps({"type": "inbox.counts", "id": "x" * 100_000}))
            with pytest.raises(ConnectionClosed):
                await websocket.recv()
            assert websocket.close_code == 1009
        assert "views" in await bystander.request("inbox.counts")
        await bystander.close()


async def test_requests_are_rate_limited_per_connection(desk: Desk) -> None:
    url = desk.database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, requests_per_second=1.0, request_burst=3) as server:
        client = await signed_in(server)
        codes = []
        for _ in range(6):
            try:
                await client.request("inbox.counts")
                codes.append("ok")
            except Exception as exc:
                codes.append(getattr(exc, "code", "?"))
        assert codes[:3] == ["ok", "ok", "ok"] and "rate_limited" in codes[3:]
        other = await signed_in(server, "alan")
        assert "views" in await other.request("inbox.counts")
        await client.close()
        await other.close()


async def test_a_slow_client_is_dropped_without_stalling_others(desk: Desk) -> None:
    url = desk.database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, outbound_queue=5) as server:
        slow = await signed_in(server, "alan")
        connection = next(iter(server.server.connections))
        # Simulate a client that stopped reading: fill its queue past the limit.
        loop = server.loop
        pushed = asyncio.run_coroutine_threadsafe(_flood(connection), loop).result(5)
        assert pushed is False
        await asyncio.wait_for(slow.closed.wait(), 5)
        assert slow.close_code == 1013
        survivor = await signed_in(server, "amy")
        assert "views" in await survivor.request("inbox.counts")
        await survivor.close()


async def _flood(connection: object) -> bool:
    result = True
    for index in range(50):
        frame = EventFrame(seq=index + 1, name="test.flood", data={"n": index}).dumps()
        result = connection.push(frame)  # type: ignore[attr-defined]
        if not result:
            break
    return result


async def test_health_endpoint(server: ServerThread) -> None:
    http_url = server.url.replace("ws://", "http://") + "/health"
    body = await asyncio.to_thread(lambda: urllib.request.urlopen(http_url, timeout=5).read())
    health = json.loads(body)
    assert health["status"] == "ok" and "last_seq" in health


async def test_graceful_stop_tells_clients_to_reconnect(desk: Desk) -> None:
    url = desk.database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG) as server:
        client = await signed_in(server)
        assert "views" in await client.request("inbox.counts")
        await asyncio.to_thread(server.stop)
        await asyncio.wait_for(client.closed.wait(), 10)
        assert client.close_code == 1012
        server.stop = lambda: None  # type: ignore[method-assign]
