"""Every model round-trips on SQLite and PostgreSQL with exact money and UTC times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    AccountStatus,
    Agent,
    AuditEntry,
    CallDirection,
    CallLog,
    CallOutcome,
    Channel,
    Conversation,
    ConversationStatus,
    ConversationTag,
    Customer,
    Event,
    FailureCode,
    Language,
    Message,
    MessageDirection,
    Priority,
    Role,
    SocialHandle,
    SocialPlatform,
    Team,
    Template,
    Transaction,
    TransactionStatus,
    TransactionType,
    WalletAccount,
)

SHANGHAI = timezone(timedelta(hours=8))
WHEN = datetime(2026, 11, 3, 9, 30, 15, 123456, tzinfo=SHANGHAI)


def populate(database: Database) -> dict[str, int]:
    with database.write() as session:
        team = Team(name="钱包支持")
        lead = Agent(
            username="lead.li",
            display_name="李静",
            role=Role.LEAD,
            team=team,
            password_hash="x",
            language=Language.ZH,
        )
        customer = Customer(
            name="王小明", phone="+8613800138000", email="xm@example.cn", language=Language.ZH
        )
        customer.handles.append(SocialHandle(platform=SocialPlatform.WEIBO, handle="@xiaoming"))
        account = WalletAccount(
            customer=customer,
            wallet_id="W-0001",
            account_number="6222020200112233445",
            status=AccountStatus.FROZEN,
            balance=Decimal("12345678.91"),
            currency="CNY",
            kyc_level=2,
            two_step_enabled=False,
            password_changed_at=WHEN - timedelta(days=200),
            last_login_at=WHEN,
        )
        transaction = Transaction(
            reference="TX20261103A1B2C3",
            account=account,
            type=TransactionType.TRANSFER_OUT,
            amount=Decimal("0.1"),
            currency="CNY",
            counterparty="张三",
            status=TransactionStatus.FAILED,
            failure_code=FailureCode.WRONG_PAYMENT_PASSWORD,
            created_at=WHEN,
        )
        conversation = Conversation(
            customer=customer,
            channel=Channel.EMAIL,
            status=ConversationStatus.PENDING,
            priority=Priority.HIGH,
            subject="转账失败",
            assignee=lead,
            team=team,
            sla_due_at=WHEN + timedelta(hours=24),
            created_at=WHEN,
            last_message_at=WHEN,
        )
        conversation.tags.append(ConversationTag(tag="failed_transaction"))
        message = Message(
            conversation=conversation,
            direction=MessageDirection.IN,
            text="我的转账为什么失败了?",
            html="<p>我的转账为什么失败了?</p>",
            external_id="<abc@mail.example.cn>",
            meta={"from": "xm@example.cn", "subject": "转账失败"},
            created_at=WHEN,
        )
        reply = Message(
            conversation=conversation,
            direction=MessageDirection.OUT,
            text="您好",
            author=lead,
            client_message_id="c-1",
        )
        call = CallLog(
            call_id="asterisk-1700000000.1",
            customer_id=None,
            direction=CallDirection.INBOUND,
            from_number="+8613800138000",
            to_number="+864008001234",
            started_at=WHEN,
            duration_seconds=95,
            outcome=CallOutcome.ANSWERED,
            notes="客户询问支付密码",
        )
        session.add_all([transaction, message, reply, call])
        session.flush()
        session.add(
            Template(
                key="greeting",
                language=Language.EN,
                title="Hi",
                category="c",
                shortcut="hi",
                body="Hello {customer_name}",
            )
        )
        session.add(
            AuditEntry(
                actor_agent_id=lead.id,
                action="reveal",
                target_type="customer",
                target_id=str(customer.id),
                detail={"field": "phone"},
            )
        )
        session.add(
            Event(
                type="conversation.updated",
                team_id=team.id,
                conversation_id=conversation.id,
                payload={"status": "pending"},
            )
        )
        return {"conversation": conversation.id, "account": account.id, "call": call.id}


def test_every_model_round_trips(any_db: Database) -> None:
    ids = populate(any_db)
    with any_db.read() as session:
        conversation = session.get_one(Conversation, ids["conversation"])
        assert conversation.channel is Channel.EMAIL
        assert conversation.customer.handles[0].handle == "@xiaoming"
        assert [tag.tag for tag in conversation.tags] == ["failed_transaction"]
        assert conversation.assignee is not None and conversation.assignee.role is Role.LEAD
        assert [m.direction for m in conversation.messages] == [
            MessageDirection.IN,
            MessageDirection.OUT,
        ]
        assert conversation.messages[0].meta["subject"] == "转账失败"
        assert conversation.created_at == WHEN
        assert conversation.created_at.tzinfo is not None
        assert conversation.created_at.utcoffset() == timedelta(0)

        account = session.get_one(WalletAccount, ids["account"])
        assert account.balance == Decimal("12345678.91")
        assert isinstance(account.balance, Decimal)
        assert account.status is AccountStatus.FROZEN
        transaction = session.scalars(select(Transaction)).one()
        assert transaction.amount == Decimal("0.10")
        assert transaction.failure_code is FailureCode.WRONG_PAYMENT_PASSWORD

        call = session.get_one(CallLog, ids["call"])
        assert call.started_at == WHEN and call.outcome is CallOutcome.ANSWERED
        assert session.scalars(select(Event.seq)).one() >= 1
        assert session.scalars(select(AuditEntry.detail)).one() == {"field": "phone"}


def test_money_sums_exactly_in_sql(any_db: Database) -> None:
    populate(any_db)
    with any_db.write() as session:
        account = session.scalars(select(WalletAccount)).one()
        for index in range(10):
            session.add(
                Transaction(
                    reference=f"TX-SUM-{index}",
                    account=account,
                    type=TransactionType.PAYMENT,
                    amount=Decimal("0.1"),
                    currency="CNY",
                    counterparty="shop",
                    status=TransactionStatus.COMPLETED,
                )
            )
    with any_db.read() as session:
        rows = session.scalars(
            select(Transaction.amount).where(Transaction.reference.like("TX-SUM-%"))
        ).all()
        assert sum(rows, Decimal(0)) == Decimal("1.00")


@pytest.mark.parametrize("bad", [0.1, Decimal("0.00001")])
def test_money_refuses_floats_and_excess_precision(sqlite_db: Database, bad: object) -> None:
    with pytest.raises(StatementError), sqlite_db.write() as session:
        session.add(Customer(name="x", language=Language.EN))
        session.flush()
        session.add(
            WalletAccount(
                customer_id=1,
                wallet_id="w",
                account_number="1",
                balance=bad,
                password_changed_at=WHEN,
            )
        )


def test_naive_datetimes_are_refused(sqlite_db: Database) -> None:
    with pytest.raises(StatementError, match="naive"), sqlite_db.write() as session:
        session.add(Team(name="t", created_at=datetime(2026, 1, 1)))


def test_stale_conversation_update_is_refused(any_db: Database) -> None:
    """A change made from an outdated copy fails instead of overwriting a newer one."""
    ids = populate(any_db)
    with any_db.read() as session:
        stale = session.get_one(Conversation, ids["conversation"])
    with any_db.write() as session:
        session.get_one(Conversation, ids["conversation"]).priority = Priority.URGENT
    with pytest.raises(StaleDataError), any_db.write() as session:
        outdated = session.merge(stale, load=False)
        outdated.priority = Priority.LOW
    with any_db.read() as session:
        current = session.get_one(Conversation, ids["conversation"])
        assert (current.priority, current.version) == (Priority.URGENT, 2)


def test_client_message_id_is_unique(any_db: Database) -> None:
    ids = populate(any_db)
    with pytest.raises(IntegrityError), any_db.write() as session:
        session.add(
            Message(
                conversation_id=ids["conversation"],
                direction=MessageDirection.OUT,
                text="again",
                client_message_id="c-1",
            )
        )


def test_foreign_keys_are_enforced(any_db: Database) -> None:
    with pytest.raises(IntegrityError), any_db.write() as session:
        session.add(Conversation(customer_id=999, channel=Channel.CHAT))


def test_times_read_back_in_utc(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        session.add(Team(name="t", created_at=WHEN))
    with sqlite_db.read() as session:
        created = session.scalars(select(Team.created_at)).one()
    assert created.tzinfo is UTC and created == WHEN
