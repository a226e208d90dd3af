"""One customer across channels: exact keys match, unsure matches wait for an agent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    AuditEntry,
    Channel,
    Conversation,
    Customer,
    CustomerIdentity,
    IdentityMatch,
    SocialPlatform,
)
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services.errors import NotFound, ServiceError
from agentdesk.services.identity import (
    Identity,
    decide_match,
    offer_matches,
    open_matches,
    resolve_customer,
)
from agentdesk.services.inbound import open_conversation
from tests.helpers.desk import Cast, DeskBuilder, cast, event_log


def _people(database: Database) -> Cast:
    with database.write() as session:
        return cast(DeskBuilder(session))


def test_exact_keys_find_the_same_customer_on_every_channel(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        known = desk.customer(
            name="王小明",
            phone="+8613800138000",
            email="xiaoming@example.cn",
            handles=[(SocialPlatform.FACEBOOK, "fb-1001")],
        )
        account = desk.account(known)
        session.flush()
        for identity in (
            Identity(email="XiaoMing@Example.cn"),
            Identity(phone="138 0013 8000"),
            Identity(phone="+86-138-0013-8000"),
            Identity(wallet_id=account.wallet_id),
            Identity(social=(SocialPlatform.FACEBOOK, "fb-1001")),
        ):
            resolution = resolve_customer(session, identity)
            assert resolution.customer.id == known.id, identity
            assert not resolution.created and resolution.candidates == []


def test_a_stranger_becomes_a_new_customer_with_their_keys(any_db: Database) -> None:
    with any_db.write() as session:
        resolution = resolve_customer(
            session,
            Identity(name="Li Lei", email="LiLei@example.com", social=(SocialPlatform.X, "x-7")),
        )
        assert resolution.created
        customer = resolution.customer
        assert customer.name == "Li Lei" and customer.email == "lilei@example.com"
        assert [(h.platform, h.handle) for h in customer.handles] == [(SocialPlatform.X, "x-7")]
        again = resolve_customer(session, Identity(social=(SocialPlatform.X, "x-7")))
        assert again.customer.id == customer.id


def test_keys_pointing_at_two_customers_are_offered_never_merged(any_db: Database) -> None:
    people = _people(any_db)
    with any_db.write() as session:
        desk = DeskBuilder(session)
        by_email = desk.customer(name="A", email="shared@example.cn", phone=None)
        by_phone = desk.customer(name="B", email=None, phone="+8613900139000")
        session.flush()
        resolution = resolve_customer(
            session, Identity(email="shared@example.cn", phone="13900139000")
        )
        assert resolution.customer.id == by_email.id
        assert [(c.id, why) for c, why in resolution.candidates] == [
            (by_phone.id, "same phone number")
        ]
        conversation = open_conversation(session, by_email.id, Channel.EMAIL)
        conversation.team_id = people.team_a.id
        offered = offer_matches(session, resolution, conversation)
        assert len(offered) == 1
        # The same question is asked once, whichever way round it comes up again.
        assert offer_matches(session, resolution, conversation) == []
        conversation_id = conversation.id
    with any_db.read() as session:
        assert session.get_one(Customer, by_phone.id).merged_into_id is None
        matches = open_matches(session, DeskBuilder.actor(people.agent_a), conversation_id)
    assert [(m["customer_id"], m["candidate_id"]) for m in matches] == [(by_email.id, by_phone.id)]
    [event] = [e for e in event_log(any_db) if e.type == "identity.match"]
    assert event.conversation_id == conversation_id and event.team_id == people.team_a.id


def _offered_same_name(database: Database, people: Cast) -> tuple[int, int, int, int]:
    """A new email sender called 王小明 while a phone customer 王小明 exists."""
    with database.write() as session:
        desk = DeskBuilder(session)
        existing = desk.customer(name="王小明", email=None, phone="+8613800138000")
        old = desk.conversation(customer=existing, team=people.team_a, channel=Channel.PHONE)
        session.flush()
        resolution = resolve_customer(session, Identity(name="王小明", email="wxm@example.cn"))
        assert resolution.created
        assert [(c.id, why) for c, why in resolution.candidates] == [(existing.id, "same name")]
        conversation = open_conversation(session, resolution.customer.id, Channel.EMAIL)
        conversation.team_id = people.team_a.id
        [match] = offer_matches(session, resolution, conversation)
        return match.id, resolution.customer.id, existing.id, old.id


def test_confirming_a_match_merges_into_the_known_customer(any_db: Database) -> None:
    people = _people(any_db)
    match_id, newcomer, existing, _old = _offered_same_name(any_db, people)
    with any_db.write() as session:
        result = decide_match(session, DeskBuilder.actor(people.agent_a), match_id, True)
    assert result["match"]["status"] == "confirmed"
    with any_db.read() as session:
        moved = session.scalars(
            select(Conversation).where(Conversation.id.in_(result["moved_conversations"]))
        ).all()
        assert moved and all(c.customer_id == existing for c in moved)
        merged = session.get_one(Customer, newcomer)
        assert merged.merged_into_id == existing and merged.email is None
        target = session.get_one(Customer, existing)
        assert target.email == "wxm@example.cn"  # it had none: the address is now its own
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "customer.match.confirm")
        ).one()
        assert entry.actor_agent_id == people.agent_a.id
    with any_db.write() as session:
        # The next email from that address lands on the known customer directly.
        again = resolve_customer(session, Identity(name="王小明", email="wxm@example.cn"))
        assert again.customer.id == existing and not again.created
    names = [e.type for e in event_log(any_db)]
    assert "identity.decided" in names and "conversation.updated" in names


def test_a_second_address_becomes_a_further_identity(any_db: Database) -> None:
    people = _people(any_db)
    with any_db.write() as session:
        desk = DeskBuilder(session)
        existing = desk.customer(name="Zhang Wei", email="zw@work.example", phone=None)
        session.flush()
        resolution = resolve_customer(session, Identity(name="Zhang Wei", email="zw@home.example"))
        conversation = open_conversation(session, resolution.customer.id, Channel.EMAIL)
        conversation.team_id = people.team_a.id
        [match] = offer_matches(session, resolution, conversation)
        match_id, existing_id = match.id, existing.id
    with any_db.write() as session:
        decide_match(session, DeskBuilder.actor(people.agent_a), match_id, True)
    with any_db.write() as session:
        assert session.get_one(Customer, existing_id).email == "zw@work.example"
        kept = session.scalars(select(CustomerIdentity)).one()
        assert (kept.customer_id, kept.kind, kept.value) == (
            existing_id,
            "email",
            "zw@home.example",
        )
        found = resolve_customer(session, Identity(email="ZW@home.example"))
        assert found.customer.id == existing_id


def test_rejecting_a_match_keeps_both_and_never_asks_again(any_db: Database) -> None:
    people = _people(any_db)
    match_id, newcomer, existing, _old = _offered_same_name(any_db, people)
    with any_db.write() as session:
        decide_match(session, DeskBuilder.actor(people.agent_a), match_id, False)
    with any_db.write() as session:
        assert session.get_one(Customer, newcomer).merged_into_id is None
        assert session.get_one(IdentityMatch, match_id).status == "rejected"
        resolution = resolve_customer(session, Identity(email="wxm@example.cn"))
        assert resolution.customer.id == newcomer
        resolution.candidates = [(session.get_one(Customer, existing), "same name")]
        assert offer_matches(session, resolution, None) == []
    with any_db.write() as session, pytest.raises(ServiceError) as decided:
        decide_match(session, DeskBuilder.actor(people.agent_a), match_id, True)
    assert decided.value.code is ErrorCode.INVALID_STATE


def test_another_teams_agent_cannot_decide(any_db: Database) -> None:
    people = _people(any_db)
    match_id, newcomer, _existing, _old = _offered_same_name(any_db, people)
    with any_db.write() as session, pytest.raises(NotFound):
        decide_match(session, DeskBuilder.actor(people.agent_b), match_id, True)
    with any_db.read() as session:
        assert session.get_one(Customer, newcomer).merged_into_id is None
        assert session.get_one(IdentityMatch, match_id).status == "open"


def test_two_first_messages_at_once_make_one_customer(postgres: Database) -> None:
    import threading

    barrier = threading.Barrier(4)
    found: list[int] = []

    def deliver() -> None:
        with postgres.write() as session:
            barrier.wait(5)
            resolution = resolve_customer(session, Identity(name="New", email="new@example.cn"))
            found.append(resolution.customer.id)

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(found) == 4 and len(set(found)) == 1
    with postgres.read() as session:
        assert session.scalars(select(Customer).where(Customer.email == "new@example.cn")).all()
