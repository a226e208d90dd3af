"""Alembic environment: migrations run on the connection of an agentdesk Database."""

from __future__ import annotations

from alembic import context

from agentdesk.db.engine import Database
from agentdesk.db.models import Base
from agentdesk.db.models.search import include_object

database: Database = context.config.attributes["database"]

with database.engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=database.is_sqlite,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
