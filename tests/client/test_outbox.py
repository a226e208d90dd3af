"""The outbox keeps every reply on disk, in order, across restarts and crashes."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import textwrap
from asyncio.subprocess import PIPE
from pathlib import Path

import pytest

from agentdesk.client import Outbox

pytestmark = pytest.mark.asyncio


async def test_entries_and_their_states_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path)
    first = await box.add(7, "reply", "您好", "<p>您好</p>", agent_id=3)
    second = await box.add(7, "note", "customer called twice", agent_id=3)
    third = await box.add(8, "reply", "third", agent_id=3)
    fourth = await box.add(7, "reply", "fourth", agent_id=3)
    assert first.client_message_id.startswith("desk-") and first.state == "pending"
    assert (first.attempts, first.message_id, first.last_error) == (0, None, None)
    await box.mark_sent(first.client_message_id, 501)
    await box.mark_failed(second.client_message_id, "forbidden: not your team")
    await box.record_attempt(third.client_message_id, "disconnected")
    await box.close()

    reopened = Outbox(path)
    try:
        pending = await reopened.pending()
        assert [e.client_message_id for e in pending] == [
            third.client_message_id,
            fourth.client_message_id,
        ]
        assert pending[0].attempts == 1 and pending[0].last_error == "disconnected"
        sent = await reopened.get(first.client_message_id)
        assert (sent.state, sent.message_id, sent.html) == ("sent", 501, "<p>您好</p>")
        failed = await reopened.get(second.client_message_id)
        assert (failed.state, failed.last_error) == ("failed", "forbidden: not your team")
        assert failed.kind == "note"
        conversation = await reopened.for_conversation(7)
        assert [e.client_message_id for e in conversation] == [
            first.client_message_id,
            second.client_message_id,
            fourth.client_message_id,
        ]
        assert [e.state for e in conversation] == ["sent", "failed", "pending"]
    finally:
        await reopened.close()


async def test_a_transient_failure_never_undoes_a_sent_entry(outbox: Outbox) -> None:
    entry = await outbox.add(1, "reply", "hello")
    await outbox.mark_sent(entry.client_message_id, 9)
    late = await outbox.record_attempt(entry.client_message_id, "disconnected")
    assert (late.state, late.message_id, late.attempts) == ("sent", 9, 1)
    assert await outbox.pending() == []


async def test_pending_is_per_agent_when_asked(outbox: Outbox) -> None:
    amy = await outbox.add(1, "reply", "from amy", agent_id=1)
    bob = await outbox.add(1, "reply", "from bob", agent_id=2)
    nobody = await outbox.add(1, "reply", "added without an owner")
    assert [e.client_message_id for e in await outbox.pending(agent_id=1)] == [
        amy.client_message_id,
        nobody.client_message_id,
    ]
    assert [e.client_message_id for e in await outbox.pending(agent_id=2)] == [
        bob.client_message_id,
        nobody.client_message_id,
    ]
    assert len(await outbox.pending()) == 3


async def test_unknown_ids_bad_kinds_and_a_closed_outbox_are_refused(outbox: Outbox) -> None:
    with pytest.raises(KeyError):
        await outbox.mark_sent("desk-nope", 1)
    with pytest.raises(ValueError, match="reply or a note"):
        await outbox.add(1, "email", "hi")  # type: ignore[arg-type]
    await outbox.close()
    await outbox.close()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        await outbox.pending()


async def test_the_file_is_in_wal_mode_with_full_sync(outbox: Outbox) -> None:
    await outbox.add(1, "reply", "hello")
    with sqlite3.connect(outbox.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # synchronous is per connection: ask the outbox's own (2 is FULL)
    assert await outbox._run(lambda db: db.execute("PRAGMA synchronous").fetchone()[0]) == 2


async def test_an_entry_added_just_before_a_crash_is_kept(tmp_path: Path) -> None:
    """The desktop dies (os._exit, no close, no checkpoint) right after `add` returned."""
    path = tmp_path / "outbox.sqlite3"
    script = textwrap.dedent(
        f"""
        import asyncio, os, sys
        from pathlib import Path
        from agentdesk.client.outbox import Outbox

        async def main():
            entry = await Outbox(Path({str(path)!r})).add(5, "reply", "written before the crash")
            print(entry.client_message_id, flush=True)
            os._exit(9)

        asyncio.run(main())
        """
    )
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, stdout=PIPE, stderr=PIPE
    )
    stdout, stderr = await asyncio.wait_for(child.communicate(), 30)
    assert child.returncode == 9, stderr.decode()
    box = Outbox(path)
    try:
        [entry] = await box.pending()
        assert entry.client_message_id == stdout.decode().strip()
        assert entry.text == "written before the crash"
    finally:
        await box.close()
