"""Which canned responses fit a conversation now: ranked, each already filled in for its customer.

Two things point at a template. The customer's latest failed transaction is the strongest:
its failure code names the answer, and the answer can quote it. Then the words of the
customer's messages still waiting for a reply, Chinese or English, matched longest first so
that 支付密码 counts as a payment password and not also as a sign-in password.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from agentdesk.db.models import (
    AccountStatus,
    Conversation,
    FailureCode,
    Message,
    MessageDirection,
    Transaction,
    TransactionStatus,
    WalletAccount,
)
from agentdesk.services.errors import NotFound
from agentdesk.services.template_catalog import TemplateCatalog
from agentdesk.services.template_rendering import (
    Named,
    Rendered,
    choose_language,
    render,
    render_context,
)

TEMPLATE_FOR_FAILURE: Mapping[FailureCode, str] = {
    FailureCode.INSUFFICIENT_BALANCE: "txn_insufficient_balance",
    FailureCode.WRONG_PAYMENT_PASSWORD: "txn_wrong_payment_password",
    FailureCode.NETWORK_ERROR: "txn_network_error",
    FailureCode.SECURITY_LIMIT: "txn_security_limit",
    FailureCode.OTHER: "txn_other_escalate",
}
FAILURE_FOR_TEMPLATE = {key: code for code, key in TEMPLATE_FOR_FAILURE.items()}

# Words that point at one template, `|`-separated; earlier rules win a tie. Matching is
# case-blind; an English word matches at the start of a word ("limit" finds "limits" but not
# "unlimited").
KEYWORD_RULES: Mapping[str, str] = {
    "txn_insufficient_balance": "余额不足|余额不够|钱不够|insufficient|not enough",
    "txn_wrong_payment_password": "支付密码|交易密码|payment password|payment pin",
    "txn_security_limit": "限额|限制|超限|额度|limit|exceeded",
    "txn_network_error": "网络|超时|断网|network|timeout|timed out|offline",
    "security_suspicious_activity": "被盗|盗号|盗刷|异常交易|不是我|可疑"
    "|hacked|stolen|unauthori|suspicious|fraud|not me",
    "security_two_step": "两步|双重验证|二次验证|2fa|two-step|two step|two-factor",
    "security_public_wifi": "公共wi-fi|公共wifi|公共网络|vpn|public wi-fi|public wifi",
    "security_change_password": "更换密码|修改密码|改密码|换密码|change password"
    "|change my password",
    "security_review_transactions": "交易记录|流水|transaction history|statement",
    "security_overview": "安全|保护账户|security|secure|safe|protect",
    "password_code_missing": "验证码|收不到|没收到|未收到|verification code|didn't receive"
    "|did not receive|not received|no code",
    "password_reset": "忘记|重置|找回密码|密码|登录不了|登不上|forgot|forget|reset|password"
    "|can't log in|cannot log in|locked out",
    "complaint_ack": "投诉|不满|太差|差评|complain|unacceptable|terrible|disappointed",
    "feedback_technical_ack": "反馈|故障|闪退|崩溃|卡顿|卡住|报错|打不开"
    "|bug|crash|glitch|error|freez|froze|not working",
    "contact_channels_hours": "电话|热线|工作时间|服务时间|几点|上班|人工客服|联系方式"
    "|hotline|hours|contact|phone number|call you",
    "closing": "谢谢|感谢|多谢|再见|thank|bye|goodbye",
}
# A customer saying a transaction failed without saying why: the whole family fits.
FAILED_TRANSACTION_WORDS = (
    "交易失败|转账失败|付款失败|支付失败|失败|不成功|没成功|未成功|没到账"
    "|fail|declined|rejected|didn't go through|did not go through|unsuccessful"
)

SUGGESTION_LIMIT = 5
_FAILED_TRANSACTION_SCORE = 100
_KEYWORD_SCORE = 40  # plus 10 per keyword found, never reaching the failed transaction's
_FAMILY_SCORE = 20
_GREETING_SCORE = 10
_MESSAGES_READ = 20
_FAILED_TRANSACTIONS_READ = 20


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A template worth sending now, filled in; `transaction_id` and
    `transaction_reference` name the transaction it quotes, if any."""

    key: str
    score: int
    reason: str  # for the agent, in plain words: why this one
    rendered: Rendered
    transaction_id: int | None = None
    transaction_reference: str | None = None


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    prefix = r"(?<![a-z0-9])" if keyword[0].isascii() and keyword[0].isalnum() else ""
    return re.compile(prefix + re.escape(keyword.casefold()))


_RULE_ORDER = {key: index for index, key in enumerate(KEYWORD_RULES)}
_KEYWORDS_LONGEST_FIRST = sorted(
    (
        (keyword, key, _keyword_pattern(keyword))
        for key, words in KEYWORD_RULES.items()
        for keyword in words.split("|")
    ),
    key=lambda item: (-len(item[0]), _RULE_ORDER[item[1]]),
)
_FAILED_PATTERNS = [_keyword_pattern(word) for word in FAILED_TRANSACTION_WORDS.split("|")]


