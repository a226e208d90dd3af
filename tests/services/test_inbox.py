"""Inbox views, filters, keyset paging, snippets and counts on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from agentdesk.db.engine import Database
from agentdesk.db.models import Agent, Channel, MessageDirection, Priority
from agentdesk.db.models import ConversationStatus as S
from agentdesk.protocol.codes import ErrorCode
from agentdesk.protocol.payloads import ConversationSummary, Page
from agentdesk.services.actor import Actor
from agentdesk.services.errors import ServiceError
from agentdesk.services.inbox import inbox_counts, list_inbox
from agentdesk.services.unit import query
from tests.helpers.desk import NOW, Cast, DeskBuilder, cast


@dataclass
class Inbox:
    db: Database
    cast: Cast
    ids: dict[str, int]

    def list(self, agent: Agent, **filters: Any) -> list[str]:
        """The names of the rows a view lists, in order, all on one page."""
        filters.setdefault("limit", 200)
        page: Page[ConversationSummary] = query(
            self.db, list_inbox, Actor.of(agent), now=NOW, **filters
        )
        assert page.next_cursor is None
        names = {conversation_id: name for name, conversation_id in self.ids.items()}
        return [names[item.id] for item in page.items]


@pytest.fixture
def inbox(any_db: Database) -> Inbox:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        c = cast(desk)
        a, b = c.team_a, c.team_b
        rows = {
            "m1": desk.conversation(team=a, assignee=c.agent_a),
            "m2": desk.conversation(
                team=a,
                assignee=c.agent_a,
                channel=Channel.EMAIL,
                status=S.PENDING,
                priority=Priority.HIGH,
            ),
            "m3": desk.conversation(
                team=a, assignee=c.agent_a, status=S.SNOOZED, snoozed_until=NOW + timedelta(hours=3)
            ),
            "m4": desk.conversation(team=a, assignee=c.agent_a, status=S.RESOLVED),
            "u1": desk.conversation(
                team=a, channel=Channel.PHONE, sla_due_at=NOW + timedelta(minutes=30)
            ),
            "u2": desk.conversation(channel=Channel.SOCIAL, sla_due_at=NOW - timedelta(minutes=10)),
            "t1": desk.conversation(
                team=a,
                assignee=c.agent_a2,
                channel=Channel.FEEDBACK,
                sla_due_at=NOW + timedelta(hours=5),
            ),
            "b1": desk.conversation(team=b),
            "b2": desk.conversation(team=b, assignee=c.agent_b, channel=Channel.EMAIL),
            "x1": desk.conversation(team=b, assignee=c.agent_a),
        }
    return Inbox(any_db, c, {name: row.id for name, row in rows.items()})


def newest_first(*names: str) -> list[str]:
    return sorted(names, key=lambda name: ORDER.index(name), reverse=True)


ORDER = ["m1", "m2", "m3", "m4", "u1", "u2", "t1", "b1", "b2", "x1"]


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("mine", ["m1", "m2", "x1"]),
        ("unassigned", ["u1", "u2"]),
        ("team", ["m1", "m2", "u1", "t1"]),
        ("all", ["m1", "m2", "u1", "u2", "t1", "x1"]),
    ],
)
def test_an_agents_views(inbox: Inbox, view: str, expected: list[str]) -> None:
    assert inbox.list(inbox.cast.agent_a, view=view) == newest_first(*expected)


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("mine", []),
        ("unassigned", ["u1", "u2", "b1"]),
        ("team", ["m1", "m2", "u1", "t1"]),
        ("all", ["m1", "m2", "u1", "u2", "t1", "b1", "b2", "x1"]),
    ],
)
def test_a_leads_views(inbox: Inbox, view: str, expected: list[str]) -> None:
    assert inbox.list(inbox.cast.lead_a, view=view) == newest_first(*expected)


def test_an_admin_without_a_team_has_an_empty_team_view(inbox: Inbox) -> None:
    assert inbox.list(inbox.cast.admin, view="team") == []
    assert len(inbox.list(inbox.cast.admin, view="all")) == 8


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"channel": "chat"}, ["m1", "x1"]),
        ({"channel": "email"}, ["m2"]),
        ({"priority": "high"}, ["m2"]),
        ({"status": ["snoozed"]}, ["m3"]),
        ({"status": ["resolved", "snoozed"]}, ["m3", "m4"]),
        ({"status": ["open"], "view": "mine"}, ["m1", "x1"]),
        ({"sla": "at_risk"}, ["u1"]),
        ({"sla": "breached"}, ["u2"]),
        ({"channel": "phone", "sla": "at_risk", "view": "unassigned"}, ["u1"]),
    ],
)
def test_filters(inbox: Inbox, filters: dict[str, Any], expected: list[str]) -> None:
    filters.setdefault("view", "all")
    assert inbox.list(inbox.cast.agent_a, **filters) == newest_first(*expected)


def test_rows_carry_names_tags_and_versions(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        c = cast(desk)
        customer = desk.customer(name="王小明")
        desk.conversation(customer=customer, team=c.team_a, assignee=c.agent_a, tags=["vip", "b"])
    [row] = query(any_db, list_inbox, Actor.of(c.agent_a), view="mine").items
    assert (row.customer_name, row.assignee_name, row.tags) == ("王小明", "Amy", ["b", "vip"])
    assert (row.team_id, row.version, row.snippet) == (c.team_a.id, 1, "")


def test_keyset_pages_have_no_gaps_or_repeats(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        c = cast(desk)
        for n in range(23):  # groups of three share a timestamp: the id breaks the tie
            at = NOW - timedelta(hours=n // 3)
            desk.conversation(team=c.team_a, last_message_at=at)
    lead = Actor.of(c.lead_a)
    everything = [row.id for row in query(any_db, list_inbox, lead, view="all", limit=200).items]
    assert len(everything) == 23
    seen: list[int] = []
    cursor = None
    for page_number in range(10):
        page = query(any_db, list_inbox, lead, view="all", limit=5, cursor=cursor)
        seen += [row.id for row in page.items]
        if page_number == 1:  # new activity meanwhile neither repeats nor hides older rows
            with any_db.write() as session:
                DeskBuilder(session).conversation(team=c.team_a, last_message_at=NOW)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == everything
    assert page_number == 4


@pytest.mark.parametrize("cursor", ["garbage!", "e30", "WzEsMl0"])
def test_a_cursor_we_did_not_make_is_refused(inbox: Inbox, cursor: str) -> None:
    with pytest.raises(ServiceError) as refused:
        query(inbox.db, list_inbox, Actor.of(inbox.cast.agent_a), view="all", cursor=cursor)
    assert refused.value.code is ErrorCode.INVALID_REQUEST


def test_the_snippet_is_the_latest_customer_facing_message(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        c = cast(desk)
        short = desk.conversation(team=c.team_a)
        desk.message(short, "first")
        desk.message(short, "我的转账\n  失败了", direction=MessageDirection.OUT, author=c.agent_a)
        desk.message(short, "internal", direction=MessageDirection.NOTE, author=c.agent_a)
        long = desk.conversation(team=c.team_a)
        desk.message(long, "x" * 300)
    rows = query(any_db, list_inbox, Actor.of(c.agent_a), view="all").items
    snippets = {row.id: row.snippet for row in rows}
    assert snippets[short.id] == "我的转账 失败了"
    assert len(snippets[long.id]) == 120
    assert snippets[long.id].endswith("…")


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", count)


def test_a_page_costs_the_same_number_of_queries_whatever_its_size(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        c = cast(desk)
        for n in range(30):
            conversation = desk.conversation(team=c.team_a, tags=[f"t{n}"], assignee=c.agent_a)
            desk.message(conversation, f"message {n}")
    actor = Actor.of(c.agent_a)
    costs = []
    for limit in (2, 30):
        with statements(any_db) as seen:
            assert len(query(any_db, list_inbox, actor, view="mine", limit=limit).items) == limit
        costs.append(len([s for s in seen if s.lstrip().upper().startswith("SELECT")]))
    assert costs[0] == costs[1] <= 3  # rows (+ names), tags, snippets


def test_counts_match_the_views(inbox: Inbox) -> None:
    for agent in (inbox.cast.agent_a, inbox.cast.lead_a, inbox.cast.admin):
        counts = query(inbox.db, inbox_counts, Actor.of(agent), now=NOW).views
        expected = {
            view: len(inbox.list(agent, view=view))
            for view in ("mine", "unassigned", "team", "all")
        }
        for channel in Channel:
            expected[channel.value] = len(inbox.list(agent, view="all", channel=channel.value))
        expected["sla_at_risk"] = len(inbox.list(agent, view="all", sla="at_risk"))
        expected["sla_breached"] = len(inbox.list(agent, view="all", sla="breached"))
        expected["snoozed"] = len(inbox.list(agent, view="mine", status=["snoozed"]))
        assert counts == expected
    assert query(inbox.db, inbox_counts, Actor.of(inbox.cast.agent_a), now=NOW).views == {
        "mine": 3,
        "unassigned": 2,
        "team": 4,
        "all": 6,
        "chat": 2,
        "email": 1,
        "phone": 1,
        "social": 1,
        "feedback": 1,
        "sla_at_risk": 1,
        "sla_breached": 1,
        "snoozed": 1,
    }
