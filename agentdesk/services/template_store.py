"""Keeping the `templates` table in step with the template files, for whoever lists from it."""

from __future__ import annotations

from sqlalchemy import delete, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from agentdesk.db.models import Template
from agentdesk.db.types import utcnow
from agentdesk.services.template_catalog import TemplateCatalog

_EDITABLE = ("title", "category", "shortcut", "body")


def store_templates(session: Session, catalog: TemplateCatalog) -> int:
    """Make the table mirror the catalog: insert or update by (key, language), and delete
    keys the files no longer have, since the files are what a manager edits. Idempotent,
    and safe when two processes do it at once (INSERT … ON CONFLICT on both databases).
    Returns how many rows were inserted, changed or deleted."""
    columns = Template.__table__.c
    postgres = session.get_bind().dialect.name == "postgresql"
    insert = postgresql.insert if postgres else sqlite.insert
    changed = 0
    for template in catalog:
        for language, text in template.texts.items():
            statement = insert(Template).values(
                key=template.key,
                language=language,
                title=text.title,
                category=template.category,
                shortcut=template.shortcut,
                body=text.body,
                updated_at=utcnow(),
            )
            new = statement.excluded
            upsert = statement.on_conflict_do_update(
                index_elements=["key", "language"],
                set_={name: new[name] for name in (*_EDITABLE, "updated_at")},
                where=or_(*(columns[name] != new[name] for name in _EDITABLE)),
            )
            # Counted by RETURNING: with it, a row held back by the WHERE returns nothing,
            # while rowcount is -1 on psycopg once SQLAlchemy adds its own RETURNING.
            changed += len(session.execute(upsert.returning(Template.id)).all())
    gone = session.execute(
        delete(Template)
        .where(Template.key.not_in([template.key for template in catalog]))
        .returning(Template.id)
        .execution_options(synchronize_session=False)
    ).all()
    return changed + len(gone)
