"""Endpoints of the social channel: Facebook Messenger and X direct-message webhooks.

Both platforms first prove the endpoint is the desk's (Facebook's verify token, X's
challenge-response check), then sign every delivery with the app's secret. A delivery is
checked against its signature over the raw bytes before anything is parsed, and stored in
one transaction: all of its messages or none. The answer is quick and small, because
both platforms retry a delivery that is not acknowledged in time."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import web

from agentdesk.server.http.common import context_of, ok, parse_json, problem, read_body
from agentdesk.services.social_channel import (
    Delivery,
    SocialPayloadError,
    facebook_delivery,
    facebook_signature_valid,
    receive_social,
    x_crc_response,
    x_delivery,
    x_signature_valid,
)

log = logging.getLogger(__name__)
CHALLENGE_LENGTH = 256  # Facebook's hub.challenge and X's crc_token are short
SIGNATURE_FB = "X-Hub-Signature-256"
SIGNATURE_X = "x-twitter-webhooks-signature"


def setup(app: web.Application) -> None:
    """Register this channel's routes on the customer-facing app."""
    app.router.add_get("/hooks/facebook", facebook_verify)
    app.router.add_post("/hooks/facebook", facebook_event)
    app.router.add_get("/hooks/x", x_crc)
    app.router.add_post("/hooks/x", x_event)


def _not_configured(what: str) -> web.HTTPException:
    return problem(503, "not_configured", f"the desk has no {what} configured")


async def facebook_verify(request: web.Request) -> web.Response:
    """Facebook's subscription check: echo hub.challenge when hub.verify_token is ours."""
    expected = context_of(request).settings.facebook_verify_token
    if not expected:
        raise _not_configured("Facebook verify token")
    mode = request.query.get("hub.mode")
    token = request.query.get("hub.verify_token", "")
    challenge = request.query.get("hub.challenge", "")
    if mode != "subscribe" or not hmac.compare_digest(
        token.encode("utf-8"), expected.encode("utf-8")
    ):
        raise problem(403, "verification_failed", "wrong hub.mode or hub.verify_token")
    if not challenge or len(challenge) > CHALLENGE_LENGTH:
        raise problem(400, "invalid_field", "hub.challenge: missing or too long")
    return web.Response(text=challenge, content_type="text/plain")


async def facebook_event(request: web.Request) -> web.Response:
    secret = context_of(request).settings.facebook_app_secret
    if not secret:
        raise _not_configured("Facebook app secret")
    return await _deliver(
        request,
        lambda body: facebook_signature_valid(secret, body, request.headers.get(SIGNATURE_FB)),
        facebook_delivery,
        "Facebook",
    )


async def x_crc(request: web.Request) -> web.Response:
    """X's challenge-response check, sent on registration and then every hour or so."""
    secret = context_of(request).settings.x_consumer_secret
    if not secret:
        raise _not_configured("X consumer secret")
    token = request.query.get("crc_token", "")
    if not token or len(token) > CHALLENGE_LENGTH:
        raise problem(400, "invalid_field", "crc_token: missing or too long")
    return web.json_response(x_crc_response(secret, token))


async def x_event(request: web.Request) -> web.Response:
    secret = context_of(request).settings.x_consumer_secret
    if not secret:
        raise _not_configured("X consumer secret")
    return await _deliver(
        request,
        lambda body: x_signature_valid(secret, body, request.headers.get(SIGNATURE_X)),
        x_delivery,
        "X",
    )


async def _deliver(
    request: web.Request,
    signed: Callable[[bytes], bool],
    parse: Callable[[dict[str, Any]], Delivery],
    platform: str,
) -> web.Response:
    """Size, signature, JSON, shape, then one transaction: the first failure answers."""
    context = context_of(request)
    body = await read_body(request, context.settings.max_webhook_bytes)
    if not signed(body):
        log.warning(
            "%s webhook with a missing or wrong signature from %s", platform, request.remote
        )
        raise problem(401, "bad_signature", f"the {platform} signature does not match the body")
    payload = parse_json(body, request.headers.get("Content-Type", ""))
    try:
        delivery = parse(payload)
    except SocialPayloadError as exc:
        raise _invalid(exc) from exc
    answer: dict[str, Any] = {"stored": 0, "duplicates": 0, "skipped": delivery.skipped}
    if delivery.messages:
        received = await context.change(receive_social, delivery.messages)
        answer.update(received.as_json())
    return ok(answer)


def _invalid(exc: SocialPayloadError) -> web.HTTPException:
    """A 400 naming the field, so a sender can find what is wrong."""
    return problem(400, "invalid_field", str(exc), field=exc.field)
