"""Alembic migrations run from code: `agentdesk db upgrade` and the start-up schema check."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from agentdesk.db.engine import Database, DatabaseError

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(database: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database"] = database
    return config


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _check_known(database: Database, revision: str | None) -> None:
    if revision is None:
        return
    scripts = ScriptDirectory(str(MIGRATIONS))
    known = {script.revision for script in scripts.walk_revisions()}
    if revision not in known:
        raise DatabaseError(
            f"{database.safe_url} is at migration {revision}, newer than this agentdesk "
            f"(head {head_revision()}): upgrade agentdesk"
        )


def upgrade(database: Database, revision: str = "head") -> None:
    """Bring the schema up to `revision`; refuse a database newer than the code."""
    database.check_connection()
    _check_known(database, current_revision(database))
    command.upgrade(alembic_config(database), revision)


def require_current(database: Database) -> None:
    """Refuse to work on a database that is older or newer than the code."""
    database.check_connection()
    revision = current_revision(database)
    _check_known(database, revision)
    if revision != head_revision():
        raise DatabaseError(
            f"{database.safe_url} is at migration {revision or 'none'}, not {head_revision()}: "
            "run `agentdesk db upgrade`"
        )
