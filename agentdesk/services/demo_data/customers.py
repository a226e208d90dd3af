"""Demo customers with their wallet account and transaction history, written as bulk rows.

Each customer keeps in memory only what the conversations about them will mention:
their failed payments, account state and phone, so later messages quote real facts.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from agentdesk.db.models import (
    AccountStatus,
    FailureCode,
    Language,
    SocialPlatform,
    TransactionStatus,
    TransactionType,
)
from agentdesk.services.demo_data import names
from agentdesk.services.demo_data.writer import BulkWriter, money_units

FAILURE_WEIGHTS: dict[FailureCode, int] = {
    FailureCode.INSUFFICIENT_BALANCE: 30,
    FailureCode.WRONG_PAYMENT_PASSWORD: 22,
    FailureCode.NETWORK_ERROR: 20,
    FailureCode.SECURITY_LIMIT: 16,
    FailureCode.OTHER: 12,
}
_TYPES = (
    TransactionType.PAYMENT,
    TransactionType.TRANSFER_OUT,
    TransactionType.TRANSFER_IN,
    TransactionType.TOP_UP,
    TransactionType.WITHDRAWAL,
    TransactionType.REFUND,
)
_TYPE_WEIGHTS = (40, 20, 15, 15, 7, 3)
_CAN_FAIL = {
    TransactionType.PAYMENT,
    TransactionType.TRANSFER_OUT,
    TransactionType.WITHDRAWAL,
    TransactionType.TOP_UP,
}
_BASE32 = string.ascii_uppercase + "234567"
_HEX = "0123456789ABCDEF"
PASSWORD_AGE_LIMIT_DAYS = 180  # the desk's "change your password" threshold


@dataclass(slots=True)
class FailedPayment:
    """A failed transaction a customer may write in about."""

    reference: str
    code: FailureCode
    cents: int
    counterparty: str
    at: datetime


@dataclass(slots=True)
class DemoCustomer:
    id: int
    account_id: int
    language: Language
    name: str
    phone: str
    email: str | None
    handles: dict[SocialPlatform, str]
    account_number: str
    currency: str
    balance_cents: int
    kyc_level: int
    frozen: bool
    two_step: bool
    password_changed_at: datetime
    last_login_at: datetime | None
    created_at: datetime
    device: tuple[str, str]
    app_version: str
    failed: list[FailedPayment] = field(default_factory=list)


@dataclass(slots=True)
class _Uniques:
    """Values that must never repeat; kept as sets because the rng may collide."""

    phones: set[str] = field(default_factory=set)
    handles: set[tuple[SocialPlatform, str]] = field(default_factory=set)
    wallet_ids: set[str] = field(default_factory=set)
    account_numbers: set[str] = field(default_factory=set)
    references: set[str] = field(default_factory=set)


class CustomerFactory:
    """Writes customers, handles, accounts and transactions; returns the customers."""

    def __init__(self, rng: random.Random, writer: BulkWriter, now: datetime) -> None:
        self.rng = rng
        self.writer = writer
        self.now = now
        self.unique = _Uniques()
        self.failure_counts: dict[FailureCode, int] = dict.fromkeys(FailureCode, 0)

    def make(self, count: int, first_ids: dict[str, int]) -> list[DemoCustomer]:
        customers: list[DemoCustomer] = []
        handle_id = first_ids["social_handles"]
        transaction_id = first_ids["transactions"]
        for index in range(count):
            customer = self._customer(
                first_ids["customers"] + index, first_ids["wallet_accounts"] + index, index
            )
            for platform, handle in customer.handles.items():
                self.writer.rows("social_handles").append(
                    (handle_id, customer.id, platform.value, handle)
                )
                handle_id += 1
            # The first customers each fail once with every code, so even a tiny
            # seed shows the whole FAQ on failed transactions.
            forced = list(FailureCode)[index] if index < len(FailureCode) else None
            transaction_id = self._transactions(customer, transaction_id, forced)
            self._account_row(customer)
            customers.append(customer)
            self.writer.maybe_flush()
        return customers

    # people --------------------------------------------------------------------------

    def _customer(self, customer_id: int, account_id: int, index: int) -> DemoCustomer:
        rng = self.rng
        language = Language.ZH if rng.random() < 0.65 else Language.EN
        if index < 4:
            language = (Language.ZH, Language.EN)[index % 2]
        if language is Language.ZH:
            name, romanized = self._chinese_name()
            domains, devices = names.EMAIL_DOMAINS_ZH, names.DEVICES_ZH
            region = "CN" if rng.random() < 0.85 else "HK"
        else:
            name, romanized = self._english_name()
            domains, devices = names.EMAIL_DOMAINS_EN, names.DEVICES_EN
            region = rng.choices(("HK", "US", "GB"), (40, 30, 30))[0]
        currency = {"CN": "CNY", "HK": "HKD"}.get(region, "USD")
        email = None
        if rng.random() < 0.95:
            local = rng.choice((romanized, romanized.replace(".", ""), romanized.split(".")[-1]))
            email = f"{local}{rng.randrange(1, 999)}@{rng.choice(domains)}"
        created = self.now - timedelta(days=rng.uniform(200, 2400))
        password_days = rng.uniform(3, 170) if rng.random() < 0.7 else rng.uniform(181, 900)
        customer = DemoCustomer(
            id=customer_id,
            account_id=account_id,
            language=language,
            name=name,
            phone=self._phone(region),
            email=email,
            handles={},
            account_number=self._account_number(),
            currency=currency,
            balance_cents=self._balance_cents(currency),
            kyc_level=rng.choices((0, 1, 2, 3), (5, 30, 45, 20))[0],
            frozen=rng.random() < 0.04 or index == 1,
            two_step=rng.random() < 0.7 and index != 2,
            password_changed_at=self.now
            - timedelta(days=max(password_days, 200.0) if index == 3 else password_days),
            last_login_at=(
                None
                if rng.random() < 0.01
                else self.now - timedelta(minutes=rng.uniform(5, 60 * 24 * 30))
            ),
            created_at=created,
            device=rng.choice(devices),
            app_version=rng.choice(names.APP_VERSIONS),
        )
        self._handles(customer, romanized, index)
        self.writer.rows("customers").append(
            (
                customer.id,
                customer.name,
                customer.phone,
                customer.email,
                language.value,
                self.writer.stamp(created),
            )
        )
        return customer

    def _chinese_name(self) -> tuple[str, str]:
        rng = self.rng
        surname, surname_pinyin = rng.choice(names.SURNAMES)
        given = [rng.choice(names.GIVEN_CHARACTERS) for _ in range(1 if rng.random() < 0.35 else 2)]
        name = surname + "".join(char for char, _ in given)
        return name, surname_pinyin + "." + "".join(pinyin for _, pinyin in given)

    def _english_name(self) -> tuple[str, str]:
        first, last = self.rng.choice(names.FIRST_NAMES), self.rng.choice(names.LAST_NAMES)
        return f"{first} {last}", f"{first}.{last}".lower().replace(" ", "")

    def _phone(self, region: str) -> str:
        rng = self.rng
        while True:
            if region == "CN":
                phone = f"+86{rng.choice(names.CN_MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"
            elif region == "HK":
                phone = f"+852{rng.choice(names.HK_MOBILE_PREFIXES)}{rng.randrange(10**6):06d}"
            elif region == "US":
                area = rng.choice(names.US_AREA_CODES)
                phone = f"+1{area}{rng.randrange(200, 1000)}{rng.randrange(10**4):04d}"
            else:
                phone = f"+44{rng.choice(names.UK_MOBILE_PREFIXES)}{rng.randrange(10**7):07d}"
            if phone not in self.unique.phones:
                self.unique.phones.add(phone)
                return phone

    def _handles(self, customer: DemoCustomer, romanized: str, index: int) -> None:
        rng = self.rng
        platforms: list[SocialPlatform] = []
        if index < 4:
            platforms.append(list(SocialPlatform)[index])
        elif rng.random() < 0.4:
            if customer.language is Language.ZH:
                pool = (SocialPlatform.WEIBO, SocialPlatform.WECHAT, SocialPlatform.X)
                weights: tuple[int, ...] = (45, 45, 10)
            else:
                pool = (SocialPlatform.X, SocialPlatform.FACEBOOK, SocialPlatform.WEIBO)
                weights = (50, 45, 5)
            platforms.append(rng.choices(pool, weights)[0])
            if rng.random() < 0.25:
                platforms.append(rng.choices(pool, weights)[0])
        for platform in platforms:
            if platform in customer.handles:
                continue
            while True:
                handle = self._handle(platform, customer, romanized)
                if (platform, handle) not in self.unique.handles:
                    break
            self.unique.handles.add((platform, handle))
            customer.handles[platform] = handle

    def _handle(self, platform: SocialPlatform, customer: DemoCustomer, romanized: str) -> str:
        rng = self.rng
        plain = romanized.replace(".", "")
        number = rng.randrange(1, 10_000)
        if platform is SocialPlatform.WEIBO:
            if customer.language is Language.ZH and rng.random() < 0.5:
                return f"{customer.name[-2:]}{rng.choice(names.WEIBO_HOBBIES)}{number}"
            return f"{customer.name}_{number}"
        if platform is SocialPlatform.WECHAT:
            if rng.random() < 0.5:
                alphabet = string.ascii_lowercase + string.digits
                return "wxid_" + "".join(rng.choice(alphabet) for _ in range(14))
            return f"{plain}{number}"
        if platform is SocialPlatform.X:
            return f"{plain[:10]}_{number}"
        return f"{romanized}.{number}"

    # the wallet ----------------------------------------------------------------------

    def _account_number(self) -> str:
        rng = self.rng
        while True:
            length = rng.choice((16, 19))
            body = "62" + "".join(str(rng.randrange(10)) for _ in range(length - 3))
            number = body + _luhn_digit(body)
            if number not in self.unique.account_numbers:
                self.unique.account_numbers.add(number)
                return number

    def _wallet_id(self) -> str:
        while True:
            wallet_id = "TPW" + "".join(self.rng.choice(_BASE32) for _ in range(10))
            if wallet_id not in self.unique.wallet_ids:
                self.unique.wallet_ids.add(wallet_id)
                return wallet_id

    def _balance_cents(self, currency: str) -> int:
        if self.rng.random() < 0.05:
            return 0
        amount = self.rng.lognormvariate(7.6, 1.3) / (7.0 if currency == "USD" else 1.0)
        return int(amount * 100)

    def _account_row(self, customer: DemoCustomer) -> None:
        stamp = self.writer.stamp
        self.writer.rows("wallet_accounts").append(
            (
                customer.account_id,
                customer.id,
                self._wallet_id(),
                customer.account_number,
                (AccountStatus.FROZEN if customer.frozen else AccountStatus.ACTIVE).value,
                money_units(customer.balance_cents),
                customer.currency,
                customer.kyc_level,
                customer.two_step,
                stamp(customer.password_changed_at),
                stamp(customer.last_login_at) if customer.last_login_at else None,
                stamp(customer.created_at + timedelta(minutes=self.rng.uniform(1, 30))),
            )
        )

    def _transactions(
        self, customer: DemoCustomer, next_id: int, forced: FailureCode | None
    ) -> int:
        rng = self.rng
        count = rng.randrange(2, 13)
        start = max(customer.created_at, self.now - timedelta(days=180))
        span = (self.now - start).total_seconds()
        moments = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
        rows = self.writer.rows("transactions")
        for position, moment in enumerate(moments):
            kind = rng.choices(_TYPES, _TYPE_WEIGHTS)[0]
            failure: FailureCode | None = None
            if kind in _CAN_FAIL and rng.random() < 0.09:
                failure = rng.choices(list(FAILURE_WEIGHTS), list(FAILURE_WEIGHTS.values()))[0]
            if forced is not None and position == count - 1:
                kind, failure = TransactionType.TRANSFER_OUT, forced
            cents = self._amount_cents(kind, customer.currency, failure)
            counterparty = self._counterparty(kind, customer)
            if failure is not None:
                status = TransactionStatus.FAILED
                self.failure_counts[failure] += 1
            elif self.now - moment < timedelta(hours=36) and rng.random() < 0.3:
                status = TransactionStatus.PENDING
            else:
                status = TransactionStatus.COMPLETED
            reference = self._reference(moment)
            rows.append(
                (
                    next_id,
                    reference,
                    customer.account_id,
                    kind.value,
                    money_units(cents),
                    customer.currency,
                    counterparty,
                    status.value,
                    failure.value if failure else None,
                    self.writer.stamp(moment),
                )
            )
            if failure is not None:
                customer.failed.append(
                    FailedPayment(reference, failure, cents, counterparty, moment)
                )
            next_id += 1
        return next_id

    def _amount_cents(
        self, kind: TransactionType, currency: str, failure: FailureCode | None
    ) -> int:
        rng = self.rng
        if failure is FailureCode.SECURITY_LIMIT:
            amount = rng.uniform(20_000, 80_000)
        elif kind is TransactionType.TOP_UP:
            amount = rng.choice((100, 200, 300, 500, 1000, 2000, 5000))
        elif kind in (TransactionType.TRANSFER_OUT, TransactionType.TRANSFER_IN):
            amount = rng.lognormvariate(6.5, 1.0)
        elif kind is TransactionType.WITHDRAWAL:
            amount = rng.uniform(500, 20_000)
        else:
            amount = rng.lognormvariate(4.2, 1.0)
        if currency == "USD":
            amount /= 7
        return max(1, int(amount * 100))

    def _counterparty(self, kind: TransactionType, customer: DemoCustomer) -> str:
        rng = self.rng
        if kind in (TransactionType.TRANSFER_IN, TransactionType.TRANSFER_OUT):
            if customer.language is Language.ZH:
                return self._chinese_name()[0]
            return self._english_name()[0]
        if kind in (TransactionType.TOP_UP, TransactionType.WITHDRAWAL):
            banks = names.BANKS_ZH if customer.language is Language.ZH else names.BANKS_EN
            return rng.choice(banks).format(f"{rng.randrange(10_000):04d}")
        merchants = {"CNY": names.MERCHANTS_CN, "HKD": names.MERCHANTS_HK}
        if customer.language is Language.EN and rng.random() < 0.6:
            return rng.choice(names.MERCHANTS_EN)
        return rng.choice(merchants.get(customer.currency, names.MERCHANTS_EN))

    def _reference(self, moment: datetime) -> str:
        while True:
            suffix = "".join(self.rng.choice(_HEX) for _ in range(6))
            reference = f"TX{moment:%Y%m%d}{suffix}"
            if reference not in self.unique.references:
                self.unique.references.add(reference)
                return reference


def _luhn_digit(body: str) -> str:
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)
