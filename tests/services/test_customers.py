"""Customer profiles are masked and scoped; transactions page newest first; reveals are audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from agentdesk.db.engine import Database
from agentdesk.db.models import AccountStatus, SocialPlatform, TransactionStatus
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services import customers
from agentdesk.services.actor import Actor
from agentdesk.services.errors import ServiceError
from agentdesk.services.unit import perform, query
from tests.helpers.desk import NOW, Cast, DeskBuilder, audit_log, cast

PHONE, EMAIL = "+8613812345678", "wang.xiaoming@example.cn"
FROZEN_NUMBER, ACTIVE_NUMBER = "6222020200112233445", "6222020200998877665"


@dataclass
class People:
    db: Database
    cast: Cast
    customer_id: int
    transaction_ids: list[int]  # oldest first


@pytest.fixture
def people(any_db: Database) -> People:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        c = cast(desk)
        customer = desk.customer(
            name="王小明", phone=PHONE, email=EMAIL, handles=[(SocialPlatform.WEIBO, "@xiaoming")]
        )
        frozen = desk.account(
            customer,
            number=FROZEN_NUMBER,
            status=AccountStatus.FROZEN,
            two_step=False,
            password_age=timedelta(days=200),
        )
        active = desk.account(customer, number=ACTIVE_NUMBER)
        desk.conversation(customer=customer, team=c.team_a)
        ids = []
        for n in range(12):  # alternating accounts; every third one failed; pairs share a time
            at = NOW - timedelta(days=12 - n // 2)
            status = TransactionStatus.FAILED if n % 3 == 0 else TransactionStatus.COMPLETED
            ids.append(
                desk.transaction(frozen if n % 2 else active, created_at=at, status=status).id
            )
    return People(any_db, c, customer.id, ids)


def test_the_profile_is_masked_and_carries_risk_hints(people: People) -> None:
    profile = query(
        people.db, customers.get_customer, Actor.of(people.cast.agent_a), people.customer_id, NOW
    )
    assert profile.name == "王小明"
    assert profile.phone is not None and profile.email is not None
    assert "12345678" not in profile.phone and profile.phone.endswith("5678")
    assert "xiaoming" not in profile.email and profile.email.endswith("@example.cn")
    assert profile.handles == [{"platform": "weibo", "handle": "@xiaoming"}]
    frozen, active = profile.accounts
    assert frozen.account_number.endswith("3445") and FROZEN_NUMBER not in frozen.account_number
    assert ACTIVE_NUMBER not in active.account_number
    assert frozen.risk_hints == ["frozen", "no_two_step", "password_older_than_180_days"]
    assert active.risk_hints == []
    dumped = profile.model_dump_json()
    for secret in (PHONE, EMAIL, FROZEN_NUMBER, ACTIVE_NUMBER):
        assert secret not in dumped


def test_who_may_look_a_customer_up(people: People) -> None:
    for agent in (people.cast.agent_a, people.cast.lead_b, people.cast.admin):
        query(people.db, customers.get_customer, Actor.of(agent), people.customer_id)
    with pytest.raises(ServiceError) as refused:
        query(people.db, customers.get_customer, Actor.of(people.cast.agent_b), people.customer_id)
    assert refused.value.code is ErrorCode.NOT_FOUND
    assert [e.action for e in audit_log(people.db)] == ["denied.customer.get"]
    with pytest.raises(ServiceError) as missing:
        query(people.db, customers.get_customer, Actor.of(people.cast.admin), 424242)
    assert missing.value.code is ErrorCode.NOT_FOUND


def test_transactions_page_newest_first_without_gaps(people: People) -> None:
    actor = Actor.of(people.cast.agent_a)
    seen: list[int] = []
    cursor = None
    while True:
        page = query(
            people.db,
            customers.list_transactions,
            actor,
            people.customer_id,
            cursor=cursor,
            limit=5,
        )
        seen += [row.id for row in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == list(reversed(people.transaction_ids))


def test_transaction_filters(people: People) -> None:
    actor = Actor.of(people.cast.agent_a)
    failed = query(
        people.db, customers.list_transactions, actor, people.customer_id, status="failed", limit=50
    ).items
    assert [row.id for row in failed] == [people.transaction_ids[n] for n in (9, 6, 3, 0)]
    assert {row.failure_code for row in failed} == {None}
    window = query(
        people.db,
        customers.list_transactions,
        actor,
        people.customer_id,
        since=NOW - timedelta(days=10),
        until=NOW - timedelta(days=8),
    ).items
    assert [row.id for row in window] == [people.transaction_ids[n] for n in (7, 6, 5, 4)]
    with pytest.raises(ServiceError) as refused:
        query(
            people.db,
            customers.list_transactions,
            Actor.of(people.cast.agent_b),
            people.customer_id,
        )
    assert refused.value.code is ErrorCode.NOT_FOUND


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", PHONE),
        ("email", EMAIL),
        ("account_number", f"{FROZEN_NUMBER}, {ACTIVE_NUMBER}"),
    ],
)
def test_a_reveal_shows_the_field_and_is_audited(people: People, field: str, value: str) -> None:
    agent = people.cast.agent_a
    shown = perform(people.db, customers.reveal, Actor.of(agent), people.customer_id, field)
    assert (shown.customer_id, shown.field, shown.value) == (people.customer_id, field, value)
    [entry] = audit_log(people.db)
    assert (entry.action, entry.actor_agent_id) == ("customer.reveal", agent.id)
    assert (entry.target_type, entry.target_id) == ("customer", str(people.customer_id))
    assert entry.detail == {"field": field}


def test_a_refused_reveal_shows_nothing_and_is_audited(people: People) -> None:
    with pytest.raises(ServiceError) as refused:
        perform(
            people.db, customers.reveal, Actor.of(people.cast.agent_b), people.customer_id, "phone"
        )
    assert refused.value.code is ErrorCode.NOT_FOUND
    assert PHONE not in str(refused.value)
    assert [e.action for e in audit_log(people.db)] == ["denied.customer.reveal"]


def test_email_addresses_in_message_details_are_masked() -> None:
    from agentdesk.db.models import Message, MessageDirection
    from agentdesk.services.serialize import message_of

    message = Message(
        id=1,
        conversation_id=1,
        direction=MessageDirection.IN,
        text="hi",
        html=None,
        author_agent_id=None,
        client_message_id=None,
        meta={"from": "xiaoming@example.cn", "to": "support@tpwallet.example", "subject": "s"},
        created_at=NOW,
    )
    shown = message_of(message).meta
    assert shown["from"] == "x***@example.cn" and shown["subject"] == "s"
    assert "xiaoming" not in str(shown)
