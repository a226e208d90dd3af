"""Agent accounts and sign-in: argon2id passwords, hashed session tokens, login throttling."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agentdesk.db.models import Agent, AgentSession, AuditEntry, Role, Team
from agentdesk.db.types import utcnow
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services.actor import Actor
from agentdesk.services.audit import audit
from agentdesk.services.errors import NotFound, ServiceError

TOKEN_LIFETIME = timedelta(days=14)
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the username does not exist, so a miss costs as much as a hit.
_DUMMY_HASH = _hasher.hash("agentdesk-no-such-agent")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SignIn:
    actor: Actor
    token: str
    expires_at: datetime


class AccountError(ServiceError):
    pass


def add_agent(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: Role,
    team_name: str | None,
    password: str,
) -> Agent:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            ErrorCode.INVALID_REQUEST, f"a password has at least {MIN_PASSWORD_LENGTH} characters"
        )
    if session.scalar(select(Agent.id).where(Agent.username == username)) is not None:
        raise AccountError(ErrorCode.CONFLICT, f"agent {username!r} exists already")
    team = None
    if team_name:
        team = session.scalar(select(Team).where(Team.name == team_name))
        if team is None:
            team = Team(name=team_name)
            session.add(team)
    agent = Agent(
        username=username,
        display_name=display_name,
        role=role,
        team=team,
        password_hash=hash_password(password),
    )
    session.add(agent)
    session.flush()
    audit(
        session,
        None,
        "agent.add",
        target_type="agent",
        target_id=agent.id,
        detail={"username": username, "role": role.value},
    )
    return agent


def _agent_named(session: Session, username: str) -> Agent:
    agent = session.scalar(select(Agent).where(Agent.username == username))
    if agent is None:
        raise NotFound(f"agent {username!r}")
    return agent


def set_password(session: Session, username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            ErrorCode.INVALID_REQUEST, f"a password has at least {MIN_PASSWORD_LENGTH} characters"
        )
    agent = _agent_named(session, username)
    agent.password_hash = hash_password(password)
    _revoke_all(session, agent.id)
    audit(session, None, "agent.passwd", target_type="agent", target_id=agent.id)


def disable_agent(session: Session, username: str) -> None:
    agent = _agent_named(session, username)
    agent.active = False
    _revoke_all(session, agent.id)
    audit(session, None, "agent.disable", target_type="agent", target_id=agent.id)


def _revoke_all(session: Session, agent_id: int) -> None:
    now = utcnow()
    for row in session.scalars(
        select(AgentSession).where(
            AgentSession.agent_id == agent_id, AgentSession.revoked_at.is_(None)
        )
    ):
        row.revoked_at = now


def _recent_failures(session: Session, *, username: str | None, address: str | None) -> int:
    query = select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "auth.login_failed", AuditEntry.at >= utcnow() - THROTTLE_WINDOW
    )
    if username is not None:
        query = query.where(AuditEntry.target_id == username)
    if address is not None:
        query = query.where(AuditEntry.address == address)
    return session.scalar(query) or 0


def _attempt(action: str, target_type: str, target: str, address: str) -> dict[str, object]:
    """The audit note of a refused sign-in, written after the refused unit rolls back."""
    return {
        "actor": None,
        "action": action,
        "target_type": target_type,
        "target_id": target,
        "address": address,
    }


def login(session: Session, username: str, password: str, address: str) -> SignIn:
    """Check a password and open a session; every attempt is audited, failures throttled."""
    if (
        _recent_failures(session, username=username, address=None) >= MAX_FAILURES_PER_ACCOUNT
        or _recent_failures(session, username=None, address=address) >= MAX_FAILURES_PER_ADDRESS
    ):
        raise AccountError(
            ErrorCode.THROTTLED,
            "too many failed sign-ins; try again later",
            audit=_attempt("auth.login_throttled", "agent", username, address),
        )
    agent = session.scalar(select(Agent).where(Agent.username == username))
    valid = verify_password(agent.password_hash if agent else _DUMMY_HASH, password)
    if agent is None or not valid or not agent.active:
        raise AccountError(
            ErrorCode.AUTH_FAILED,
            "wrong username or password",
            audit=_attempt("auth.login_failed", "agent", username, address),
        )
    if _hasher.check_needs_rehash(agent.password_hash):
        agent.password_hash = hash_password(password)
    token = secrets.token_urlsafe(16)  # 128 bits
    expires_at = utcnow() + TOKEN_LIFETIME
    session.add(
        AgentSession(
            agent_id=agent.id,
            token_hash=_token_hash(token),
            expires_at=expires_at,
            address=address,
        )
    )
    actor = Actor.of(agent, address)
    audit(session, actor, "auth.login", target_type="agent", target_id=username)
    return SignIn(actor, token, expires_at)


def resume(session: Session, token: str, address: str) -> SignIn:
    """Authenticate a later connection with its token; expired or revoked tokens fail."""
    row = session.scalar(select(AgentSession).where(AgentSession.token_hash == _token_hash(token)))
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise AccountError(
            ErrorCode.AUTH_FAILED,
            "the session token is not valid; sign in again",
            audit=_attempt("auth.token_failed", "session", str(row.id) if row else "", address),
        )
    agent = session.get_one(Agent, row.agent_id)
    if not agent.active:
        raise AccountError(
            ErrorCode.AUTH_FAILED,
            "this account is disabled",
            audit=_attempt("auth.token_failed", "agent", agent.username, address),
        )
    row.last_used_at = now
    actor = Actor.of(agent, address)
    audit(session, actor, "auth.token", target_type="session", target_id=row.id)
    return SignIn(actor, token, row.expires_at)


def logout(session: Session, actor: Actor, token: str) -> None:
    row = session.scalar(select(AgentSession).where(AgentSession.token_hash == _token_hash(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
    audit(session, actor, "auth.logout", target_type="session", target_id=row.id if row else "")
