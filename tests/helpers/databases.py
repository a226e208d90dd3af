"""Fresh, migrated databases for tests: an SQLite file, or a throwaway PostgreSQL database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from agentdesk.db import scratch
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
    with scratch.throwaway_postgres(base_url, "agentdesk_t") as url:
        yield url


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
