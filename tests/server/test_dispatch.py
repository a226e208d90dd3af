"""The dispatcher hands each due reply to its transport and records what happened."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from agentdesk.db.engine import Database
from agentdesk.db.models import MessageDirection, OutboundMessage
from agentdesk.db.types import utcnow
from agentdesk.server.dispatch import OutboundDispatcher
from agentdesk.server.transports import PermanentFailure, TemporaryFailure
from agentdesk.services import outbound
from agentdesk.services.outbound import OutboundItem
from tests.helpers.desk import DeskBuilder, cast
from tests.helpers.waiting import eventually

pytestmark = pytest.mark.asyncio


class ScriptedTransport:
    """Answers each send with the next scripted outcome: a receipt or an exception."""

    def __init__(self, *outcomes: dict[str, Any] | Exception) -> None:
        self.outcomes = list(outcomes)
        self.sent: list[OutboundItem] = []
        self.closed = False

    async def send(self, item: OutboundItem) -> dict[str, Any] | None:
        self.sent.append(item)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def close(self) -> None:
        self.closed = True


def _queue_reply(database: Database) -> int:
    with database.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        conversation = desk.conversation(team=people.team_a, assignee=people.agent_a)
        reply = desk.message(conversation, "您好", direction=MessageDirection.OUT)
        session.flush()
        row = OutboundMessage(message_id=reply.id, transport="email", next_attempt_at=utcnow())
        session.add(row)
        session.flush()
        return row.id


def _status(database: Database, row_id: int) -> OutboundMessage:
    with database.read() as session:
        row = session.get_one(OutboundMessage, row_id)
        session.expunge(row)
        return row


def _dispatcher(database: Database, transport: ScriptedTransport) -> OutboundDispatcher:
    async def run_in_db(work: Callable[[], Any]) -> Any:
        return await asyncio.to_thread(work)

    return OutboundDispatcher(
        database,
        run_in_db,
        lambda: None,
        {"email": transport},  # type: ignore[dict-item]
        outbound.Backoff(max_attempts=3, base_seconds=0.05, cap_seconds=0.1),
        poll_seconds=0.02,
    )


async def test_a_temporary_failure_is_retried_and_delivered_once(sqlite_db: Database) -> None:
    row_id = _queue_reply(sqlite_db)
    transport = ScriptedTransport(TemporaryFailure("451 busy"), {"message_id": "<m1@desk>"})
    dispatcher = _dispatcher(sqlite_db, transport)
    await dispatcher.start()
    await eventually(lambda: _status(sqlite_db, row_id).status == outbound.SENT)
    await asyncio.sleep(0.2)  # further polls find nothing left to send
    await dispatcher.stop()
    assert len(transport.sent) == 2 and transport.closed
    row = _status(sqlite_db, row_id)
    assert row.attempts == 2 and row.envelope["receipt"] == {"message_id": "<m1@desk>"}


async def test_a_permanent_failure_stops_at_once(sqlite_db: Database) -> None:
    row_id = _queue_reply(sqlite_db)
    transport = ScriptedTransport(PermanentFailure("550 mailbox unavailable"))
    dispatcher = _dispatcher(sqlite_db, transport)
    await dispatcher.start()
    await eventually(lambda: _status(sqlite_db, row_id).status == outbound.FAILED)
    await dispatcher.stop()
    assert len(transport.sent) == 1
    assert _status(sqlite_db, row_id).last_error == "550 mailbox unavailable"


async def test_an_unknown_outcome_is_never_sent_again(sqlite_db: Database) -> None:
    row_id = _queue_reply(sqlite_db)
    transport = ScriptedTransport(ConnectionResetError("reset after DATA"))
    dispatcher = _dispatcher(sqlite_db, transport)
    await dispatcher.start()
    await eventually(lambda: _status(sqlite_db, row_id).status == outbound.UNCERTAIN)
    await asyncio.sleep(0.2)
    await dispatcher.stop()
    assert len(transport.sent) == 1
    assert "reset after DATA" in _status(sqlite_db, row_id).last_error
