"""The search index's documents: one row per searchable thing, whatever its source.

A message, a call log, a conversation's subject and tags, a customer's names and numbers
and a wallet transaction each become one document. The row says where the document came
from and whom it belongs to (for permissions and for the History tab's search); its terms
live in the database's own full-text index beside it, `search_index`: an FTS5 table on
SQLite, a tsvector with a GIN index on PostgreSQL (see migration 0006). Both are derived
data, written in the transaction that writes the source (`services.search_index`), so the
columns carry no foreign keys: deleting a source deletes its document in the same flush.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from agentdesk.db.models.base import Base, BigId
from agentdesk.db.types import utcnow

#: Tables of the full-text index itself, created by migration 0006 for each dialect and
#: outside the models (FTS5 virtual tables and their shadow tables on SQLite).
INDEX_TABLE = "search_index"


class SearchDoc(Base):
    __tablename__ = "search_docs"
    __table_args__ = (
        UniqueConstraint("source", "source_id"),
        Index("ix_search_docs_customer", "customer_id", "id"),
        Index("ix_search_docs_conversation", "conversation_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # message, call, conversation, customer or transaction, and that row's id
    source: Mapped[str] = mapped_column(String(12))
    source_id: Mapped[int] = mapped_column(BigInteger())
    conversation_id: Mapped[int | None] = mapped_column(BigInteger())
    customer_id: Mapped[int | None] = mapped_column(BigInteger())
    at: Mapped[datetime] = mapped_column(default=utcnow)


def is_index_table(name: str | None) -> bool:
    """The index's own tables, which the models do not describe (for schema comparison)."""
    return bool(name) and str(name).startswith(INDEX_TABLE)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's filter: leave the full-text index's tables to the migration that made them."""
    return not (type_ == "table" and is_index_table(name))
