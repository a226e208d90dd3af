"""What every customer-facing HTTP endpoint shares: the context, body checks and errors."""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from agentdesk.db.engine import Database
from agentdesk.server.config import ChannelSettings
from agentdesk.server.units import DatabaseUnits

if TYPE_CHECKING:
    from agentdesk.server.fanout import EventPump


@dataclass
class ChannelContext(DatabaseUnits):
    """The server's pieces the channel endpoints use; nothing here opens a socket."""

    database: Database
    run_in_db: Callable[..., Awaitable[Any]]
    wake_fanout: Callable[[], None]
    wake_outbound: Callable[[], None]
    settings: ChannelSettings
    pump: EventPump


CONTEXT = web.AppKey("agentdesk.channels", ChannelContext)


def context_of(request: web.Request) -> ChannelContext:
    return request.app[CONTEXT]


_ERRORS: dict[int, Callable[..., web.HTTPException]] = {
    400: web.HTTPBadRequest,
    401: web.HTTPUnauthorized,
    403: web.HTTPForbidden,
    404: web.HTTPNotFound,
    409: web.HTTPConflict,
    413: functools.partial(web.HTTPRequestEntityTooLarge, max_size=0, actual_size=0),
    415: web.HTTPUnsupportedMediaType,
    503: web.HTTPServiceUnavailable,
}


def problem(status: int, code: str, message: str, **extra: Any) -> web.HTTPException:
    """An error answer with a JSON body naming a stable code, e.g. raise problem(401, ...);
    `extra` adds fields such as the one that failed validation."""
    body = json.dumps({"error": code, "message": message, **extra}, ensure_ascii=False)
    return _ERRORS[status](text=body, content_type="application/json")


async def read_body(request: web.Request, limit: int) -> bytes:
    """The raw body (signatures are computed over bytes), refused over `limit` with 413."""
    if request.content_length is not None and request.content_length > limit:
        raise problem(413, "too_large", f"the body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise problem(413, "too_large", f"the body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(body: bytes, content_type: str) -> dict[str, Any]:
    """A JSON object from a body declared as JSON: 415 for another type, 400 for bad JSON."""
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise problem(415, "unsupported_media_type", "send application/json")
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise problem(400, "malformed_json", f"the body is not JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise problem(400, "malformed_json", "the body must be a JSON object")
    return value


async def read_json(request: web.Request, limit: int) -> tuple[bytes, dict[str, Any]]:
    body = await read_body(request, limit)
    return body, parse_json(body, request.headers.get("Content-Type", ""))


def ok(payload: dict[str, Any] | None = None, status: int = 200) -> web.Response:
    return web.json_response(payload or {"ok": True}, status=status)
