"""SQLite runs in WAL with foreign keys, and writers take the lock up front."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from agentdesk.db.engine import Database, DatabaseError, parse_url
from agentdesk.db.models import Team


def test_sqlite_pragmas(sqlite_db: Database) -> None:
    with sqlite_db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 10_000


def test_a_write_session_holds_the_write_lock_from_its_start(sqlite_db: Database) -> None:
    """BEGIN IMMEDIATE: another writer is shut out before the first statement runs."""
    path = sqlite_db.url.database
    assert path is not None
    with sqlite_db.write() as session:
        session.execute(text("SELECT 1"))
        other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            # Readers are never blocked by the writer in WAL mode.
            assert other.execute("SELECT count(*) FROM teams").fetchone() == (0,)
        finally:
            other.close()


def test_a_read_session_does_not_take_the_write_lock(sqlite_db: Database) -> None:
    path = sqlite_db.url.database
    assert path is not None
    with sqlite_db.read() as session:
        session.execute(text("SELECT count(*) FROM teams"))
        other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        finally:
            other.close()


def test_concurrent_writers_queue_instead_of_failing(sqlite_db: Database) -> None:
    errors: list[BaseException] = []

    def add_teams(prefix: str) -> None:
        try:
            for index in range(25):
                with sqlite_db.write() as session:
                    session.add(Team(name=f"{prefix}-{index}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=add_teams, args=(name,)) for name in "abcd"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite_db.read() as session:
        assert session.execute(text("SELECT count(*) FROM teams")).scalar() == 100


def test_a_failed_unit_of_work_leaves_nothing(sqlite_db: Database) -> None:
    with pytest.raises(RuntimeError), sqlite_db.write() as session:
        session.add(Team(name="half"))
        session.flush()
        raise RuntimeError("boom")
    with sqlite_db.read() as session:
        assert session.execute(text("SELECT count(*) FROM teams")).scalar() == 0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/x", "unsupported database"),
        ("no url at all", "not a database URL"),
        ("sqlite://", "in-memory"),
    ],
)
def test_bad_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message):
        Database(url)


def test_sqlite_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        Database(f"sqlite:///{tmp_path}/missing/agentdesk.sqlite3")


def test_drivers_are_chosen() -> None:
    assert parse_url("postgresql://u@h/d").drivername == "postgresql+psycopg"
    assert parse_url("sqlite:///x.db").drivername == "sqlite+pysqlite"


def test_unreachable_server_is_one_line() -> None:
    database = Database("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(DatabaseError, match="cannot connect") as raised:
        database.check_connection()
    assert "\n" not in str(raised.value)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is not SQLite" * 100)
    database = Database(f"sqlite:///{path}")
    with pytest.raises(DatabaseError, match="cannot connect"):
        database.check_connection()
