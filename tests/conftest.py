"""Fixtures every test package shares: fresh databases on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from agentdesk.db.engine import Database
from tests.helpers.databases import migrated, postgres_base_url, sqlite_url, throwaway_postgres

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "postgres" in getattr(item, "fixturenames", ()) or "any_db" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Under CI=true a skipped PostgreSQL test is a failure: CI must test PostgreSQL."""
    report = yield
    if os.environ.get("CI") == "true" and report.skipped and item.get_closest_marker("postgres"):
        report.outcome = "failed"
        report.longrepr = f"PostgreSQL test skipped under CI=true: {report.longrepr}"
    return report


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite database in a fresh file."""
    with migrated(sqlite_url(tmp_path)) as database:
        yield database


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database, dropped after the test."""
    with throwaway_postgres(postgres_base_url()) as url:
        yield url


@pytest.fixture
def postgres(postgres_url: str) -> Iterator[Database]:
    """A migrated, throwaway PostgreSQL database."""
    with migrated(postgres_url) as database:
        yield database


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The same test on a migrated SQLite file and on a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        with migrated(sqlite_url(tmp_path)) as database:
            yield database
    else:
        with (
            throwaway_postgres(postgres_base_url()) as url,
            migrated(url) as database,
        ):
            yield database
