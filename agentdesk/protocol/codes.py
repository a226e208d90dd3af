"""Stable error codes: clients branch on these, never on message text."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    BAD_JSON = "bad_json"  # the frame is not a JSON object
    UNKNOWN_TYPE = "unknown_type"  # no such request type
    INVALID_REQUEST = "invalid_request"  # the request does not match its schema
    UNSUPPORTED_VERSION = "unsupported_version"
    UNAUTHENTICATED = "unauthenticated"  # the first frame must be `auth`
    AUTH_FAILED = "auth_failed"  # wrong username, password or token
    THROTTLED = "throttled"  # too many failed logins; try later
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"  # somebody changed it first; `detail` says how it is now
    RATE_LIMITED = "rate_limited"  # too many requests on this connection
    UNFILLED_PLACEHOLDERS = "unfilled_placeholders"
    INVALID_STATE = "invalid_state"  # e.g. replying to a conversation of a frozen channel
    INVALID_QUERY = "invalid_query"  # a search filter that cannot be understood
    INTERNAL = "internal"
