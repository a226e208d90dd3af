"""Suggestions: the latest failed transaction first, filled in; then what the customer asks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    Customer,
    FailureCode,
    Language,
    MessageDirection,
    TransactionStatus,
    WalletAccount,
)
from agentdesk.services.errors import NotFound
from agentdesk.services.template_catalog import load_templates
from agentdesk.services.template_suggestions import (
    TEMPLATE_FOR_FAILURE,
    Suggestion,
    match_keywords,
    suggest_templates,
)
from tests.helpers.desk import DeskBuilder

CATALOG = load_templates()
FAILED = TransactionStatus.FAILED
ACCOUNT_NUMBER = "6222020200112233445"


@dataclass
class Thread:
    conversation_id: int
    references: dict[str, str]  # a label chosen by the test -> transaction reference


def thread(
    database: Database,
    *messages: str | tuple[MessageDirection, str],
    failures: tuple[tuple[str, FailureCode], ...] = (),
    language: Language = Language.ZH,
    amount: Decimal = Decimal("1234.50"),
    assignee: bool = True,
) -> Thread:
    """A customer with one wallet account, failed transactions oldest first (with a newer
    completed one after them) and a conversation with `messages` (inbound unless marked)."""
    with database.write() as session:
        desk = DeskBuilder(session)
        agent = desk.agent(name="amy") if assignee else None
        customer: Customer = desk.customer(name="王小明")
        customer.language = language
        account: WalletAccount = desk.account(customer, number=ACCOUNT_NUMBER)
        references = {
            label: desk.transaction(
                account, status=FAILED, failure_code=code, amount=amount
            ).reference
            for label, code in failures
        }
        desk.transaction(account)  # a newer transaction that went through
        conversation = desk.conversation(customer=customer, assignee=agent)
        for message in messages:
            direction, text = (
                message if isinstance(message, tuple) else (MessageDirection.IN, message)
            )
            desk.message(conversation, text, direction=direction)
        return Thread(conversation.id, references)


def suggest(database: Database, conversation_id: int, limit: int = 5) -> list[Suggestion]:
    with database.read() as session:
        return suggest_templates(session, conversation_id, CATALOG, limit=limit)


def keys(suggestions: list[Suggestion]) -> list[str]:
    return [suggestion.key for suggestion in suggestions]


@pytest.mark.parametrize("code", list(FailureCode))
def test_the_latest_failed_transaction_is_answered_first_and_quoted(
    any_db: Database, code: FailureCode
) -> None:
    older = FailureCode.OTHER if code is not FailureCode.OTHER else FailureCode.NETWORK_ERROR
    made = thread(any_db, "你好，请帮我看一下", failures=(("older", older), ("latest", code)))
    top, *rest = suggest(any_db, made.conversation_id)

    assert top.key == TEMPLATE_FOR_FAILURE[code]
    assert top.transaction_reference == made.references["latest"]
    assert top.transaction_id is not None
    assert made.references["latest"] in top.rendered.text
    assert "¥1,234.50" in top.rendered.text
    assert top.rendered.language is Language.ZH and top.rendered.missing == ()
    assert made.references["latest"] in top.reason
    assert top.key not in keys(rest)


def test_an_english_customer_gets_english_amounts(any_db: Database) -> None:
    made = thread(
        any_db,
        "My transfer failed",
        failures=(("t", FailureCode.SECURITY_LIMIT),),
        language=Language.EN,
        amount=Decimal("88"),
    )
    top = suggest(any_db, made.conversation_id)[0]
    assert top.key == "txn_security_limit"
    assert top.rendered.language is Language.EN
    assert (
        "CN¥88.00" in top.rendered.text
        and "reached a transaction security limit" in top.rendered.text
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我忘记密码了，怎么重置？", "password_reset"),
        ("收不到验证码怎么办", "password_code_missing"),
        ("我的账户好像被盗了", "security_suspicious_activity"),
        ("怎么开启两步验证？", "security_two_step"),
        ("怎样保护账户安全", "security_overview"),
        ("我要投诉你们的服务", "complaint_ack"),
        ("应用一打开就闪退，这是故障吗", "feedback_technical_ack"),
        ("客服热线几点上班？", "contact_channels_hours"),
        ("转账提示余额不足", "txn_insufficient_balance"),
        ("支付密码输错了", "txn_wrong_payment_password"),
        ("网络不好，交易没成功", "txn_network_error"),
        ("转账超过限额了", "txn_security_limit"),
        ("I forgot my password, how do I reset it?", "password_reset"),
        ("My account was hacked!", "security_suspicious_activity"),
        ("How do I turn on 2FA?", "security_two_step"),
        ("Is my account secure?", "security_overview"),
        ("I want to complain about your service", "complaint_ack"),
        ("The app keeps crashing, looks like a bug", "feedback_technical_ack"),
        ("What are your hotline hours?", "contact_channels_hours"),
        ("Payment failed: insufficient funds", "txn_insufficient_balance"),
        ("It says wrong payment password", "txn_wrong_payment_password"),
        ("Network timeout when paying", "txn_network_error"),
        ("I hit the daily limit", "txn_security_limit"),
    ],
)
def test_the_customers_words_point_at_a_template(
    any_db: Database, text: str, expected: str
) -> None:
    made = thread(any_db, text)
    suggestions = suggest(any_db, made.conversation_id)
    assert suggestions[0].key == expected
    assert len(keys(suggestions)) == len(set(keys(suggestions)))


def test_a_phrase_counts_for_its_most_specific_template_only() -> None:
    assert match_keywords(["我的支付密码忘了", "unlimited"]) == {
        "txn_wrong_payment_password": ["支付密码"]
    }
    assert match_keywords(["忘记密码", "PASSWORD"]) == {
        "password_reset": ["password", "忘记", "密码"]
    }
    assert match_keywords(["公共网络安全吗"]) == {
        "security_public_wifi": ["公共网络"],
        "security_overview": ["安全"],
    }


def test_a_failed_transaction_mentioned_without_one_on_file_offers_the_family(
    any_db: Database,
) -> None:
    made = thread(any_db, "我的转账失败了，怎么办？")
    suggestions = suggest(any_db, made.conversation_id)
    assert set(keys(suggestions)) == set(TEMPLATE_FOR_FAILURE.values())
    for suggestion in suggestions:
        assert suggestion.transaction_id is None
        assert "transaction_id" in suggestion.rendered.missing  # refused until one is chosen


def test_a_keyword_template_is_filled_from_that_kind_of_failure(any_db: Database) -> None:
    made = thread(
        any_db,
        "上次余额不足没付成功",
        failures=(
            ("balance", FailureCode.INSUFFICIENT_BALANCE),
            ("net", FailureCode.NETWORK_ERROR),
        ),
    )
    first, second = suggest(any_db, made.conversation_id)[:2]
    assert (first.key, first.transaction_reference) == ("txn_network_error", made.references["net"])
    assert (second.key, second.transaction_reference) == (
        "txn_insufficient_balance",
        made.references["balance"],
    )
    assert made.references["balance"] in second.rendered.text and second.rendered.missing == ()


def test_only_messages_still_awaiting_a_reply_count(any_db: Database) -> None:
    made = thread(
        any_db,
        "我要投诉",
        (MessageDirection.OUT, "非常抱歉，已为您记录"),
        (MessageDirection.NOTE, "客户很生气，可能还会投诉"),
        "另外，怎么重置密码？",
    )
    suggestions = suggest(any_db, made.conversation_id)
    assert keys(suggestions) == ["password_reset"]  # no complaint, no greeting: already replied


def test_a_new_conversation_is_offered_a_greeting_signed_by_its_agent(any_db: Database) -> None:
    made = thread(any_db, "你好")
    (greeting,) = suggest(any_db, made.conversation_id)
    assert greeting.key == "greeting"
    assert (
        greeting.rendered.text
        == "王小明您好，我是tpWallet客服Amy，很高兴为您服务。请问有什么可以帮您？"
    )


def test_an_unassigned_conversation_reports_the_missing_agent(any_db: Database) -> None:
    made = thread(any_db, "hello", assignee=False)
    (greeting,) = suggest(any_db, made.conversation_id)
    assert greeting.rendered.missing == ("agent_name",) and "{agent_name}" in greeting.rendered.text


def test_suggestions_are_ranked_unique_and_bounded(any_db: Database) -> None:
    made = thread(
        any_db,
        "转账失败了！余额不足？支付密码？网络？限额？我要投诉，还有闪退的bug，热线几点？",
        failures=(("t", FailureCode.NETWORK_ERROR),),
    )
    everything = suggest(any_db, made.conversation_id, limit=50)
    assert len(keys(everything)) == len(set(keys(everything))) > 5
    assert [s.score for s in everything] == sorted((s.score for s in everything), reverse=True)
    assert everything[0].key == "txn_network_error"
    bounded = suggest(any_db, made.conversation_id, limit=3)
    assert keys(bounded) == keys(everything)[:3]
    assert len(suggest(any_db, made.conversation_id)) == 5


def test_an_unknown_conversation_is_not_found(sqlite_db: Database) -> None:
    with sqlite_db.read() as session, pytest.raises(NotFound):
        suggest_templates(session, 424242, CATALOG)
