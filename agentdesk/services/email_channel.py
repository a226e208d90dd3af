"""Email as a channel: inbound mail stored on its thread, replies queued with threading headers.

Inbound mail finds its conversation, strongest sign first: In-Reply-To and References
naming a stored message (a customer's mail by its Message-ID, a desk reply by the
Message-ID it left with), for a bounce the Message-ID of the returned original, then a
`[#123]` tag in the subject, then the sender's ongoing email conversation or a new one.
A Message-ID cannot be guessed (the desk's carry a random token), a tag can: a tag
naming a conversation that is not the sender's own is ignored, noted on the message, and
the mail opens a conversation of the sender's instead of landing in a stranger's.

Automatic mail (auto-replies, bounces) is stored and flagged, but it is the customer's
mail system talking, not the customer: it never reopens a resolved, pending or snoozed
conversation, never moves one up the inbox, never starts the SLA clock, and is never
what a reply is addressed or threaded to. Unthreaded, it lands on the sender's latest
email conversation, whatever its status; a sender with none gets a new conversation that
is resolved from the start, so it is on record without entering anyone's queue.

A reply on an email conversation is queued with everything the relay needs: the address
of the customer's latest own mail, `Re: <subject> [#id]`, and a Message-ID made once,
here, so that every retry carries the same one and the customer's answer threads back.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from agentdesk.db.models import (
    Attachment,
    Channel,
    Conversation,
    ConversationStatus,
    Customer,
    Message,
    MessageDirection,
)
from agentdesk.db.types import utcnow
from agentdesk.protocol.payloads import MessageOut
from agentdesk.services.identity import Identity, Resolution, offer_matches, resolve_customer
from agentdesk.services.inbound import (
    announce_message,
    open_conversation,
    receive_customer_message,
    store_once,
)
from agentdesk.services.mail_parsing import ParsedEmail
from agentdesk.services.outbound import envelope_builder

TRANSPORT = "email"
EXTERNAL_ID_LENGTH = 255  # Message.external_id
ADDRESS_LENGTH = 254  # Customer.email, and the longest address RFC 5321 allows
MAX_REFERENCES = 20  # ids kept in a References header: the first and the latest
MAX_REFERENCES_CHARS = 900  # so the header stays one line under the 998-octet limit
MAX_PROBLEMS = 20
MAX_SUBJECT = 200
RECENT_MESSAGES = 200  # inbound messages looked through for a reply's address
BOUNCE_SENDERS = ("mailer-daemon", "postmaster")
RAW_NAME, RAW_TYPE = "original.eml", "message/rfc822"
_ORIGINAL_TYPES = frozenset(
    {"message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers"}
)

# An id that can go into a header as it is: printable ASCII, no spaces or brackets inside.
_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>")
# The desk's own Message-IDs: `<agentdesk.{message id}.{random token}@{desk domain}>`.
_DESK_ID = re.compile(r"<agentdesk\.(\d{1,18})\.([0-9a-f]{16,64})@[^<>\s@]+>")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_TAG = re.compile(r"\s*\[#\d{1,9}\]")
_REPLY_PREFIX = re.compile(
    r"^(?:\s*(?:re|fwd?|aw|sv|vs|antw|答复|回复|回覆|转发|轉寄)\s*(?:\[\d+\])?\s*[:：])+\s*",
    re.IGNORECASE,
)

DEFAULT_DOMAIN = "agentdesk.localhost"
_desk = {"domain": DEFAULT_DOMAIN}


def configure(desk_address: str) -> None:
    """Name the domain of the desk's Message-IDs (the server calls this with its settings);
    until then a reserved .localhost name keeps ids unique without claiming anyone's."""
    domain = desk_address.rpartition("@")[2].strip().lower()
    if _DOMAIN.fullmatch(domain):
        _desk["domain"] = domain


def desk_domain() -> str:
    return _desk["domain"]


# ----------------------------------------------------------------------------- inbound


