"""Searching the desk's history: every channel, call notes, customers and transactions.

A query (`search_query.parse_query`) becomes a full-text expression over the terms that
`search_terms` makes of both documents and queries: FTS5's query language on SQLite,
a tsquery on PostgreSQL. Every term is a bound parameter inside a phrase of terms that
hold only letters and digits, so nothing an agent types can reach the query language or
SQL as syntax.

How results are chosen: the newest `CANDIDATES` matching documents the agent may see (FTS5
walks its matches newest first and stops there; PostgreSQL reads them in windows of
document ids back from the newest), ranked by relevance (bm25 on
SQLite, ts_rank on PostgreSQL), newest first among equals. A query that matches more than
that says so (`capped`), and a filter or a longer query narrows it. The cursor of the next
page is the last hit's (score, id), so pages never repeat or skip a hit.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Select,
    and_,
    any_,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY
from sqlalchemy.orm import Session

from agentdesk.db.models import Agent, Conversation, Customer, SearchDoc, Transaction
from agentdesk.protocol.codes import ErrorCode
from agentdesk.protocol.payloads import SearchHitOut, SearchResultsOut
from agentdesk.services import sla_tracking
from agentdesk.services.actor import Actor
from agentdesk.services.errors import ServiceError
from agentdesk.services.permissions import visible_clause
from agentdesk.services.search_index import BUILDERS, CUSTOMER, MESSAGE, TRANSACTION
from agentdesk.services.search_query import SearchQuery, SearchSyntaxError, parse_query
from agentdesk.services.search_terms import MAX_NUMBER, digit_grams, stem, terms

CANDIDATES = 1_000
#: PostgreSQL: each index row names the ranges of document ids ("windows") its document
#: falls in, 2**14, 2**17, ... ids wide (the generated column `windows`, migration 0007),
#: so that the GIN index finds a query's matches among the newest documents by itself.
WINDOW_LEVELS = (26, 23, 20, 17, 14)
FIRST_WINDOW = 1 << 15  # the newest document ids a search reads first
NARROWEST = 1 << WINDOW_LEVELS[-1]  # ids in the narrowest window
PAGE = 20
MAX_PAGE = 100
SNIPPET = 160  # characters of text around the first match
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Clause:
    """Documents holding these terms in a row (a phrase; one term is a phrase too)."""

    terms: tuple[str, ...]
    prefix: bool = False  # the last term may be the start of a longer term


@dataclass(frozen=True, slots=True)
class Hit:
    doc_id: int
    kind: str  # message, call, conversation, customer or transaction
    source_id: int
    conversation_id: int | None
    message_id: int | None
    customer_id: int | None
    customer_name: str
    channel: str | None
    title: str
    snippet: str
    highlights: list[tuple[int, int]]
    at: datetime
    score: float


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate by its document id and score (PostgreSQL's candidates; the page's
    documents are read after ranking)."""

    id: int
    score: float


@dataclass(frozen=True, slots=True)
class _PageRow:
    id: int
    source: str
    source_id: int
    conversation_id: int | None
    customer_id: int | None
    at: datetime
    score: float


@dataclass
class SearchPage:
    hits: list[Hit] = field(default_factory=list)
    next_cursor: str | None = None
    matched: int = 0  # candidates found (at most CANDIDATES)
    capped: bool = False  # more matched than were ranked


# ------------------------------------------------------------------------ the expression


def clauses(query: SearchQuery) -> list[Clause]:
    """AND of these clauses: one per word, phrase, phone fragment and txn: value."""
    found: list[Clause] = []
    for piece in [*query.words, *query.phrases]:
        run = tuple(terms(piece))
        if run:
            # One Chinese character is no pair: it is looked up as the start of pairs.
            single_han = len(run) == 1 and len(run[0]) == 1 and bool(_CJK.match(run[0]))
            found.append(Clause(run, prefix=single_han))
    if query.txn is not None:
        # txn:TX2026 finds TX20261124A3F9C1: the beginning of the id kept whole (see
        # search_terms.codes), or of its digits; one rare term, so a cheap prefix.
        value = re.sub(r"[^0-9a-z]", "", query.txn.casefold())
        if value.isalpha():
            found.append(Clause(tuple(terms(value)), prefix=True))
        elif value:
            found.append(Clause((value,), prefix=True))
    for fragment in query.phone_fragments:
        found.append(Clause(tuple(digit_grams(fragment[:MAX_NUMBER]))))
    return found


