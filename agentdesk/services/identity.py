"""One customer across channels: recognize who wrote, and let agents confirm what is unsure.

Strong keys identify a person exactly: a wallet id (signed by the wallet back end), a
social handle, an email address, an E.164 phone number, and the further emails and phones
agents attached by confirming a match. When the keys of one message point at different
customers, or a new customer's name equals an existing one's, the desk does not guess:
the message lands on one customer and the others are offered to the agent as possible
matches. Only an agent's confirmation merges two customers, and it is audited.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from agentdesk.db.models import (
    CallLog,
    ChatVisitor,
    Conversation,
    Customer,
    CustomerIdentity,
    IdentityMatch,
    Language,
    SocialHandle,
    SocialPlatform,
    WalletAccount,
)
from agentdesk.db.types import utcnow
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services import search_index
from agentdesk.services.actor import Actor
from agentdesk.services.audit import audit
from agentdesk.services.calls import normalize_number
from agentdesk.services.errors import NotFound, ServiceError
from agentdesk.services.events import record_event
from agentdesk.services.inbox import summarize
from agentdesk.services.locks import advisory_locks
from agentdesk.services.permissions import visible_conversation

OPEN, CONFIRMED, REJECTED = "open", "confirmed", "rejected"
# Names too generic to suggest that two customers are one person.
_GENERIC_NAMES = frozenset({"", "visitor", "访客", "customer", "客户", "unknown", "anonymous"})


@dataclass(frozen=True, slots=True)
class Identity:
    """What a channel knows about who is writing; any field may be missing."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None  # any way people write it; normalized to E.164 here
    wallet_id: str | None = None
    social: tuple[SocialPlatform, str] | None = None
    language: Language | None = None

    @property
    def normalized_email(self) -> str | None:
        return self.email.strip().lower() if self.email and "@" in self.email else None

    @property
    def normalized_phone(self) -> str | None:
        return normalize_number(self.phone) if self.phone else None


@dataclass(slots=True)
class Resolution:
    """The customer a message belongs to, and customers an agent should be asked about."""

    customer: Customer
    created: bool
    candidates: list[tuple[Customer, str]] = field(default_factory=list)


def _live(session: Session, customer: Customer | None) -> Customer | None:
    """Follow merges: a customer merged into another is found as that other one."""
    seen: set[int] = set()
    while customer is not None and customer.merged_into_id is not None:
        if customer.id in seen:  # a cycle cannot be written by merge(); refuse to loop
            break
        seen.add(customer.id)
        customer = session.get(Customer, customer.merged_into_id)
    return customer


def _by_identity(session: Session, kind: str, value: str) -> list[Customer]:
    return list(
        session.scalars(
            select(Customer)
            .join(CustomerIdentity, CustomerIdentity.customer_id == Customer.id)
            .where(CustomerIdentity.kind == kind, CustomerIdentity.value == value)
        )
    )


def strong_matches(session: Session, identity: Identity) -> list[tuple[Customer, str]]:
    """Customers matched exactly, strongest key first, each with the reason it matched."""
    found: list[tuple[Customer, str]] = []
    if identity.wallet_id:
        account = session.scalar(
            select(WalletAccount).where(WalletAccount.wallet_id == identity.wallet_id)
        )
        if account is not None:
            found.append((account.customer, "same wallet id"))
        found += [
            (c, "same wallet id") for c in _by_identity(session, "wallet", identity.wallet_id)
        ]
    if identity.social is not None:
        platform, handle = identity.social
        row = session.scalar(
            select(SocialHandle).where(
                SocialHandle.platform == platform, SocialHandle.handle == handle
            )
        )
        if row is not None:
            found.append((row.customer, f"same {platform.value} account"))
    if (email := identity.normalized_email) is not None:
        found += [
            (c, "same email address")
            for c in session.scalars(
                select(Customer).where(func.lower(Customer.email) == email).order_by(Customer.id)
            )
        ]
        found += [(c, "same email address") for c in _by_identity(session, "email", email)]
    if (phone := identity.normalized_phone) is not None:
        found += [
            (c, "same phone number")
            for c in session.scalars(
                select(Customer).where(Customer.phone == phone).order_by(Customer.id)
            )
        ]
        found += [(c, "same phone number") for c in _by_identity(session, "phone", phone)]
    unique: dict[int, tuple[Customer, str]] = {}
    for customer, reason in found:
        live = _live(session, customer)
        if live is not None and live.id not in unique:
            unique[live.id] = (live, reason)
    return list(unique.values())


