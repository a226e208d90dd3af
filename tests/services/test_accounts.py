"""Accounts: argon2id, hashed expiring tokens, throttled and audited sign-ins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from agentdesk.db.engine import Database
from agentdesk.db.models import AgentSession, AuditEntry, Role
from agentdesk.db.types import utcnow
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services import accounts
from agentdesk.services.errors import ServiceError
from agentdesk.services.unit import perform

PASSWORD = "correct horse battery"


@pytest.fixture
def desk(sqlite_db: Database) -> Database:
    with sqlite_db.write() as session:
        for name in ("amy", "bob"):
            accounts.add_agent(
                session,
                username=name,
                display_name=name.title(),
                role=Role.AGENT,
                team_name="Wallet Care",
                password=PASSWORD,
            )
    return sqlite_db


def refused(database: Database, *args: str) -> ErrorCode:
    with pytest.raises(ServiceError) as raised:
        perform(database, accounts.login, *args)
    return raised.value.code


def actions(database: Database) -> list[str]:
    with database.read() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_passwords_are_argon2id(desk: Database) -> None:
    hashed = accounts.hash_password("x" * 12)
    assert hashed.startswith("$argon2id$")
    assert accounts.verify_password(hashed, "x" * 12)
    assert not accounts.verify_password(hashed, "y" * 12)
    assert not accounts.verify_password("not a hash", "x")


def test_tokens_are_random_stored_hashed_and_expire(desk: Database) -> None:
    first = perform(desk, accounts.login, "amy", PASSWORD, "10.0.0.1")
    second = perform(desk, accounts.login, "amy", PASSWORD, "10.0.0.1")
    assert first.token != second.token and len(first.token) == 22  # 16 bytes, base64url
    with desk.read() as session:
        stored = set(session.scalars(select(AgentSession.token_hash)))
    assert first.token not in stored and len(stored) == 2
    assert perform(desk, accounts.resume, first.token, "10.0.0.2").actor.username == "amy"
    with desk.write() as session:
        session.execute(update(AgentSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(ServiceError) as raised:
        perform(desk, accounts.resume, first.token, "10.0.0.2")
    assert raised.value.code is ErrorCode.AUTH_FAILED
    assert actions(desk)[-1] == "auth.token_failed"


def test_every_attempt_is_audited(desk: Database) -> None:
    perform(desk, accounts.login, "amy", PASSWORD, "10.0.0.1")
    assert refused(desk, "amy", "wrong", "10.0.0.1") is ErrorCode.AUTH_FAILED
    assert refused(desk, "ghost", PASSWORD, "10.0.0.1") is ErrorCode.AUTH_FAILED
    assert actions(desk)[-3:] == ["auth.login", "auth.login_failed", "auth.login_failed"]


def test_throttled_per_address(desk: Database) -> None:
    for index in range(accounts.MAX_FAILURES_PER_ADDRESS):
        assert refused(desk, f"guess{index}", "x", "10.6.6.6") is ErrorCode.AUTH_FAILED
    assert refused(desk, "amy", PASSWORD, "10.6.6.6") is ErrorCode.THROTTLED
    # the same account from another address is unaffected
    assert perform(desk, accounts.login, "amy", PASSWORD, "10.0.0.9").actor.username == "amy"
    assert "auth.login_throttled" in actions(desk)


def test_throttled_per_account(desk: Database) -> None:
    for index in range(accounts.MAX_FAILURES_PER_ACCOUNT):
        assert refused(desk, "bob", "x", f"10.0.0.{index}") is ErrorCode.AUTH_FAILED
    assert refused(desk, "bob", PASSWORD, "10.0.1.1") is ErrorCode.THROTTLED
    assert perform(desk, accounts.login, "amy", PASSWORD, "10.0.1.1").actor.username == "amy"


def test_logout_and_password_change_revoke(desk: Database) -> None:
    first = perform(desk, accounts.login, "amy", PASSWORD, "10.0.0.1")
    perform(desk, accounts.logout, first.actor, first.token)
    with pytest.raises(ServiceError):
        perform(desk, accounts.resume, first.token, "10.0.0.1")
    second = perform(desk, accounts.login, "amy", PASSWORD, "10.0.0.1")
    perform(desk, accounts.set_password, "amy", "a new passphrase")
    with pytest.raises(ServiceError):
        perform(desk, accounts.resume, second.token, "10.0.0.1")
    assert refused(desk, "amy", PASSWORD, "10.0.0.1") is ErrorCode.AUTH_FAILED
    perform(desk, accounts.login, "amy", "a new passphrase", "10.0.0.1")
