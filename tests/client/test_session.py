"""DeskSession on real servers: outbox sends, self-healing reconnects, gapless resume."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from agentdesk.client import (
    AgentClient,
    DeskSession,
    Disconnected,
    Outbox,
    RequestError,
    Unreachable,
)
from agentdesk.db.engine import Database
from agentdesk.db.models import Event, Message
from agentdesk.server.app import free_port
from agentdesk.server.config import ServerConfig
from agentdesk.services.accounts import set_password
from agentdesk.services.inbound import receive_customer_message
from agentdesk.services.unit import perform
from tests.client.conftest import FAST_BACKOFF, Watch, database_url
from tests.helpers.processes import ServeProcess
from tests.helpers.server import ServerThread
from tests.helpers.waiting import eventually
from tests.server.conftest import CATALOG, PASSWORD, Desk

pytestmark = pytest.mark.asyncio
FAST = ("--requests-per-second", "1000")


def stored_ids(database: Database, conversation_id: int) -> Counter[str]:
    """How many times each client message id is stored in one conversation."""
    with database.read() as session:
        ids = session.scalars(
            select(Message.client_message_id).where(
                Message.conversation_id == conversation_id,
                Message.client_message_id.is_not(None),
            )
        ).all()
    return Counter(i for i in ids if i)


def event_seqs_after(database: Database, seq: int) -> list[int]:
    with database.read() as session:
        return list(session.scalars(select(Event.seq).where(Event.seq > seq).order_by(Event.seq)))


@pytest.fixture
def processes() -> Iterator[list[ServeProcess]]:
    """Every `agentdesk serve` a test starts is killed at the end, whatever happened."""
    started: list[ServeProcess] = []
    yield started
    for process in started:
        process.kill()
        if process.process is not None and process.process.stdout is not None:
            process.process.stdout.close()
        process.log.close()


def serve(desk: Desk, started: list[ServeProcess], port: int | None = None) -> ServeProcess:
    process = ServeProcess(database_url(desk), port, *FAST)
    started.append(process)
    process.start()
    return process


async def test_sign_in_then_a_reply_is_sent_and_acknowledged(
    server: ServerThread, desk: Desk, outbox: Outbox
) -> None:
    session = DeskSession(server.url, outbox, username="amy", password=PASSWORD)
    watch = Watch(session)
    welcome = await asyncio.wait_for(session.start(), 10)
    try:
        assert welcome["agent"]["username"] == "amy"
        assert session.token == welcome["token"] and session.status == "online"
        assert watch.statuses == ["connecting", "online"]

        entry = await session.send(desk.mine.id, "您好,请稍等", html="<p>您好,请稍等</p>")
        assert entry.state == "pending" and entry.kind == "reply"
        await eventually(lambda: watch.state(entry.client_message_id) == "sent")
        sent = await outbox.get(entry.client_message_id)
        assert sent.message_id is not None and sent.attempts == 1
        assert stored_ids(desk.database, desk.mine.id) == {entry.client_message_id: 1}
        await eventually(lambda: len(watch.events) == 1)
        assert watch.events[0].data["message"]["id"] == sent.message_id

        note = await session.send(desk.mine.id, "客户很着急", note=True)
        await eventually(lambda: watch.state(note.client_message_id) == "sent")
        assert (await outbox.get(note.client_message_id)).kind == "note"

        counts = await session.request("inbox.counts")
        assert "mine" in counts["views"]
        with pytest.raises(ValueError, match="outbox"):
            await session.request("reply.send", conversation_id=desk.mine.id, text="x")
    finally:
        await session.stop()
    assert watch.statuses[-1] == "offline"
    with pytest.raises(Disconnected):
        await session.request("inbox.counts")


async def test_a_wrong_password_propagates_and_nothing_keeps_running(
    server: ServerThread, outbox: Outbox
) -> None:
    session = DeskSession(server.url, outbox, username="amy", password="not the password")
    watch = Watch(session)
    with pytest.raises(RequestError) as refused:
        await asyncio.wait_for(session.start(), 10)
    assert refused.value.code == "auth_failed"
    assert watch.statuses == ["connecting", "signed_out"]
    with pytest.raises(RuntimeError, match="sign in"):
        await session.send(1, "nobody signed in")
    await session.stop()


async def test_a_refused_reply_fails_and_is_never_retried(
    server: ServerThread, desk: Desk, outbox: Outbox
) -> None:
    session = DeskSession(server.url, outbox, username="amy", password=PASSWORD)
    watch = Watch(session)
    await asyncio.wait_for(session.start(), 10)
    try:
        refused = await session.send(desk.other_team.id, "not my team's customer")
        await eventually(lambda: watch.state(refused.client_message_id) == "failed")
        failed = await outbox.get(refused.client_message_id)
        assert failed.last_error is not None
        assert failed.last_error.split(":")[0] in ("forbidden", "not_found")
        # later flushes (another send) leave it alone
        fine = await session.send(desk.mine.id, "this one is fine")
        await eventually(lambda: watch.state(fine.client_message_id) == "sent")
        assert (await outbox.get(refused.client_message_id)).attempts == 1
        history = [
            c.state for c in watch.changes if c.client_message_id == refused.client_message_id
        ]
        assert history == ["pending", "failed"]
        assert stored_ids(desk.database, desk.other_team.id) == {}
    finally:
        await session.stop()


async def test_the_session_rides_out_a_killed_server_and_resumes_without_gaps(
    desk: Desk, outbox: Outbox, processes: list[ServeProcess]
) -> None:
    server = serve(desk, processes)
    session = DeskSession(
        server.url, outbox, username="amy", password=PASSWORD, backoff=FAST_BACKOFF
    )
    watch = Watch(session)
    welcome = await asyncio.wait_for(session.start(), 10)
    try:
        before = await session.send(desk.mine.id, "before the crash")
        await eventually(lambda: watch.state(before.client_message_id) == "sent")
        await eventually(lambda: len(watch.events) == 1)

        # A request the server received but never answered fails with Disconnected.
        assert server.process is not None
        server.process.send_signal(signal.SIGSTOP)
        in_flight = asyncio.create_task(session.request("inbox.counts"))
        await asyncio.sleep(0.1)
        assert not in_flight.done()
        server.kill()
        with pytest.raises(Disconnected):
            await asyncio.wait_for(in_flight, 10)
        await eventually(lambda: "offline" in watch.statuses)
        with pytest.raises(Disconnected):
            await session.request("inbox.counts")  # at once, not queued

        # While it is down: replies wait in the outbox, customers keep writing.
        offline = [await session.send(desk.mine.id, f"offline reply {n}") for n in range(3)]
        for n in range(2):
            perform(desk.database, receive_customer_message, desk.mine.id, f"客户消息 {n}")
        await asyncio.sleep(0.3)  # a few reconnect attempts against nothing
        assert {watch.state(e.client_message_id) for e in offline} == {"pending"}
        assert len(await outbox.pending()) == 3

        serve(desk, processes, server.port)
        await eventually(lambda: all(watch.state(e.client_message_id) == "sent" for e in offline))
        assert session.status == "online"
        expected = event_seqs_after(desk.database, welcome["last_seq"])
        assert len(expected) == 1 + 2 + 3  # the first reply, two customer messages, three
        await eventually(lambda: watch.seqs == expected)
        await asyncio.sleep(0.2)
        assert watch.seqs == expected  # nothing twice, nothing missing, in order
        assert watch.resyncs == []
        stored = stored_ids(desk.database, desk.mine.id)
        assert set(stored) == {before.client_message_id} | {e.client_message_id for e in offline}
        assert set(stored.values()) == {1}
        assert await outbox.pending() == []
        assert await session.request("inbox.counts")
    finally:
        await session.stop()


async def test_a_restarted_desktop_sends_what_the_last_run_left_pending(
    desk: Desk, tmp_path: Path, processes: list[ServeProcess]
) -> None:
    path = tmp_path / "outbox.sqlite3"
    server = serve(desk, processes)
    first_outbox = Outbox(path)
    first = DeskSession(
        server.url, first_outbox, username="amy", password=PASSWORD, backoff=FAST_BACKOFF
    )
    welcome = await asyncio.wait_for(first.start(), 10)
    token = first.token
    assert token is not None

    # The last run died between the server's acknowledgement and marking the entry sent.
    acked = await first_outbox.add(
        desk.mine.id, "reply", "acknowledged, never marked", agent_id=welcome["agent"]["id"]
    )
    raw = AgentClient(server.url, token=token)
    await raw.connect()
    await raw.request(
        "reply.send",
        conversation_id=desk.mine.id,
        client_message_id=acked.client_message_id,
        text=acked.text,
    )
    await raw.close()

    server.kill()
    await eventually(lambda: first.status != "online")
    waiting = [await first.send(desk.mine.id, f"written offline {n}") for n in range(3)]
    await first.stop()  # the crash: nothing flushed, nothing marked
    await first_outbox.close()

    serve(desk, processes, server.port)
    second_outbox = Outbox(path)
    second = DeskSession(server.url, second_outbox, token=token, backoff=FAST_BACKOFF)
    watch = Watch(second)
    try:
        await asyncio.wait_for(second.start(), 10)
        ids = [acked.client_message_id] + [e.client_message_id for e in waiting]
        await eventually(lambda: all(watch.state(i) == "sent" for i in ids))
        assert await second_outbox.pending() == []
        stored = stored_ids(desk.database, desk.mine.id)
        assert set(stored) == set(ids) and set(stored.values()) == {1}
    finally:
        await second.stop()
        await second_outbox.close()


async def test_a_revoked_token_signs_the_session_out_on_reconnect(
    desk: Desk, outbox: Outbox
) -> None:
    config = ServerConfig(database_url=database_url(desk), port=0)
    first = ServerThread(config, CATALOG)
    first.start()
    session = DeskSession(
        first.url, outbox, username="amy", password=PASSWORD, backoff=FAST_BACKOFF
    )
    watch = Watch(session)
    await asyncio.wait_for(session.start(), 10)
    second: ServerThread | None = None
    try:
        perform(desk.database, set_password, "amy", "a brand new password")
        await asyncio.to_thread(first.stop)  # closes with 1012: the desktop reconnects
        second = ServerThread(replace(config, port=first.server.port), CATALOG)
        second.start()
        await eventually(lambda: session.status == "signed_out")
        assert session.token is None
        assert watch.statuses[-1] == "signed_out"
        with pytest.raises(Disconnected):
            await session.request("inbox.counts")
        kept = await session.send(desk.mine.id, "kept for the next sign-in")
        await asyncio.sleep(0.2)
        assert (await outbox.get(kept.client_message_id)).state == "pending"
    finally:
        await session.stop()
        if second is not None:
            await asyncio.to_thread(second.stop)
    assert session.status == "signed_out"


async def test_logout_revokes_the_token(server: ServerThread, outbox: Outbox) -> None:
    session = DeskSession(server.url, outbox, username="amy", password=PASSWORD)
    watch = Watch(session)
    await asyncio.wait_for(session.start(), 10)
    token = session.token
    await session.stop(logout=True)
    assert session.token is None and watch.statuses[-1] == "signed_out"
    again = AgentClient(server.url, token=token)
    with pytest.raises(RequestError) as refused:
        await asyncio.wait_for(again.connect(), 10)
    assert refused.value.code == "auth_failed"


async def test_a_stale_saved_token_is_refused_and_forgotten(
    server: ServerThread, outbox: Outbox
) -> None:
    session = DeskSession(server.url, outbox, token="not-a-token-this-server-gave-out")
    with pytest.raises(RequestError) as refused:
        await asyncio.wait_for(session.start(), 10)
    assert refused.value.code == "auth_failed"
    assert session.status == "signed_out" and session.token is None


async def test_another_agents_pending_replies_stay_in_the_outbox(
    server: ServerThread, desk: Desk, outbox: Outbox
) -> None:
    """A shared workstation: what alan left pending must never go out under amy's name."""
    alans = await outbox.add(
        desk.theirs.id, "reply", "alan wrote this", agent_id=desk.cast.agent_a2.id
    )
    session = DeskSession(server.url, outbox, username="amy", password=PASSWORD)
    watch = Watch(session)
    await asyncio.wait_for(session.start(), 10)
    try:
        amys = await session.send(desk.mine.id, "amy wrote this")
        await eventually(lambda: watch.state(amys.client_message_id) == "sent")
        assert (await outbox.get(alans.client_message_id)).state == "pending"
        assert stored_ids(desk.database, desk.theirs.id) == {}
    finally:
        await session.stop()


async def test_an_unreachable_server_is_one_oserror(outbox: Outbox) -> None:
    session = DeskSession(f"ws://127.0.0.1:{free_port()}", outbox, username="amy", password="x")
    with pytest.raises(Unreachable) as unreachable:
        await asyncio.wait_for(session.start(), 10)
    assert isinstance(unreachable.value, OSError)
    assert session.status == "offline"
