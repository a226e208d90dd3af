"""Reading the audit trail: who sees which entries, filters, and keyset paging."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from agentdesk.db.engine import Database
from agentdesk.db.models import Agent, AuditEntry
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services.actor import Actor
from agentdesk.services.audit_log import AuditItemOut, list_audit
from agentdesk.services.errors import ServiceError
from agentdesk.services.unit import query
from tests.helpers.desk import Cast, DeskBuilder, audit_log, cast

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Trail:
    people: Cast
    conv_a: int
    conv_b: int
    ids: dict[str, int]  # entry label -> id


def seed(database: Database) -> Trail:
    """Entries a minute apart, labelled; see each label's comment for who may see it."""
    with database.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        conv_a = desk.conversation(team=people.team_a, assignee=people.agent_a).id
        conv_b = desk.conversation(team=people.team_b, assignee=people.agent_b).id
        specs: list[tuple[str, Agent | None, str, str, object]] = [
            ("amy_reply", people.agent_a, "conversation.reply", "conversation", conv_a),  # A
            ("amy_reveal", people.agent_a, "customer.reveal", "customer", 3),  # A (team agent)
            ("bob_reply", people.agent_b, "conversation.reply", "conversation", conv_b),  # B
            ("admin_on_a", people.admin, "conversation.assign", "conversation", conv_a),  # A
            ("admin_on_b", people.admin, "conversation.assign", "conversation", conv_b),  # B
            ("system_on_a", None, "sla.breached", "conversation", conv_a),  # A
            ("bob_on_a", people.agent_b, "denied.conversation.get", "conversation", conv_a),  # A
            ("alan_denied", people.agent_a2, "denied.conversation.take", "conversation", conv_b),
            ("luke_login", people.lead_b, "agent.login", "agent", people.lead_b.id),  # B
            ("admin_setting", people.admin, "settings.update", "desk", ""),  # admin only
        ]
        ids: dict[str, int] = {}
        for minute, (label, who, action, target_type, target_id) in enumerate(specs):
            entry = AuditEntry(
                at=T0 + timedelta(minutes=minute),
                actor_agent_id=who.id if who is not None else None,
                action=action,
                target_type=target_type,
                target_id=str(target_id),
                detail={"label": label},
                address="127.0.0.1" if who is not None else "",
            )
            session.add(entry)
            session.flush()
            ids[label] = entry.id
    return Trail(people, conv_a, conv_b, ids)


def labels(database: Database, agent: Agent, **filters: Any) -> list[str]:
    with database.read() as session:
        page = list_audit(session, Actor.of(agent), limit=200, **filters)
    assert page.next_cursor is None
    return [item.detail["label"] for item in page.items]


def test_a_lead_sees_their_teams_agents_and_conversations(any_db: Database) -> None:
    trail = seed(any_db)
    assert labels(any_db, trail.people.lead_a) == [
        "alan_denied",  # by a team A agent, about team B's conversation
        "bob_on_a",  # by a team B agent, about team A's conversation
        "system_on_a",
        "admin_on_a",
        "amy_reveal",
        "amy_reply",
    ]
    assert labels(any_db, trail.people.lead_b) == [
        "luke_login",
        "alan_denied",
        "bob_on_a",
        "admin_on_b",
        "bob_reply",
    ]


def test_an_admin_sees_everything_with_names(any_db: Database) -> None:
    trail = seed(any_db)
    with any_db.read() as session:
        page = list_audit(session, Actor.of(trail.people.admin))
    assert len(page.items) == 10 and page.next_cursor is None
    newest, system = page.items[0], page.items[4]
    assert newest == AuditItemOut(
        id=trail.ids["admin_setting"],
        at=T0 + timedelta(minutes=9),
        actor_id=trail.people.admin.id,
        actor_name="Root",
        action="settings.update",
        target_type="desk",
        target_id="",
        detail={"label": "admin_setting"},
        address="127.0.0.1",
    )
    assert (system.action, system.actor_id, system.actor_name) == ("sla.breached", None, None)
    assert system.target_id == str(trail.conv_a)