@dataclass(frozen=True, slots=True)
class StoredEmail:
    """What storing one delivery did; `threaded_by` says how it found its conversation."""

    message_id: int
    conversation_id: int
    duplicate: bool
    threaded_by: str | None = None


def email_external_id(message_id: str) -> str:
    """The key a Message-ID is stored and looked up under; one too long for the column
    is replaced by its hash, the same on every delivery."""
    if len(message_id) <= EXTERNAL_ID_LENGTH:
        return message_id
    digest = hashlib.sha256(message_id.encode("utf-8", errors="surrogateescape")).hexdigest()
    return f"<{digest}.long@agentdesk.invalid>"


def store_email(
    session: Session,
    mail: ParsedEmail,
    envelope_from: str | None = None,
    recipients: Sequence[str] = (),
    *,
    at: datetime | None = None,
) -> StoredEmail:
    """Store one inbound email on its conversation, in the caller's transaction.

    A Message-ID stored already (a replayed delivery) writes nothing at all. Mail that
    could not be parsed is stored with its raw bytes attached as `original.eml`."""
    mail = without_nul(mail)
    external_id = email_external_id(mail.message_id)
    earlier = session.scalar(select(Message).where(Message.external_id == external_id))
    if earlier is not None:
        return StoredEmail(earlier.id, earlier.conversation_id, duplicate=True)
    now = at or utcnow()
    automatic = mail.is_auto_reply or mail.is_bounce
    sender = _sender(mail, envelope_from)
    notes: dict[str, Any] = {}
    found = _thread_by_headers(session, mail)
    # A bounce on a known thread speaks for nobody: no customer is looked up for it.
    resolution = None if found is not None and mail.is_bounce else _resolve(session, mail, sender)
    if found is None and mail.ticket_number is not None and resolution is not None:
        found = _thread_by_tag(session, mail.ticket_number, resolution.customer, notes)
    conversation, threaded_by = found if found is not None else (None, None)
    if conversation is None:
        assert resolution is not None  # only a threaded bounce skips the lookup
        subject = base_subject(mail.subject)
        if automatic:
            conversation = _home_for_automatic(session, resolution.customer, subject, now)
        else:
            conversation = open_conversation(
                session, resolution.customer.id, Channel.EMAIL, subject=subject, at=now
            )
    meta = _meta(mail, sender, recipients, threaded_by, notes)
    if automatic:
        out = _store_quietly(session, conversation, mail, external_id, meta, now)
    else:
        out = receive_customer_message(
            session,
            conversation.id,
            mail.text,
            external_id=external_id,
            html=mail.html,
            meta=meta,
            at=now,
        )
    if out.conversation_id != conversation.id:
        # A concurrent delivery of the same mail committed first, on a conversation of
        # its own: drop the one opened here if it stayed empty.
        _drop_if_empty(session, conversation)
        return StoredEmail(out.id, out.conversation_id, duplicate=True)
    _attach(session, out.id, mail)
    if resolution is not None:
        offer_matches(session, resolution, conversation)
    return StoredEmail(out.id, conversation.id, duplicate=False, threaded_by=threaded_by)


def without_nul(mail: ParsedEmail) -> ParsedEmail:
    """The mail with NUL characters replaced: PostgreSQL text cannot hold them, and a
    mail the database refuses would be refused forever. Such mail keeps its raw bytes."""

    def clean(value: str) -> str:
        return value.replace("\x00", "\ufffd")

    fields = (mail.message_id, mail.in_reply_to, mail.subject, mail.from_address, mail.from_name)
    texts = (*fields, *mail.references, *mail.to, *mail.cc, *mail.problems, mail.text, mail.html)
    names = [(a.filename, a.content_type) for a in mail.attachments]
    if not any(t and "\x00" in t for t in (*texts, *(n for pair in names for n in pair))):
        return mail
    return replace(
        mail,
        message_id=clean(mail.message_id),
        in_reply_to=clean(mail.in_reply_to) if mail.in_reply_to else mail.in_reply_to,
        references=tuple(clean(r) for r in mail.references),
        subject=clean(mail.subject),
        from_address=clean(mail.from_address) if mail.from_address else mail.from_address,
        from_name=clean(mail.from_name) if mail.from_name else mail.from_name,
        to=tuple(clean(a) for a in mail.to),
        cc=tuple(clean(a) for a in mail.cc),
        text=clean(mail.text),
        html=clean(mail.html) if mail.html is not None else None,
        attachments=tuple(
            replace(
                a,
                filename=clean(a.filename) if a.filename else a.filename,
                content_type=clean(a.content_type),
            )
            for a in mail.attachments
        ),
        malformed=True,
        problems=(*map(clean, mail.problems), "NUL characters replaced; the raw mail is attached"),
    )


