"""Bulk loading of demo rows: buffered tuples, one transaction per batch, COPY on PostgreSQL.

Rows arrive as tuples already in storage form, because going through the ORM (or even
Core's per-row type processing) for a million messages costs more than the three
minutes the large seed may take. Storage form means exactly what the column types in
`agentdesk.db.types` would write: money as whole 1/10,000 units (`money_units`),
times as naive-UTC text in SQLAlchemy's SQLite format or ISO text with an offset on
PostgreSQL (`BulkWriter.stamp`), JSON as `json.dumps` text, enums as their values.
Primary keys are assigned by the caller, so children never wait for their parents' ids.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, text

from agentdesk.db.engine import Database
from agentdesk.db.models import Base

Row = tuple[Any, ...]

#: Tables in foreign-key order, with the columns each row tuple holds, in that order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": ("id", "name", "phone", "email", "language", "created_at"),
    "social_handles": ("id", "customer_id", "platform", "handle"),
    "wallet_accounts": (
        "id",
        "customer_id",
        "wallet_id",
        "account_number",
        "status",
        "balance",
        "currency",
        "kyc_level",
        "two_step_enabled",
        "password_changed_at",
        "last_login_at",
        "created_at",
    ),
    "transactions": (
        "id",
        "reference",
        "account_id",
        "type",
        "amount",
        "currency",
        "counterparty",
        "status",
        "failure_code",
        "created_at",
    ),
    "conversations": (
        "id",
        "customer_id",
        "channel",
        "status",
        "priority",
        "subject",
        "assignee_id",
        "team_id",
        "sla_due_at",
        "first_response_at",
        "waiting_since",
        "sla_paused_seconds",
        "sla_breached_at",
        "snoozed_until",
        "created_at",
        "last_message_at",
        "version",
    ),
    "conversation_tags": ("conversation_id", "tag"),
    "messages": (
        "id",
        "conversation_id",
        "direction",
        "text",
        "html",
        "author_agent_id",
        "client_message_id",
        "external_id",
        "meta",
        "created_at",
    ),
    "call_logs": (
        "id",
        "call_id",
        "conversation_id",
        "customer_id",
        "direction",
        "from_number",
        "to_number",
        "started_at",
        "answered_at",
        "duration_seconds",
        "outcome",
        "agent_id",
        "notes",
        "recording_ref",
    ),
}

# A bigger page cache keeps the unique indexes (references, client ids) in memory
# while a batch is inserted; the connection gets SQLite's default back afterwards.
_SQLITE_SEED_CACHE_KIB = 262_144
_SQLITE_DEFAULT_CACHE = -2000


def money_units(cents: int) -> int:
    """Whole cents as stored by the Money column (1/10,000 units)."""
    return cents * 100


def json_text(value: dict[str, Any]) -> str:
    """JSON as SQLAlchemy's default serializer writes it."""
    return json.dumps(value)


def next_ids(database: Database) -> dict[str, int]:
    """The first free primary key of every table with an integer `id`."""
    ids: dict[str, int] = {}
    with database.read() as session:
        for name in (*COLUMNS, "teams", "agents", "audit_entries"):
            table = Base.metadata.tables[name]
            if "id" in table.c:
                ids[name] = int(session.scalar(select(func.max(table.c.id))) or 0) + 1
    return ids


class BulkWriter:
    """Buffers rows per table and writes them in batches, parents before children."""

    def __init__(
        self,
        database: Database,
        *,
        batch_rows: int = 60_000,
        on_flush: Callable[[dict[str, int]], None] | None = None,
    ) -> None:
        self.database = database
        self.batch_rows = batch_rows
        self.on_flush = on_flush
        self.counts: dict[str, int] = dict.fromkeys(COLUMNS, 0)
        self._buffers: dict[str, list[Row]] = {name: [] for name in COLUMNS}
        self._statements = {
            name: (
                f"INSERT INTO {name} ({', '.join(columns)}) "  # noqa: S608 - our own table names
                f"VALUES ({', '.join('?' for _ in columns)})"
            )
            for name, columns in COLUMNS.items()
        }
        self.stamp: Callable[[datetime], str] = (
            _sqlite_stamp if database.is_sqlite else _postgres_stamp
        )

    def rows(self, table: str) -> list[Row]:
        """The buffer of `table`; append tuples in `COLUMNS[table]` order, then `maybe_flush`."""
        return self._buffers[table]

    def maybe_flush(self) -> None:
        if sum(len(rows) for rows in self._buffers.values()) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Write every buffered row in one transaction."""
        if not any(self._buffers.values()):
            return
        with self.database.write() as session:
            connection = session.connection()
            if self.database.is_sqlite:
                connection.exec_driver_sql(f"PRAGMA cache_size=-{_SQLITE_SEED_CACHE_KIB}")
            for name, rows in self._buffers.items():
                if not rows:
                    continue
                if self.database.is_sqlite:
                    connection.exec_driver_sql(self._statements[name], rows)
                else:
                    _copy(connection, name, rows)
                self.counts[name] += len(rows)
                rows.clear()
            if self.database.is_sqlite:
                connection.exec_driver_sql(f"PRAGMA cache_size={_SQLITE_DEFAULT_CACHE}")
        if self.on_flush is not None:
            self.on_flush(dict(self.counts))

    def finish(self) -> None:
        """Flush the rest, move PostgreSQL's id sequences past the ids we chose, ANALYZE."""
        self.flush()
        with self.database.write() as session:
            connection = session.connection()
            if not self.database.is_sqlite:
                _advance_sequences(connection)
        # Fresh statistics, so the first inbox query plans as it will in daily use.
        with self.database.engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()


def _sqlite_stamp(moment: datetime) -> str:
    # SQLAlchemy's SQLite DATETIME format: always with six fractional digits.
    stamp = moment.isoformat(" ")
    return stamp if len(stamp) > 19 else stamp + ".000000"


def _postgres_stamp(moment: datetime) -> str:
    return moment.isoformat(" ") + "+00:00"


def _copy(connection: Connection, table: str, rows: list[Row]) -> None:
    driver = connection.connection.driver_connection
    assert driver is not None
    columns = ", ".join(COLUMNS[table])
    with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _advance_sequences(connection: Connection) -> None:
    for name in (*COLUMNS, "teams", "agents", "audit_entries"):
        if "id" not in Base.metadata.tables[name].c:
            continue
        highest = f"SELECT COALESCE(MAX(id), 0) + 1 FROM {name}"  # noqa: S608 - our table names
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence(:table, 'id'), ({highest}), false)"),
            {"table": name},
        )
