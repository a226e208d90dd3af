"""The desktop's local outbox: replies and notes saved on disk before they are sent."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TypeVar, cast
from uuid import uuid4

import platformdirs

T = TypeVar("T")
Kind = Literal["reply", "note"]
State = Literal["pending", "sent", "failed"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    client_message_id TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    agent_id INTEGER,
    conversation_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reply', 'note')),
    text TEXT NOT NULL,
    html TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    message_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_state ON outbox (state, position);
CREATE INDEX IF NOT EXISTS outbox_conversation ON outbox (conversation_id, position);
"""
_COLUMNS = (
    "client_message_id, agent_id, conversation_id, kind, text, html, state, attempts,"
    " last_error, message_id, created_at, updated_at"
)


def default_outbox_path() -> Path:
    """Where the desktop keeps its outbox unless told otherwise: the user data folder."""
    return platformdirs.user_data_path("agentdesk") / "outbox.sqlite3"


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One reply or note as the outbox knows it; a snapshot, never updated in place."""

    client_message_id: str
    agent_id: int | None  # who wrote it: another agent signing in must not send it
    conversation_id: int
    kind: Kind
    text: str
    html: str | None
    state: State
    attempts: int  # sends tried, successful or not
    last_error: str | None
    message_id: int | None  # the server's id, once it acknowledged the message
    created_at: datetime
    updated_at: datetime


class Outbox:
    """An SQLite file that outlives crashes of the desktop, the server and the network.

    Every sqlite3 call runs on one private thread, so the event loop never waits on the
    disk and the connection is only ever used by the thread that opened it. The file is
    opened on first use, in WAL mode with synchronous=FULL: an `add` that returned is on
    disk even if the power goes right after."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="outbox")
        self._connection: sqlite3.Connection | None = None
        self._closed = False

    async def add(
        self,
        conversation_id: int,
        kind: Kind,
        text: str,
        html: str | None = None,
        *,
        agent_id: int | None = None,
    ) -> OutboxEntry:
        """Save a new pending entry (committed before returning, so before any send)."""
        if kind not in ("reply", "note"):
            raise ValueError(f"an outbox entry is a reply or a note, not {kind!r}")
        client_message_id = f"desk-{uuid4().hex}"
        now = _now()

        def work(db: sqlite3.Connection) -> OutboxEntry:
            db.execute(
                f"INSERT INTO outbox (position, {_COLUMNS}) VALUES ("  # noqa: S608 - constant
                "(SELECT coalesce(max(position), 0) + 1 FROM outbox),"
                " ?, ?, ?, ?, ?, ?, 'pending', 0, NULL, NULL, ?, ?)",
                (client_message_id, agent_id, conversation_id, kind, text, html, now, now),
            )
            return _get(db, client_message_id)

        return await self._run(work)

    async def mark_sent(self, client_message_id: str, message_id: int) -> OutboxEntry:
        """The server acknowledged the message: it is stored there, never send it again."""
        return await self._update(
            client_message_id,
            "state = 'sent', message_id = ?, last_error = NULL, attempts = attempts + 1",
            (message_id,),
        )

    async def mark_failed(self, client_message_id: str, error: str) -> OutboxEntry:
        """The server refused it for good (forbidden, not_found, invalid_request, conflict…):
        resending would be refused again, so the agent has to see it instead."""
        return await self._update(
            client_message_id,
            "state = 'failed', last_error = ?, attempts = attempts + 1",
            (error,),
        )

    async def record_attempt(self, client_message_id: str, error: str) -> OutboxEntry:
        """A send that may work later (disconnected, internal, rate_limited): it stays
        pending and is resent; only an entry still pending is touched."""
        return await self._update(
            client_message_id,
            "last_error = ?, attempts = attempts + 1",
            (error,),
            only_pending=True,
        )

    async def get(self, client_message_id: str) -> OutboxEntry:
        """One entry; KeyError when the outbox never had it."""
        return await self._run(lambda db: _get(db, client_message_id))

    async def pending(self, *, agent_id: int | None = None) -> list[OutboxEntry]:
        """What still has to be sent, oldest first. With `agent_id`, only what that agent
        wrote (and entries nobody owns): a reply must never go out under another name."""
        args: tuple[object, ...] = ()
        where = "state = 'pending'"
        if agent_id is not None:
            where = "state = 'pending' AND (agent_id = ? OR agent_id IS NULL)"
            args = (agent_id,)
        return await self._select(where, args)

    async def for_conversation(self, conversation_id: int) -> list[OutboxEntry]:
        """Every entry of one conversation, oldest first, so its view can show what is
        still on its way and what was refused."""
        return await self._select("conversation_id = ?", (conversation_id,))

    async def close(self) -> None:
        """Close the file and the thread; safe to call twice."""
        if self._closed:
            return
        self._closed = True

        def work() -> None:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

        await asyncio.get_running_loop().run_in_executor(self._executor, work)
        self._executor.shutdown(wait=False)  # nothing is queued any more: the thread ends

    async def _update(
        self,
        client_message_id: str,
        assignments: str,
        args: tuple[object, ...],
        *,
        only_pending: bool = False,
    ) -> OutboxEntry:
        guard = " AND state = 'pending'" if only_pending else ""

        def work(db: sqlite3.Connection) -> OutboxEntry:
            db.execute("BEGIN IMMEDIATE")
            try:
                _get(db, client_message_id)  # KeyError for an unknown id
                db.execute(
                    f"UPDATE outbox SET {assignments}, updated_at = ?"  # noqa: S608 - constants
                    f" WHERE client_message_id = ?{guard}",
                    (*args, _now(), client_message_id),
                )
                entry = _get(db, client_message_id)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            return entry

        return await self._run(work)

    async def _select(self, where: str, args: tuple[object, ...]) -> list[OutboxEntry]:
        def work(db: sqlite3.Connection) -> list[OutboxEntry]:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE {where} ORDER BY position",  # noqa: S608
                args,
            ).fetchall()
            return [_entry(row) for row in rows]

        return await self._run(work)

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        if self._closed:
            raise RuntimeError("the outbox is closed")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._with_connection, work)

    def _with_connection(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Runs on the outbox thread: opens the file the first time, then does `work`."""
        if self._connection is None:
            self._connection = _open(self.path)
        return work(self._connection)


def _open(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    # autocommit: every statement outside BEGIN … COMMIT is its own durable transaction
    db = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise RuntimeError(f"the outbox {path} cannot use WAL (journal mode {mode})")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(_SCHEMA)
    except BaseException:
        db.close()
        raise
    return db


def _get(db: sqlite3.Connection, client_message_id: str) -> OutboxEntry:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE client_message_id = ?",  # noqa: S608 - constant
        (client_message_id,),
    ).fetchone()
    if row is None:
        raise KeyError(client_message_id)
    return _entry(row)


def _entry(row: tuple[object, ...]) -> OutboxEntry:
    (cmid, agent_id, conversation_id, kind, text, html) = row[:6]
    (state, attempts, last_error, message_id, created_at, updated_at) = row[6:]
    return OutboxEntry(
        client_message_id=str(cmid),
        agent_id=cast("int | None", agent_id),
        conversation_id=cast(int, conversation_id),
        kind=cast(Kind, kind),
        text=str(text),
        html=cast("str | None", html),
        state=cast(State, state),
        attempts=cast(int, attempts),
        last_error=cast("str | None", last_error),
        message_id=cast("int | None", message_id),
        created_at=datetime.fromisoformat(str(created_at)),
        updated_at=datetime.fromisoformat(str(updated_at)),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()
