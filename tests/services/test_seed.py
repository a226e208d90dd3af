"""Demo data: a believable desk on every channel, the same for the same seed, on both databases."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, text

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    AccountStatus,
    Agent,
    AuditEntry,
    Base,
    CallLog,
    CallOutcome,
    Channel,
    Conversation,
    ConversationStatus,
    ConversationTag,
    Customer,
    FailureCode,
    Language,
    Message,
    MessageDirection,
    Role,
    SocialHandle,
    SocialPlatform,
    Transaction,
    TransactionStatus,
    WalletAccount,
)
from agentdesk.services.seed import (
    DEMO_AGENTS,
    DEMO_PASSWORD,
    SeedError,
    SeedSummary,
    conversation_count,
    reference_now,
    seed_database,
)
from tests.helpers.databases import migrated, sqlite_url

CJK = re.compile(r"[\u4e00-\u9fff]")
REFERENCE = re.compile(r"TX\d{8}[0-9A-F]{6}")
SQLITE_STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")


def canonical_dump(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in primary-key order, without the salted password hashes."""
    dump: dict[str, list[tuple[Any, ...]]] = {}
    with database.read() as session:
        for table in Base.metadata.sorted_tables:
            columns = [
                column
                for column in table.c
                if (table.name, column.name) != ("agents", "password_hash")
            ]
            rows = session.execute(select(*columns).order_by(*table.primary_key.columns))
            dump[table.name] = [tuple(row) for row in rows]
    return dump


@pytest.fixture
def seeded(sqlite_db: Database) -> tuple[Database, SeedSummary]:
    return sqlite_db, seed_database(sqlite_db, scale="small")


def test_small_seed_covers_every_channel_and_failure_code(
    seeded: tuple[Database, SeedSummary],
) -> None:
    database, summary = seeded
    assert 150 <= summary.conversations <= 250
    assert set(summary.channels) == {channel.value for channel in Channel}
    assert all(summary.failure_codes[code.value] > 0 for code in FailureCode)
    with database.read() as session:
        channels = set(session.scalars(select(Conversation.channel).distinct()))
        codes = set(
            session.scalars(
                select(Transaction.failure_code)
                .where(Transaction.status == TransactionStatus.FAILED)
                .distinct()
            )
        )
        tags = set(session.scalars(select(ConversationTag.tag).distinct()))
        statuses = set(session.scalars(select(Conversation.status).distinct()))
        assert (
            session.scalar(select(func.count()).select_from(Message)) == summary.tables["messages"]
        )
    assert channels == set(Channel)
    assert codes == set(FailureCode)
    # Conversations talk about every failure code too, not only the transactions.
    assert {code.value for code in FailureCode} <= tags
    assert {"password", "failed_transaction", "security", "complaint", "feedback"} <= tags
    assert "contact" in tags
    assert statuses == set(ConversationStatus)


def test_every_conversation_has_messages_and_times_that_agree(
    seeded: tuple[Database, SeedSummary],
) -> None:
    database, summary = seeded
    now = summary.now
    with database.read() as session:
        spans = dict(
            session.execute(
                select(
                    Message.conversation_id,
                    func.count(),
                ).group_by(Message.conversation_id)
            ).all()
        )
        conversations = session.scalars(select(Conversation)).all()
        for conversation in conversations:
            assert spans.get(conversation.id, 0) >= 1, conversation.id
            messages = session.scalars(
                select(Message).where(Message.conversation_id == conversation.id)
            ).all()
            times = [message.created_at for message in messages]
            assert times == sorted(times)
            assert conversation.last_message_at == times[-1]
            assert conversation.created_at <= times[0]
            assert times[-1] <= now
            if conversation.status is ConversationStatus.OPEN:
                assert conversation.sla_due_at is not None
            else:
                assert conversation.sla_due_at is None
            if conversation.status is ConversationStatus.SNOOZED:
                assert conversation.snoozed_until is not None
                assert conversation.snoozed_until > now
            if conversation.channel is not Channel.PHONE and len(messages) > 1:
                last = messages[-1].direction
                if conversation.status is ConversationStatus.OPEN:
                    assert last is MessageDirection.IN  # the customer is waiting
                if conversation.status is ConversationStatus.PENDING:
                    assert last is MessageDirection.OUT  # the desk is waiting
            for message in messages:
                if message.direction is MessageDirection.OUT:
                    assert message.author_agent_id is not None
                    assert message.client_message_id
        assigned = [c for c in conversations if c.assignee_id is not None]
        assert 0 < len(assigned) < len(conversations)
        assert session.scalar(
            select(func.count()).where(Message.direction == MessageDirection.NOTE)
        )