def _name_key(name: str | None) -> str:
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(folded.split())


def _same_name(session: Session, customer: Customer) -> list[tuple[Customer, str]]:
    key = _name_key(customer.name)
    if key in _GENERIC_NAMES or len(key) < 2:
        return []
    rows = session.scalars(
        select(Customer)
        .where(
            Customer.id != customer.id,
            Customer.merged_into_id.is_(None),
            func.lower(Customer.name) == customer.name.strip().lower(),
        )
        .order_by(Customer.id)
        .limit(5)
    )
    return [(c, "same name") for c in rows if _name_key(c.name) == key]


def resolve_customer(session: Session, identity: Identity) -> Resolution:
    """The customer this identity belongs to; a new customer when nobody matches.

    Exactly one customer matched: that one. Several (the email is one customer's, the
    phone another's): the strongest key's customer, the others offered as matches. None:
    a new customer with these keys, and same-name customers offered as matches."""
    _lock_keys(session, identity)
    matches = strong_matches(session, identity)
    if matches:
        customer = matches[0][0]
        return Resolution(customer, created=False, candidates=matches[1:])
    customer = Customer(
        name=(identity.name or "").strip()[:120] or _placeholder_name(identity),
        email=identity.normalized_email,
        phone=identity.normalized_phone,
        language=identity.language or Language.ZH,
    )
    if identity.social is not None:
        platform, handle = identity.social
        customer.handles.append(SocialHandle(platform=platform, handle=handle[:120]))
    session.add(customer)
    session.flush()
    return Resolution(customer, created=True, candidates=_same_name(session, customer))


_LOCK_SPACE = 0x6964656E  # "iden": the advisory lock space of identity keys


def _lock_keys(session: Session, identity: Identity) -> None:
    """Two first messages from a new address at the same moment must not create two
    customers: on PostgreSQL each key is locked (until commit) before it is looked up, in
    one order, and before the caller writes any event (the event lock comes later), so
    concurrent deliveries wait for each other instead of deadlocking. SQLite has one writer."""
    names = [
        f"email:{identity.normalized_email}" if identity.normalized_email else "",
        f"phone:{identity.normalized_phone}" if identity.normalized_phone else "",
        f"wallet:{identity.wallet_id}" if identity.wallet_id else "",
        f"social:{identity.social[0].value}:{identity.social[1]}" if identity.social else "",
    ]
    advisory_locks(session, _LOCK_SPACE, names)


def _placeholder_name(identity: Identity) -> str:
    if identity.normalized_email:
        return identity.normalized_email.split("@")[0]
    if identity.social is not None:
        return f"{identity.social[0].value}:{identity.social[1]}"
    return "访客 Visitor"


def offer_matches(
    session: Session, resolution: Resolution, conversation: Conversation | None
) -> list[IdentityMatch]:
    """Store the candidates as open matches (once per pair) and tell the desktops."""
    offered: list[IdentityMatch] = []
    for candidate, reason in resolution.candidates:
        pair = (resolution.customer.id, candidate.id)
        existing = session.scalar(
            select(IdentityMatch).where(
                or_(
                    (IdentityMatch.customer_id == pair[0])
                    & (IdentityMatch.candidate_id == pair[1]),
                    (IdentityMatch.customer_id == pair[1])
                    & (IdentityMatch.candidate_id == pair[0]),
                )
            )
        )
        if existing is not None:
            continue
        match = IdentityMatch(
            customer_id=pair[0],
            candidate_id=pair[1],
            conversation_id=conversation.id if conversation is not None else None,
            reason=reason,
            status=OPEN,
            created_at=utcnow(),
        )
        session.add(match)
        session.flush()
        offered.append(match)
        record_event(
            session,
            "identity.match",
            team_id=conversation.team_id if conversation is not None else None,
            conversation_id=conversation.id if conversation is not None else None,
            agent_id=conversation.assignee_id if conversation is not None else None,
            payload={"match": match_payload(match)},
        )
    return offered


def match_payload(match: IdentityMatch) -> dict[str, Any]:
    return {
        "id": match.id,
        "customer_id": match.customer_id,
        "customer_name": match.customer.name,
        "candidate_id": match.candidate_id,
        "candidate_name": match.candidate.name,
        "conversation_id": match.conversation_id,
        "reason": match.reason,
        "status": match.status,
    }