def test_agents_are_forbidden_and_audited(any_db: Database) -> None:
    trail = seed(any_db)
    with pytest.raises(ServiceError) as refused:
        query(any_db, list_audit, Actor.of(trail.people.agent_a))
    assert refused.value.code == ErrorCode.FORBIDDEN
    denied = audit_log(any_db)[-1]
    assert (denied.action, denied.actor_agent_id) == ("denied.audit.list", trail.people.agent_a.id)


def test_a_lead_without_a_team_is_forbidden(sqlite_db: Database) -> None:
    trail = seed(sqlite_db)
    lead = Actor.of(trail.people.lead_a)
    teamless = Actor(lead.agent_id, lead.username, lead.display_name, lead.role, None)
    with pytest.raises(ServiceError) as refused, sqlite_db.read() as session:
        list_audit(session, teamless)
    assert refused.value.code == ErrorCode.FORBIDDEN


def test_filters(any_db: Database) -> None:
    trail = seed(any_db)
    admin, lead = trail.people.admin, trail.people.lead_a
    assert labels(any_db, admin, agent_id=trail.people.agent_a.id) == ["amy_reveal", "amy_reply"]
    assert labels(any_db, admin, action="conversation.assign") == ["admin_on_b", "admin_on_a"]
    assert labels(any_db, admin, action="conversation.") == [
        "admin_on_b",
        "admin_on_a",
        "bob_reply",
        "amy_reply",
    ]
    assert labels(any_db, admin, action="conversation") == []  # exact unless it ends in "."
    assert labels(any_db, admin, action="denied.") == ["alan_denied", "bob_on_a"]
    assert labels(any_db, admin, action="denied") == []
    assert labels(any_db, admin, conversation_id=trail.conv_a) == [
        "bob_on_a",
        "system_on_a",
        "admin_on_a",
        "amy_reply",
    ]
    # a lead asking about another team's conversation sees only their own people's part
    assert labels(any_db, lead, conversation_id=trail.conv_b) == ["alan_denied"]
    window = {"since": T0 + timedelta(minutes=2), "until": T0 + timedelta(minutes=5)}
    assert labels(any_db, admin, **window) == ["admin_on_b", "admin_on_a", "bob_reply"]
    assert labels(any_db, admin, agent_id=trail.people.admin.id, **window) == [
        "admin_on_b",
        "admin_on_a",
    ]


def test_cursor_pages_have_no_gaps_or_repeats(any_db: Database) -> None:
    trail = seed(any_db)
    with any_db.write() as session:  # many entries sharing one time: the id breaks ties
        for n in range(23):
            session.add(
                AuditEntry(
                    at=T0 + timedelta(minutes=3),
                    actor_agent_id=trail.people.agent_a.id,
                    action="conversation.note",
                    target_type="conversation",
                    target_id=str(trail.conv_a),
                    detail={"label": f"tie-{n}"},
                )
            )
    admin = Actor.of(trail.people.admin)
    with any_db.read() as session:
        everything = list_audit(session, admin, limit=200).items
    expected = sorted(everything, key=lambda item: (item.at, item.id), reverse=True)
    assert [i.id for i in everything] == [i.id for i in expected] and len(everything) == 33

    seen: list[int] = []
    cursor: str | None = None
    pages = 0
    while True:
        with any_db.read() as session:
            page = list_audit(session, admin, cursor=cursor, limit=7)
        seen.extend(item.id for item in page.items)
        pages += 1
        if pages == 2:  # a new entry arriving meanwhile does not shift later pages
            with any_db.write() as session:
                session.add(AuditEntry(at=T0 + timedelta(hours=1), action="late"))
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == 5
    assert seen == [item.id for item in everything]


def test_a_forged_cursor_is_an_invalid_request(sqlite_db: Database) -> None:
    trail = seed(sqlite_db)
    with pytest.raises(ServiceError) as refused, sqlite_db.read() as session:
        list_audit(session, Actor.of(trail.people.admin), cursor="not-ours")
    assert refused.value.code == ErrorCode.INVALID_REQUEST
