"""Fresh, migrated databases for tests: an SQLite file, or a throwaway PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from agentdesk.db.engine import Database
from agentdesk.db.migrate import upgrade

POSTGRES_ENV = "AGENTDESK_TEST_POSTGRES_URL"


def postgres_base_url() -> str:
    """The server named by AGENTDESK_TEST_POSTGRES_URL; skip (a failure under CI) without it."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    return url


@contextmanager
def throwaway_postgres(base_url: str) -> Iterator[str]:
    """CREATE a uniquely named database on the test server and DROP it afterwards."""
    name = f"agentdesk_t_{uuid.uuid4().hex[:12]}"
    admin_url = make_url(base_url).set(drivername="postgresql+psycopg")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield admin_url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'agentdesk.sqlite3'}"


@contextmanager
def migrated(url: str) -> Iterator[Database]:
    database = Database(url)
    try:
        upgrade(database)
        yield database
    finally:
        database.dispose()