def _sender(mail: ParsedEmail, envelope_from: str | None) -> str | None:
    """The From address; the envelope sender only when the header has none (or one no
    mailbox can have: longer than an address may be)."""
    for candidate in (mail.from_address, envelope_from):
        address = (candidate or "").strip()
        if "@" in address and len(address) <= ADDRESS_LENGTH:
            return address
    return None


def _resolve(session: Session, mail: ParsedEmail, sender: str | None) -> Resolution:
    return resolve_customer(session, Identity(name=mail.from_name, email=sender))


def _thread_by_headers(session: Session, mail: ParsedEmail) -> tuple[Conversation, str] | None:
    """The conversation of the newest stored message the mail says it answers."""
    candidates: list[tuple[str, str]] = []
    if mail.in_reply_to:
        candidates.append((mail.in_reply_to, "in-reply-to"))
    candidates += [(ref, "references") for ref in reversed(mail.references)]
    if mail.is_bounce:
        candidates += [(ref, "bounced-original") for ref in _bounced_originals(mail)]
    for message_id, how in candidates:
        message = _stored_message(session, message_id)
        if message is not None:
            return session.get_one(Conversation, message.conversation_id), how
    return None


def _stored_message(session: Session, message_id: str) -> Message | None:
    """The message stored under a Message-ID: a desk reply by the id it left with (the
    random token must match), else an inbound message by its own id."""
    desk = _DESK_ID.fullmatch(message_id)
    if desk is not None:
        reply = session.get(Message, int(desk.group(1)))
        sent_as = (reply.meta or {}).get("email_message_id") if reply is not None else None
        if reply is not None and isinstance(sent_as, str):
            sent = _DESK_ID.fullmatch(sent_as)
            if sent is not None and secrets.compare_digest(sent.group(2), desk.group(2)):
                return reply
    return session.scalar(
        select(Message).where(Message.external_id == email_external_id(message_id))
    )


def _bounced_originals(mail: ParsedEmail) -> list[str]:
    """Message-IDs of the mail a bounce returns (its message/rfc822 or headers part)."""
    found: list[str] = []
    for attachment in mail.attachments:
        if attachment.content_type not in _ORIGINAL_TYPES or attachment.data is None:
            continue
        try:
            headers = BytesHeaderParser(policy=compat32).parsebytes(attachment.data)
            found += _ID.findall(str(headers.get("Message-ID", "")))
        except Exception:  # noqa: S112 - a mangled returned original threads by nothing
            continue
    return found


def _thread_by_tag(
    session: Session, number: int, customer: Customer, notes: dict[str, Any]
) -> tuple[Conversation, str] | None:
    """The tagged conversation, only if it is this sender's own email conversation."""
    conversation = session.get(Conversation, number)
    reason = None
    if conversation is None:
        reason = "no such conversation"
    elif conversation.channel is not Channel.EMAIL:
        reason = "the tagged conversation is not an email conversation"
    elif conversation.customer_id != customer.id:
        reason = "the tagged conversation belongs to another customer"
    if reason is not None or conversation is None:
        notes["ticket_ignored"] = {"ticket": number, "reason": reason}
        return None
    return conversation, "ticket"


