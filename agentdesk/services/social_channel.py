"""Facebook Messenger and X direct messages: inbound deliveries stored once, replies queued.

The platforms sign every webhook delivery with a secret shared with the desk; the
checks here are plain HMAC over the raw body, compared in constant time. A delivery is
parsed into `SocialMessage`s (echoes of the desk's own messages and events that are not
messages are left out), and `receive_social` stores all of them in the caller's single
transaction: each sender becomes a customer by their platform id, each message lands on
that customer's ongoing social conversation, and the platform's message id makes a
repeated delivery a no-op. A reply on a social conversation is queued for the platform
the customer last wrote from, addressed to the id they wrote with.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agentdesk.db.models import (
    Channel,
    Conversation,
    Message,
    MessageDirection,
    SocialHandle,
    SocialPlatform,
)
from agentdesk.services.identity import Identity, Resolution, offer_matches, resolve_customer
from agentdesk.services.inbound import open_conversation, receive_customer_message
from agentdesk.services.locks import advisory_locks
from agentdesk.services.outbound import envelope_builder

# The platforms a reply can leave through, and the transport name each is queued under.
SENDABLE: dict[SocialPlatform, str] = {SocialPlatform.FACEBOOK: "facebook", SocialPlatform.X: "x"}
HANDLE_LENGTH = 120  # SocialHandle.handle: a longer id would be cut and could match another
MESSAGE_ID_LENGTH = 200  # the prefixed id must fit Message.external_id (255)
URL_LENGTH = 2000
_LOCK_SPACE = 0x736F6369  # "soci": the advisory lock space of deliveries (two-key form)


# ----------------------------------------------------------------------------- signatures


def _hmac_sha256(secret: str, data: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), data, hashlib.sha256).digest()


def _same(expected: str, given: str | None) -> bool:
    if given is None:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.strip().encode("utf-8"))


def facebook_signature_valid(app_secret: str, body: bytes, header: str | None) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, in constant time."""
    expected = "sha256=" + _hmac_sha256(app_secret, body).hex()
    return _same(expected, header.lower() if header is not None else None)


def x_signature(consumer_secret: str, data: bytes) -> str:
    """`sha256=<base64 HMAC-SHA256>`: how X signs bodies and how the desk answers a CRC."""
    return "sha256=" + base64.b64encode(_hmac_sha256(consumer_secret, data)).decode("ascii")


def x_signature_valid(consumer_secret: str, body: bytes, header: str | None) -> bool:
    """`x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256 of the raw body>`."""
    return _same(x_signature(consumer_secret, body), header)


def x_crc_response(consumer_secret: str, crc_token: str) -> dict[str, str]:
    """The answer to X's challenge-response check, proving the desk holds the secret."""
    return {"response_token": x_signature(consumer_secret, crc_token.encode("utf-8"))}


# ----------------------------------------------------------------------------- messages


@dataclass(frozen=True, slots=True)
class SocialMessage:
    """One customer message from a platform, as the desk stores it."""

    platform: SocialPlatform
    message_id: str  # the platform's id, unique on that platform
    sender_id: str  # the customer's id on the platform: whom a reply goes to
    recipient_id: str  # the desk's page or account
    text: str
    sent_at: datetime
    sender_name: str | None = None
    handle: str | None = None  # what agents see; the sender id when the platform gives none
    extra: dict[str, Any] = field(default_factory=dict)  # attachments, replied-to message

    @property
    def external_id(self) -> str:
        return f"{self.platform.value}:{self.message_id}"

    @property
    def sender_key(self) -> str:
        return f"{self.platform.value}:sender:{self.sender_id}"

    @property
    def meta(self) -> dict[str, Any]:
        return {
            "platform": self.platform.value,
            "handle": self.handle or self.sender_id,
            "sender_id": self.sender_id,
            "recipient_id": self.recipient_id,
            "sent_at": self.sent_at.isoformat(),
            **self.extra,
        }


@dataclass(frozen=True, slots=True)
class Delivery:
    """What one webhook delivery holds: customer messages, and how many events were not."""

    messages: list[SocialMessage]
    skipped: int = 0


