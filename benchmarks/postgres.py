"""A throwaway PostgreSQL database for a benchmark, on the server the environment names."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ENVIRONMENT = ("AGENTDESK_BENCH_POSTGRES_URL", "AGENTDESK_TEST_POSTGRES_URL")


def server_url() -> str | None:
    """The first of AGENTDESK_BENCH_POSTGRES_URL, AGENTDESK_TEST_POSTGRES_URL that is set."""
    for variable in ENVIRONMENT:
        if os.environ.get(variable):
            return os.environ[variable]
    return None


@contextmanager
def throwaway_database(base_url: str) -> Iterator[str]:
    """CREATE a uniquely named database, yield its URL, DROP it afterwards."""
    name = f"agentdesk_bench_{secrets.token_hex(6)}"
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