def _home_for_automatic(
    session: Session, customer: Customer, subject: str, now: datetime
) -> Conversation:
    """Where unthreaded automatic mail goes: the sender's latest email conversation,
    untouched; or a new one, resolved at once, so it is kept but queues no work."""
    latest = session.scalar(
        select(Conversation)
        .where(Conversation.customer_id == customer.id, Conversation.channel == Channel.EMAIL)
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .limit(1)
    )
    if latest is not None:
        return latest
    conversation = Conversation(
        customer_id=customer.id,
        channel=Channel.EMAIL,
        status=ConversationStatus.RESOLVED,
        subject=subject[:255],
        created_at=now,
        last_message_at=now,
    )
    session.add(conversation)
    session.flush()
    return conversation


def _meta(
    mail: ParsedEmail,
    sender: str | None,
    recipients: Sequence[str],
    threaded_by: str | None,
    notes: dict[str, Any],
) -> dict[str, Any]:
    """What the timeline shows about the mail. Addresses are comma-separated strings under
    the keys the desktop masks (from, to, cc)."""
    attachments = [
        {
            "filename": a.filename or "",
            "content_type": a.content_type,
            "size": a.size,
            "rejected_reason": a.rejected_reason,
        }
        for a in mail.attachments
    ]
    if mail.malformed:
        attachments.append(
            {
                "filename": RAW_NAME,
                "content_type": RAW_TYPE,
                "size": len(mail.raw),
                "rejected_reason": None,
            }
        )
    return {
        "from": sender,
        "from_name": mail.from_name,
        "to": ", ".join(mail.to),
        "cc": ", ".join(mail.cc),
        "subject": mail.subject,
        "message_id": mail.message_id,
        "in_reply_to": mail.in_reply_to,
        "references": cap_references(mail.references),
        "date": mail.date.isoformat() if mail.date is not None else None,
        "delivered_to": ", ".join(recipients),
        "auto_reply": mail.is_auto_reply,
        "bounce": mail.is_bounce,
        "malformed": mail.malformed,
        "problems": [problem[:300] for problem in mail.problems[:MAX_PROBLEMS]],
        "threaded_by": threaded_by,
        "attachments": attachments,
        **notes,
    }


def _store_quietly(
    session: Session,
    conversation: Conversation,
    mail: ParsedEmail,
    external_id: str,
    meta: dict[str, Any],
    now: datetime,
) -> MessageOut:
    """Automatic mail onto the timeline with nothing else changed: no reopening, no move
    up the inbox. Stored once per Message-ID, like every inbound message."""
    message = Message(
        conversation_id=conversation.id,
        direction=MessageDirection.IN,
        text=mail.text,
        html=mail.html,
        external_id=external_id,
        meta=meta,
        created_at=now,
    )
    earlier = store_once(session, message)
    if earlier is not None:
        return earlier
    _attach(session, message.id, mail)
    return announce_message(session, conversation, message)


def _attach(session: Session, message_id: int, mail: ParsedEmail) -> None:
    """The mail's files (an oversized one by name only) and, for mail that could not be
    parsed cleanly, the raw bytes; once per message."""
    if session.scalar(select(exists().where(Attachment.message_id == message_id))):
        return
    for part in mail.attachments:
        session.add(
            Attachment(
                message_id=message_id,
                filename=(part.filename or "")[:255],
                content_type=part.content_type[:127],
                size=part.size,
                sha256=hashlib.sha256(part.data).hexdigest() if part.data is not None else None,
                data=part.data,
                rejected_reason=(part.rejected_reason or "")[:255] or None,
            )
        )
    if mail.malformed:
        session.add(
            Attachment(
                message_id=message_id,
                filename=RAW_NAME,
                content_type=RAW_TYPE,
                size=len(mail.raw),
                sha256=hashlib.sha256(mail.raw).hexdigest(),
                data=mail.raw,
            )
        )
    session.flush()


def _drop_if_empty(session: Session, conversation: Conversation) -> None:
    if session.scalar(select(exists().where(Message.conversation_id == conversation.id))):
        return
    session.delete(conversation)
    session.flush()


# ----------------------------------------------------------------------------- replies


