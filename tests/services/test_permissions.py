"""Who sees and changes which conversation, and that every refusal leaves an audit entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from agentdesk.db.engine import Database
from agentdesk.db.models import Agent, Conversation, Role, Team
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services import conversations, customers
from agentdesk.services.actor import Actor
from agentdesk.services.errors import Forbidden, ServiceError
from agentdesk.services.permissions import can_act, can_see, check_assign, visible_clause
from agentdesk.services.unit import perform, query
from tests.helpers.desk import Cast, DeskBuilder, audit_log, cast


def people() -> Cast:
    """Transient rows with ids, for the rules that need no database."""
    team_a, team_b = Team(id=1, name="A"), Team(id=2, name="B")

    def agent(agent_id: int, role: Role, team: Team | None) -> Agent:
        team_id = team.id if team else None
        return Agent(id=agent_id, username=f"u{agent_id}", role=role, team_id=team_id)

    return Cast(
        team_a=team_a,
        team_b=team_b,
        agent_a=agent(10, Role.AGENT, team_a),
        agent_a2=agent(11, Role.AGENT, team_a),
        agent_b=agent(20, Role.AGENT, team_b),
        lead_a=agent(30, Role.LEAD, team_a),
        lead_b=agent(31, Role.LEAD, team_b),
        admin=agent(40, Role.ADMIN, None),
    )


P = people()


def conv(team: Team | None, assignee: Agent | None = None) -> Conversation:
    return Conversation(
        id=99,
        team_id=team.id if team else None,
        assignee_id=assignee.id if assignee else None,
    )


def a(agent: Agent) -> Actor:
    return Actor.of(agent)


@pytest.mark.parametrize(
    ("who", "conversation", "sees"),
    [
        (P.admin, conv(P.team_b, P.agent_b), True),
        (P.lead_a, conv(P.team_b, P.agent_b), True),
        (P.agent_a, conv(P.team_a, P.agent_a2), True),
        (P.agent_a, conv(None), True),
        (P.agent_a, conv(P.team_b), False),
        (P.agent_a, conv(P.team_b, P.agent_b), False),
        (P.agent_a, conv(P.team_b, P.agent_a), True),
    ],
)
def test_who_sees_what(who: Agent, conversation: Conversation, sees: bool) -> None:
    assert can_see(a(who), conversation) is sees


@pytest.mark.parametrize(
    ("who", "conversation", "acts"),
    [
        (P.admin, conv(P.team_b, P.agent_b), True),
        (P.lead_a, conv(P.team_a, P.agent_a), True),
        (P.lead_a, conv(None), True),
        (P.lead_a, conv(P.team_b), False),
        (P.lead_a, conv(P.team_b, P.agent_b), False),
        (P.agent_a, conv(P.team_a, P.agent_a), True),
        (P.agent_a, conv(P.team_a), True),
        (P.agent_a, conv(None), True),
        (P.agent_a, conv(P.team_a, P.agent_a2), False),
        (P.agent_a, conv(P.team_b), False),
    ],
)
def test_who_acts_on_what(who: Agent, conversation: Conversation, acts: bool) -> None:
    assert can_act(a(who), conversation) is acts


@pytest.mark.parametrize(
    ("who", "conversation", "target"),
    [
        (P.admin, conv(P.team_b, P.agent_b), P.agent_a),
        (P.lead_a, conv(P.team_a, P.agent_a), P.agent_a2),
        (P.lead_a, conv(P.team_a, P.agent_a), None),
        (P.lead_a, conv(None), P.agent_a),
        (P.agent_a, conv(P.team_a), P.agent_a),
        (P.agent_a, conv(P.team_a, P.agent_a), None),
    ],
)
def test_allowed_moves(who: Agent, conversation: Conversation, target: Agent | None) -> None:
    check_assign(a(who), conversation, target, "conversation.assign")


@pytest.mark.parametrize(
    ("who", "conversation", "target", "reason"),
    [
        (P.agent_a, conv(P.team_a, P.agent_a2), P.agent_a, "only leads reassign"),
        (P.agent_a, conv(P.team_a, P.agent_a2), None, "only leads reassign"),
        (P.agent_a, conv(P.team_a), P.agent_a2, "only leads assign work to other"),
        (P.agent_a, conv(P.team_a, P.agent_a), P.agent_a2, "only leads assign work to other"),
        (P.lead_a, conv(P.team_b, P.agent_b), P.agent_a, "own team's work"),
        (P.lead_a, conv(P.team_b), None, "own team's work"),
        (P.lead_a, conv(P.team_a), P.agent_b, "only to their own team"),
    ],
)
def test_refused_moves(
    who: Agent, conversation: Conversation, target: Agent | None, reason: str
) -> None:
    with pytest.raises(Forbidden, match=reason) as refused:
        check_assign(a(who), conversation, target, "conversation.assign")
    assert refused.value.audit is not None
    assert refused.value.audit["action"] == "denied.conversation.assign"
    assert refused.value.audit["target_id"] == 99


def test_the_sql_visibility_rule_matches_the_python_one(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        c = cast(desk)
        for team in (c.team_a, c.team_b, None):
            for assignee in (None, c.agent_a, c.agent_b):
                desk.conversation(team=team, assignee=assignee)
    with any_db.read() as session:
        every = list(session.scalars(select(Conversation)))
        for agent in (c.agent_a, c.agent_b, c.lead_a, c.admin):
            actor = a(agent)
            wanted = {row.id for row in every if can_see(actor, row)}
            found = set(session.scalars(select(Conversation.id).where(visible_clause(actor))))
            assert found == wanted


# Every refusal, made through `perform`/`query` as the server makes it, is audited.


@pytest.fixture
def desk_db(any_db: Database) -> tuple[Database, Cast, dict[str, int]]:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        c = cast(desk)
        ids = {
            "a2": desk.conversation(team=c.team_a, assignee=c.agent_a2).id,
            "b": desk.conversation(team=c.team_b).id,
            "b_held": desk.conversation(team=c.team_b, assignee=c.agent_b).id,
            "a_held": desk.conversation(team=c.team_a, assignee=c.agent_a).id,
        }
    return any_db, c, ids


Call = Callable[[Database, Cast, dict[str, int]], Any]

DENIALS: dict[str, tuple[Call, ErrorCode, str]] = {
    "agent replies on a colleague's conversation": (
        lambda db, c, i: perform(
            db, conversations.send_reply, a(c.agent_a), i["a2"], "client-0001", "hi", None
        ),
        ErrorCode.FORBIDDEN,
        "denied.conversation.reply",
    ),
    "agent updates a colleague's conversation": (
        lambda db, c, i: perform(
            db, conversations.update_conversation, a(c.agent_a), i["a2"], status="resolved"
        ),
        ErrorCode.FORBIDDEN,
        "denied.conversation.update",
    ),
    "agent of team A notes on team B": (
        lambda db, c, i: perform(db, conversations.add_note, a(c.agent_a), i["b"], "cli-0002", "x"),
        ErrorCode.NOT_FOUND,
        "denied.conversation.note",
    ),
    "agent of team A opens team B's conversation": (
        lambda db, c, i: query(db, conversations.get_conversation, a(c.agent_a), i["b"], 50),
        ErrorCode.NOT_FOUND,
        "denied.conversation.get",
    ),
    "agent takes from team B": (
        lambda db, c, i: perform(db, conversations.take, a(c.agent_a), i["b"]),
        ErrorCode.NOT_FOUND,
        "denied.conversation.take",
    ),
    "lead of A assigns in team B": (
        lambda db, c, i: perform(
            db, conversations.assign, a(c.lead_a), i["b_held"], c.agent_a.id, reason="mine now"
        ),
        ErrorCode.FORBIDDEN,
        "denied.conversation.assign",
    ),
    "lead of A updates team B's conversation": (
        lambda db, c, i: perform(
            db, conversations.update_conversation, a(c.lead_a), i["b"], priority="high"
        ),
        ErrorCode.FORBIDDEN,
        "denied.conversation.update",
    ),
    "lead of A assigns to an agent of B": (
        lambda db, c, i: perform(db, conversations.assign, a(c.lead_a), i["a_held"], c.agent_b.id),
        ErrorCode.FORBIDDEN,
        "denied.conversation.assign",
    ),
    "agent reassigns a colleague's conversation to themself": (
        lambda db, c, i: perform(db, conversations.assign, a(c.agent_a), i["a2"], c.agent_a.id),
        ErrorCode.FORBIDDEN,
        "denied.conversation.assign",
    ),
    "agent gives their conversation to a colleague": (
        lambda db, c, i: perform(
            db, conversations.assign, a(c.agent_a), i["a_held"], c.agent_a2.id
        ),
        ErrorCode.FORBIDDEN,
        "denied.conversation.assign",
    ),
    "agent looks up a customer of team B": (
        lambda db, c, i: query(db, customers.get_customer, a(c.agent_a), _customer_of(db, i["b"])),
        ErrorCode.NOT_FOUND,
        "denied.customer.get",
    ),
    "agent reveals a customer of team B": (
        lambda db, c, i: perform(
            db, customers.reveal, a(c.agent_a), _customer_of(db, i["b"]), "phone"
        ),
        ErrorCode.NOT_FOUND,
        "denied.customer.reveal",
    ),
}


def _customer_of(database: Database, conversation_id: int) -> int:
    with database.read() as session:
        return session.get_one(Conversation, conversation_id).customer_id


def _states(database: Database) -> dict[int, tuple[object, ...]]:
    with database.read() as session:
        rows = session.scalars(select(Conversation))
        return {row.id: (row.assignee_id, row.status, row.version) for row in rows}


@pytest.mark.parametrize("case", list(DENIALS))
def test_each_denial_is_refused_and_audited(
    desk_db: tuple[Database, Cast, dict[str, int]], case: str
) -> None:
    database, c, ids = desk_db
    call, code, action = DENIALS[case]
    before = _states(database)
    with pytest.raises(ServiceError) as refused:
        call(database, c, ids)
    assert refused.value.code is code
    if code is ErrorCode.NOT_FOUND:
        assert str(refused.value).startswith("no such")  # same answer as a missing id
    entries = [entry for entry in audit_log(database) if entry.action.startswith("denied.")]
    assert [entry.action for entry in entries] == [action]
    assert entries[0].detail["reason"]
    assert _states(database) == before


def test_a_missing_conversation_is_not_found_and_not_audited(
    desk_db: tuple[Database, Cast, dict[str, int]],
) -> None:
    database, c, _ = desk_db
    with pytest.raises(ServiceError) as refused:
        query(database, conversations.get_conversation, a(c.agent_a), 987654, 50)
    assert refused.value.code is ErrorCode.NOT_FOUND
    assert audit_log(database) == []
