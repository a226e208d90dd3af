"""Client tests: a desk with two teams, a real server on loopback, and a fresh outbox file."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from agentdesk.client import DeskSession, Outbox, OutboxEntry
from agentdesk.db.engine import Database
from agentdesk.protocol.frames import EventFrame, ResyncFrame
from tests.helpers.server import ServerThread, running_server
from tests.server.conftest import CATALOG, Desk, build_desk

FAST_BACKOFF = (0.05, 0.5)  # reconnect within half a second of the server coming back


@pytest.fixture
def desk(sqlite_db: Database) -> Desk:
    return build_desk(sqlite_db)


@pytest.fixture
def server(desk: Desk) -> Iterator[ServerThread]:
    with running_server(database_url(desk), CATALOG) as thread:
        yield thread


@pytest_asyncio.fixture
async def outbox(tmp_path: Path) -> AsyncIterator[Outbox]:
    box = Outbox(tmp_path / "outbox.sqlite3")
    yield box
    await box.close()


def database_url(desk: Desk) -> str:
    return desk.database.url.render_as_string(hide_password=False)


class Watch:
    """Everything a session reports, as the Qt layer would see it through its signals."""

    def __init__(self, session: DeskSession) -> None:
        self.statuses: list[str] = []
        self.events: list[EventFrame] = []
        self.resyncs: list[ResyncFrame] = []
        self.changes: list[OutboxEntry] = []
        self.entries: dict[str, OutboxEntry] = {}
        session.on_status.append(self.statuses.append)
        session.on_event.append(self.events.append)
        session.on_resync.append(self.resyncs.append)
        session.on_outbox.append(self._entry)

    def _entry(self, entry: OutboxEntry) -> None:
        self.changes.append(entry)
        self.entries[entry.client_message_id] = entry

    def state(self, client_message_id: str) -> str | None:
        entry = self.entries.get(client_message_id)
        return entry.state if entry else None

    @property
    def seqs(self) -> list[int]:
        return [event.seq for event in self.events]
