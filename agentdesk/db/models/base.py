"""The declarative base and the column helpers every model uses."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Enum, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase

from agentdesk.db.types import Money, UTCDateTime

# Stable constraint names so Alembic migrations read the same on both databases.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# An integer key that autoincrements on both databases (SQLite needs plain INTEGER).
BigId = BigInteger().with_variant(Integer, "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        datetime: UTCDateTime(),
        Decimal: Money(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


def enum_column(enum: type[StrEnum]) -> Enum:
    """A portable enum stored as its string value, checked by a CHECK constraint."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum) + 4,
        values_callable=lambda members: [member.value for member in members],
        name=enum.__name__.lower(),
        validate_strings=True,
    )
