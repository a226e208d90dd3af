"""Migrations build the models' schema from empty and refuse a database newer than the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from agentdesk.db.engine import Database, DatabaseError
from agentdesk.db.migrate import current_revision, head_revision, require_current, upgrade
from agentdesk.db.models import Base
from agentdesk.db.models.search import include_object
from tests.helpers.databases import postgres_base_url, sqlite_url, throwaway_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
    else:
        with throwaway_postgres(postgres_base_url()) as url:
            yield url


@pytest.mark.postgres
def test_upgrade_from_empty_matches_the_models(empty_url: str) -> None:
    database = Database(empty_url)
    try:
        assert current_revision(database) is None
        upgrade(database)
        assert current_revision(database) == head_revision()
        require_current(database)
        with database.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_object": include_object}
            )
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
        assert set(inspect(database.engine).get_table_names()) >= set(Base.metadata.tables)
        upgrade(database)  # a second upgrade is a no-op
    finally:
        database.dispose()


@pytest.mark.postgres
def test_a_newer_database_is_refused(empty_url: str) -> None:
    database = Database(empty_url)
    try:
        upgrade(database)
        with database.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        with pytest.raises(DatabaseError, match="newer than this agentdesk"):
            upgrade(database)
        with pytest.raises(DatabaseError, match="newer than this agentdesk"):
            require_current(database)
    finally:
        database.dispose()


def test_an_empty_database_is_not_current(tmp_path: Path) -> None:
    database = Database(sqlite_url(tmp_path))
    try:
        with pytest.raises(DatabaseError, match="agentdesk db upgrade"):
            require_current(database)
    finally:
        database.dispose()
