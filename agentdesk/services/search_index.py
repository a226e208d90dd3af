"""Keeping the search index: what each source contributes, written with the source itself.

Five sources become documents (`SearchDoc`): a message (its text, and an email's subject),
a call log (notes and both numbers), a conversation (subject and tags), a customer (name,
phone, email, further identities, social handles, wallet ids and account numbers) and a
wallet transaction (reference, amount, counterparty, type, status, failure). A document
remembers its conversation and its customer, so search can apply the agent's permissions
and the History tab can search one customer.

The index is written in the session's `after_flush` hook, like the SLA clock: every ORM
change to a source refreshes its document in the same transaction, so a committed message
is searchable and a rolled-back one never was. Code that moves rows with a Core UPDATE
(a customer merge) calls `move_customer` itself. `reindex` rebuilds everything, for a
database that existed before the index or after a bulk load that bypassed the ORM.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    column,
    delete,
    event,
    func,
    insert,
    inspect,
    literal,
    select,
    table,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, UOWTransaction

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    CallLog,
    Conversation,
    ConversationTag,
    Customer,
    CustomerIdentity,
    Message,
    SearchDoc,
    SocialHandle,
    Transaction,
    WalletAccount,
)
from agentdesk.services.search_terms import document_terms

MESSAGE, CALL, CONVERSATION, CUSTOMER, TRANSACTION = (
    "message",
    "call",
    "conversation",
    "customer",
    "transaction",
)
SOURCES = (MESSAGE, CALL, CONVERSATION, CUSTOMER, TRANSACTION)
MAX_TEXT = 20_000  # characters of one document that are indexed (a long email's start)
MAX_POSITION = 16_383  # PostgreSQL keeps no tsvector position above this
_BATCH = 5_000

Key = tuple[str, int]


@dataclass(frozen=True, slots=True)
class Document:
    source: str
    source_id: int
    conversation_id: int | None
    customer_id: int | None
    at: datetime
    text: str


# ------------------------------------------------------------------------ what sources say


def _join(*parts: object) -> str:
    return "\n".join(str(part) for part in parts if part not in (None, ""))


def _plain_amount(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:f}"


def message_docs(conn: Connection, where: ColumnElement[bool]) -> Iterator[Document]:
    rows = conn.execute(
        select(
            Message.id,
            Message.conversation_id,
            Conversation.customer_id,
            Message.created_at,
            Message.text,
            Message.meta,
        )
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(where)
        .order_by(Message.id)
    )
    for row in rows:
        meta = row.meta if isinstance(row.meta, dict) else {}
        subject = meta.get("subject") if isinstance(meta.get("subject"), str) else None
        yield Document(
            MESSAGE, row.id, row.conversation_id, row.customer_id, row.created_at,
            _join(subject, row.text),
        )  # fmt: skip


def call_docs(conn: Connection, where: ColumnElement[bool]) -> Iterator[Document]:
    rows = conn.execute(
        select(
            CallLog.id,
            CallLog.conversation_id,
            func.coalesce(Conversation.customer_id, CallLog.customer_id).label("customer_id"),
            CallLog.started_at,
            CallLog.notes,
            CallLog.from_number,
            CallLog.to_number,
            CallLog.outcome,
        )
        .outerjoin(Conversation, Conversation.id == CallLog.conversation_id)
        .where(where)
        .order_by(CallLog.id)
    )
    for row in rows:
        yield Document(
            CALL, row.id, row.conversation_id, row.customer_id, row.started_at,
            _join(row.notes, row.from_number, row.to_number, row.outcome),
        )  # fmt: skip


def conversation_docs(conn: Connection, where: ColumnElement[bool]) -> Iterator[Document]:
    rows = conn.execute(
        select(
            Conversation.id,
            Conversation.customer_id,
            Conversation.created_at,
            Conversation.subject,
        )
        .where(where)
        .order_by(Conversation.id)
    ).all()
    tags: dict[int, list[str]] = defaultdict(list)
    ids = [row.id for row in rows]
    for chunk in _chunks(ids, 900):
        for conversation_id, tag in conn.execute(
            select(ConversationTag.conversation_id, ConversationTag.tag)
            .where(ConversationTag.conversation_id.in_(chunk))
            .order_by(ConversationTag.tag)
        ):
            tags[conversation_id].append(tag)
    for row in rows:
        words = _join(row.subject, " ".join(tags[row.id]))
        if words:
            yield Document(CONVERSATION, row.id, row.id, row.customer_id, row.created_at, words)


def customer_docs(conn: Connection, where: ColumnElement[bool]) -> Iterator[Document]:
    rows = conn.execute(
        select(Customer.id, Customer.created_at, Customer.name, Customer.phone, Customer.email)
        .where(where, Customer.merged_into_id.is_(None))
        .order_by(Customer.id)
    ).all()
    extra: dict[int, list[str]] = defaultdict(list)
    ids = [row.id for row in rows]
    for chunk in _chunks(ids, 900):
        for customer_id, value in conn.execute(
            select(CustomerIdentity.customer_id, CustomerIdentity.value).where(
                CustomerIdentity.customer_id.in_(chunk)
            )
        ):
            extra[customer_id].append(value)
        for customer_id, handle in conn.execute(
            select(SocialHandle.customer_id, SocialHandle.handle).where(
                SocialHandle.customer_id.in_(chunk)
            )
        ):
            extra[customer_id].append(handle)
        for customer_id, wallet_id, number in conn.execute(
            select(
                WalletAccount.customer_id, WalletAccount.wallet_id, WalletAccount.account_number
            ).where(WalletAccount.customer_id.in_(chunk))
        ):
            extra[customer_id] += [wallet_id, number]
    for row in rows:
        yield Document(
            CUSTOMER, row.id, None, row.id, row.created_at,
            _join(row.name, row.phone, row.email, *extra[row.id]),
        )  # fmt: skip


def transaction_docs(conn: Connection, where: ColumnElement[bool]) -> Iterator[Document]:
    rows = conn.execute(
        select(
            Transaction.id,
            WalletAccount.customer_id,
            Transaction.created_at,
            Transaction.reference,
            Transaction.amount,
            Transaction.currency,
            Transaction.counterparty,
            Transaction.type,
            Transaction.status,
            Transaction.failure_code,
        )
        .join(WalletAccount, WalletAccount.id == Transaction.account_id)
        .where(where)
        .order_by(Transaction.id)
    )
    for row in rows:
        yield Document(
            TRANSACTION, row.id, None, row.customer_id, row.created_at,
            _join(
                row.reference, _plain_amount(row.amount), row.currency, row.counterparty,
                row.type, row.status, row.failure_code,
            ),
        )  # fmt: skip


#: Each source: its documents for a WHERE clause on the source's id, and that id column.
BUILDERS: dict[str, tuple[Callable[[Connection, ColumnElement[bool]], Iterator[Document]], Any]] = {
    MESSAGE: (message_docs, Message.id),
    CALL: (call_docs, CallLog.id),
    CONVERSATION: (conversation_docs, Conversation.id),
    CUSTOMER: (customer_docs, Customer.id),
    TRANSACTION: (transaction_docs, Transaction.id),
}


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ------------------------------------------------------------------------ the index's rows


def tsvector_literal(terms: Sequence[str]) -> str:
    """PostgreSQL's tsvector input form, positions included: 'a':1,4 'b':2.

    Written by us, not by to_tsvector, so the server's parser and locale never split the
    terms again. Terms hold only letters and digits, so quoting cannot be broken out of;
    quotes and backslashes are doubled anyway."""
    positions: dict[str, list[int]] = {}
    for position, term in enumerate(terms[:MAX_POSITION], start=1):
        positions.setdefault(term, []).append(position)
    return " ".join(
        "'{}':{}".format(
            term.replace("\\", "\\\\").replace("'", "''"), ",".join(map(str, at[:256]))
        )
        for term, at in positions.items()
    )


#: PostgreSQL's GIN index over a document's terms and its windows (migration 0007).
INDEX_METHOD = "USING GIN (tsv, windows)"
#: PostgreSQL: who may see a document, as lexemes in `search_index.scope` (checked on the
#: rows a search reads, not indexed): "~t<team>" ("~t0": no team) and "~a<assignee>" of its
#: conversation, or of every conversation of its customer for a customer or a transaction
#: (`permissions.visible_clause` as lexemes; `search.scope_query` asks for them). Written
#: with the document and again whenever a conversation's team, assignee or customer
#: changes (`rescope`). `d` is the document's `search_docs` row.
SCOPE_SQL = """COALESCE(CASE WHEN d.conversation_id IS NOT NULL THEN (
    SELECT array_to_tsvector(array_remove(ARRAY[
        '~t' || COALESCE(c.team_id, 0)::text, '~a' || c.assignee_id::text], NULL))
    FROM conversations c WHERE c.id = d.conversation_id)
ELSE (
    SELECT array_to_tsvector(array_agg(DISTINCT k))
    FROM conversations c, unnest(ARRAY[
        '~t' || COALESCE(c.team_id, 0)::text, '~a' || c.assignee_id::text]) AS k
    WHERE c.customer_id = d.customer_id AND k IS NOT NULL)
END, ''::tsvector)"""


class IndexWriter:
    """The dialect's statements for the `search_index` rows of documents."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"

    @staticmethod
    def terms(document: Document) -> list[str]:
        return document_terms(document.text[:MAX_TEXT])

    def index_row(self, doc_id: int, document: Document) -> dict[str, Any]:
        terms = self.terms(document)
        if self.sqlite:
            return {"id": doc_id, "terms": " ".join(terms)}
        return {"id": doc_id, "terms": tsvector_literal(terms)}

    def put(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self.sqlite:
            self.conn.execute(
                text("INSERT INTO search_index (rowid, terms) VALUES (:id, :terms)"), rows
            )
        else:
            self.conn.execute(
                text(
                    "INSERT INTO search_index (doc_id, tsv, scope)"  # noqa: S608 - constant
                    f" SELECT d.id, CAST(:terms AS tsvector), {SCOPE_SQL}"
                    " FROM search_docs d WHERE d.id = :id"
                    " ON CONFLICT (doc_id) DO UPDATE SET tsv = EXCLUDED.tsv, scope = EXCLUDED.scope"
                ),
                rows,
            )

    def drop(self, doc_ids: Sequence[int]) -> None:
        if doc_ids and self.sqlite:
            # FTS5's own rows go first; PostgreSQL's go with the document (ON DELETE CASCADE).
            self.conn.execute(
                text("DELETE FROM search_index WHERE rowid = :id"), [{"id": i} for i in doc_ids]
            )
        if doc_ids:
            self.conn.execute(delete(SearchDoc).where(SearchDoc.id.in_(doc_ids)))


def refresh(conn: Connection, keys: Iterable[Key]) -> None:
    """Make the documents of these sources match the rows as they are now (or remove them)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for source, source_id in keys:
        wanted[source].add(source_id)
    writer = IndexWriter(conn)
    for source, ids in wanted.items():
        build, id_column = BUILDERS[source]
        documents = {doc.source_id: doc for doc in build(conn, id_column.in_(sorted(ids)))}
        existing = dict(
            conn.execute(
                select(SearchDoc.source_id, SearchDoc.id).where(
                    SearchDoc.source == source, SearchDoc.source_id.in_(sorted(ids))
                )
            ).all()
        )
        writer.drop([existing[i] for i in ids if i in existing and i not in documents])
        _write(writer, documents.values(), existing)


def _write(writer: IndexWriter, documents: Iterable[Document], existing: Container[int]) -> None:
    """Documents and their index rows; `existing` names the sources that had one."""
    conn = writer.conn
    rows = []
    for document in documents:
        values = {
            "conversation_id": document.conversation_id,
            "customer_id": document.customer_id,
            "at": document.at,
        }
        # An upsert, so two transactions that both write a new document for one
        # source (a conversation's first tag) cannot collide on the unique key.
        upsert = (sqlite_insert if writer.sqlite else postgres_insert)(SearchDoc)
        doc_id = conn.execute(
            upsert.values(source=document.source, source_id=document.source_id, **values)
            .on_conflict_do_update(index_elements=["source", "source_id"], set_=values)
            .returning(SearchDoc.id)
        ).scalar_one()
        if writer.sqlite and document.source_id in existing:
            conn.execute(text("DELETE FROM search_index WHERE rowid = :id"), {"id": doc_id})
        rows.append(writer.index_row(doc_id, document))
    writer.put(rows)


def _new_messages(session: Session) -> list[Document]:
    """The documents of the messages this flush inserted, from the objects themselves.

    Every reply and every inbound message passes here, so they are made without reading
    back what was just written; the conversation is in the session already."""
    documents = []
    for message in session.new:
        if not isinstance(message, Message):
            continue
        conversation = session.get(Conversation, message.conversation_id)
        if conversation is None:
            continue  # refresh() reads it from the database instead
        meta = message.meta if isinstance(message.meta, dict) else {}
        subject = meta.get("subject") if isinstance(meta.get("subject"), str) else None
        documents.append(
            Document(
                MESSAGE, message.id, message.conversation_id, conversation.customer_id,
                message.created_at, _join(subject, message.text),
            )
        )  # fmt: skip
    return documents


def move_customer(session: Session, source_id: int, target_id: int) -> None:
    """After a merge moved `source_id`'s rows with Core UPDATEs: their documents follow."""
    conn = session.connection()
    conn.execute(
        update(SearchDoc)
        .where(SearchDoc.customer_id == source_id, SearchDoc.source != CUSTOMER)
        .values(customer_id=target_id)
    )
    refresh(conn, [(CUSTOMER, source_id), (CUSTOMER, target_id)])
    rescope(conn, (), (source_id, target_id))


def rescope(conn: Connection, conversations: Iterable[int], customers: Iterable[int]) -> None:
    """PostgreSQL: write again who may see the documents of these conversations and the
    customer-level documents (the customer, its transactions) of these customers."""
    if conn.dialect.name != "postgresql":
        return  # SQLite's search joins the conversations instead
    for key, ids, only in (
        ("conversation_id", sorted(set(conversations)), ""),
        ("customer_id", sorted(set(customers)), " AND d.conversation_id IS NULL"),
    ):
        if ids:
            conn.execute(
                text(
                    f"UPDATE search_index SET scope = {SCOPE_SQL} FROM search_docs d"  # noqa: S608
                    f" WHERE d.id = search_index.doc_id AND d.{key} = ANY(:ids){only}"
                ),
                {"ids": ids},
            )


# ------------------------------------------------------------------------ the flush hook


def _changed(obj: Any, *names: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _key_of(obj: object) -> Key | None:
    """The document an inserted or deleted row belongs to, if any."""
    if isinstance(obj, Message):
        return (MESSAGE, obj.id)
    if isinstance(obj, CallLog):
        return (CALL, obj.id)
    if isinstance(obj, Conversation):
        return (CONVERSATION, obj.id)
    if isinstance(obj, ConversationTag):
        return (CONVERSATION, obj.conversation_id)
    if isinstance(obj, Customer):
        return (CUSTOMER, obj.id)
    if isinstance(obj, SocialHandle | WalletAccount | CustomerIdentity):
        return (CUSTOMER, obj.customer_id)
    if isinstance(obj, Transaction):
        return (TRANSACTION, obj.id)
    return None


def scope_changes(session: Session) -> tuple[set[int], set[int]]:
    """The conversations whose team or assignee a flush changed, and the customers that
    gained, lost or changed a conversation: who may see their documents changed."""
    conversations: set[int] = set()
    customers: set[int] = set()
    for obj in [*session.new, *session.deleted]:
        if isinstance(obj, Conversation):
            customers.add(obj.customer_id)
    for obj in session.dirty:
        # The columns or the relationships: `_move` sets `assignee`, a merge `customer_id`.
        names = ("team_id", "assignee_id", "customer_id", "team", "assignee", "customer")
        if isinstance(obj, Conversation) and _changed(obj, *names):
            conversations.add(obj.id)
            customers.add(obj.customer_id)
            attrs = inspect(obj).attrs
            customers.update(i for i in attrs.customer_id.history.deleted or () if i)
            customers.update(c.id for c in attrs.customer.history.deleted or () if c)
    return conversations, customers


def touched_keys(session: Session) -> tuple[set[Key], dict[int, int]]:
    """The documents a flush touched, and conversations that changed customer (id → new)."""
    keys = {key for obj in [*session.new, *session.deleted] if (key := _key_of(obj))}
    moved: dict[int, int] = {}
    for obj in session.dirty:
        if isinstance(obj, Conversation):
            # A reply bumps version and last_message_at; only these change the document.
            if _changed(obj, "customer_id"):
                moved[obj.id] = obj.customer_id
            if _changed(obj, "subject", "customer_id", "tags"):
                keys.add((CONVERSATION, obj.id))
        elif isinstance(obj, Customer):
            if _changed(obj, "name", "phone", "email", "merged_into_id"):
                keys.add((CUSTOMER, obj.id))
        elif session.is_modified(obj) and (key := _key_of(obj)):
            keys.add(key)
    return keys, moved


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    with session.no_autoflush:
        keys, moved = touched_keys(session)
        conversations, customers = scope_changes(session)
        if not keys and not moved and not conversations and not customers:
            return
        conn = session.connection()
        inserted = _new_messages(session)
        if inserted:
            _write(IndexWriter(conn), inserted, ())
            keys -= {(MESSAGE, document.source_id) for document in inserted}
        for conversation_id, customer_id in moved.items():
            conn.execute(
                update(SearchDoc)
                .where(SearchDoc.conversation_id == conversation_id)
                .values(customer_id=customer_id)
            )
        refresh(conn, keys)
        rescope(conn, conversations, customers)


def install() -> None:
    """Hook the index into every ORM session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


# ------------------------------------------------------------------------ rebuilding


@dataclass(frozen=True, slots=True)
class Reindexed:
    documents: dict[str, int]
    seconds: float


_SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "terms, tokenize = 'unicode61 remove_diacritics 0')"
)


#: Each source's ids and the time its document carries (`Document.at`), for numbering a
#: rebuilt index oldest first across sources, as live writes number it.
_TIMELINE: dict[str, tuple[Any, Any, ColumnElement[bool] | None]] = {
    MESSAGE: (Message.id, Message.created_at, None),
    CALL: (CallLog.id, CallLog.started_at, None),
    CONVERSATION: (Conversation.id, Conversation.created_at, None),
    CUSTOMER: (Customer.id, Customer.created_at, Customer.merged_into_id.is_(None)),
    TRANSACTION: (Transaction.id, Transaction.created_at, None),
}
_ORDER = "search_reindex_order"
_ROW_CACHE = 100_000  # index rows kept by text: most messages repeat a stock sentence


def reindex(database: Database, progress: Callable[[str, int], None] | None = None) -> Reindexed:
    """Rebuild every document and the whole index in one transaction.

    Documents are numbered by their time across all sources, so that a rebuilt index, like
    one written live, has its newest documents at the highest ids: search takes its
    candidates newest id first, and on PostgreSQL the planner's guess of how far it must
    walk back holds only when every source's documents are spread over all ids.

    Writers wait meanwhile (PostgreSQL: the tables are locked; SQLite: one writer), so
    nothing written during the rebuild can slip between the old index and the new one."""
    started = time.perf_counter()
    counts: dict[str, int] = dict.fromkeys(SOURCES, 0)
    with database.write() as session:
        conn = session.connection()
        sqlite = database.is_sqlite
        if sqlite:
            conn.execute(text("DROP TABLE IF EXISTS search_index"))
            conn.execute(text(_SQLITE_INDEX))
            conn.execute(delete(SearchDoc))
        else:
            conn.execute(text("TRUNCATE search_index, search_docs"))
            conn.execute(text("DROP INDEX IF EXISTS ix_search_index_tsv"))
        writer = _CachingWriter(conn)
        scopes = None if sqlite else Scopes(conn)
        last = _number_sources(conn)
        for low in range(1, last + 1, _BATCH):
            docs = _numbered_docs(conn, low, low + _BATCH)
            if not docs:
                continue
            _bulk_insert(conn, writer, docs, scopes)
            batch: dict[str, int] = defaultdict(int)
            for _doc_id, doc in docs:
                batch[doc.source] += 1
            for source, n in batch.items():
                counts[source] += n
                if progress is not None:
                    progress(source, counts[source])
        conn.execute(text(f"DROP TABLE {_ORDER}"))
        if not sqlite:
            conn.execute(text(f"CREATE INDEX ix_search_index_tsv ON search_index {INDEX_METHOD}"))
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('search_docs', 'id'), :next, false)"),
                {"next": last + 1},
            )
    with database.engine.connect() as connection:
        connection.execute(text("ANALYZE search_docs"))
        if not database.is_sqlite:
            connection.execute(text("ANALYZE search_index"))
        connection.commit()
    return Reindexed(counts, time.perf_counter() - started)


def _number_sources(conn: Connection) -> int:
    """A temporary table giving every source row its document id, oldest first; the
    highest id (0 for none). Rows that make no document (a conversation without subject
    or tags) leave a gap, which costs nothing."""
    parts = []
    for source, (id_column, at_column, where) in _TIMELINE.items():
        part = select(
            literal(source).label("source"), id_column.label("source_id"), at_column.label("at")
        )
        parts.append(part if where is None else part.where(where))
    timeline = union_all(*parts).subquery()
    numbered = select(
        func.row_number()
        .over(order_by=(timeline.c.at, timeline.c.source, timeline.c.source_id))
        .label("doc_id"),
        timeline.c.source,
        timeline.c.source_id,
    )
    conn.execute(text(f"DROP TABLE IF EXISTS {_ORDER}"))
    conn.execute(
        text(
            f"CREATE TEMPORARY TABLE {_ORDER} "
            "(doc_id BIGINT PRIMARY KEY, source VARCHAR(12), source_id BIGINT)"
        )
    )
    order = table(_ORDER, column("doc_id"), column("source"), column("source_id"))
    conn.execute(insert(order).from_select(["doc_id", "source", "source_id"], numbered))
    return int(conn.execute(select(func.coalesce(func.max(order.c.doc_id), 0))).scalar_one())


def _numbered_docs(conn: Connection, low: int, high: int) -> list[tuple[int, Document]]:
    """The documents numbered low to high (exclusive), in id order."""
    order = table(_ORDER, column("doc_id"), column("source"), column("source_id"))
    in_batch = (order.c.doc_id >= low, order.c.doc_id < high)
    numbered = conn.execute(
        select(order.c.doc_id, order.c.source, order.c.source_id)
        .where(*in_batch)
        .order_by(order.c.doc_id)
    ).all()
    built: dict[Key, Document] = {}
    for source in sorted({row.source for row in numbered}):
        build, id_column = BUILDERS[source]
        # A subquery rather than a list of ids: one statement, prepared once.
        ids = select(order.c.source_id).where(*in_batch, order.c.source == source)
        for document in build(conn, id_column.in_(ids.scalar_subquery())):
            built[(source, document.source_id)] = document
    found = ((row.doc_id, built.get((row.source, row.source_id))) for row in numbered)
    return [(doc_id, doc) for doc_id, doc in found if doc is not None]


class _CachingWriter(IndexWriter):
    """For a rebuild: a text's index row is made once (a million messages hold far fewer
    distinct texts), which is most of a rebuild's time otherwise."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        self._rows: dict[str, str] = {}

    def index_row(self, doc_id: int, document: Document) -> dict[str, Any]:
        key = document.text
        row = self._rows.get(key)
        if row is None:
            row = super().index_row(doc_id, document)["terms"]
            if len(self._rows) >= _ROW_CACHE:
                self._rows.clear()
            self._rows[key] = row
        return {"id": doc_id, "terms": row}


def _bulk_insert(
    conn: Connection,
    writer: IndexWriter,
    docs: list[tuple[int, Document]],
    scopes: Scopes | None,
) -> None:
    """Documents and their index rows, through the driver: a million rows are written
    several times faster than through SQLAlchemy's parameter handling."""
    rows = [writer.index_row(doc_id, doc) for doc_id, doc in docs]
    if writer.sqlite:
        at = SearchDoc.__table__.c.at.type.bind_processor(conn.dialect)
        assert at is not None
        conn.exec_driver_sql(
            "INSERT INTO search_docs (id, source, source_id, conversation_id, customer_id, at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    doc_id,
                    doc.source,
                    doc.source_id,
                    doc.conversation_id,
                    doc.customer_id,
                    at(doc.at),
                )
                for doc_id, doc in docs
            ],
        )
        conn.exec_driver_sql(
            "INSERT INTO search_index (rowid, terms) VALUES (?, ?)",
            [(row["id"], row["terms"]) for row in rows],
        )
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor:
        with cursor.copy(
            "COPY search_docs (id, source, source_id, conversation_id, customer_id, at) FROM STDIN"
        ) as copy:
            for doc_id, doc in docs:
                copy.write_row(
                    (
                        doc_id,
                        doc.source,
                        doc.source_id,
                        doc.conversation_id,
                        doc.customer_id,
                        doc.at,
                    )
                )
        assert scopes is not None
        with cursor.copy("COPY search_index (doc_id, tsv, scope) FROM STDIN") as copy:
            for row, (_doc_id, doc) in zip(rows, docs, strict=True):
                copy.write_row((row["id"], row["terms"], scopes.of(doc)))


