"""Column types that keep money exact and times in UTC on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect
from sqlalchemy.types import TypeDecorator

MONEY_SCALE = 4
_MONEY_FACTOR = Decimal(10) ** MONEY_SCALE


class Money(TypeDecorator[Decimal]):
    """A Decimal amount stored as a whole number of 1/10,000 units.

    SQLite has no exact decimal type (SQLAlchemy would round-trip through float), so
    both databases store scaled integers: exact, sortable and summable in SQL. An
    amount with more than four decimal places is refused rather than rounded.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be a Decimal, not a float")
        try:
            scaled = Decimal(value) * _MONEY_FACTOR
        except InvalidOperation as exc:
            raise ValueError(f"not an amount: {value!r}") from exc
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {MONEY_SCALE} decimal places")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        amount = Decimal(int(value)) / _MONEY_FACTOR
        return (
            amount.quantize(Decimal("0.01"))
            if amount == amount.quantize(Decimal("0.01"))
            else amount
        )


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime, stored in UTC and always read back with tzinfo=UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: agentdesk stores aware times only")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
