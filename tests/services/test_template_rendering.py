"""Filling templates: values in the customer's language, and nothing missing goes unnoticed."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentdesk.db.models import (
    Conversation,
    Customer,
    FailureCode,
    Language,
    Role,
    Transaction,
    TransactionStatus,
    TransactionType,
    WalletAccount,
)
from agentdesk.services.actor import Actor
from agentdesk.services.template_catalog import (
    PLACEHOLDERS,
    CannedResponse,
    Placeholder,
    TemplateText,
    load_templates,
    placeholders_in,
)
from agentdesk.services.template_rendering import (
    FAILURE_REASONS,
    choose_language,
    render,
    render_context,
)

CATALOG = load_templates()
AMY = Actor(agent_id=7, username="amy", display_name="Amy", role=Role.AGENT, team_id=None)


def canned(zh: str, en: str | None = None) -> CannedResponse:
    return CannedResponse(
        key="probe",
        category="general",
        shortcut="probe",
        texts=MappingProxyType(
            {Language.ZH: TemplateText("t", zh), Language.EN: TemplateText("t", en or zh)}
        ),
        placeholders=placeholders_in(zh),
        source="test",
    )


def wallet_rows() -> tuple[Customer, WalletAccount, Transaction, Conversation]:
    customer = Customer(id=3, name="王小明", language=Language.ZH)
    account = WalletAccount(id=4, customer_id=3, account_number="6222020200112233445")
    transaction = Transaction(
        id=5,
        reference="TX000000000042",
        account_id=4,
        type=TransactionType.TRANSFER_OUT,
        amount=Decimal("1234.50"),
        currency="CNY",
        counterparty="李华",
        status=TransactionStatus.FAILED,
        failure_code=FailureCode.INSUFFICIENT_BALANCE,
        created_at=datetime(2026, 11, 1, 2, 0, tzinfo=UTC),
    )
    return customer, account, transaction, Conversation(id=1234, customer_id=3)


@pytest.mark.parametrize(
    ("language", "amount", "time", "reason"),
    [
        (Language.ZH, "¥1,234.50", "2026年11月1日 10:00（北京时间）", "账户余额不足"),
        (
            Language.EN,
            "CN¥1,234.50",
            "Nov 1, 2026, 10:00 AM (Beijing time)",
            "the account balance was not enough",
        ),
    ],
)
def test_the_context_speaks_the_customers_language(
    language: Language, amount: str, time: str, reason: str
) -> None:
    customer, account, transaction, conversation = wallet_rows()
    context = render_context(
        language,
        customer=customer,
        agent=AMY,
        conversation=conversation,
        account=account,
        transaction=transaction,
    )
    assert context == {
        "customer_name": "王小明",
        "agent_name": "Amy",
        "ticket_id": "#1234",
        "account_number_masked": "**** **** 3445",
        "transaction_id": "TX000000000042",
        "amount": amount,
        "transaction_time": time,
        "counterparty": "李华",
        "failure_reason": reason,
    }
    assert set(context) == set(PLACEHOLDERS)


def test_every_failure_code_is_described_in_both_languages() -> None:
    for language in Language:
        assert set(FAILURE_REASONS[language]) == set(FailureCode)


@pytest.mark.parametrize("language", list(Language))
def test_a_failed_transaction_template_renders_completely(language: Language) -> None:
    customer, _, transaction, conversation = wallet_rows()
    context = render_context(
        language, customer=customer, conversation=conversation, transaction=transaction
    )
    template = CATALOG.get("txn_insufficient_balance")
    assert template is not None
    rendered = render(template, language, context)
    assert rendered.missing == () and rendered.sendable
    assert "TX000000000042" in rendered.text and context["amount"] in rendered.text
    assert "{" not in rendered.text and "}" not in rendered.text
    assert ("您好" in rendered.text) == (language is Language.ZH)


def test_unfilled_placeholders_stay_visible_and_are_listed() -> None:
    template = CATALOG.get("txn_other_escalate")
    assert template is not None
    rendered = render(template, Language.EN, {"customer_name": "Li Hua", "amount": "  "})
    assert rendered.text.startswith("Hello Li Hua, your transaction to {counterparty} on ")
    assert "{amount}" in rendered.text  # blank counts as missing, never as an empty gap
    assert rendered.missing == (
        "counterparty",
        "transaction_time",
        "transaction_id",
        "amount",
        "failure_reason",
        "ticket_id",
    )
    assert not rendered.sendable


def test_values_are_inserted_literally() -> None:
    rendered = render(
        canned("{{ {customer_name} }} {agent_name}"),
        Language.ZH,
        {"customer_name": "{agent_name}", "agent_name": "Amy"},
    )
    assert rendered.text == "{ {agent_name} } Amy" and rendered.missing == ()


@pytest.mark.parametrize(
    ("customer_language", "available", "chosen"),
    [
        (Language.EN, (Language.ZH, Language.EN), Language.EN),
        ("zh", (Language.ZH, Language.EN), Language.ZH),
        (Language.EN, (Language.ZH,), Language.ZH),
        (None, (Language.ZH, Language.EN), Language.ZH),
        ("fr", (Language.EN,), Language.EN),
    ],
)
def test_choosing_a_language(
    customer_language: Language | str | None, available: tuple[Language, ...], chosen: Language
) -> None:
    assert choose_language(customer_language, available) is chosen


# Literal text has no ASCII letters, so no literal can spell a placeholder.
literals = st.text(alphabet="您好，。 0123456789-:\n", min_size=1, max_size=8)
segments = st.lists(
    st.one_of(
        literals,
        st.sampled_from(sorted(PLACEHOLDERS)).map(Placeholder),
        st.sampled_from(["{{", "}}"]),
    ),
    max_size=12,
)
values = st.text(
    alphabet=st.characters(exclude_characters="{}", exclude_categories=["Cs"]), min_size=1
).filter(str.strip)
contexts = st.dictionaries(st.sampled_from(sorted(PLACEHOLDERS)), values)


def expected_piece(part: str | Placeholder, context: dict[str, str]) -> str:
    if isinstance(part, Placeholder):
        return context.get(part.name, f"{{{part.name}}}")
    return part[0] if part in ("{{", "}}") else part


@given(segments, contexts)
def test_rendering_fills_what_it_can_and_reports_the_rest(
    parts: list[str | Placeholder], context: dict[str, str]
) -> None:
    body = "".join(f"{{{p.name}}}" if isinstance(p, Placeholder) else p for p in parts)
    rendered = render(canned(body), Language.ZH, context)

    used = [p.name for p in parts if isinstance(p, Placeholder)]
    unfilled = tuple(dict.fromkeys(name for name in used if name not in context))
    assert rendered.missing == unfilled
    assert rendered.text == "".join(expected_piece(part, context) for part in parts)
    for name in used:
        assert (f"{{{name}}}" in rendered.text) == (name not in context)
