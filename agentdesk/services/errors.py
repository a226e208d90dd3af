"""Refusals the services give, each with a stable protocol code and a message for people."""

from __future__ import annotations

from typing import Any

from agentdesk.protocol.codes import ErrorCode


class ServiceError(Exception):
    """A refusal. `audit` (keyword arguments of `services.audit.audit`) is written in a
    transaction of its own, because the refused unit of work itself is rolled back."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        detail: dict[str, Any] | None = None,
        *,
        audit: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.detail = detail
        self.audit = audit


class Forbidden(ServiceError):
    """Always audited: who tried what on which target."""

    def __init__(
        self, message: str, *, actor: Any, action: str, target_type: str, target_id: object
    ) -> None:
        super().__init__(
            ErrorCode.FORBIDDEN,
            message,
            audit={
                "actor": actor,
                "action": "denied." + action,
                "target_type": target_type,
                "target_id": target_id,
                "detail": {"reason": message},
            },
        )


class NotFound(ServiceError):
    def __init__(self, what: str) -> None:
        super().__init__(ErrorCode.NOT_FOUND, f"no such {what}")


class Conflict(ServiceError):
    def __init__(self, message: str, detail: dict[str, Any]) -> None:
        super().__init__(ErrorCode.CONFLICT, message, detail)
