"""What an agent asks of templates: only for conversations they may see, signed with their name."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from agentdesk.db.engine import Database
from agentdesk.db.models import FailureCode, Language, TransactionStatus
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services import templates
from agentdesk.services.actor import Actor
from agentdesk.services.errors import ServiceError
from agentdesk.services.unit import query
from tests.helpers.desk import Cast, DeskBuilder, audit_log, cast

CATALOG = templates.load_templates()


@dataclass
class Desk:
    db: Database
    cast: Cast
    conversation_id: int
    transaction_id: int
    reference: str
    strangers_transaction_id: int


@pytest.fixture
def desk(any_db: Database) -> Desk:
    with any_db.write() as session:
        builder = DeskBuilder(session)
        people = cast(builder)
        customer = builder.customer(name="王小明")
        account = builder.account(customer, number="6222020200112233445")
        failed = builder.transaction(
            account,
            status=TransactionStatus.FAILED,
            failure_code=FailureCode.WRONG_PAYMENT_PASSWORD,
        )
        stranger = builder.account(builder.customer(name="Li Hua"))
        strangers = builder.transaction(stranger)
        conversation = builder.conversation(
            customer=customer, team=people.team_a, assignee=people.agent_a
        )
        builder.message(conversation, "支付密码一直提示错误")
    return Desk(any_db, people, conversation.id, failed.id, failed.reference, strangers.id)


def test_an_agent_renders_a_template_quoting_a_transaction(desk: Desk) -> None:
    amy = Actor.of(desk.cast.agent_a)
    rendered = query(
        desk.db,
        templates.render_for_conversation,
        amy,
        CATALOG,
        "txn_wrong_payment_password",
        desk.conversation_id,
        transaction_id=desk.transaction_id,
    )
    assert rendered.language == "zh" and rendered.missing == []
    assert rendered.transaction_id == desk.transaction_id and desk.reference in rendered.text

    english = query(
        desk.db,
        templates.render_for_conversation,
        amy,
        CATALOG,
        "password_code_missing",
        desk.conversation_id,
        language="en",
    )
    assert english.language == Language.EN.value
    assert "(ending **** **** 3445)" in english.text and english.missing == []

    unfilled = query(
        desk.db,
        templates.render_for_conversation,
        amy,
        CATALOG,
        "txn_network_error",
        desk.conversation_id,
    )
    assert "transaction_id" in unfilled.missing and unfilled.transaction_id is None


def test_only_the_customers_own_transactions_and_known_templates(desk: Desk) -> None:
    amy = Actor.of(desk.cast.agent_a)
    for key, transaction_id in (
        ("txn_network_error", desk.strangers_transaction_id),
        ("no_such_template", None),
    ):
        with pytest.raises(ServiceError) as refused:
            query(
                desk.db,
                templates.render_for_conversation,
                amy,
                CATALOG,
                key,
                desk.conversation_id,
                transaction_id=transaction_id,
            )
        assert refused.value.code is ErrorCode.NOT_FOUND


def test_suggestions_are_signed_by_the_asking_agent(desk: Desk) -> None:
    lead = Actor.of(desk.cast.lead_a)
    suggestions = query(desk.db, templates.suggest_for_agent, lead, CATALOG, desk.conversation_id)
    top = suggestions[0]
    assert top.key == "txn_wrong_payment_password"
    assert top.rendered.transaction_id == desk.transaction_id
    assert desk.reference in top.rendered.text and top.rendered.missing == []
    greeting = next(s for s in suggestions if s.key == "greeting")
    assert "客服Lena" in greeting.rendered.text


def test_a_conversation_out_of_sight_is_not_found_and_audited(desk: Desk) -> None:
    bob = Actor.of(desk.cast.agent_b)
    with pytest.raises(ServiceError) as suggesting:
        query(desk.db, templates.suggest_for_agent, bob, CATALOG, desk.conversation_id)
    with pytest.raises(ServiceError) as rendering:
        query(
            desk.db,
            templates.render_for_conversation,
            bob,
            CATALOG,
            "greeting",
            desk.conversation_id,
        )
    assert suggesting.value.code is rendering.value.code is ErrorCode.NOT_FOUND
    assert [entry.action for entry in audit_log(desk.db)] == [
        "denied.templates.suggest",
        "denied.templates.render",
    ]
