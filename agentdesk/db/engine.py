"""Opening a database: URL checks, SQLite pragmas, and sessions for reading and writing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 10_000


class DatabaseError(Exception):
    """A database that cannot be used, with a message fit for one line on stderr."""


def parse_url(raw: str) -> URL:
    """Accept `sqlite:///path` and `postgresql://...`; name the driver agentdesk uses."""
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise DatabaseError(f"not a database URL: {raw!r}") from exc
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite+pysqlite")
    if backend == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    raise DatabaseError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (the pysqlite driver would
    # otherwise begin lazily and only before DML), and set the pragmas every
    # connection needs: WAL so readers never wait for the writer, enforced foreign keys.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    # A write transaction takes the write lock up front (BEGIN IMMEDIATE), so two
    # writers queue on busy_timeout instead of deadlocking into SQLITE_BUSY when a
    # read lock is later upgraded. Read sessions begin deferred and never block.
    if connection.get_execution_options().get("agentdesk_write"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


class Database:
    """One database, SQLite or PostgreSQL, and the sessions each unit of work opens."""

    def __init__(self, url: str | URL, *, echo: bool = False) -> None:
        self.url = parse_url(url) if isinstance(url, str) else url
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            database = self.url.database or ""
            if database in ("", ":memory:"):
                raise DatabaseError("agentdesk needs an SQLite file, not an in-memory database")
            parent = Path(database).expanduser().resolve().parent
            if not parent.is_dir():
                raise DatabaseError(f"folder for the SQLite file does not exist: {parent}")
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
            kwargs["connect_args"] = {"connect_timeout": 5}
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (NoSuchModuleError, ArgumentError) as exc:
            raise DatabaseError(f"cannot use {self.safe_url}: {exc}") from exc
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_on_connect)
            event.listen(self.engine, "begin", _sqlite_on_begin)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock: AbstractContextManager[object] = (
            threading.RLock() if self.is_sqlite else nullcontext()
        )
        self._write = sessionmaker(
            self.engine.execution_options(agentdesk_write=True), expire_on_commit=False
        )

    @property
    def safe_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    def check_connection(self) -> None:
        """Raise DatabaseError with one readable line if the server cannot be reached."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except DBAPIError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseError(f"cannot connect to {self.safe_url}: {reason}") from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that changes data: committed on success, rolled back on error.

        On SQLite, writers of this process also queue on a lock of their own: SQLite's
        busy handler retries on a growing sleep (up to 100 ms a step), so threads
        competing for the file lock would wait far longer than a plain queue makes them."""
        with self._write_lock, self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work; objects it loaded stay readable after it closes."""
        with self._read() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
