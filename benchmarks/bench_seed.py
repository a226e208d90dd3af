"""How long `seed_database(scale="large")` takes: 100,000 conversations, 1,000,000 messages.

The budget is three minutes on SQLite (the demo and every other benchmark start from
this data). PostgreSQL is measured too when AGENTDESK_BENCH_POSTGRES_URL or
AGENTDESK_TEST_POSTGRES_URL names a server; it runs on a throwaway database.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from agentdesk.db.engine import Database
from agentdesk.db.migrate import upgrade
from agentdesk.services.seed import SCALES, SeedSummary, seed_database
from benchmarks.postgres import server_url, throwaway_database
from benchmarks.report import Figure

SCALE = "large"
BUDGET_SECONDS = 180.0


def _progress(backend: str) -> Callable[[str], None]:
    def report(line: str) -> None:
        print(f"  [{backend}] {line}", file=sys.stderr, flush=True)

    return report


def _seed(database: Database, backend: str) -> SeedSummary:
    upgrade(database)  # not timed: the schema exists before anyone seeds
    return seed_database(database, scale=SCALE, progress=_progress(backend))


def _figures(summary: SeedSummary, backend: str, size_mb: float, where: str) -> list[Figure]:
    conversations = SCALES[SCALE]
    return [
        Figure(
            f"large seed on {backend}",
            "s",
            round(summary.elapsed_seconds, 2),
            BUDGET_SECONDS,
            "<",
            f"seed_database(scale='large') into {where}, ANALYZE included, migration excluded",
        ),
        Figure(
            f"rows written per second ({backend})",
            "rows/s",
            round(summary.total_rows / summary.elapsed_seconds),
            description=f"{summary.total_rows:,} rows over all tables",
        ),
        Figure(
            f"conversations written ({backend})",
            "",
            summary.tables["conversations"],
            conversations,
            "==",
        ),
        Figure(
            f"messages written ({backend})",
            "",
            summary.tables["messages"],
            conversations * 10,
            "==",
        ),
        Figure(f"{backend} size after seeding", "MB", round(size_mb, 1)),
    ]


def run(workdir: Path) -> list[Figure]:
    path = workdir / "seed.sqlite3"
    database = Database(f"sqlite:///{path}")
    try:
        summary = _seed(database, "SQLite")
    finally:
        database.dispose()  # the last connection checkpoints the WAL into the file
    figures = _figures(summary, "SQLite", path.stat().st_size / 1e6, "a fresh SQLite file")

    base = server_url()
    if base is not None:
        with throwaway_database(base) as url:
            database = Database(url)
            try:
                summary = _seed(database, "PostgreSQL")
                with database.engine.connect() as connection:
                    size = connection.execute(
                        text("SELECT pg_database_size(current_database())")
                    ).scalar_one()
            finally:
                database.dispose()
        figures += _figures(summary, "PostgreSQL", size / 1e6, "a throwaway PostgreSQL database")
    return figures
