"""Quick test data: `DeskBuilder(session)` makes teams, agents, customers, wallets, threads."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

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
    Transaction,
    TransactionStatus,
    TransactionType,
    WalletAccount,
)
from agentdesk.services.actor import Actor

T = TypeVar("T")
NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


class DeskBuilder:
    """Every method adds one row with sensible defaults, flushes so its id is known, and
    returns it. Times come from a fixed clock (`now`) and, for conversations, messages and
    transactions, a counter ticking one second per row, so newest-first orders are
    predictable. Use inside `database.write()`; ids stay readable afterwards.

        with database.write() as session:
            desk = DeskBuilder(session)
            team = desk.team()
            agent = desk.agent(team=team)
            conversation = desk.conversation(team=team, assignee=agent)
            desk.message(conversation, "我的转账失败了")
        actor = Actor.of(agent)
    """

    def __init__(self, session: Session, *, now: datetime = NOW) -> None:
        self.session = session
        self.now = now
        self._numbers = itertools.count(1)
        self._ticks = itertools.count(1)

    def _add(self, row: T) -> T:
        self.session.add(row)
        self.session.flush()
        return row

    def _n(self) -> int:
        return next(self._numbers)

    def tick(self) -> datetime:
        """A time before `now` that grows by one second per call."""
        return self.now - timedelta(days=1) + timedelta(seconds=next(self._ticks))

    def team(self, name: str | None = None) -> Team:
        return self._add(Team(name=name or f"team-{self._n()}"))

    def agent(
        self,
        *,
        role: Role = Role.AGENT,
        team: Team | None = None,
        name: str | None = None,
        active: bool = True,
    ) -> Agent:
        username = name or f"{role.value}-{self._n()}"
        return self._add(
            Agent(
                username=username,
                display_name=username.title(),
                role=role,
                team=team,
                password_hash="not-a-hash",
                language=Language.EN,
                active=active,
            )
        )

    @staticmethod
    def actor(agent: Agent) -> Actor:
        return Actor.of(agent)

    def customer(
        self,
        *,
        name: str | None = None,
        phone: str | None = "+8613800138000",
        email: str | None = "xiaoming@example.cn",
        handles: Iterable[tuple[SocialPlatform, str]] = (),
    ) -> Customer:
        customer = Customer(name=name or f"Customer {self._n()}", phone=phone, email=email)
        customer.handles.extend(SocialHandle(platform=p, handle=h) for p, h in handles)
        return self._add(customer)

    def account(
        self,
        customer: Customer,
        *,
        number: str | None = None,
        status: AccountStatus = AccountStatus.ACTIVE,
        balance: Decimal = Decimal("100.00"),
        two_step: bool = True,
        password_age: timedelta = timedelta(days=30),
    ) -> WalletAccount:
        n = self._n()
        return self._add(
            WalletAccount(
                customer=customer,
                wallet_id=f"W-{n:06d}",
                account_number=number or f"62220202{n:011d}",
                status=status,
                balance=balance,
                currency="CNY",
                two_step_enabled=two_step,
                password_changed_at=self.now - password_age,
                last_login_at=self.now - timedelta(hours=2),
            )
        )

    def transaction(
        self,
        account: WalletAccount,
        *,
        created_at: datetime | None = None,
        status: TransactionStatus = TransactionStatus.COMPLETED,
        amount: Decimal = Decimal("12.50"),
        type: TransactionType = TransactionType.PAYMENT,
        failure_code: FailureCode | None = None,
    ) -> Transaction:
        return self._add(
            Transaction(
                reference=f"TX{self._n():012d}",
                account=account,
                type=type,
                amount=amount,
                currency="CNY",
                counterparty="Shop",
                status=status,
                failure_code=failure_code,
                created_at=created_at or self.tick(),
            )
        )

    def conversation(
        self,
        *,
        customer: Customer | None = None,
        team: Team | None = None,
        assignee: Agent | None = None,
        channel: Channel = Channel.CHAT,
        status: ConversationStatus = ConversationStatus.OPEN,
        priority: Priority = Priority.NORMAL,
        tags: Iterable[str] = (),
        last_message_at: datetime | None = None,
        sla_due_at: datetime | None = None,
        snoozed_until: datetime | None = None,
        subject: str = "",
    ) -> Conversation:
        at = last_message_at or self.tick()
        return self._add(
            Conversation(
                customer=customer or self.customer(),
                team=team,
                assignee=assignee,
                channel=channel,
                status=status,
                priority=priority,
                subject=subject,
                tags=[ConversationTag(tag=tag) for tag in tags],
                created_at=at,
                last_message_at=at,
                sla_due_at=sla_due_at,
                snoozed_until=snoozed_until,
            )
        )

    def message(
        self,
        conversation: Conversation,
        text: str = "hello",
        *,
        direction: MessageDirection = MessageDirection.IN,
        author: Agent | None = None,
        client_message_id: str | None = None,
        created_at: datetime | None = None,
    ) -> Message:
        """A message; it does not move the conversation's last_message_at."""
        return self._add(
            Message(
                conversation_id=conversation.id,
                direction=direction,
                text=text,
                author=author,
                client_message_id=client_message_id,
                meta={},
                created_at=created_at or self.tick(),
            )
        )

    def call(
        self,
        conversation: Conversation,
        *,
        from_number: str = "+8613800138000",
        to_number: str = "+862161234567",
        agent: Agent | None = None,
        outcome: CallOutcome = CallOutcome.ANSWERED,
    ) -> CallLog:
        return self._add(
            CallLog(
                call_id=f"call-{self._n()}",
                conversation_id=conversation.id,
                customer_id=conversation.customer_id,
                direction=CallDirection.INBOUND,
                from_number=from_number,
                to_number=to_number,
                started_at=self.tick(),
                duration_seconds=95,
                outcome=outcome,
                agent=agent,
            )
        )


@dataclass(frozen=True)
class Cast:
    """Two teams, A and B, with two agents in A, one in B, a lead each and an admin."""

    team_a: Team
    team_b: Team
    agent_a: Agent
    agent_a2: Agent
    agent_b: Agent
    lead_a: Agent
    lead_b: Agent
    admin: Agent


def cast(desk: DeskBuilder) -> Cast:
    team_a, team_b = desk.team("A"), desk.team("B")
    return Cast(
        team_a=team_a,
        team_b=team_b,
        agent_a=desk.agent(team=team_a, name="amy"),
        agent_a2=desk.agent(team=team_a, name="alan"),
        agent_b=desk.agent(team=team_b, name="bob"),
        lead_a=desk.agent(role=Role.LEAD, team=team_a, name="lena"),
        lead_b=desk.agent(role=Role.LEAD, team=team_b, name="luke"),
        admin=desk.agent(role=Role.ADMIN, name="root"),
    )


def audit_log(database: Database) -> list[AuditEntry]:
    """Every audit entry, oldest first."""
    with database.read() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def event_log(database: Database) -> list[Event]:
    """Every event, in sequence order."""
    with database.read() as session:
        return list(session.scalars(select(Event).order_by(Event.seq)))