def match_keywords(texts: Sequence[str]) -> dict[str, list[str]]:
    """The keywords found in `texts`, by template key. A found keyword is blanked out before
    shorter ones are tried, so a phrase counts for its most specific template only."""
    remaining = "\n".join(texts).casefold()
    found: dict[str, list[str]] = {}
    for keyword, key, pattern in _KEYWORDS_LONGEST_FIRST:
        if pattern.search(remaining):
            found.setdefault(key, []).append(keyword)
            remaining = pattern.sub(lambda match: "\0" * len(match.group()), remaining)
    return found


def mentions_failed_transaction(texts: Sequence[str]) -> bool:
    folded = "\n".join(texts).casefold()
    return any(pattern.search(folded) for pattern in _FAILED_PATTERNS)


def awaiting_reply(session: Session, conversation_id: int) -> tuple[list[str], bool]:
    """The customer's messages since the desk last replied (all recent ones if the desk
    spoke last), newest first, and whether the desk has replied at all."""
    rows = session.execute(
        select(Message.direction, Message.text)
        .where(
            Message.conversation_id == conversation_id,
            Message.direction.in_([MessageDirection.IN, MessageDirection.OUT]),
        )
        .order_by(Message.id.desc())
        .limit(_MESSAGES_READ)
    ).all()
    unanswered: list[str] = []
    for direction, text in rows:
        if direction is MessageDirection.OUT:
            break
        unanswered.append(text)
    replied = any(direction is MessageDirection.OUT for direction, _ in rows)
    if not unanswered:
        unanswered = [text for direction, text in rows if direction is MessageDirection.IN][:3]
    return unanswered, replied


def failed_transactions(session: Session, customer_id: int) -> list[Transaction]:
    """The customer's failed transactions across all their wallet accounts, newest first."""
    return list(
        session.scalars(
            select(Transaction)
            .join(Transaction.account)
            .options(contains_eager(Transaction.account))
            .where(
                WalletAccount.customer_id == customer_id,
                Transaction.status == TransactionStatus.FAILED,
                Transaction.failure_code.is_not(None),
            )
            .order_by(Transaction.created_at.desc(), Transaction.id.desc())
            .limit(_FAILED_TRANSACTIONS_READ)
        )
    )


def main_account(session: Session, customer_id: int) -> WalletAccount | None:
    """The account a reply refers to when no transaction says which: an active one first."""
    return session.scalar(
        select(WalletAccount)
        .where(WalletAccount.customer_id == customer_id)
        .order_by((WalletAccount.status != AccountStatus.ACTIVE), WalletAccount.id)
        .limit(1)
    )


def suggest_templates(
    session: Session,
    conversation_id: int,
    catalog: TemplateCatalog,
    *,
    agent: Named | None = None,
    limit: int = SUGGESTION_LIMIT,
) -> list[Suggestion]:
    """At most `limit` templates for this conversation, best first, each rendered in the
    customer's language for `agent` (default: the conversation's assignee)."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise NotFound("conversation")
    texts, replied = awaiting_reply(session, conversation.id)
    failed = failed_transactions(session, conversation.customer_id)
    latest_by_code: dict[FailureCode, Transaction] = {}
    for transaction in failed:
        assert transaction.failure_code is not None  # filtered in the query
        latest_by_code.setdefault(transaction.failure_code, transaction)

    scores: dict[str, int] = {}
    reasons: dict[str, str] = {}
    for key, keywords in match_keywords(texts).items():
        scores[key] = _KEYWORD_SCORE + 10 * min(len(keywords), 4)
        reasons[key] = "the customer wrote " + ", ".join(f"“{word}”" for word in keywords)
    if mentions_failed_transaction(texts):
        for key in TEMPLATE_FOR_FAILURE.values():
            if key not in scores:
                scores[key] = _FAMILY_SCORE
                reasons[key] = "the customer mentions a failed transaction"
    if failed:
        latest = failed[0]
        assert latest.failure_code is not None
        key = TEMPLATE_FOR_FAILURE[latest.failure_code]
        asked = key in scores
        scores[key] = _FAILED_TRANSACTION_SCORE + (10 if asked else 0)
        reasons[key] = f"latest failed transaction {latest.reference} ({latest.failure_code.value})"
    if not replied:
        scores.setdefault("greeting", _GREETING_SCORE)
        reasons.setdefault("greeting", "the desk has not replied yet")

    ranked = sorted(
        (key for key in scores if key in catalog),
        key=lambda key: (-scores[key], _RULE_ORDER.get(key, len(_RULE_ORDER)), key),
    )[: max(limit, 0)]
    customer = conversation.customer
    language = choose_language(customer.language)
    writer = agent if agent is not None else conversation.assignee
    account = main_account(session, customer.id) if ranked else None
    suggestions = []
    for key in ranked:
        template = catalog.get(key)
        assert template is not None  # ranked keys are in the catalog
        code = FAILURE_FOR_TEMPLATE.get(key)
        quoted = latest_by_code.get(code) if code is not None else None
        context = render_context(
            language,
            customer=customer,
            agent=writer,
            conversation=conversation,
            account=quoted.account if quoted is not None else account,
            transaction=quoted,
        )
        suggestions.append(
            Suggestion(
                key=key,
                score=scores[key],
                reason=reasons[key],
                rendered=render(template, language, context),
                transaction_id=quoted.id if quoted else None,
                transaction_reference=quoted.reference if quoted else None,
            )
        )
    return suggestions
