"""Filling a canned response for one customer: the values, in their language, and the text."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_currency

from agentdesk.db.models import (
    Conversation,
    Customer,
    FailureCode,
    Language,
    Transaction,
    WalletAccount,
)
from agentdesk.services.masking import mask_account_number
from agentdesk.services.template_catalog import LANGUAGES, CannedResponse, Placeholder, split_body

# Customers are told times in the desk's own zone, named so nobody has to guess.
DESK_TIMEZONE = ZoneInfo("Asia/Shanghai")
LOCALES: Mapping[Language, str] = {Language.ZH: "zh_CN", Language.EN: "en_US"}
_TIME_FORMATS: Mapping[Language, str] = {
    Language.ZH: "yyyy年M月d日 HH:mm（北京时间）",
    Language.EN: "MMM d, yyyy, h:mm a '(Beijing time)'",
}
# How a failure code is explained to the customer; `{failure_reason}` in the templates.
FAILURE_REASONS: Mapping[Language, Mapping[FailureCode, str]] = {
    Language.ZH: {
        FailureCode.INSUFFICIENT_BALANCE: "账户余额不足",
        FailureCode.WRONG_PAYMENT_PASSWORD: "支付密码输入错误",
        FailureCode.NETWORK_ERROR: "网络连接不稳定，交易未能完成",
        FailureCode.SECURITY_LIMIT: "触发了交易安全限制",
        FailureCode.OTHER: "系统未能完成这笔交易，具体原因需要进一步核查",
    },
    Language.EN: {
        FailureCode.INSUFFICIENT_BALANCE: "the account balance was not enough",
        FailureCode.WRONG_PAYMENT_PASSWORD: "the payment password was entered incorrectly",
        FailureCode.NETWORK_ERROR: "the network connection was unstable",
        FailureCode.SECURITY_LIMIT: "it reached a transaction security limit",
        FailureCode.OTHER: "our system could not complete it, and the exact cause needs checking",
    },
}


class Named(Protocol):
    """An agent row or the signed-in `Actor`: anything that has a display name."""

    @property
    def display_name(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Rendered:
    """A filled-in template. While `missing` is not empty the text still shows those
    `{placeholders}` and must not be sent: a blank where a name or an amount should be
    reads to the customer as a mistake, or worse, as a wrong amount."""

    key: str
    language: Language
    text: str
    missing: tuple[str, ...]

    @property
    def sendable(self) -> bool:
        return not self.missing


def choose_language(
    customer_language: Language | str | None, available: Collection[Language] = LANGUAGES
) -> Language:
    """The customer's own language when the template has it, else Chinese, the desk's
    first language, else whatever is available."""
    if not available:
        raise ValueError("a template without any language")
    try:
        wanted = Language(customer_language) if customer_language else None
    except ValueError:
        wanted = None
    for language in (wanted, Language.ZH, Language.EN):
        if language is not None and language in available:
            return language
    return next(iter(available))


def render(template: CannedResponse, language: Language, context: Mapping[str, str]) -> Rendered:
    """Fill `template` in `language`. A value is inserted as it is, never parsed again, so
    a customer named `{agent_name}` cannot smuggle in a placeholder. A placeholder without
    a value (absent, empty or blank) stays visible as `{name}` and is listed in `missing`."""
    pieces: list[str] = []
    missing: list[str] = []
    for segment in split_body(template.text(language).body, f"template {template.key!r}"):
        if not isinstance(segment, Placeholder):
            pieces.append(segment)
            continue
        value = context.get(segment.name, "")
        if value.strip():
            pieces.append(value)
        else:
            pieces.append("{" + segment.name + "}")
            if segment.name not in missing:
                missing.append(segment.name)
    return Rendered(template.key, language, "".join(pieces), tuple(missing))


def format_amount(amount: Decimal, currency: str, language: Language) -> str:
    """`¥1,234.50` for zh, `CN¥1,234.50` for en: the customer's own way of writing money."""
    return str(format_currency(amount, currency, locale=LOCALES[language]))


def format_transaction_time(at: datetime, language: Language) -> str:
    # CLDR puts a narrow no-break space before AM/PM; plain text channels (SMS, old mail
    # clients) show it as a box, so it becomes an ordinary space.
    text = format_datetime(
        at, _TIME_FORMATS[language], tzinfo=DESK_TIMEZONE, locale=LOCALES[language]
    )
    return str(text).replace("\u202f", " ")


def describe_failure(code: FailureCode, language: Language) -> str:
    return FAILURE_REASONS[language][code]


def render_context(
    language: Language,
    *,
    customer: Customer | None = None,
    agent: Named | None = None,
    conversation: Conversation | None = None,
    account: WalletAccount | None = None,
    transaction: Transaction | None = None,
) -> dict[str, str]:
    """The placeholder values these rows can give, in `language`. What no row gives is
    left out, so `render` reports it missing instead of guessing. The account number is
    only ever put in masked."""
    context: dict[str, str] = {}
    if customer is not None:
        context["customer_name"] = customer.name
    if agent is not None:
        context["agent_name"] = agent.display_name
    if conversation is not None:
        context["ticket_id"] = f"#{conversation.id}"
    if account is not None:
        context["account_number_masked"] = mask_account_number(account.account_number)
    if transaction is not None:
        context["transaction_id"] = transaction.reference
        context["amount"] = format_amount(transaction.amount, transaction.currency, language)
        context["transaction_time"] = format_transaction_time(transaction.created_at, language)
        context["counterparty"] = transaction.counterparty
        if transaction.failure_code is not None:
            context["failure_reason"] = describe_failure(transaction.failure_code, language)
    return context