def open_matches(session: Session, actor: Actor, conversation_id: int) -> list[dict[str, Any]]:
    """Possible matches an agent looking at this conversation should decide on."""
    conversation = visible_conversation(session, actor, conversation_id, "customer.matches")
    rows = session.scalars(
        select(IdentityMatch)
        .where(
            IdentityMatch.status == OPEN,
            or_(
                IdentityMatch.customer_id == conversation.customer_id,
                IdentityMatch.candidate_id == conversation.customer_id,
            ),
        )
        .order_by(IdentityMatch.id)
    )
    return [match_payload(row) for row in rows]


def decide_match(
    session: Session, actor: Actor, match_id: int, same_person: bool
) -> dict[str, Any]:
    """An agent's answer: the same person (merge into the candidate) or not (never ask again)."""
    match = session.get(IdentityMatch, match_id, with_for_update=True)
    if match is None:
        raise NotFound("identity match")
    if match.conversation_id is not None:
        visible_conversation(session, actor, match.conversation_id, "customer.match", lock=True)
    elif not actor.is_lead:
        raise NotFound("identity match")
    if match.status != OPEN:
        raise ServiceError(ErrorCode.INVALID_STATE, f"this match was {match.status} already")
    match.status = CONFIRMED if same_person else REJECTED
    match.decided_by_agent_id, match.decided_at = actor.agent_id, utcnow()
    moved: list[int] = []
    # Other decisions may have merged either side meanwhile: merge what they are now.
    source, target = _live(session, match.customer), _live(session, match.candidate)
    if same_person and source is not None and target is not None:
        moved = merge(session, source, target, at=match.decided_at)
    audit(
        session,
        actor,
        "customer.match.confirm" if same_person else "customer.match.reject",
        target_type="customer",
        target_id=match.candidate_id,
        detail={"match_id": match.id, "customer_id": match.customer_id, "reason": match.reason},
    )
    session.flush()
    payload = {"match": match_payload(match), "moved_conversations": moved}
    conversation = (
        session.get(Conversation, match.conversation_id) if match.conversation_id else None
    )
    record_event(
        session,
        "identity.decided",
        team_id=conversation.team_id if conversation is not None else None,
        conversation_id=match.conversation_id,
        agent_id=conversation.assignee_id if conversation is not None else None,
        payload=payload,
    )
    return payload


def merge(session: Session, source: Customer, target: Customer, at: datetime) -> list[int]:
    """Move everything of `source` to `target` and leave `source` pointing there.

    The source's email and phone become further identities of the target, so the next
    message from either lands on the target directly."""
    if source.id == target.id:
        return []
    for kind, value in (("email", source.email), ("phone", source.phone)):
        if value and value != getattr(target, kind):
            if getattr(target, kind) is None:
                setattr(target, kind, value)
            elif (
                session.scalar(
                    select(CustomerIdentity).where(
                        CustomerIdentity.kind == kind, CustomerIdentity.value == value
                    )
                )
                is None
            ):
                session.add(
                    CustomerIdentity(customer_id=target.id, kind=kind, value=value, created_at=at)
                )
    source.email = source.phone = None
    conversations = list(
        session.scalars(select(Conversation.id).where(Conversation.customer_id == source.id))
    )
    for model in (CallLog, ChatVisitor, SocialHandle, WalletAccount, CustomerIdentity):
        session.execute(
            update(model)
            .where(model.customer_id == source.id)
            .values(customer_id=target.id)
            .execution_options(synchronize_session=False)
        )
    for conversation_id in conversations:
        conversation = session.get_one(Conversation, conversation_id, with_for_update=True)
        conversation.customer_id = target.id
        conversation.version += 1
    source.merged_into_id = target.id
    session.flush()
    search_index.move_customer(session, source.id, target.id)
    session.expire_all()
    for conversation_id in conversations:
        conversation = session.get_one(Conversation, conversation_id)
        record_event(
            session,
            "conversation.updated",
            team_id=conversation.team_id,
            conversation_id=conversation.id,
            agent_id=conversation.assignee_id,
            payload={"conversation": summarize(session, conversation).model_dump(mode="json")},
        )
    return conversations
