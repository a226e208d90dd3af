"""Search over the whole desk: recall in Chinese and English, hostile text, permissions,
filters, paging, snippets, and an index that never drifts from the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    CallLog,
    CallOutcome,
    Channel,
    Conversation,
    ConversationStatus,
    ConversationTag,
    Customer,
    Message,
    SearchDoc,
    SocialPlatform,
    Transaction,
    TransactionStatus,
)
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services import identity, search_index
from agentdesk.services.actor import Actor
from agentdesk.services.errors import ServiceError
from agentdesk.services.search import (
    SearchPage,
    SearchSyntaxError,
    clauses,
    find,
    fts5_expression,
    search,
    tsquery_text,
)
from agentdesk.services.search_query import parse_query
from tests.helpers.desk import NOW, Cast, DeskBuilder, cast


@dataclass
class Library:
    """A small desk whose every document is labelled: which queries must find it."""

    database: Database
    people: Cast
    keys: dict[str, tuple[str, int]]  # label → (kind, source id)
    conversations: dict[str, int]
    customers: dict[str, int]

    def actor(self, who: str) -> Actor:
        return Actor.of(getattr(self.people, who))


def build_library(database: Database) -> Library:
    keys: dict[str, tuple[str, int]] = {}
    conversations: dict[str, int] = {}
    customers: dict[str, int] = {}
    with database.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        lilei = desk.customer(
            name="李雷", phone="+8613812345678", email="li.lei@example.com",
            handles=[(SocialPlatform.X, "@lilei_wallet")],
        )  # fmt: skip
        emma = desk.customer(name="Emma Clark", phone="+447700900123", email="emma@example.org")
        wang = desk.customer(name="王芳", phone="+8613900001111", email=None)
        customers.update(lilei=lilei.id, emma=emma.id, wang=wang.id)
        account = desk.account(lilei, number="6222020200001234567")
        failed = desk.transaction(
            account, status=TransactionStatus.FAILED, amount=Decimal("1234.50")
        )
        desk.transaction(account, amount=Decimal("88.00"))
        keys["txn"] = ("transaction", failed.id)
        keys["lilei"] = ("customer", lilei.id)
        keys["emma"] = ("customer", emma.id)

        chat = desk.conversation(
            customer=lilei, team=people.team_a, assignee=people.agent_a, tags=["complaint"]
        )
        conversations["chat"] = chat.id
        for label, text in [
            ("password", "我忘记了支付密码，怎么重置？"),
            ("transfer", "昨天的转账失败了，余额却扣了"),
            ("balance", "余额显示不对"),
            ("txn_mention", f"交易号 {failed.reference} 一直显示处理中"),
            ("phone_text", "请回电 138-1234-5678"),
            ("hostile", "I typed ' OR 1=1 -- into the form and NEAR(密码 转账) too"),
        ]:
            keys[label] = ("message", desk.message(chat, text).id)
        email = desk.conversation(
            customer=emma, team=people.team_a, channel=Channel.EMAIL,
            subject="Payment failed at checkout", status=ConversationStatus.PENDING,
        )  # fmt: skip
        conversations["email"] = email.id
        keys["email_subject"] = ("conversation", email.id)
        keys["failed"] = ("message", desk.message(email, "My payment failed twice today.").id)
        keys["failing"] = ("message", desk.message(email, "The app keeps failing when I pay").id)
        keys["reset"] = ("message", desk.message(email, "How do I reset my payment password?").id)
        phone = desk.conversation(customer=wang, team=people.team_b, assignee=people.agent_b)
        conversations["phone"] = phone.id
        call = desk.call(phone, from_number="+8613900001111", outcome=CallOutcome.ANSWERED)
        call.notes = "客户反映账户被冻结，已提交解冻申请"
        keys["call"] = ("call", call.id)
        keys["frozen"] = ("message", desk.message(phone, "我的钱包被冻结了").id)
        old = desk.conversation(customer=emma, team=people.team_a, channel=Channel.SOCIAL)
        conversations["old"] = old.id
        keys["old"] = (
            "message",
            desk.message(old, "transfer question", created_at=NOW - timedelta(days=40)).id,
        )
    return Library(database, people, keys, conversations, customers)


@pytest.fixture
def library(any_db: Database) -> Library:
    return build_library(any_db)


def found(library: Library, query: str, who: str = "lead_a", **kwargs: object) -> set[str]:
    """The labels of what `query` finds for `who` (every page)."""
    labels = {key: label for label, key in library.keys.items()}
    hits: set[str] = set()
    with library.database.read() as session:
        cursor = None
        while True:
            page: SearchPage = search(
                session,
                library.actor(who),
                query,
                cursor=cursor,
                limit=3,
                **kwargs,  # type: ignore[arg-type]
            )
            hits |= {labels.get((hit.kind, hit.source_id), f"?{hit.kind}") for hit in page.hits}
            cursor = page.next_cursor
            if cursor is None:
                return hits


# Query → labels it must find (recall), as the admin who sees everything.
LABELLED = [
    ("密码", {"password"}),
    ("支付密码", {"password"}),
    ("转账", {"transfer"}),
    ("余额", {"transfer", "balance"}),
    ("冻结", {"call", "frozen"}),
    ("解冻申请", {"call"}),
    ("李雷", {"lilei"}),
    ("fail", {"failed", "failing", "email_subject"}),
    ("failed", {"failed", "failing", "email_subject"}),
    ("failing", {"failed", "failing", "email_subject"}),
    ('"payment password"', {"reset"}),
    ("password", {"reset"}),
    ("complaint", {"?conversation"}),
    ("5678", {"lilei", "phone_text"}),
    ("138 1234", {"lilei", "phone_text"}),
    ("(139) 0000-1111", {"call", "?customer"}),
    ("li.lei@example.com", {"lilei"}),
    ("@lilei_wallet", {"lilei"}),
    ("6222020200001234567", {"lilei"}),
    ("1234.50", {"txn"}),
    ("amount:1234.50", {"txn"}),
]


@pytest.mark.parametrize(("query", "expected"), LABELLED, ids=[q for q, _ in LABELLED])
def test_recall_on_the_labelled_set(library: Library, query: str, expected: set[str]) -> None:
    assert expected <= found(library, query, "admin")


def test_a_transaction_id_finds_the_transaction_and_the_messages_naming_it(
    library: Library,
) -> None:
    with library.database.read() as session:
        reference = session.scalar(
            select(Message.text).where(Message.id == library.keys["txn_mention"][1])
        )
    assert reference is not None
    tx = reference.split()[1]
    assert found(library, tx, "admin") == {"txn", "txn_mention"}
    assert found(library, f"txn:{tx}", "admin") == {"txn", "txn_mention"}
    assert found(library, f"txn:{tx[:10]}", "admin") >= {"txn", "txn_mention"}


def test_words_must_all_match_and_phrases_keep_their_order(library: Library) -> None:
    # The failed transaction is a payment that failed, too.
    assert found(library, "payment failed", "admin") == {"failed", "email_subject", "txn"}
    assert found(library, '"failed payment"', "admin") == set()
    assert found(library, "密码 余额", "admin") == set()
    assert found(library, "密错", "admin") == set()  # not a word of any text


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        "NEAR(密码 转账)",
        '"unbalanced',
        "密码 OR 余额",
        "fail*",
        "-fail",
        "^fail",
        "terms:fail",
        "'; DROP TABLE messages; --",
        "\\",
        '""',
        "a:b:c",
        "(((",
        "{terms}: fail",
    ],
)
def test_queries_that_look_like_injection_are_only_text(library: Library, query: str) -> None:
    with library.database.read() as session:
        before = session.scalar(select(func.count()).select_from(Message))
        search(session, library.actor("admin"), query)  # never a database error
        assert session.scalar(select(func.count()).select_from(Message)) == before


def test_hostile_text_finds_itself(library: Library) -> None:
    assert "hostile" in found(library, "' OR 1=1 --", "admin")
    assert found(library, "NEAR(密码 转账)", "admin") == {"hostile"}
    assert found(library, '"typed \' OR 1=1"', "admin") == {"hostile"}


def test_the_expressions_quote_every_term() -> None:
    query = parse_query('密码 "pay now" 138-0013 钱')
    assert (
        fts5_expression(clauses(query))
        == '"密码" AND "钱" * AND "pay now" AND "n1380 n3800 n8001 n0013"'
    )
    assert tsquery_text(clauses(query)) == (
        "'密码' & '钱':* & ('pay' <-> 'now') & ('n1380' <-> 'n3800' <-> 'n8001' <-> 'n0013')"
    )


def test_bad_filters_get_a_clear_message(library: Library) -> None:
    with library.database.read() as session:
        for query, message in [
            ("channel:fax", "channel: is one of"),
            ("before:yesterday", "before: expects a day"),
            ("agent:nobody", "no agent is called"),
            ("amount:lots", "amount: expects an amount"),
        ]:
            with pytest.raises(SearchSyntaxError, match=message):
                search(session, library.actor("admin"), query)
            with pytest.raises(ServiceError) as refused:
                find(session, library.actor("admin"), query)
            assert refused.value.code is ErrorCode.INVALID_QUERY
        with pytest.raises(SearchSyntaxError, match="expired"):
            search(session, library.actor("admin"), "密码", cursor="not-a-cursor")


# ------------------------------------------------------------------ permissions


def test_search_returns_only_what_the_agent_may_see(library: Library) -> None:
    # amy (team A) sees team A's conversations and the customers and transactions
    # of customers she has a conversation with; bob (team B) sees Wang's phone call.
    assert found(library, "冻结", "agent_a") == set()
    assert found(library, "冻结", "agent_b") == {"call", "frozen"}
    assert found(library, "李雷", "agent_b") == set()
    assert found(library, "1234.50", "agent_b") == set()
    assert found(library, "5678", "agent_b") == set()
    assert found(library, "李雷", "agent_a") == {"lilei"}
    assert found(library, "1234.50", "agent_a") == {"txn"}
    assert found(library, "余额", "agent_b") == set()
    assert found(library, "余额", "agent_a2") == {"transfer", "balance"}
    assert found(library, "余额", "lead_b") == {"transfer", "balance"}  # leads see every team
    assert found(library, "冻结", "admin") == {"call", "frozen"}


def test_an_agent_sees_what_is_assigned_to_them_in_another_team(library: Library) -> None:
    with library.database.write() as session:
        phone = session.get_one(Conversation, library.conversations["phone"])
        phone.assignee_id = library.people.agent_a.id
    assert found(library, "冻结", "agent_a") == {"call", "frozen"}


# ------------------------------------------------------------------ filters and scope


def test_filters(library: Library) -> None:
    assert found(library, "channel:email fail", "admin") == {"failed", "failing", "email_subject"}
    assert found(library, "channel:chat fail", "admin") == set()
    assert found(library, "status:pending password", "admin") == {"reset"}
    assert found(library, "status:open password", "admin") == set()
    assert found(library, "agent:amy 余额", "admin") == {"transfer", "balance"}
    assert found(library, "agent:Bob 余额", "admin") == set()
    assert found(library, "transfer before:2026-10-01", "admin") == {"old"}
    day = (NOW - timedelta(days=1)).date().isoformat()
    assert found(library, f"transfer after:{day}", "admin") == set()
    assert "transfer" in found(library, f"转账 after:{day}", "admin")
    assert found(library, "channel:email", "admin") >= {"failed", "failing", "reset"}


def test_the_history_tab_searches_one_customer(library: Library) -> None:
    emma, lilei = library.customers["emma"], library.customers["lilei"]
    assert found(library, "transfer", "admin", customer_id=emma) == {"old"}
    assert found(library, "转账", "admin", customer_id=emma) == set()
    assert found(library, "转账", "admin", customer_id=lilei) == {"transfer", "hostile"}
    assert found(library, "1234.50", "admin", customer_id=lilei) == {"txn"}


def test_an_empty_query_finds_nothing(library: Library) -> None:
    with library.database.read() as session:
        for query in ("", "   ", "!!!", "，。"):
            assert search(session, library.actor("admin"), query).hits == []


# ------------------------------------------------------------------ results


def test_pages_follow_each_other_without_repeats(library: Library) -> None:
    with library.database.write() as session:
        desk = DeskBuilder(session)
        conversation = desk.conversation(team=library.people.team_a)
        for n in range(23):
            desk.message(conversation, f"退款 第{n}次" + " 退款" * (n % 4))
    with library.database.read() as session:
        seen: list[int] = []
        scores: list[float] = []
        cursor = None
        while True:
            page = search(session, library.actor("agent_a"), "退款", cursor=cursor, limit=5)
            seen += [hit.doc_id for hit in page.hits]
            scores += [hit.score for hit in page.hits]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == 23
        assert scores == sorted(scores, reverse=True)  # best first, across pages
        assert page.matched == 23 and not page.capped


def test_hits_carry_a_snippet_with_the_matches_marked(library: Library) -> None:
    with library.database.read() as session:
        (hit,) = search(session, library.actor("admin"), "支付密码").hits
        assert hit.kind == "message" and hit.message_id == library.keys["password"][1]
        assert hit.conversation_id == library.conversations["chat"]
        assert hit.customer_name == "李雷" and hit.channel == "chat"
        assert [hit.snippet[a:b] for a, b in hit.highlights] == ["支付密码"]
        (hit,) = [
            h
            for h in search(session, library.actor("admin"), "failing").hits
            if h.kind == "message" and "app" in h.snippet
        ]
        assert [hit.snippet[a:b] for a, b in hit.highlights] == ["failing"]
        (hit,) = [
            h
            for h in search(session, library.actor("admin"), "138 1234").hits
            if h.kind == "message"
        ]
        assert [hit.snippet[a:b] for a, b in hit.highlights] == ["138-1234"]
    long_text = "开头" + "很长的内容" * 100 + "密码在这里" + "后面" * 100
    with library.database.write() as write:
        DeskBuilder(write).message(
            write.get_one(Conversation, library.conversations["chat"]), long_text
        )
    with library.database.read() as session:
        (hit,) = search(session, library.actor("admin"), "在这").hits
        assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
        assert len(hit.snippet) <= 162
        assert [hit.snippet[a:b] for a, b in hit.highlights] == ["在这"]


# ------------------------------------------------------------------ the index follows the data


def test_a_rolled_back_message_was_never_searchable(library: Library) -> None:
    with pytest.raises(RuntimeError), library.database.write() as session:
        DeskBuilder(session).message(
            session.get_one(Conversation, library.conversations["chat"]), "回滚的消息 rollback"
        )
        assert search(session, library.actor("admin"), "rollback").hits  # visible inside
        raise RuntimeError("roll back")
    with library.database.read() as session:
        assert search(session, library.actor("admin"), "rollback").hits == []
        assert session.scalar(select(func.count()).select_from(SearchDoc)) == _document_count(
            session
        )


def test_changes_to_tags_subjects_and_customers_are_searchable_at_once(library: Library) -> None:
    with library.database.write() as session:
        chat = session.get_one(Conversation, library.conversations["chat"])
        chat.tags.append(ConversationTag(tag="technical_feedback"))
        chat.subject = "钱包升级"
        session.get_one(Customer, library.customers["wang"]).name = "王芳芳 Fang"
    assert "?conversation" in found(library, "technical_feedback", "admin")
    assert "?conversation" in found(library, "钱包升级", "admin")
    assert "?customer" in found(library, "fang", "admin")
    with library.database.write() as session:
        chat = session.get_one(Conversation, library.conversations["chat"])
        chat.tags = [t for t in chat.tags if t.tag != "technical_feedback"]
    assert "?conversation" not in found(library, "technical_feedback", "admin")


def test_a_merge_moves_the_history_to_the_surviving_customer(library: Library) -> None:
    emma, lilei = library.customers["emma"], library.customers["lilei"]
    with library.database.write() as session:
        source = session.get_one(Customer, lilei)
        target = session.get_one(Customer, emma)
        identity.merge(session, source, target, NOW)
    # Messages (their conversations moved), transactions (their account moved by a Core
    # UPDATE) and the customer's own numbers all answer for the surviving customer now.
    assert found(library, "转账", "admin", customer_id=emma) == {"transfer", "hostile"}
    assert found(library, "1234.50", "admin", customer_id=emma) == {"txn"}
    assert found(library, "转账", "admin", customer_id=lilei) == set()
    assert found(library, "1234.50", "admin", customer_id=lilei) == set()
    assert "lilei" not in found(library, "李雷", "admin")  # the merged-away customer is gone
    assert "emma" in found(library, "li.lei@example.com", "admin")
    assert "emma" in found(library, "6222020200001234567", "admin")


def test_a_deleted_conversation_leaves_no_documents(library: Library) -> None:
    with library.database.write() as session:
        conversation = DeskBuilder(session).conversation(subject="短命的主题")
        conversation_id = conversation.id
    assert found(library, "短命", "admin") == {"?conversation"}
    with library.database.write() as session:
        session.delete(session.get_one(Conversation, conversation_id))
    assert found(library, "短命", "admin") == set()


def test_reindex_rebuilds_the_same_index(library: Library) -> None:
    before = {query: found(library, query, "admin") for query, _ in LABELLED}
    with library.database.read() as session:
        documents = session.scalar(select(func.count()).select_from(SearchDoc))
    done = search_index.reindex(library.database)
    assert sum(done.documents.values()) == documents
    assert {query: found(library, query, "admin") for query, _ in LABELLED} == before
    # ...and the index keeps following the data after a rebuild.
    with library.database.write() as session:
        DeskBuilder(session).message(
            session.get_one(Conversation, library.conversations["email"]), "after the rebuild"
        )
    assert found(library, "rebuild", "admin") == {"?message"}


def test_a_database_without_documents_says_it_needs_a_reindex(library: Library) -> None:
    with library.database.read() as session:
        assert not search_index.index_is_missing(session)
    with library.database.write() as session:
        session.execute(SearchDoc.__table__.delete())
        assert search_index.index_is_missing(session)


def _document_count(session: Session) -> int:
    """What the index should hold: one document per source row that has text."""
    count = sum(
        session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Message, CallLog, Transaction)
    )
    count += (
        session.scalar(
            select(func.count()).select_from(Customer).where(Customer.merged_into_id.is_(None))
        )
        or 0
    )
    count += (
        session.scalar(
            select(func.count(func.distinct(Conversation.id)))
            .select_from(Conversation)
            .outerjoin(ConversationTag)
            .where((Conversation.subject != "") | ConversationTag.tag.is_not(None))
        )
        or 0
    )
    return count