def test_phone_conversations_have_call_logs_and_call_notes(
    seeded: tuple[Database, SeedSummary],
) -> None:
    database, _ = seeded
    with database.read() as session:
        phone = session.scalars(
            select(Conversation).where(Conversation.channel == Channel.PHONE)
        ).all()
        assert phone
        outcomes: Counter[CallOutcome] = Counter()
        for conversation in phone:
            calls = session.scalars(
                select(CallLog).where(CallLog.conversation_id == conversation.id)
            ).all()
            notes = session.scalars(
                select(Message).where(Message.conversation_id == conversation.id)
            ).all()
            assert calls
            assert len(notes) == len(calls)
            assert all(note.direction is MessageDirection.NOTE and note.text for note in notes)
            for call in calls:
                outcomes[call.outcome] += 1
                assert call.customer_id == conversation.customer_id
                assert call.notes
                for number in (call.from_number, call.to_number):
                    assert phonenumbers.is_valid_number(phonenumbers.parse(number))
                if call.outcome is CallOutcome.ANSWERED:
                    assert call.answered_at is not None and call.agent_id is not None
                    assert call.duration_seconds > 0
                else:
                    assert call.answered_at is None and call.agent_id is None
            if calls[-1].outcome is not CallOutcome.ANSWERED:
                assert conversation.status is ConversationStatus.OPEN
        call_ids = session.scalars(select(CallLog.call_id)).all()
        assert len(call_ids) == len(set(call_ids))
    assert outcomes[CallOutcome.ANSWERED] and outcomes[CallOutcome.MISSED]


