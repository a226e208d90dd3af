"""A throwaway PostgreSQL database for a benchmark, on the server the environment names."""

from __future__ import annotations

import os
from contextlib import AbstractContextManager

from agentdesk.db.scratch import throwaway_postgres

ENVIRONMENT = ("AGENTDESK_BENCH_POSTGRES_URL", "AGENTDESK_TEST_POSTGRES_URL")


def server_url() -> str | None:
    """The first of AGENTDESK_BENCH_POSTGRES_URL, AGENTDESK_TEST_POSTGRES_URL that is set."""
    for variable in ENVIRONMENT:
        if os.environ.get(variable):
            return os.environ[variable]
    return None


def throwaway_database(base_url: str) -> AbstractContextManager[str]:
    """CREATE a uniquely named database, yield its URL, DROP it afterwards."""
    return throwaway_postgres(base_url, "agentdesk_bench")
