"""Endpoints of the calls channel: the phone system posts each finished call here.

`POST /hooks/calls` with `Authorization: Bearer <call_webhook_token>` and a JSON call log.
The call is stored once per call id (the phone system retries when unsure), matched to
a customer by number and put on their phone conversation; a repeated call id answers
200 with `"created": false` and stores nothing new."""

from __future__ import annotations

import hmac
import logging
from datetime import datetime
from typing import Annotated, Any

from aiohttp import web
from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from sqlalchemy.orm import Session

from agentdesk.db.models import CallDirection, CallOutcome
from agentdesk.server.http.common import context_of, ok, problem, read_json
from agentdesk.services.calls import CallRecord, CallRecordError, record_call

log = logging.getLogger(__name__)


def setup(app: web.Application) -> None:
    """Register this channel's routes on the customer-facing app."""
    app.router.add_post("/hooks/calls", call_event)


def _iso_text(value: object) -> object:
    # JSON has no time type: a number would be read as seconds since 1970 and an
    # unlabelled zone guessed, so only ISO-8601 text is taken (its offset is required below).
    if not isinstance(value, str):
        raise ValueError("expected an ISO-8601 time with an offset, e.g. 2026-11-02T10:00:00+08:00")
    return value


def _word(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


Time = Annotated[AwareDatetime, BeforeValidator(_iso_text)]
Number = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)]


class CallPayload(BaseModel):
    """A call log as the phone system posts it."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    call_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    direction: Annotated[CallDirection, BeforeValidator(_word)]
    from_number: Number = Field(alias="from")
    to_number: Number = Field(alias="to")
    started: Time
    answered: Time | None = None
    ended: Time
    outcome: Annotated[CallOutcome, BeforeValidator(_word)]
    agent: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = None
    recording: Text | None = None
    notes: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] = ""

    def record(self) -> CallRecord:
        """The call as the service stores it; times that contradict each other are refused."""
        _in_order("ended", self.started, self.ended, "the call ends before it starts")
        if self.answered is not None:
            _in_order("answered", self.started, self.answered, "answered before it starts")
            _in_order("answered", self.answered, self.ended, "answered after it ends")
        return CallRecord(
            call_id=self.call_id,
            direction=self.direction,
            from_number=self.from_number,
            to_number=self.to_number,
            started_at=self.started,
            answered_at=self.answered,
            ended_at=self.ended,
            outcome=self.outcome,
            agent_username=self.agent or None,
            recording_ref=self.recording or None,
            notes=self.notes,
        )


class _FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def _in_order(field: str, first: datetime, then: datetime, message: str) -> None:
    if then < first:
        raise _FieldError(field, message)


def _invalid(field: str, message: str) -> web.HTTPException:
    """A 400 naming the field, so the phone system's admin can fix it."""
    return problem(400, "invalid_field", message, field=field)


def _authorized(header: str | None, token: str) -> bool:
    scheme, _, given = (header or "").strip().partition(" ")
    # Compared even when the scheme is wrong, so the answer takes as long either way.
    same = hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))
    return same and scheme.lower() == "bearer"


async def call_event(request: web.Request) -> web.Response:
    context = context_of(request)
    token = context.settings.call_webhook_token
    if not token:
        raise problem(503, "not_configured", "the desk has no call webhook token configured")
    if not _authorized(request.headers.get("Authorization"), token):
        log.warning("call webhook with a missing or wrong token from %s", request.remote)
        refused = problem(401, "unauthorized", "send Authorization: Bearer <call webhook token>")
        refused.headers["WWW-Authenticate"] = 'Bearer realm="agentdesk calls"'
        raise refused
    _body, payload = await read_json(request, context.settings.max_webhook_bytes)
    try:
        record = CallPayload.model_validate(payload).record()
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise _invalid(where, f"{where}: {first['msg']}") from exc
    except _FieldError as exc:
        raise _invalid(exc.field, str(exc)) from exc
    try:
        stored: dict[str, Any] = await context.change(_store, record)
    except CallRecordError as exc:
        raise problem(400, "invalid_call", str(exc)) from exc
    return ok(stored, status=201 if stored["created"] else 200)


def _store(session: Session, record: CallRecord) -> dict[str, Any]:
    call, created = record_call(session, record)
    return {
        "created": created,
        "id": call.id,
        "call_id": call.call_id,
        "conversation_id": call.conversation_id,
        "customer_id": call.customer_id,
    }
