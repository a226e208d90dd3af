"""search windows and scope: PostgreSQL's index rows name the id ranges their document
falls in, and who may see it

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: As `services.search.WINDOW_LEVELS` and `window_lexeme` were when this was written.
_LEVELS = (26, 23, 20, 17, 14)
_WINDOWS = "array_to_tsvector(ARRAY[{}])".format(
    ", ".join(f"'~w{level}_' || (doc_id >> {level})::text" for level in _LEVELS)
)
#: As `services.search_index.SCOPE_SQL` was when this was written.
_SCOPE = """COALESCE(CASE WHEN d.conversation_id IS NOT NULL THEN (
    SELECT array_to_tsvector(array_remove(ARRAY[
        '~t' || COALESCE(c.team_id, 0)::text, '~a' || c.assignee_id::text], NULL))
    FROM conversations c WHERE c.id = d.conversation_id)
ELSE (
    SELECT array_to_tsvector(array_agg(DISTINCT k))
    FROM conversations c, unnest(ARRAY[
        '~t' || COALESCE(c.team_id, 0)::text, '~a' || c.assignee_id::text]) AS k
    WHERE c.customer_id = d.customer_id AND k IS NOT NULL)
END, ''::tsvector)"""


def upgrade() -> None:
    """PostgreSQL only (SQLite's FTS5 index is walked newest first and joins the
    conversations). `windows` is generated: the server fills it from the id for every way
    a row is written. One GIN index over words and windows, so that a search's words and
    its window are looked up in one index scan. `scope` is read with the rows, not
    indexed; a row without one is seen by leads only."""
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP INDEX ix_search_index_tsv")
    op.execute("ALTER TABLE search_index ADD COLUMN scope TSVECTOR NOT NULL DEFAULT ''")
    op.execute(
        f"UPDATE search_index SET scope = {_SCOPE} FROM search_docs d"  # noqa: S608 - constant
        " WHERE d.id = search_index.doc_id"
    )
    op.execute(
        "ALTER TABLE search_index ADD COLUMN windows TSVECTOR"
        f" GENERATED ALWAYS AS ({_WINDOWS}) STORED"
    )
    op.execute("CREATE INDEX ix_search_index_tsv ON search_index USING GIN (tsv, windows)")
    op.execute("ANALYZE search_index")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP INDEX ix_search_index_tsv")
    op.execute("ALTER TABLE search_index DROP COLUMN windows")
    op.execute("ALTER TABLE search_index DROP COLUMN scope")
    op.execute("CREATE INDEX ix_search_index_tsv ON search_index USING GIN (tsv)")
