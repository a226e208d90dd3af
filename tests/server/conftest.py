"""A desk with two teams, real password hashes, and a real server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import update

from agentdesk.db.engine import Database
from agentdesk.db.models import Agent, Conversation, FailureCode, TransactionStatus
from agentdesk.services.accounts import hash_password
from agentdesk.services.templates import load_templates
from tests.helpers.desk import Cast, DeskBuilder, cast
from tests.helpers.server import ServerThread, running_server

PASSWORD = "correct horse battery"
CATALOG = load_templates()


@dataclass
class Desk:
    database: Database
    cast: Cast
    mine: Conversation  # team A, assigned to agent_a
    theirs: Conversation  # team A, assigned to agent_a2
    unassigned: Conversation  # team A, nobody's
    other_team: Conversation  # team B, assigned to agent_b


def build_desk(database: Database) -> Desk:
    with database.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        customer = desk.customer(name="王小明")
        account = desk.account(customer)
        desk.transaction(account, failure_code=None)
        desk.transaction(
            account,
            status=TransactionStatus.FAILED,
            failure_code=FailureCode.WRONG_PAYMENT_PASSWORD,
            amount=Decimal("1234.50"),
        )
        mine = desk.conversation(customer=customer, team=people.team_a, assignee=people.agent_a)
        desk.message(mine, "我的转账失败了,怎么办?")
        theirs = desk.conversation(team=people.team_a, assignee=people.agent_a2)
        desk.message(theirs, "How do I reset my password?")
        unassigned = desk.conversation(team=people.team_a)
        desk.message(unassigned, "客服热线几点上班?")
        other_team = desk.conversation(team=people.team_b, assignee=people.agent_b)
        desk.message(other_team, "My account was hacked")
        session.execute(update(Agent).values(password_hash=hash_password(PASSWORD)))
    return Desk(database, people, mine, theirs, unassigned, other_team)


@pytest.fixture
def desk(sqlite_db: Database) -> Desk:
    return build_desk(sqlite_db)


@pytest.fixture
def server(desk: Desk) -> Iterator[ServerThread]:
    with running_server(
        desk.database.url.render_as_string(hide_password=False), CATALOG, poll_seconds=0.5
    ) as thread:
        yield thread
