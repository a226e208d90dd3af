"""Audit entries are append-only: the database refuses changes, and no service makes one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from agentdesk.db.engine import Database
from agentdesk.db.models import AuditEntry
from agentdesk.services.audit import audit
from tests.helpers.desk import DeskBuilder, cast

SERVICES = Path(__file__).resolve().parents[2] / "agentdesk" / "services"


def _entry(database: Database) -> int:
    with database.write() as session:
        people = cast(DeskBuilder(session))
        audit(
            session,
            DeskBuilder.actor(people.lead_a),
            "conversation.assign",
            target_type="conversation",
            target_id=7,
            detail={"to": 5},
        )
        session.flush()
        return session.scalars(select(AuditEntry.id)).one()


@pytest.mark.parametrize(
    "statement",
    [
        lambda i: update(AuditEntry).where(AuditEntry.id == i).values(action="nothing"),
        lambda i: delete(AuditEntry).where(AuditEntry.id == i),
        lambda i: text(f"UPDATE audit_entries SET detail = '{{}}' WHERE id = {i}"),  # noqa: S608
        lambda i: text("DELETE FROM audit_entries"),
    ],
    ids=["orm-update", "orm-delete", "sql-update", "sql-delete-all"],
)
def test_the_database_refuses_to_change_an_entry(any_db: Database, statement: object) -> None:
    entry_id = _entry(any_db)
    with pytest.raises(DatabaseError, match="append-only"), any_db.write() as session:
        session.execute(statement(entry_id))  # type: ignore[operator]
    with any_db.read() as session:
        kept = session.get_one(AuditEntry, entry_id)
        assert kept.action == "conversation.assign" and kept.detail == {"to": 5}


def test_the_orm_cannot_delete_one_either(any_db: Database) -> None:
    entry_id = _entry(any_db)
    with pytest.raises(DatabaseError, match="append-only"), any_db.write() as session:
        session.delete(session.get_one(AuditEntry, entry_id))
    with any_db.read() as session:
        assert session.get(AuditEntry, entry_id) is not None


def test_postgresql_refuses_truncate(postgres: Database) -> None:
    _entry(postgres)
    with pytest.raises(DatabaseError, match="append-only"), postgres.write() as session:
        session.execute(text("TRUNCATE audit_entries CASCADE"))


def test_no_service_has_a_path_that_updates_or_deletes_an_entry() -> None:
    """Services may only add entries: no update()/delete() of AuditEntry, no assignment to
    an entry's attributes, no session.delete of one, anywhere under agentdesk/services."""
    offences: list[str] = []
    for source in sorted(SERVICES.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("update", "delete")
                and any(isinstance(arg, ast.Name) and arg.id == "AuditEntry" for arg in node.args)
            ):
                offences.append(f"{source.name}:{node.lineno} {node.func.id}(AuditEntry)")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                lowered = node.value.lower()
                if "audit_entries" in lowered and ("update " in lowered or "delete " in lowered):
                    offences.append(f"{source.name}:{node.lineno} raw SQL on audit_entries")
    assert offences == []