class SocialPayloadError(ValueError):
    """A delivery that does not have the platform's shape; `field` names where it breaks."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


def _payload_error(exc: ValidationError) -> SocialPayloadError:
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    return SocialPayloadError(where, first["msg"])


Id = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=HANDLE_LENGTH)
]
MessageId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MESSAGE_ID_LENGTH)
]
# Milliseconds since 1970, up to the last millisecond of year 9999.
Millis = Annotated[int, Field(ge=0, le=253_402_300_799_999)]


class _Shape(BaseModel):
    # Platforms add fields over time and send ids as numbers now and then.
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


def _time(ms: int | None) -> datetime:
    if ms is None:
        return datetime.now(UTC)
    return datetime.fromtimestamp(ms / 1000, UTC)


def _url(value: object) -> str | None:
    if isinstance(value, str) and value.startswith(("https://", "http://")):
        return value[:URL_LENGTH]
    return None


class _FacebookParty(_Shape):
    id: Id


class _FacebookAttachment(_Shape):
    type: str = "file"
    payload: dict[str, Any] | None = None


class _FacebookMessage(_Shape):
    mid: MessageId
    text: str | None = None
    attachments: list[_FacebookAttachment] = []
    is_echo: bool = False
    reply_to: dict[str, Any] | None = None


class _FacebookMessaging(_Shape):
    sender: _FacebookParty
    recipient: _FacebookParty
    timestamp: Millis | None = None
    message: _FacebookMessage | None = None


class _FacebookEntry(_Shape):
    id: Id
    time: Millis | None = None
    messaging: list[_FacebookMessaging] = []


class _FacebookPayload(_Shape):
    object: str
    entry: list[_FacebookEntry]


def facebook_delivery(payload: dict[str, Any]) -> Delivery:
    """The customer messages of a Messenger webhook delivery for a page.

    Echoes (the page's own messages, sent from the desk or from the page inbox) and events
    that carry no message (delivery and read receipts, postbacks, reactions) are skipped.
    A delivery for another object than a page holds nothing for the desk."""
    try:
        parsed = _FacebookPayload.model_validate(payload)
    except ValidationError as exc:
        raise _payload_error(exc) from exc
    if parsed.object != "page":
        return Delivery([], skipped=sum(len(e.messaging) for e in parsed.entry))
    messages: list[SocialMessage] = []
    skipped = 0
    for entry in parsed.entry:
        for event in entry.messaging:
            message = event.message
            if message is None or message.is_echo or event.sender.id == entry.id:
                skipped += 1
                continue
            attachments = [
                {"type": a.type, "url": _url((a.payload or {}).get("url"))}
                for a in message.attachments
            ]
            extra: dict[str, Any] = {}
            if attachments:
                extra["attachments"] = attachments
            if message.reply_to and isinstance(message.reply_to.get("mid"), str):
                extra["in_reply_to"] = "facebook:" + message.reply_to["mid"]
            messages.append(
                SocialMessage(
                    platform=SocialPlatform.FACEBOOK,
                    message_id=message.mid,
                    sender_id=event.sender.id,
                    recipient_id=event.recipient.id,
                    text=message.text or _attachment_line(attachments),
                    sent_at=_time(event.timestamp if event.timestamp is not None else entry.time),
                    extra=extra,
                )
            )
    return Delivery(messages, skipped)


def _attachment_line(attachments: Iterable[dict[str, Any]]) -> str:
    """The timeline text of a message that is only attachments: `[image] https://…`."""
    return "\n".join(f"[{a['type']}] {a['url'] or ''}".strip() for a in attachments)


class _XTarget(_Shape):
    recipient_id: Id


class _XMessageData(_Shape):
    text: str = ""
    entities: dict[str, Any] | None = None
    attachment: dict[str, Any] | None = None


class _XMessageCreate(_Shape):
    sender_id: Id
    target: _XTarget
    message_data: _XMessageData


class _XEvent(_Shape):
    type: str
    id: MessageId
    created_timestamp: Annotated[str, StringConstraints(pattern=r"^\d{1,15}$")] | None = None
    message_create: _XMessageCreate | None = None


class _XUser(_Shape):
    name: str | None = None
    screen_name: str | None = None


class _XPayload(_Shape):
    for_user_id: Id
    direct_message_events: list[_XEvent] = []
    users: dict[str, _XUser] = {}


def x_delivery(payload: dict[str, Any]) -> Delivery:
    """The customer direct messages of an X Account Activity delivery.

    The desk's own messages (sent by `for_user_id`) and other activity (typing, read
    marks, posts, likes) are skipped; the `users` map gives the sender's name."""
    try:
        parsed = _XPayload.model_validate(payload)
    except ValidationError as exc:
        raise _payload_error(exc) from exc
    messages: list[SocialMessage] = []
    skipped = 0
    for index, event in enumerate(parsed.direct_message_events):
        if event.type != "message_create":
            skipped += 1
            continue
        create = event.message_create
        if create is None:
            raise SocialPayloadError(
                f"direct_message_events.{index}.message_create", "Field required"
            )
        if create.sender_id == parsed.for_user_id:
            skipped += 1
            continue
        user = parsed.users.get(create.sender_id) or _XUser()
        data = create.message_data
        extra: dict[str, Any] = {}
        media = (data.attachment or {}).get("media")
        if isinstance(media, dict):
            extra["attachments"] = [
                {
                    "type": str(media.get("type") or "media"),
                    "url": _url(media.get("media_url_https")),
                }
            ]
        text = _expand_links(data.text, data.entities)
        if not text.strip() and "attachments" in extra:
            text = _attachment_line(extra["attachments"])
        sent = int(event.created_timestamp) if event.created_timestamp is not None else None
        messages.append(
            SocialMessage(
                platform=SocialPlatform.X,
                message_id=event.id,
                sender_id=create.sender_id,
                recipient_id=create.target.recipient_id,
                text=text,
                sent_at=_time(sent),
                sender_name=(user.name or user.screen_name or "").strip() or None,
                handle=f"@{user.screen_name}" if user.screen_name else None,
                extra=extra,
            )
        )
    return Delivery(messages, skipped)


