"""The phone system's call webhook against a real listener: stored once, refused cleanly."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    CallDirection,
    CallLog,
    CallOutcome,
    Channel,
    Conversation,
    Customer,
    Message,
    MessageDirection,
)
from agentdesk.server.config import ChannelSettings
from tests.helpers.desk import DeskBuilder
from tests.helpers.server import running_server
from tests.server.conftest import CATALOG, Desk, build_desk

pytestmark = pytest.mark.asyncio
TOKEN = "phone-system-token-0123456789"
LIMIT = 4096


@dataclass
class Hooks:
    desk: Desk
    url: str
    caller_id: int  # the one customer whose phone is +8613900139000


@contextmanager
def _serve(database: Database, channels: ChannelSettings) -> Iterator[Hooks]:
    desk = build_desk(database)
    with database.write() as session:
        caller = DeskBuilder(session).customer(name="张伟", phone="+8613900139000", email=None)
    url = database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, http_port=0, channels=channels) as thread:
        assert thread.server.http is not None
        yield Hooks(desk, thread.server.http.url, caller.id)


@pytest.fixture
def hooks(any_db: Database) -> Iterator[Hooks]:
    with _serve(any_db, ChannelSettings(call_webhook_token=TOKEN, max_webhook_bytes=LIMIT)) as h:
        yield h


@pytest.fixture
def sqlite_hooks(sqlite_db: Database) -> Iterator[Hooks]:
    with _serve(sqlite_db, ChannelSettings(call_webhook_token=TOKEN, max_webhook_bytes=LIMIT)) as h:
        yield h


def a_call(**changes: Any) -> dict[str, Any]:
    call = {
        "call_id": "1793000000.42",
        "direction": "inbound",
        "from": "139 0013 9000",  # 张伟, written the way a PBX writes it
        "to": "400 800 1234",
        "started": "2026-11-02T10:00:00+08:00",
        "answered": "2026-11-02T10:00:12+08:00",
        "ended": "2026-11-02T10:03:27+08:00",
        "outcome": "answered",
        "agent": "amy",
        "recording": "rec/2026/11/02/1793000000.42.wav",
        "notes": "转账失败,已指导重试",
    }
    call.update(changes)
    return {k: v for k, v in call.items() if v is not None}


async def post(
    url: str,
    body: bytes | dict[str, Any] | list[Any],
    *,
    token: str | None = TOKEN,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> tuple[int, Any, Mapping[str, str]]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"Content-Type": content_type, **(headers or {})}
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    async with (
        aiohttp.ClientSession() as client,
        client.post(f"{url}/hooks/calls", data=data, headers=sent) as response,
    ):
        text = await response.text()
        try:
            answer: Any = json.loads(text)
        except json.JSONDecodeError:
            answer = text
        return response.status, answer, response.headers


def stored_calls(database: Database) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).select_from(CallLog)) or 0)


def counts(database: Database) -> tuple[int, int, int, int]:
    with database.read() as session:
        return tuple(  # type: ignore[return-value]
            int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (CallLog, Message, Conversation, Customer)
        )


async def test_a_call_is_stored_once_on_the_customers_phone_conversation(hooks: Hooks) -> None:
    database = hooks.desk.database
    status, answer, _ = await post(hooks.url, a_call())
    assert status == 201, answer
    assert answer["created"] is True and answer["call_id"] == "1793000000.42"
    assert answer["conversation_id"] is not None
    before = counts(database)
    status, again, _ = await post(hooks.url, a_call(notes="a second delivery"))
    assert status == 200
    assert again == {**answer, "created": False}
    assert counts(database) == before
    with database.read() as session:
        call = session.scalar(select(CallLog).where(CallLog.call_id == "1793000000.42"))
        assert call is not None and call.id == answer["id"]
        assert call.customer_id == hooks.caller_id
        assert call.from_number == "+8613900139000"
        assert call.direction is CallDirection.INBOUND and call.outcome is CallOutcome.ANSWERED
        assert call.duration_seconds == 195
        assert call.agent_id == hooks.desk.cast.agent_a.id
        assert call.recording_ref == "rec/2026/11/02/1793000000.42.wav"
        assert call.notes == "转账失败,已指导重试"
        conversation = session.get_one(Conversation, answer["conversation_id"])
        assert conversation.channel is Channel.PHONE
        assert conversation.customer_id == hooks.caller_id
        (line,) = session.scalars(
            select(Message).where(Message.conversation_id == conversation.id)
        ).all()
        assert line.direction is MessageDirection.NOTE and line.meta["call_id"] == call.call_id


async def test_the_token_is_required_and_compared(hooks: Hooks) -> None:
    for token in (None, "", "wrong-token", TOKEN + "x", TOKEN[:-1]):
        status, answer, headers = await post(hooks.url, a_call(), token=token)
        assert status == 401, token
        assert answer["error"] == "unauthorized"
        assert headers["WWW-Authenticate"].startswith("Bearer")
    status, _, _ = await post(
        hooks.url, a_call(), token=None, headers={"Authorization": f"Basic {TOKEN}"}
    )
    assert status == 401
    assert stored_calls(hooks.desk.database) == 0


async def test_without_a_token_configured_nothing_is_accepted(sqlite_db: Database) -> None:
    with _serve(sqlite_db, ChannelSettings()) as hooks:
        status, answer, _ = await post(hooks.url, a_call())
        assert status == 503 and answer["error"] == "not_configured"
        assert stored_calls(sqlite_db) == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"call_id": ""}, "call_id"),
        ({"call_id": "c" * 65}, "call_id"),
        ({"from": None}, "from"),
        ({"direction": "sideways"}, "direction"),
        ({"outcome": "exploded"}, "outcome"),
        ({"started": "2026-11-02T10:00:00"}, "started"),  # no offset
        ({"started": 1793000000}, "started"),  # not ISO-8601
        ({"ended": "yesterday"}, "ended"),
        ({"ended": "2026-11-02T09:59:00+08:00"}, "ended"),
        ({"answered": "2026-11-02T09:00:00+08:00"}, "answered"),
        ({"answered": "2026-11-02T11:00:00+08:00"}, "answered"),
        ({"recording": "r" * 256}, "recording"),
    ],
)
async def test_an_invalid_call_names_its_field(
    sqlite_hooks: Hooks, changes: dict[str, Any], field: str
) -> None:
    payload = a_call(**{k: v for k, v in changes.items() if v is not None})
    for key in [k for k, v in changes.items() if v is None]:
        payload.pop(key)
    status, answer, _ = await post(sqlite_hooks.url, payload)
    assert status == 400, answer
    assert answer["error"] == "invalid_field" and answer["field"] == field
    assert field in answer["message"]
    assert stored_calls(sqlite_hooks.desk.database) == 0


async def test_bad_bodies_are_refused_and_nothing_is_stored(sqlite_hooks: Hooks) -> None:
    database = sqlite_hooks.desk.database
    before = counts(database)
    url = sqlite_hooks.url
    status, answer, _ = await post(url, b'{"call_id": "1",', content_type="application/json")
    assert (status, answer["error"]) == (400, "malformed_json")
    status, answer, _ = await post(url, [a_call()])
    assert (status, answer["error"]) == (400, "malformed_json")
    status, answer, _ = await post(url, b"\xff\xfe", content_type="application/json")
    assert (status, answer["error"]) == (400, "malformed_json")
    status, answer, _ = await post(url, a_call(), content_type="text/plain")
    assert (status, answer["error"]) == (415, "unsupported_media_type")
    huge = a_call(notes="长" * LIMIT)
    status, answer, _ = await post(url, huge)
    assert (status, answer["error"]) == (413, "too_large")
    assert counts(database) == before
    # The listener is still fine after all that, and upper-case words are taken.
    status, answer, _ = await post(url, a_call(direction="INBOUND", outcome="Answered"))
    assert status == 201, answer


async def test_an_unknown_caller_becomes_a_customer_and_a_stranger_agent_is_noted(
    sqlite_hooks: Hooks,
) -> None:
    status, answer, _ = await post(
        sqlite_hooks.url,
        a_call(call_id="c-2", **{"from": "+852 9123 4567"}, agent="nobody", answered=None),
    )
    assert status == 201, answer
    with sqlite_hooks.desk.database.read() as session:
        customer = session.get_one(Customer, answer["customer_id"])
        assert customer.phone == "+85291234567"
        call = session.get_one(CallLog, answer["id"])
        assert call.agent_id is None and call.duration_seconds == 0
        (line,) = session.scalars(
            select(Message).where(Message.conversation_id == answer["conversation_id"])
        ).all()
        assert line.meta["unknown_agent"] == "nobody"


async def test_a_number_two_customers_share_is_stored_unmatched(sqlite_hooks: Hooks) -> None:
    # Every customer of the test desk but 张伟 has +8613800138000: the desk never guesses.
    status, answer, _ = await post(
        sqlite_hooks.url, a_call(call_id="c-3", **{"from": "13800138000"})
    )
    assert status == 201, answer
    assert answer["customer_id"] is None and answer["conversation_id"] is None
    assert stored_calls(sqlite_hooks.desk.database) == 1