def fts5_expression(found: Sequence[Clause]) -> str:
    """FTS5's query language, every phrase quoted (terms hold only letters and digits)."""
    return " AND ".join(
        '"'
        + " ".join(t.replace('"', '""') for t in clause.terms)
        + '"'
        + (" *" if clause.prefix else "")
        for clause in found
    )


def tsquery_text(found: Sequence[Clause]) -> str:
    """PostgreSQL's tsquery input form: phrases joined by <->, a prefix marked :*."""

    def lexeme(term: str) -> str:
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"

    parts = []
    for clause in found:
        words = [lexeme(t) for t in clause.terms]
        if clause.prefix:
            words[-1] += ":*"
        parts.append(words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


_DOC_COLUMNS = (
    SearchDoc.id,
    SearchDoc.source,
    SearchDoc.source_id,
    SearchDoc.conversation_id,
    SearchDoc.customer_id,
    SearchDoc.at,
)


# ------------------------------------------------------------------------ the cursor


def encode_cursor(score: float, doc_id: int) -> str:
    raw = json.dumps([score, doc_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[float, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        score, doc_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return float(score), int(doc_id)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise SearchSyntaxError("this page of results has expired: search again") from exc


# ------------------------------------------------------------------------ searching


def search(
    session: Session,
    actor: Actor,
    raw: str,
    *,
    customer_id: int | None = None,
    cursor: str | None = None,
    limit: int = PAGE,
    zone: ZoneInfo | None = None,
) -> SearchPage:
    """One page of what `raw` finds among the documents `actor` may see.

    `customer_id` keeps to one customer (the History tab). Raises SearchSyntaxError
    with a message for the agent when a filter cannot be understood."""
    query = parse_query(raw)
    limit = max(1, min(limit, MAX_PAGE))
    after = decode_cursor(cursor) if cursor else None
    found = clauses(query)
    if not found and query.amount is None and not _has_filters(query):
        return SearchPage()  # nothing to look for: an empty box, or only punctuation
    conn = session.connection()
    rows = _candidate_rows(conn, session, actor, query, found, customer_id, zone)
    ranked = sorted(rows, key=lambda r: (-float(r.score), -r.id))
    if after is not None:
        ranked = [r for r in ranked if (-float(r.score), -r.id) > (-after[0], -after[1])]
    page_rows = ranked[:limit]
    page = SearchPage(matched=len(rows), capped=len(rows) >= CANDIDATES)
    page.hits = _hydrate(conn, _documents(conn, page_rows), query)
    if len(ranked) > limit:
        last = page_rows[-1]
        page.next_cursor = encode_cursor(float(last.score), last.id)
    return page


def _has_filters(query: SearchQuery) -> bool:
    return any(
        value is not None
        for value in (query.channel, query.agent, query.status, query.before, query.after)
    )


def _candidate_rows(
    conn: Connection,
    session: Session,
    actor: Actor,
    query: SearchQuery,
    found: list[Clause],
    customer_id: int | None,
    zone: ZoneInfo | None,
) -> list[Any]:
    """The newest CANDIDATES matches the actor may see, with their scores."""
    if found and conn.dialect.name == "postgresql":
        # PostgreSQL's GIN index has no order: the matches are read window by window
        # (_windowed_rows). Each statement is planned for its own words: a prepared
        # statement's generic plan, reused after five runs, is blind to how rare they
        # are. And no hash joins: the planner underestimates Chinese pairs badly (验证 and
        # 证码 occur together far more often than two independent words), and with its
        # too-small estimate it hashes every conversation rather than look up the few
        # it needs.
        conn.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        conn.execute(text("SET LOCAL enable_hashjoin = off"))
        if customer_id is None and query.amount is None:
            return _windowed_rows(conn, session, actor, query, found, zone)
        # One customer's history (its documents by the customer index) and an amount (the
        # transactions by theirs) start from the few rows they name: one statement.
    statement = _candidates(conn, session, actor, query, found, customer_id, zone)
    return list(conn.execute(statement))


def window_lexeme(level: int, number: int) -> str:
    """The lexeme of the `number`th window of 2**`level` ids (as migration 0007 makes it;
    "~" keeps it apart from every term, which holds only letters and digits)."""
    return f"~w{level}_{number}"


def window_cover(low: int, high: int) -> list[str]:
    """The fewest window lexemes covering the ids low to high (exclusive) exactly; both
    are multiples of the narrowest window."""
    if low % NARROWEST or high % NARROWEST:
        raise ValueError(f"ids {low}..{high} are not on window boundaries")
    cover = []
    while low < high:
        level = next(
            level
            for level in WINDOW_LEVELS
            if low % (1 << level) == 0 and low + (1 << level) <= high
        )
        cover.append(window_lexeme(level, low >> level))
        low += 1 << level
    return cover


def next_width(covered: int, found: int) -> int:
    """PostgreSQL: how many more ids to read after `covered` ids gave `found` candidates.

    While nothing is found, three times as many (the matches are rare: few rounds). Then
    enough for the rest at the density seen so far and a quarter more, but at most as
    many again: a word's density changes over time, and a guess from a few matches can
    be far off. In whole narrowest windows."""
    if found == 0:
        wanted = 3 * covered
    else:
        wanted = min(covered, (CANDIDATES - found) * covered * 5 // (4 * found))
    return max(NARROWEST, -(-wanted // NARROWEST) * NARROWEST)


def _windowed_rows(
    conn: Connection,
    session: Session,
    actor: Actor,
    query: SearchQuery,
    found: list[Clause],
    zone: ZoneInfo | None,
) -> list[Match]:
    """PostgreSQL: the newest CANDIDATES matches the actor may see, read window by window
    back from the newest document until there are enough.

    The GIN index finds a query's matches within a window by itself (see WINDOW_LEVELS),
    so a common word costs the rows of the newest window or two that hold enough
    matches, and a rare one the few rows it has, whatever the planner thinks of its
    frequency. A window's matches are read from the index table alone, the permissions
    included (`scope`, see search_index.SCOPE_SQL); filters, when there are any, are then
    checked newest first, only for as many as are still wanted."""
    top = conn.execute(select(func.max(SearchDoc.id))).scalar()
    if top is None:
        return []
    # Without ORDER BY and LIMIT the planner has nothing to walk backwards for; no
    # sequential scans, as a guard.
    conn.execute(text("SET LOCAL enable_seqscan = off"))
    index = table(
        "search_index", column("doc_id"), column("tsv"), column("windows"), column("scope")
    )
    tsquery = cast(bindparam("tsquery", tsquery_text(found)), TSQUERY)
    where = [index.c.tsv.op("@@")(tsquery)]
    if not actor.is_lead:
        where.append(index.c.scope.op("@@")(cast(bindparam("scope", scope_query(actor)), TSQUERY)))
    # The filters need the document's and the conversation's rows: checked after.
    checked = _has_filters(query)
    chosen: list[Match] = []
    newest = high = (top // NARROWEST + 1) * NARROWEST
    width = FIRST_WINDOW
    while high > 0:
        low = max(0, high - width)
        cover = window_cover(low, high)
        within = cast(bindparam("window", " | ".join(f"'{w}'" for w in cover)), TSQUERY)
        statement = select(index.c.doc_id, func.ts_rank(index.c.tsv, tsquery)).where(
            *where, index.c.windows.op("@@")(within)
        )
        matches = sorted(
            (Match(doc_id, float(score)) for doc_id, score in conn.execute(statement)),
            key=lambda match: -match.id,
        )
        wanted = CANDIDATES - len(chosen)
        if checked:
            matches = _passing(conn, session, actor, query, zone, matches, wanted)
        chosen.extend(matches[:wanted])
        if len(chosen) >= CANDIDATES:
            break
        high, width = low, next_width(newest - low, len(chosen))
    return chosen


def scope_query(actor: Actor) -> str:
    """PostgreSQL: `permissions.visible_clause` as a tsquery over `search_index.scope`:
    the actor's team's conversations, those of no team, and those assigned to the actor
    (a customer-level document carries the keys of all its customer's conversations)."""
    keys = [] if actor.team_id is None else [f"'~t{actor.team_id}'"]
    return " | ".join([*keys, "'~t0'", f"'~a{actor.agent_id}'"])


def _passing(
    conn: Connection,
    session: Session,
    actor: Actor,
    query: SearchQuery,
    zone: ZoneInfo | None,
    matches: Sequence[Match],
    wanted: int,
) -> list[Match]:
    """The newest `wanted` of `matches` (newest first) that the actor may see and that
    meet the filters, checked in growing slices."""
    kept: list[Match] = []
    start, size = 0, max(wanted, 50)
    while start < len(matches) and len(kept) < wanted:
        part = matches[start : start + size]
        passing = set(
            conn.scalars(
                select(SearchDoc.id)
                .outerjoin(Conversation, Conversation.id == SearchDoc.conversation_id)
                .where(
                    SearchDoc.id == any_(cast([match.id for match in part], ARRAY(BigInteger))),
                    *_filters(session, actor, query, None, zone),
                )
            )
        )
        kept.extend(match for match in part if match.id in passing)
        start, size = start + size, size * 2
    return kept


def _candidates(
    conn: Connection,
    session: Session,
    actor: Actor,
    query: SearchQuery,
    found: list[Clause],
    customer_id: int | None,
    zone: ZoneInfo | None,
) -> Select[Any]:
    """One statement for the newest CANDIDATES matches the actor may see: FTS5 MATCH or
    tsv @@ tsquery, newest first, with the filters and the permissions; or, with no
    words (filters only), the newest documents."""
    statement: Any  # the same columns, from three different FROMs
    if not found:
        statement = select(*_DOC_COLUMNS, literal_column("0.0").label("score"))
        statement = statement.select_from(SearchDoc)
        order = SearchDoc.id.desc()
    elif conn.dialect.name == "sqlite":
        fts = table("search_index", column("rowid"))
        match = literal_column("search_index").op("MATCH")(
            bindparam("expression", fts5_expression(found))
        )
        score = (-func.bm25(literal_column("search_index"))).label("score")
        statement = (
            select(*_DOC_COLUMNS, score)
            .select_from(fts.join(SearchDoc, SearchDoc.id == fts.c.rowid))
            .where(match)
        )
        order = fts.c.rowid.desc()
    else:
        index = table("search_index", column("doc_id"), column("tsv"))
        tsquery = cast(bindparam("tsquery", tsquery_text(found)), TSQUERY)
        score = func.ts_rank(index.c.tsv, tsquery).label("score")
        statement = (
            select(*_DOC_COLUMNS, score)
            .select_from(index.join(SearchDoc, SearchDoc.id == index.c.doc_id))
            .where(index.c.tsv.op("@@")(tsquery))
        )
        order = index.c.doc_id.desc()
    statement = statement.outerjoin(Conversation, Conversation.id == SearchDoc.conversation_id)
    statement = statement.where(*_filters(session, actor, query, customer_id, zone))
    chosen: Select[Any] = statement.order_by(order).limit(CANDIDATES)
    return chosen


def _filters(
    session: Session,
    actor: Actor,
    query: SearchQuery,
    customer_id: int | None,
    zone: ZoneInfo | None,
) -> list[ColumnElement[bool]]:
    """Everything a document must meet, for a statement that joins its conversation."""
    return [
        _permitted(actor),
        *_document_filters(query, customer_id, zone),
        *_conversation_filters(session, query),
    ]


def _document_filters(
    query: SearchQuery, customer_id: int | None, zone: ZoneInfo | None
) -> list[ColumnElement[bool]]:
    """What a document must meet by its own columns."""
    where: list[ColumnElement[bool]] = []
    if customer_id is not None:
        where.append(SearchDoc.customer_id == customer_id)
    zone = zone or ZoneInfo("UTC")
    if query.after is not None:
        # Like a mail client: after: counts its own day, before: does not.
        where.append(SearchDoc.at >= datetime.combine(query.after, time(), zone))
    if query.before is not None:
        where.append(SearchDoc.at < datetime.combine(query.before, time(), zone))
    if query.amount is not None:
        where.append(SearchDoc.source == TRANSACTION)
        where.append(
            SearchDoc.source_id.in_(
                select(Transaction.id).where(Transaction.amount == query.amount)
            )
        )
    return where


def _conversation_filters(session: Session, query: SearchQuery) -> list[ColumnElement[bool]]:
    """What a document's conversation must meet: channel:, status: and agent:."""
    where: list[ColumnElement[bool]] = []
    if query.channel is not None:
        where.append(Conversation.channel == query.channel)
    if query.status is not None:
        where.append(Conversation.status == query.status)
    if query.agent is not None:
        where.append(Conversation.assignee_id == _agent_id(session, query.agent))
    return where


def _permitted(actor: Actor) -> ColumnElement[bool]:
    """Conversation documents the agent may see; customer-level documents (a customer,
    a transaction) of customers with at least one such conversation."""
    if actor.is_lead:
        return true()
    # A scalar subquery, not EXISTS: PostgreSQL may turn an EXISTS under OR into a hash of
    # every conversation the agent may see (80,000 rows, 20-40 ms on the large seed)
    # where a few customers need one index lookup each.
    customer_visible = (
        select(Conversation.id)
        .where(Conversation.customer_id == SearchDoc.customer_id, visible_clause(actor))
        .correlate(SearchDoc)
        .limit(1)
        .scalar_subquery()
        .is_not(None)
    )
    return or_(
        and_(SearchDoc.conversation_id.is_not(None), visible_clause(actor)),
        and_(SearchDoc.conversation_id.is_(None), customer_visible),
    )


def _agent_id(session: Session, name: str) -> int:
    wanted = name.casefold()
    agent = session.scalar(
        select(Agent.id).where(
            or_(func.lower(Agent.username) == wanted, func.lower(Agent.display_name) == wanted)
        )
    )
    if agent is None:
        raise SearchSyntaxError(f"agent: no agent is called {name!r}")
    return agent


def find(
    session: Session,
    actor: Actor,
    q: str,
    *,
    customer_id: int | None = None,
    cursor: str | None = None,
    limit: int = PAGE,
) -> SearchResultsOut:
    """`search` for the protocol: days in the desk's time zone, a bad filter refused with
    `invalid_query` and the parser's message."""
    zone = ZoneInfo(sla_tracking.CLOCK.calendar.timezone)
    try:
        page = search(
            session, actor, q, customer_id=customer_id, cursor=cursor, limit=limit, zone=zone
        )
    except SearchSyntaxError as exc:
        raise ServiceError(ErrorCode.INVALID_QUERY, str(exc)) from exc
    return SearchResultsOut(
        items=[SearchHitOut.model_validate(hit, from_attributes=True) for hit in page.hits],
        next_cursor=page.next_cursor,
        matched=page.matched,
        capped=page.capped,
    )


# ------------------------------------------------------------------------ hits


def _documents(conn: Connection, rows: Sequence[Any]) -> list[Any]:
    """The page's rows with their documents' columns: PostgreSQL's candidates are only
    `Match`es (SQLite's rows have them already)."""
    if not any(isinstance(row, Match) for row in rows):
        return list(rows)
    found = {
        row.id: row
        for row in conn.execute(
            select(*_DOC_COLUMNS).where(SearchDoc.id.in_([row.id for row in rows]))
        )
    }
    return [_PageRow(*found[row.id], score=row.score) for row in rows if row.id in found]


def _hydrate(conn: Connection, rows: Sequence[Any], query: SearchQuery) -> list[Hit]:
    if not rows:
        return []
    texts: dict[tuple[str, int], str] = {}
    by_source: dict[str, list[int]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row.source_id)
    for source, ids in by_source.items():
        build, id_column = BUILDERS[source]
        for document in build(conn, id_column.in_(ids)):
            texts[(source, document.source_id)] = document.text
    conversation_ids = {row.conversation_id for row in rows if row.conversation_id}
    conversations = {
        row.id: row
        for row in conn.execute(
            select(Conversation.id, Conversation.channel, Conversation.subject).where(
                Conversation.id.in_(conversation_ids or [0])
            )
        )
    }
    customer_ids = {row.customer_id for row in rows if row.customer_id}
    names = dict(
        conn.execute(
            select(Customer.id, Customer.name).where(Customer.id.in_(customer_ids or [0]))
        ).all()
    )
    needles = highlighters(query)
    hits = []
    for row in rows:
        text = texts.get((row.source, row.source_id), "")
        snippet, marks = make_snippet(text, needles)
        conversation = conversations.get(row.conversation_id)
        channel = str(conversation.channel) if conversation is not None else None
        name = names.get(row.customer_id, "")
        if row.source in (MESSAGE, "call", "conversation") and conversation is not None:
            title = conversation.subject or name
        elif row.source == CUSTOMER:
            title = name
        else:
            title = text.split("\n", 1)[0]
        hits.append(
            Hit(
                doc_id=row.id,
                kind=row.source,
                source_id=row.source_id,
                conversation_id=row.conversation_id,
                message_id=row.source_id if row.source == MESSAGE else None,
                customer_id=row.customer_id,
                customer_name=name,
                channel=channel,
                title=title,
                snippet=snippet,
                highlights=marks,
                at=row.at,
                score=float(row.score),
            )
        )
    return hits


def highlighters(query: SearchQuery) -> list[re.Pattern[str]]:
    """What to mark in a hit's text: each word as typed (English by its stem and any
    ending), Chinese as written, phone fragments with any separators between digits."""
    patterns: list[str] = []
    for piece in [*query.words, *query.phrases, *([query.txn] if query.txn else [])]:
        for token in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\W_]+", piece):
            if token.isascii() and token.isalpha():
                patterns.append(r"\b" + re.escape(stem(token.casefold())) + r"\w*")
            else:
                patterns.append(re.escape(token))
    for fragment in query.phone_fragments:
        patterns.append(r"[\s().+\-]*".join(re.escape(d) for d in fragment))
    if query.amount is not None:
        patterns.append(re.escape(f"{query.amount:f}"))
    return [re.compile(p, re.IGNORECASE) for p in patterns if p]


def make_snippet(
    text: str, needles: Sequence[re.Pattern[str]]
) -> tuple[str, list[tuple[int, int]]]:
    """About SNIPPET characters of `text` around its first match, and the marked spans."""
    flat = " ".join(text.split())
    spans = sorted(
        (m.start(), m.end())
        for needle in needles
        for m in needle.finditer(flat)
        if m.end() > m.start()
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    begin = max(0, merged[0][0] - SNIPPET // 3) if merged else 0
    end = min(len(flat), begin + SNIPPET)
    begin = max(0, min(begin, end - SNIPPET))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(flat) else ""
    snippet = prefix + flat[begin:end] + suffix
    shift = len(prefix) - begin
    marks = [
        (max(start, begin) + shift, min(stop, end) + shift)
        for start, stop in merged
        if stop > begin and start < end
    ]
    return snippet, marks


__all__ = [
    "CANDIDATES",
    "Clause",
    "Hit",
    "SearchPage",
    "SearchSyntaxError",
    "clauses",
    "decode_cursor",
    "encode_cursor",
    "find",
    "fts5_expression",
    "search",
    "tsquery_text",
]