def base_subject(subject: str) -> str:
    """The subject without reply prefixes and ticket tags: `Re: [#4] Re: 冻结` → `冻结`."""
    text = _TAG.sub("", " ".join(subject.split()))
    return _REPLY_PREFIX.sub("", text).strip()[:MAX_SUBJECT]


def reply_subject(subject: str, conversation_id: int) -> str:
    base = base_subject(subject)
    return f"Re: {base} [#{conversation_id}]" if base else f"Re: [#{conversation_id}]"


def cap_references(ids: Iterable[str]) -> list[str]:
    """Header-safe ids, at most MAX_REFERENCES and MAX_REFERENCES_CHARS: the first (the
    thread's root) and the latest, as RFC 5322 suggests when trimming."""
    kept = [i for i in dict.fromkeys(ids) if _ID.fullmatch(i)]
    if len(kept) > MAX_REFERENCES:
        kept = kept[:1] + kept[-(MAX_REFERENCES - 1) :]
    while len(kept) > 1 and len(" ".join(kept)) > MAX_REFERENCES_CHARS:
        del kept[1 if len(kept) > 2 else 0]
    return kept


def _is_automatic(meta: dict[str, Any]) -> bool:
    return bool(meta.get("auto_reply") or meta.get("bounce"))


def _inbound(session: Session, conversation_id: int) -> list[Message]:
    return list(
        session.scalars(
            select(Message)
            .where(
                Message.conversation_id == conversation_id,
                Message.direction == MessageDirection.IN,
            )
            .order_by(Message.created_at.desc(), Message.id.desc())
            .limit(RECENT_MESSAGES)
        )
    )


def _answerable_address(address: str | None, automatic_senders: set[str]) -> bool:
    if not address or "@" not in address:
        return False
    lowered = address.strip().lower()
    return lowered.split("@", 1)[0] not in BOUNCE_SENDERS and lowered not in automatic_senders


@envelope_builder(Channel.EMAIL)
def email_envelope(
    session: Session, conversation: Conversation, message: Message
) -> tuple[str, dict[str, Any]]:
    """Where and how a reply leaves: to the sender of the customer's latest own mail (not
    an auto-reply or bounce), threaded under it, with a Message-ID fixed now.

    Without such mail the customer's address is used, unless it only ever sent automatic
    mail here. With no address at all the reply is still queued: the transport fails it
    at once with the reason, so the agent sees why it did not leave."""
    inbound = _inbound(session, conversation.id)
    automatic_senders = {
        str(m.meta.get("from") or "").lower() for m in inbound if _is_automatic(m.meta or {})
    }
    latest = next(
        (
            m
            for m in inbound
            if not _is_automatic(m.meta or {})
            and _answerable_address(m.meta.get("from"), automatic_senders=set())
        ),
        None,
    )
    envelope: dict[str, Any] = {}
    if latest is not None:
        meta = latest.meta
        envelope["to"], envelope["to_name"] = str(meta["from"]).strip(), meta.get("from_name")
        subject = str(meta.get("subject") or conversation.subject)
        parent = str(meta.get("message_id") or "")
        if _ID.fullmatch(parent) and not parent.endswith("@agentdesk.invalid>"):
            envelope["in_reply_to"] = parent
            envelope["references"] = cap_references([*(meta.get("references") or []), parent])
    else:
        customer = session.get_one(Customer, conversation.customer_id)
        subject = conversation.subject
        if _answerable_address(customer.email, automatic_senders):
            envelope["to"], envelope["to_name"] = customer.email, customer.name
        else:
            envelope["to"] = None
            envelope["problem"] = (
                "no address to reply to: the customer has no email address that wrote "
                "here other than automatic mail (auto-replies, bounces)"
            )
    envelope["subject"] = reply_subject(subject, conversation.id)
    envelope["message_id"] = f"<agentdesk.{message.id}.{secrets.token_hex(8)}@{desk_domain()}>"
    message.meta = {**(message.meta or {}), "email_message_id": envelope["message_id"]}
    return TRANSPORT, envelope