class Scopes:
    """For a rebuild: SCOPE_SQL worked out once per conversation and customer, as
    tsvector literals (the rebuild writes a million rows; the tests hold the two equal)."""

    def __init__(self, conn: Connection) -> None:
        self.conversations: dict[int, str] = {}
        keys_of: dict[int, set[str]] = defaultdict(set)
        rows = conn.execute(
            select(
                Conversation.id,
                Conversation.customer_id,
                Conversation.team_id,
                Conversation.assignee_id,
            )
        )
        for conversation_id, customer_id, team_id, assignee_id in rows:
            keys = {f"~t{team_id or 0}"}
            if assignee_id is not None:
                keys.add(f"~a{assignee_id}")
            self.conversations[conversation_id] = self._literal(keys)
            keys_of[customer_id] |= keys
        self.customers = {customer: self._literal(keys) for customer, keys in keys_of.items()}

    @staticmethod
    def _literal(keys: set[str]) -> str:
        return " ".join(f"'{key}'" for key in sorted(keys))

    def of(self, document: Document) -> str:
        if document.conversation_id is not None:
            return self.conversations.get(document.conversation_id, "")
        return self.customers.get(document.customer_id or 0, "")


def index_is_missing(session: Session) -> bool:
    """True for a database with messages but no documents: it needs `search reindex`."""
    has_messages = session.scalar(select(Message.id).limit(1)) is not None
    return has_messages and session.scalar(select(SearchDoc.id).limit(1)) is None


__all__ = [
    "SOURCES",
    "Document",
    "IndexWriter",
    "Reindexed",
    "index_is_missing",
    "install",
    "move_customer",
    "refresh",
    "reindex",
    "rescope",
    "tsvector_literal",
]
