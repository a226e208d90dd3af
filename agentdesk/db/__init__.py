"""Persistence: typed SQLAlchemy models, engine set-up and Alembic migrations."""

from agentdesk.db.engine import Database, DatabaseError
from agentdesk.db.models import Base

__all__ = ["Base", "Database", "DatabaseError"]
