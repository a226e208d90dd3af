"""Facebook Messenger and X webhooks against a real listener: signed, stored once, atomic."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    Channel,
    Conversation,
    Customer,
    Message,
    MessageDirection,
    SocialHandle,
    SocialPlatform,
)
from agentdesk.server.config import ChannelSettings
from agentdesk.services import inbound, social_channel
from tests.helpers.desk import DeskBuilder
from tests.helpers.server import running_server
from tests.server.conftest import CATALOG, Desk, build_desk

pytestmark = pytest.mark.asyncio
APP_SECRET = "facebook-app-secret"
VERIFY = "facebook-verify-token"
CONSUMER = "x-consumer-secret"
PAGE = "104000000000001"
US = "3805104374"
LIMIT = 8192
SETTINGS = ChannelSettings(
    facebook_app_secret=APP_SECRET,
    facebook_verify_token=VERIFY,
    x_consumer_secret=CONSUMER,
    max_webhook_bytes=LIMIT,
)


@dataclass
class Hooks:
    desk: Desk
    url: str


@contextmanager
def _serve(database: Database, channels: ChannelSettings = SETTINGS) -> Iterator[Hooks]:
    desk = build_desk(database)
    url = database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, http_port=0, channels=channels) as thread:
        assert thread.server.http is not None
        yield Hooks(desk, thread.server.http.url)


@pytest.fixture
def hooks(any_db: Database) -> Iterator[Hooks]:
    with _serve(any_db) as served:
        yield served


@pytest.fixture
def sqlite_hooks(sqlite_db: Database) -> Iterator[Hooks]:
    with _serve(sqlite_db) as served:
        yield served


# ------------------------------------------------------------------ what the platforms send


def facebook_body(*messaging: dict[str, Any]) -> bytes:
    payload = {
        "object": "page",
        "entry": [{"id": PAGE, "time": 1_793_000_000_000, "messaging": list(messaging)}],
    }
    return json.dumps(payload, ensure_ascii=False).encode()


def fb_message(mid: str, text: str, sender: str = "7001", **extra: Any) -> dict[str, Any]:
    return {
        "sender": {"id": sender},
        "recipient": {"id": PAGE},
        "timestamp": 1_793_000_000_000,
        "message": {"mid": mid, "text": text, **extra},
    }


def x_body(*events: dict[str, Any], **extra: Any) -> bytes:
    payload = {
        "for_user_id": US,
        "direct_message_events": list(events),
        "users": {
            "9001": {"id": "9001", "name": "李雷", "screen_name": "lilei"},
            US: {"id": US, "name": "tpWallet Support", "screen_name": "tpwallet_help"},
        },
        **extra,
    }
    return json.dumps(payload, ensure_ascii=False).encode()


def x_event(event_id: str, text: str, sender: str = "9001") -> dict[str, Any]:
    return {
        "type": "message_create",
        "id": event_id,
        "created_timestamp": "1793000000000",
        "message_create": {
            "sender_id": sender,
            "target": {"recipient_id": US if sender != US else "9001"},
            "message_data": {"text": text},
        },
    }


def fb_signature(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def x_signature(body: bytes, secret: str = CONSUMER) -> str:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


async def post(
    url: str,
    body: bytes | AsyncIterator[bytes],
    headers: dict[str, str],
    content_type: str = "application/json",
) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession() as client,
        client.post(url, data=body, headers={"Content-Type": content_type, **headers}) as reply,
    ):
        text = await reply.text()
        try:
            return reply.status, json.loads(text)
        except json.JSONDecodeError:
            return reply.status, text


async def post_facebook(
    hooks: Hooks, body: bytes, signature: str | None = "sign", **kwargs: Any
) -> tuple[int, Any]:
    headers = {}
    if signature is not None:
        headers["X-Hub-Signature-256"] = fb_signature(body) if signature == "sign" else signature
    return await post(f"{hooks.url}/hooks/facebook", body, headers, **kwargs)


async def post_x(
    hooks: Hooks, body: bytes, signature: str | None = "sign", **kwargs: Any
) -> tuple[int, Any]:
    headers = {}
    if signature is not None:
        headers["x-twitter-webhooks-signature"] = (
            x_signature(body) if signature == "sign" else signature
        )
    return await post(f"{hooks.url}/hooks/x", body, headers, **kwargs)


async def get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as client, client.get(url) as reply:
        return reply.status, reply.content_type, await reply.text()


def counts(database: Database) -> tuple[int, ...]:
    with database.read() as session:
        return tuple(
            int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Message, Conversation, Customer, SocialHandle)
        )


def social_messages(database: Database) -> list[Message]:
    with database.read() as session:
        return list(
            session.scalars(
                select(Message).where(Message.external_id.is_not(None)).order_by(Message.id)
            )
        )


# ------------------------------------------------------------------ Facebook


async def test_facebook_verification(sqlite_hooks: Hooks) -> None:
    base = f"{sqlite_hooks.url}/hooks/facebook?hub.mode=subscribe"
    status, kind, text = await get(f"{base}&hub.verify_token={VERIFY}&hub.challenge=1158201444")
    assert (status, kind, text) == (200, "text/plain", "1158201444")
    status, _, text = await get(f"{base}&hub.verify_token=guess&hub.challenge=1")
    assert status == 403 and json.loads(text)["error"] == "verification_failed"
    status, _, _ = await get(f"{base}&hub.challenge=1")
    assert status == 403
    wrong_mode = f"{sqlite_hooks.url}/hooks/facebook?hub.mode=unsubscribe"
    status, _, _ = await get(f"{wrong_mode}&hub.verify_token={VERIFY}&hub.challenge=1")
    assert status == 403


async def test_facebook_messages_are_stored_once(hooks: Hooks) -> None:
    database = hooks.desk.database
    before = counts(database)
    body = facebook_body(
        fb_message("m_AAA1", "你好,我的转账失败了"),
        fb_message("m_AAA2", "We are looking into it", sender=PAGE),  # the page's own
        fb_message("m_AAA3", "sent from the page inbox", is_echo=True),
        {"sender": {"id": "7001"}, "recipient": {"id": PAGE}, "delivery": {"mids": ["x"]}},
        fb_message("m_AAA4", "订单号 TX000000000001"),
    )
    status, answer = await post_facebook(hooks, body)
    assert status == 200, answer
    assert (answer["stored"], answer["duplicates"], answer["skipped"]) == (2, 0, 3)
    after = counts(database)
    assert after == (before[0] + 2, before[1] + 1, before[2] + 1, before[3] + 1)
    stored = social_messages(database)
    assert [m.external_id for m in stored] == ["facebook:m_AAA1", "facebook:m_AAA4"]
    assert [m.text for m in stored] == ["你好,我的转账失败了", "订单号 TX000000000001"]
    first = stored[0]
    assert first.direction is MessageDirection.IN
    assert first.meta["platform"] == "facebook"
    assert (first.meta["sender_id"], first.meta["recipient_id"]) == ("7001", PAGE)
    with database.read() as session:
        conversation = session.get_one(Conversation, first.conversation_id)
        assert conversation.channel is Channel.SOCIAL
        assert answer["conversation_ids"] == [conversation.id]
        handle = session.scalar(select(SocialHandle).where(SocialHandle.handle == "7001"))
        assert handle is not None and handle.platform is SocialPlatform.FACEBOOK
        assert handle.customer_id == conversation.customer_id
    # Facebook delivers again when unsure: the same body is acknowledged and stored once.
    status, again = await post_facebook(hooks, body)
    assert status == 200
    assert (again["stored"], again["duplicates"]) == (0, 2)
    assert counts(database) == after


async def test_a_known_facebook_customer_gets_the_message(sqlite_hooks: Hooks) -> None:
    database = sqlite_hooks.desk.database
    with database.write() as session:
        desk = DeskBuilder(session)
        known = desk.customer(name="王芳", handles=[(SocialPlatform.FACEBOOK, "7002")])
        ongoing = desk.conversation(customer=known, channel=Channel.SOCIAL)
    status, answer = await post_facebook(
        sqlite_hooks, facebook_body(fb_message("m_B1", "还在吗", sender="7002"))
    )
    assert status == 200 and answer["conversation_ids"] == [ongoing.id]


async def test_facebook_signature_is_checked(hooks: Hooks) -> None:
    database = hooks.desk.database
    before = counts(database)
    body = facebook_body(fb_message("m_SIG", "pay me"))
    wrong = [
        None,
        "",
        fb_signature(body, "not-the-secret"),
        fb_signature(body + b" "),
        fb_signature(body).removeprefix("sha256="),
        "sha1=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha1).hexdigest(),
    ]
    for signature in wrong:
        status, answer = await post_facebook(hooks, body, signature)
        assert status == 401, signature
        assert answer["error"] == "bad_signature"
    # A valid signature of another body does not carry over.
    other = facebook_body(fb_message("m_OTHER", "hi"))
    status, _ = await post_facebook(hooks, body, fb_signature(other))
    assert status == 401
    assert counts(database) == before


async def test_a_delivery_is_stored_whole_or_not_at_all(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = hooks.desk.database
    before = counts(database)
    real = inbound.receive_customer_message
    calls = 0

    def failing_second(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("the database went away mid-delivery")
        return real(*args, **kwargs)

    monkeypatch.setattr(social_channel, "receive_customer_message", failing_second)
    body = facebook_body(fb_message("m_W1", "first"), fb_message("m_W2", "second", sender="7009"))
    status, _ = await post_facebook(hooks, body)
    assert status == 500 and calls == 2
    assert counts(database) == before  # neither message, customer nor conversation
    monkeypatch.setattr(social_channel, "receive_customer_message", real)
    status, answer = await post_facebook(hooks, body)  # Facebook retries: now it all lands
    assert status == 200 and answer["stored"] == 2


async def test_concurrent_redeliveries_store_one_message(hooks: Hooks) -> None:
    database = hooks.desk.database
    before = counts(database)
    body = facebook_body(fb_message("m_RACE", "同一条消息", sender="7100"))
    answers = await asyncio.gather(*(post_facebook(hooks, body) for _ in range(4)))
    assert [status for status, _ in answers] == [200] * 4, answers
    assert sum(answer["stored"] for _, answer in answers) == 1
    assert counts(database) == (before[0] + 1, before[1] + 1, before[2] + 1, before[3] + 1)
    # Two different first messages of a new sender at once: one customer, one conversation.
    bodies = [facebook_body(fb_message(f"m_NEW{n}", f"第{n}条", sender="7200")) for n in (1, 2)]
    answers = await asyncio.gather(*(post_facebook(hooks, body) for body in bodies))
    assert [(status, answer["stored"]) for status, answer in answers] == [(200, 1), (200, 1)]
    assert answers[0][1]["conversation_ids"] == answers[1][1]["conversation_ids"]
    assert counts(database) == (before[0] + 3, before[1] + 2, before[2] + 2, before[3] + 2)
    # A known customer with no conversation going writes twice at once: one conversation.
    with database.write() as session:
        DeskBuilder(session).customer(handles=[(SocialPlatform.FACEBOOK, "7300")])
    bodies = [facebook_body(fb_message(f"m_OLD{n}", f"第{n}条", sender="7300")) for n in (1, 2)]
    answers = await asyncio.gather(*(post_facebook(hooks, body) for body in bodies))
    assert [(status, answer["stored"]) for status, answer in answers] == [(200, 1), (200, 1)]
    assert answers[0][1]["conversation_ids"] == answers[1][1]["conversation_ids"]


# ------------------------------------------------------------------ X


async def test_x_challenge_response_check(sqlite_hooks: Hooks) -> None:
    status, kind, text = await get(f"{sqlite_hooks.url}/hooks/x?crc_token=Zm9vYmFy-123")
    expected = hmac.new(CONSUMER.encode(), b"Zm9vYmFy-123", hashlib.sha256).digest()
    assert (status, kind) == (200, "application/json")
    assert json.loads(text) == {"response_token": "sha256=" + base64.b64encode(expected).decode()}
    status, _, text = await get(f"{sqlite_hooks.url}/hooks/x")
    assert status == 400 and json.loads(text)["error"] == "invalid_field"


async def test_x_direct_messages_are_stored_once(hooks: Hooks) -> None:
    database = hooks.desk.database
    before = counts(database)
    body = x_body(
        x_event("1580000000000000001", "我的钱包被冻结了"),
        x_event("1580000000000000002", "Sorry to hear that", sender=US),
        {"type": "message_indicate_typing", "id": "1580000000000000003"},
    )
    status, answer = await post_x(hooks, body)
    assert status == 200, answer
    assert (answer["stored"], answer["skipped"]) == (1, 2)
    (stored,) = social_messages(database)
    assert stored.external_id == "x:1580000000000000001"
    assert stored.meta["handle"] == "@lilei" and stored.meta["sender_id"] == "9001"
    with database.read() as session:
        conversation = session.get_one(Conversation, stored.conversation_id)
        assert conversation.channel is Channel.SOCIAL
        customer = session.get_one(Customer, conversation.customer_id)
        assert customer.name == "李雷"
        assert [(h.platform, h.handle) for h in customer.handles] == [(SocialPlatform.X, "9001")]
    after = counts(database)
    assert after == (before[0] + 1, before[1] + 1, before[2] + 1, before[3] + 1)
    status, again = await post_x(hooks, body)
    assert status == 200 and (again["stored"], again["duplicates"]) == (0, 1)
    assert counts(database) == after
    # Other account activity (likes, posts) is acknowledged and stores nothing.
    status, other = await post_x(hooks, json.dumps({"for_user_id": US}).encode())
    assert status == 200 and other["stored"] == 0
    assert counts(database) == after


async def test_x_signature_is_checked(hooks: Hooks) -> None:
    database = hooks.desk.database
    before = counts(database)
    body = x_body(x_event("1580000000000000009", "hello"))
    hex_form = "sha256=" + hmac.new(CONSUMER.encode(), body, hashlib.sha256).hexdigest()
    for signature in (None, "", x_signature(body, "wrong"), x_signature(body[:-1]), hex_form):
        status, answer = await post_x(hooks, body, signature)
        assert status == 401, signature
        assert answer["error"] == "bad_signature"
    assert counts(database) == before


# ------------------------------------------------------------------ bad input, both platforms


async def test_bad_input_is_refused_and_nothing_is_stored(sqlite_hooks: Hooks) -> None:
    database = sqlite_hooks.desk.database
    before = counts(database)
    for send in (post_facebook, post_x):
        big = b'{"pad": "' + b"x" * LIMIT + b'"}'
        status, answer = await send(sqlite_hooks, big)  # correctly signed, too large
        assert (status, answer["error"]) == (413, "too_large")

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(4):
                yield b" " * (LIMIT // 2)

        # No Content-Length (chunked): refused while reading, all the same.
        status, answer = await post(
            f"{sqlite_hooks.url}/hooks/{'facebook' if send is post_facebook else 'x'}",
            chunks(),
            {},
        )
        assert (status, answer["error"]) == (413, "too_large")
        malformed = b'{"object": "page", "entry": ['
        status, answer = await send(sqlite_hooks, malformed)
        assert (status, answer["error"]) == (400, "malformed_json")
        status, answer = await send(sqlite_hooks, b"[]")
        assert (status, answer["error"]) == (400, "malformed_json")
        status, answer = await send(sqlite_hooks, b'{"a": 1}', content_type="text/plain")
        assert (status, answer["error"]) == (415, "unsupported_media_type")
    status, answer = await post_facebook(
        sqlite_hooks, facebook_body(fb_message("m_OK", "ok"), {"sender": {"id": "7001"}})
    )
    assert status == 400
    assert answer["error"] == "invalid_field"
    assert answer["field"] == "entry.0.messaging.1.recipient"
    status, answer = await post_x(
        sqlite_hooks, x_body(x_event("1", "ok"), {"type": "message_create", "id": "2"})
    )
    assert status == 400 and answer["field"] == "direct_message_events.1.message_create"
    assert counts(database) == before


async def test_unconfigured_platforms_refuse_everything(sqlite_db: Database) -> None:
    with _serve(sqlite_db, ChannelSettings()) as hooks:
        before = counts(sqlite_db)
        fb = facebook_body(fb_message("m_1", "hi"))
        status, answer = await post_facebook(hooks, fb, fb_signature(fb, ""))
        assert (status, answer["error"]) == (503, "not_configured")
        x = x_body(x_event("1", "hi"))
        status, answer = await post_x(hooks, x, x_signature(x, ""))
        assert (status, answer["error"]) == (503, "not_configured")
        status, _, _ = await get(
            f"{hooks.url}/hooks/facebook?hub.mode=subscribe&hub.verify_token=&hub.challenge=1"
        )
        assert status == 503
        status, _, _ = await get(f"{hooks.url}/hooks/x?crc_token=abc")
        assert status == 503
        assert counts(sqlite_db) == before