def _expand_links(text: str, entities: dict[str, Any] | None) -> str:
    """X shortens every link to t.co; agents should see where a link really goes."""
    for link in (entities or {}).get("urls") or []:
        if not isinstance(link, dict):
            continue
        short, full = link.get("url"), _url(link.get("expanded_url"))
        if isinstance(short, str) and short and full:
            text = text.replace(short, full)
    return text


# ----------------------------------------------------------------------------- storing


@dataclass(frozen=True, slots=True)
class Received:
    """What storing a delivery did: new message ids, and messages the desk had already."""

    stored: list[int]
    conversations: list[int]
    duplicates: int

    def as_json(self) -> dict[str, Any]:
        return {
            "stored": len(self.stored),
            "duplicates": self.duplicates,
            "message_ids": self.stored,
            "conversation_ids": self.conversations,
        }


def receive_social(session: Session, messages: Sequence[SocialMessage]) -> Received:
    """Store a delivery's messages in the caller's transaction, oldest first.

    A message whose platform id is stored already (a replayed delivery, or the same
    message twice in one) writes nothing, not even a conversation for it."""
    _lock(session, [m.external_id for m in messages] + [m.sender_key for m in messages])
    stored: list[int] = []
    conversations: list[int] = []
    duplicates = 0
    for message in sorted(messages, key=lambda m: m.sent_at):
        if session.scalar(select(exists().where(Message.external_id == message.external_id))):
            duplicates += 1
            continue
        resolution = _customer(session, message)
        conversation = open_conversation(session, resolution.customer.id, Channel.SOCIAL)
        offer_matches(session, resolution, conversation)
        out = receive_customer_message(
            session,
            conversation.id,
            message.text,
            external_id=message.external_id,
            meta=message.meta,
        )
        stored.append(out.id)
        if conversation.id not in conversations:
            conversations.append(conversation.id)
    return Received(stored, conversations, duplicates)


def _lock(session: Session, names: Iterable[str]) -> None:
    """Make concurrent deliveries of one message, or from one sender, wait for each other.

    Platforms redeliver while the first delivery is still being stored; without this,
    both would find the message missing, and the loser would open a conversation for a
    message it then finds stored. Two messages from a new sender would each create the
    customer, or open a conversation each. Locks are taken in one order and before any
    event is written (which takes the event lock), so deliveries cannot deadlock; they are
    PostgreSQL's advisory locks, released at commit (see `services.locks`)."""
    advisory_locks(session, _LOCK_SPACE, names)


def _customer(session: Session, message: SocialMessage) -> Resolution:
    identity = Identity(name=message.sender_name, social=(message.platform, message.sender_id))
    try:
        with session.begin_nested():
            return resolve_customer(session, identity)
    except IntegrityError:
        # A concurrent delivery of another message from this new sender created them
        # first (the handle is unique): that customer it is.
        return resolve_customer(session, identity)


# ----------------------------------------------------------------------------- replies


@envelope_builder(Channel.SOCIAL)
def social_envelope(
    session: Session, conversation: Conversation, message: Message
) -> tuple[str, dict[str, Any]] | None:
    """Where a reply goes: to the id the customer last wrote from, on that platform.

    Without a Facebook or X message in the conversation, the customer's only handle on
    those platforms is used; a conversation of a platform the desk cannot send to
    (or with no platform at all) queues nothing, and the reply stays on the timeline."""
    latest = session.scalar(
        select(Message)
        .where(
            Message.conversation_id == conversation.id,
            Message.direction == MessageDirection.IN,
            or_(*(Message.external_id.startswith(f"{p.value}:") for p in SENDABLE)),
        )
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(1)
    )
    if latest is not None:
        meta = latest.meta or {}
        platform = SocialPlatform((latest.external_id or "").split(":", 1)[0])
        recipient = meta.get("sender_id")
        if isinstance(recipient, str) and recipient:
            envelope: dict[str, Any] = {
                "platform": platform.value,
                "recipient_id": recipient,
                "in_reply_to": latest.external_id,
            }
            if isinstance(meta.get("recipient_id"), str):
                envelope["account_id"] = meta["recipient_id"]
            return SENDABLE[platform], envelope
    handles = session.scalars(
        select(SocialHandle)
        .where(
            SocialHandle.customer_id == conversation.customer_id,
            SocialHandle.platform.in_(list(SENDABLE)),
        )
        .order_by(SocialHandle.id)
    ).all()
    if len(handles) != 1:
        return None
    handle = handles[0]
    return SENDABLE[handle.platform], {
        "platform": handle.platform.value,
        "recipient_id": handle.handle,
    }
