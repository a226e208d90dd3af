"""The agent protocol: one pydantic schema for the server and every client."""

from agentdesk.protocol.codes import ErrorCode
from agentdesk.protocol.frames import (
    PROTOCOL_VERSION,
    ErrorFrame,
    EventFrame,
    FrameError,
    ResultFrame,
    ResyncFrame,
    parse_client_frame,
)

__all__ = [
    "PROTOCOL_VERSION",
    "ErrorCode",
    "ErrorFrame",
    "EventFrame",
    "FrameError",
    "ResultFrame",
    "ResyncFrame",
    "parse_client_frame",
]
