"""Named transaction locks, so concurrent deliveries of the same thing wait for each other.

PostgreSQL's advisory locks in their two-key form: `space` keeps one kind of name apart
from another, each name is hashed to the second key. They are taken in one sorted order
(so two transactions cannot deadlock on them) and released at commit. Callers take them
before writing any event, whose own lock comes later. SQLite runs one writer at a time and
needs none."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session


def advisory_locks(session: Session, space: int, names: Iterable[str]) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = sorted(
        {
            int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big", signed=True)
            for name in names
            if name
        }
    )
    for key in keys:
        session.execute(
            text("SELECT pg_advisory_xact_lock(CAST(:space AS integer), CAST(:key AS integer))"),
            {"space": space, "key": key},
        )
