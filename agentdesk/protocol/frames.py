"""Frames on the wire: parsing what a client sends and shaping what the server answers."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from agentdesk.protocol.codes import ErrorCode
from agentdesk.protocol.requests import REQUEST_TYPES, ClientRequest, Request

PROTOCOL_VERSION = 1

_request_adapter: TypeAdapter[Request] = TypeAdapter(ClientRequest)


class FrameError(Exception):
    """A frame the server answers with an error and otherwise ignores."""

    def __init__(self, code: ErrorCode, message: str, request_id: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.request_id = request_id


def parse_client_frame(raw: str | bytes) -> Request:
    """Validate one client frame; a FrameError carries the stable code and the request id."""
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise FrameError(ErrorCode.BAD_JSON, "the frame is not valid JSON") from None
    if not isinstance(document, dict):
        raise FrameError(ErrorCode.BAD_JSON, "a frame is a JSON object")
    request_id = document.get("id")
    request_id = request_id if isinstance(request_id, str) and len(request_id) <= 64 else None
    kind = document.get("type")
    if not isinstance(kind, str) or kind not in REQUEST_TYPES:
        raise FrameError(ErrorCode.UNKNOWN_TYPE, f"unknown request type {kind!r}", request_id)
    try:
        return _request_adapter.validate_python(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"][1:]) or "frame"
        raise FrameError(
            ErrorCode.INVALID_REQUEST, f"{kind}: {where}: {first['msg']}", request_id
        ) from None


class ServerFrame(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def dumps(self) -> str:
        return self.model_dump_json(exclude_none=False)


class ResultFrame(ServerFrame):
    type: Literal["result"] = "result"
    id: str
    data: Any


class ErrorFrame(ServerFrame):
    type: Literal["error"] = "error"
    id: str | None
    code: ErrorCode
    message: str
    detail: dict[str, Any] | None = None


class EventFrame(ServerFrame):
    type: Literal["event"] = "event"
    seq: int
    name: str
    conversation_id: int | None = None
    data: dict[str, Any]


class ResyncFrame(ServerFrame):
    """The missed events are no longer kept: reload views from scratch, then carry on."""

    type: Literal["resync"] = "resync"
    last_seq: int
    reason: str


def parse_server_frame(raw: str | bytes) -> ResultFrame | ErrorFrame | EventFrame | ResyncFrame:
    document = json.loads(raw)
    kind = document.get("type")
    model = {
        "result": ResultFrame,
        "error": ErrorFrame,
        "event": EventFrame,
        "resync": ResyncFrame,
    }.get(kind)
    if model is None:
        raise ValueError(f"unknown server frame {kind!r}")
    return model.model_validate(document)  # type: ignore[attr-defined, no-any-return]
