"""Running a service call as one unit of work, so refusals are still audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.orm import Session

from agentdesk.db.engine import Database
from agentdesk.services.audit import audit
from agentdesk.services.errors import ServiceError

P = ParamSpec("P")
T = TypeVar("T")


def perform(database: Database, work: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run `work(session, ...)` in one write transaction: state, audit entry and event
    commit together or not at all. A refusal rolls the work back, and its audit note is
    then written on its own so that denied and failed attempts are never lost."""
    try:
        with database.write() as session:
            return work(session, *args, **kwargs)
    except ServiceError as refusal:
        _record(database, refusal)
        raise


def query(database: Database, work: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run a read-only `work(session, ...)`; refusals are audited like in `perform`."""
    try:
        with database.read() as session:
            return work(session, *args, **kwargs)
    except ServiceError as refusal:
        _record(database, refusal)
        raise


def _record(database: Database, refusal: ServiceError) -> None:
    if refusal.audit is not None:
        with database.write() as session:
            audit(session, **refusal.audit)


__all__ = ["Session", "perform", "query"]