def test_emails_have_subject_html_and_headers(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    with database.read() as session:
        emails = session.scalars(
            select(Conversation).where(Conversation.channel == Channel.EMAIL)
        ).all()
        assert emails
        quoted = 0
        for conversation in emails:
            assert conversation.subject
            for message in session.scalars(
                select(Message).where(Message.conversation_id == conversation.id)
            ):
                if message.direction is MessageDirection.NOTE:
                    continue
                assert message.html and message.html.startswith("<p>")
                assert "<script" not in message.html and "src=" not in message.html
                assert set(message.meta) >= {"from", "to", "subject", "message_id"}
                assert conversation.subject in message.meta["subject"]
                assert message.external_id == message.meta["message_id"]
                quoted += "<blockquote>" in message.html
        assert quoted
        others = session.scalars(
            select(Conversation.subject).where(Conversation.channel != Channel.EMAIL)
        ).all()
        assert set(others) == {""}
        social = session.scalars(
            select(Message)
            .join(Conversation)
            .where(Conversation.channel == Channel.SOCIAL)
            .where(Message.direction != MessageDirection.NOTE)
        ).all()
        assert social and all({"platform", "handle"} <= set(m.meta) for m in social)


def test_customers_speak_both_languages_with_valid_phones(
    seeded: tuple[Database, SeedSummary],
) -> None:
    database, _ = seeded
    with database.read() as session:
        customers = session.scalars(select(Customer)).all()
        assert {customer.language for customer in customers} == set(Language)
        phones = [customer.phone for customer in customers]
        assert len(phones) == len(set(phones))
        regions = set()
        for phone in phones:
            assert phone is not None
            parsed = phonenumbers.parse(phone)
            assert phonenumbers.is_valid_number(parsed), phone
            assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == phone
            regions.add(parsed.country_code)
        assert {86, 852} <= regions
        assert all(customer.email is None or "@" in customer.email for customer in customers)
        platforms = set(session.scalars(select(SocialHandle.platform)))
        assert platforms == set(SocialPlatform)
        first_ids = select(func.min(Message.id)).group_by(Message.conversation_id)
        first_messages = session.execute(
            select(Customer.language, Message.text)
            .join(Conversation, Conversation.customer_id == Customer.id)
            .join(Message, Message.conversation_id == Conversation.id)
            .where(Message.id.in_(first_ids), Message.direction == MessageDirection.IN)
        ).all()
    assert len(first_messages) > 100
    for language, message_text in first_messages:  # each asks in its customer's language
        if language is Language.ZH:
            assert CJK.search(message_text), message_text
        else:
            assert not CJK.search(message_text), message_text


def test_customers_ask_in_varied_words(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    with database.read() as session:
        first_ids = select(func.min(Message.id)).group_by(Message.conversation_id)
        openings = session.scalars(
            select(Message.text)
            .where(Message.id.in_(first_ids))
            .where(Message.direction == MessageDirection.IN)
        ).all()
    assert len(set(openings)) >= 0.9 * len(openings)


def test_accounts_show_every_risk_the_desk_checks(seeded: tuple[Database, SeedSummary]) -> None:
    database, summary = seeded
    with database.read() as session:
        accounts = session.scalars(select(WalletAccount)).all()
        customers = session.scalar(select(func.count()).select_from(Customer))
    assert len(accounts) == customers
    assert any(account.status is AccountStatus.FROZEN for account in accounts)
    assert any(not account.two_step_enabled for account in accounts)
    assert any(
        summary.now - account.password_changed_at > timedelta(days=180) for account in accounts
    )
    assert {account.currency for account in accounts} <= {"CNY", "HKD", "USD"}
    assert {account.kyc_level for account in accounts} <= {0, 1, 2, 3}
    for account in accounts:
        assert re.fullmatch(r"\d{16,19}", account.account_number)
        assert account.balance == account.balance.quantize(Decimal("0.01"))
        assert account.balance >= 0
    assert len({account.wallet_id for account in accounts}) == len(accounts)


def test_failed_transactions_are_quoted_from_the_customers_own_history(
    seeded: tuple[Database, SeedSummary],
) -> None:
    database, _ = seeded
    with database.read() as session:
        references = session.execute(
            select(Transaction.reference, WalletAccount.customer_id, Transaction.status).join(
                WalletAccount
            )
        ).all()
        owners = {reference: (customer, status) for reference, customer, status in references}
        rows = session.execute(
            select(Conversation.customer_id, Message.text)
            .join(Message, Message.conversation_id == Conversation.id)
            .join(ConversationTag, ConversationTag.conversation_id == Conversation.id)
            .where(ConversationTag.tag == "failed_transaction")
        ).all()
    quoted = 0
    for customer_id, message_text in rows:
        for reference in REFERENCE.findall(message_text):
            quoted += 1
            assert owners[reference] == (customer_id, TransactionStatus.FAILED)
    assert quoted
    assert all(REFERENCE.fullmatch(reference) for reference in owners)


def test_rows_keep_their_references_and_storage_form(seeded: tuple[Database, SeedSummary]) -> None:
    database, _ = seeded
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        # Bulk-written rows store times exactly as the ORM-written agents do.
        customer_stamp = connection.execute(text("SELECT created_at FROM customers")).scalar()
        agent_stamp = connection.execute(text("SELECT created_at FROM agents")).scalar()
        raw_balance = connection.execute(
            text("SELECT balance FROM wallet_accounts ORDER BY id")
        ).scalar()
    assert SQLITE_STAMP.match(str(customer_stamp)) and SQLITE_STAMP.match(str(agent_stamp))
    with database.read() as session:
        account = session.scalars(select(WalletAccount).order_by(WalletAccount.id)).first()
        assert account is not None
        assert account.balance * 10_000 == raw_balance
        assert account.created_at.tzinfo is UTC


def test_demo_agents_sign_in_with_the_demo_password(seeded: tuple[Database, SeedSummary]) -> None:
    database, summary = seeded
    with database.read() as session:
        agents = session.scalars(select(Agent)).all()
        audit = session.scalars(select(AuditEntry)).all()
    assert [agent.username for agent in agents] == [demo.username for demo in DEMO_AGENTS]
    assert {"lead.li", "agent.wang", "agent.emma", "admin"} <= {a.username for a in agents}
    roles = Counter(agent.role for agent in agents)
    assert roles[Role.LEAD] == 2 and roles[Role.ADMIN] == 1 and roles[Role.AGENT] >= 6
    assert len({agent.password_hash for agent in agents}) == 1
    assert agents[0].password_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(agents[0].password_hash, DEMO_PASSWORD)
    assert summary.tables["teams"] == 2
    assert audit and audit[-1].action == "demo.seed"
    assert {entry.action for entry in audit[:-1]} == {"customer.reveal"}


def test_the_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    dumps = []
    summaries = []
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        with migrated(sqlite_url(tmp_path / name)) as database:
            summaries.append(seed_database(database, scale=60, seed=7))
            dumps.append(canonical_dump(database))
    assert summaries[0] == summaries[1]
    assert dumps[0] == dumps[1]
    assert dumps[0]["messages"]


def test_a_different_seed_gives_different_data(tmp_path: Path) -> None:
    dumps = []
    for seed in (1, 2):
        (tmp_path / str(seed)).mkdir()
        with migrated(sqlite_url(tmp_path / str(seed))) as database:
            seed_database(database, scale=40, seed=seed)
            dumps.append(canonical_dump(database))
    for table in ("customers", "transactions", "conversations", "messages"):
        assert dumps[0][table] != dumps[1][table]


def test_a_seeded_database_is_refused(seeded: tuple[Database, SeedSummary]) -> None:
    database, summary = seeded
    with pytest.raises(SeedError, match="already has conversations"):
        seed_database(database, scale="small")
    with database.read() as session:
        assert (
            session.scalar(select(func.count()).select_from(Message)) == summary.tables["messages"]
        )


def test_an_integer_scale_counts_conversations(sqlite_db: Database) -> None:
    lines: list[str] = []
    summary = seed_database(sqlite_db, scale=37, seed=3, progress=lines.append)
    assert summary.conversations == 37
    assert summary.tables["conversations"] == 37
    assert summary.tables["messages"] == 370
    assert lines and "37/37" in "\n".join(lines)
    assert "37 conversations" in summary.describe()


@pytest.mark.parametrize("scale", ["huge", 0, -5, "0", 2.5])
def test_a_bad_scale_is_refused(scale: Any) -> None:
    with pytest.raises(SeedError):
        conversation_count(scale)


def test_scales_and_reference_time() -> None:
    assert conversation_count("small") == 200
    assert conversation_count("large") == 100_000
    assert conversation_count("1234") == 1234
    assert reference_now(0) == reference_now(0) == datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
    assert reference_now(1) != reference_now(0)


def test_now_moves_the_whole_desk(sqlite_db: Database) -> None:
    with pytest.raises(SeedError, match="aware"):
        seed_database(sqlite_db, scale=20, now=datetime(2027, 1, 4, 9, 0))
    now = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    summary = seed_database(sqlite_db, scale=20, now=now)
    assert summary.now == now
    with sqlite_db.read() as session:
        latest = session.scalar(select(func.max(Conversation.last_message_at)))
    assert latest is not None
    assert now - timedelta(days=200) < latest <= now


def test_seeding_works_on_both_databases(any_db: Database) -> None:
    summary = seed_database(any_db, scale=50, seed=5)
    with any_db.read() as session:
        counted = {
            table.name: session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
            if table.name in summary.tables
        }
        account = session.scalars(select(WalletAccount).order_by(WalletAccount.id)).first()
        assert account is not None and account.created_at.tzinfo is not None
    assert counted == summary.tables
    # Ids were chosen by the seed; the database must still hand out fresh ones after it.
    with any_db.write() as session:
        customer = Customer(name="新客户", phone="+8613900000000", email=None)
        session.add(customer)
        session.flush()
        assert customer.id > summary.tables["customers"]


def test_postgresql_holds_the_same_data_as_sqlite(sqlite_db: Database, postgres: Database) -> None:
    seed_database(sqlite_db, scale=30, seed=11)
    seed_database(postgres, scale=30, seed=11)
    assert canonical_dump(postgres) == canonical_dump(sqlite_db)


def test_staff_created_before_the_seed_is_kept(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        session.add(Agent(username="admin", display_name="Ops", role=Role.ADMIN, password_hash="x"))
    summary = seed_database(sqlite_db, scale=20)
    assert summary.tables["agents"] == len(DEMO_AGENTS) - 1
    with sqlite_db.read() as session:
        admin = session.scalars(select(Agent).where(Agent.username == "admin")).one()
        assert (admin.display_name, admin.password_hash) == ("Ops", "x")
        assert session.scalar(select(func.count()).select_from(Agent)) == len(DEMO_AGENTS)
