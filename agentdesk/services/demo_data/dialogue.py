"""Lines of a demo conversation in the customer's language, composed from the phrasebook.

`facts()` turns a conversation plan into the placeholder values its lines may quote (the
customer's own failed payment, masked phone, balance...); a `Voice` picks and joins parts.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from agentdesk.db.models import CallOutcome, Language
from agentdesk.services.demo_data import names
from agentdesk.services.demo_data.customers import DemoCustomer
from agentdesk.services.demo_data.phrasebook import (
    FROZEN,
    TWO_STEP_OFF,
    Case,
    Phrasebook,
    topic_group,
)
from agentdesk.services.demo_data.phrasebook_en import EN
from agentdesk.services.demo_data.phrasebook_zh import ZH
from agentdesk.services.demo_data.planning import ConversationPlan

DESK_OFFSET = timedelta(hours=8)  # dates in messages are the desk's (Shanghai/Hong Kong) time
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_HOTLINES = {"hotline_cn": "+86 21 6088 1234", "hotline_hk": "+852 3900 1234"}


def format_amount(cents: int, currency: str, language: Language) -> str:
    value = f"{cents / 100:,.2f}"
    if language is Language.EN:
        return f"{currency} {value}"
    return {"CNY": f"{value}元", "HKD": f"HK${value}"}.get(currency, f"US${value}")


def format_day(moment: datetime, language: Language) -> str:
    local = moment + DESK_OFFSET
    if language is Language.EN:
        return f"{local.day} {_MONTHS[local.month - 1]}"
    return f"{local.month}月{local.day}日"


def format_moment(moment: datetime, language: Language) -> str:
    local = moment + DESK_OFFSET
    return f"{format_day(moment, language)} {local:%H:%M}"


def mask_phone(phone: str) -> str:
    return f"{phone[:-8]}****{phone[-4:]}"


def spoken_phone(phone: str) -> str:
    """A phone number as its owner would type it: national digits, local grouping."""
    if phone.startswith("+86"):
        return phone[3:]
    if phone.startswith("+852"):
        return f"{phone[4:8]} {phone[8:]}"
    if phone.startswith("+1"):
        return f"({phone[2:5]}) {phone[5:8]}-{phone[8:]}"
    if phone.startswith("+44"):
        return f"0{phone[3:7]} {phone[7:]}"
    return phone


def mask_email(email: str | None) -> str:
    if not email:
        return ""
    local, _, domain = email.partition("@")
    return f"{local[0]}***@{domain}"


def facts(plan: ConversationPlan, agent_name: str, rng: random.Random) -> dict[str, object]:
    """Placeholder values for every line of one conversation."""
    customer, language = plan.customer, plan.customer.language
    english = language is Language.EN
    failed = plan.failed
    cents = failed.cents if failed else int(rng.lognormvariate(6.0, 1.0) * 100)
    merchants = names.MERCHANTS_EN if english else names.MERCHANTS_CN
    moment = failed.at if failed else plan.created_at - timedelta(hours=rng.uniform(1, 48))
    now = plan.created_at
    return {
        **_HOTLINES,
        "name": customer.name.split()[0] if english else customer.name,
        "agent": agent_name.split()[0] if english else agent_name,
        "email": customer.email or "",
        "email_masked": mask_email(customer.email),
        "phone": spoken_phone(customer.phone),
        "phone_masked": mask_phone(customer.phone),
        "last4": customer.account_number[-4:],
        "amount": format_amount(cents, customer.currency, language),
        "reference": failed.reference if failed else "",
        "counterparty": failed.counterparty if failed else rng.choice(merchants),
        "date": format_day(moment, language),
        "clock": f"{moment + DESK_OFFSET:%H:%M}",
        "failure": (EN if english else ZH).failure_labels[failed.code] if failed else "",
        "device": customer.device[0],
        "os": customer.device[1],
        "app_version": customer.app_version,
        "tries": rng.randrange(2, 7),
        "balance": format_amount(customer.balance_cents, customer.currency, language),
        "city": rng.choice(names.CITIES_EN if english else names.CITIES_ZH),
        "years": max(1, (now - customer.created_at).days // 365),
        "kyc": customer.kyc_level,
        "last_login": (
            format_moment(customer.last_login_at, language)
            if customer.last_login_at
            else ("never" if english else "从未登录")
        ),
        "ticket": rng.randrange(10_000, 100_000),
        "password_age": (now - customer.password_changed_at).days,
        "account_state": ("frozen" if english else "已冻结")
        if customer.frozen
        else ("active" if english else "正常"),
        "two_step": ("on" if english else "已开启")
        if customer.two_step
        else ("off" if english else "未开启"),
        "wait": rng.randrange(8, 240),
        "summary": "",
    }


class Voice:
    """Composes the lines of one conversation; parts are joined as the language writes."""

    def __init__(self, rng: random.Random, customer: DemoCustomer, topic: str) -> None:
        self.rng = rng
        self.book: Phrasebook = EN if customer.language is Language.EN else ZH
        self.glue = " " if customer.language is Language.EN else ""
        self.topic = topic
        self.group = topic_group(topic)
        self.case = self._case(customer)
        self._said: set[str] = set()

    def _case(self, customer: DemoCustomer) -> Case:
        """What this conversation is about, given what the customer's account allows."""
        cases = self.book.cases[self.topic]
        eligible = [
            case
            for case in cases
            if case.only_if is None
            or (case.only_if == FROZEN and customer.frozen)
            or (case.only_if == TWO_STEP_OFF and not customer.two_step)
        ]
        frozen = [case for case in eligible if case.only_if == FROZEN]
        if frozen and self.rng.random() < 0.6:
            return self.rng.choice(frozen)
        return self.rng.choice(eligible)

    def _join(self, *parts: str) -> str:
        return self.glue.join(part for part in parts if part)

    def _maybe(self, lines: tuple[str, ...], chance: float) -> str:
        return self._fresh(lines) if self.rng.random() < chance else ""

    def _fresh(self, lines: tuple[str, ...]) -> str:
        """A line not yet said in this conversation, if a few draws find one."""
        line = self.rng.choice(lines)
        for _ in range(3):
            if line not in self._said:
                break
            line = self.rng.choice(lines)
        self._said.add(line)
        return line

    # customers -----------------------------------------------------------------------

    def question(self, facts: dict[str, object], *, opener: bool = True) -> str:
        book, rng = self.book, self.rng
        return self._join(
            rng.choice(book.openers) if opener else "",
            rng.choice(self.case.asks),
            self._maybe(book.details[self.group], 0.6),
            self._maybe(book.details[self.group], 0.15),
            rng.choice(book.closers),
        ).format_map(facts)

    def email_question(self, facts: dict[str, object]) -> list[str]:
        """Paragraphs of a customer's first email."""
        book, rng = self.book, self.rng
        body = self._join(
            rng.choice(self.case.asks),
            rng.choice(book.details[self.group]),
            self._maybe(book.details[self.group], 0.5),
        )
        paragraphs = [rng.choice(book.email_salutations), body]
        closer = rng.choice(book.closers)
        if closer:
            paragraphs.append(closer)
        paragraphs.append(rng.choice(book.email_signoffs))
        return [paragraph.format_map(facts) for paragraph in paragraphs]

    def feedback(self, facts: dict[str, object]) -> str:
        book = self.book
        return (
            self.rng.choice(book.feedback_prefixes) + self.question(facts, opener=False)
        ).strip()

    def follow_up(self, facts: dict[str, object]) -> str:
        book, rng = self.book, self.rng
        if rng.random() < 0.5:
            line = self._fresh(book.follow_ups[self.group])
        else:
            line = self._fresh(book.generic_follow_ups)
        return line.format_map(facts)

    def thanks(self) -> str:
        return self.rng.choice(self.book.thanks)

    def nudge(self) -> str:
        return self.rng.choice(self.book.nudges)

    def subject(self, facts: dict[str, object]) -> str:
        return self.rng.choice(self.book.subjects[self.topic]).format_map(facts)

    # agents --------------------------------------------------------------------------

    def answer(self, facts: dict[str, object], *, greet: bool) -> str:
        book, rng = self.book, self.rng
        answers = self.case.answers
        first = self._fresh(answers)
        second = self._fresh(answers) if rng.random() < 0.35 else ""
        return self._join(
            rng.choice(book.greetings) if greet else "",
            first,
            second if second != first else "",
        ).format_map(facts)

    def agent_follow_up(self, facts: dict[str, object]) -> str:
        book, rng = self.book, self.rng
        roll = rng.random()
        if roll < 0.4:
            line = self._fresh(book.agent_follow_ups[self.group])
        elif roll < 0.7:
            line = self._fresh(self.case.answers)
        else:
            line = self._fresh(book.generic_agent_follow_ups)
        return line.format_map(facts)

    def closing(self, facts: dict[str, object]) -> str:
        return self._join(
            self._maybe(self.book.agent_follow_ups[self.group], 0.3),
            self.rng.choice(self.book.agent_closers),
        ).format_map(facts)

    def waiting(self, facts: dict[str, object]) -> str:
        return self._join(self.agent_follow_up(facts), self.rng.choice(self.book.agent_waiting))

    def email_reply(self, facts: dict[str, object], body: str) -> list[str]:
        book, rng = self.book, self.rng
        return [
            rng.choice(book.email_greetings).format_map(facts),
            body,
            rng.choice(book.agent_email_signoffs).format_map(facts),
        ]

    def note(self, facts: dict[str, object]) -> str:
        book, rng = self.book, self.rng
        lines = book.notes[self.group] if rng.random() < 0.75 else book.generic_notes
        return self._fresh(lines).format_map(facts)

    # the phone desk ------------------------------------------------------------------

    def call_summary(self, facts: dict[str, object]) -> str:
        return self.case.summary.format_map(facts)

    def call_action(self, facts: dict[str, object]) -> str:
        return self.rng.choice(self.book.call_actions[self.group]).format_map(facts)

    def call_outcome(self, outcome: CallOutcome, facts: dict[str, object]) -> str:
        return self.rng.choice(self.book.call_outcomes[outcome]).format_map(facts)

    def call_note(self, *, outbound: bool, seconds: int, summary: str, action: str) -> str:
        minutes, rest = divmod(seconds, 60)
        if self.book is EN:
            kind = "Outbound call" if outbound else "Inbound call"
            return f"{kind}, {minutes}m{rest:02d}s. {summary}. Action: {action}."
        kind = "回拨客户" if outbound else "客户来电"
        return f"{kind},通话{minutes}分{rest:02d}秒。{summary}。处理:{action}。"

    def quote_header(self, when: datetime, sender: str) -> str:
        language = Language.EN if self.book is EN else Language.ZH
        return self.book.quote_header.format(when=format_moment(when, language), sender=sender)

    @property
    def reply_prefix(self) -> str:
        return self.book.reply_prefix
