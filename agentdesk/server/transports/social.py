"""Replies to Facebook Messenger and X direct messages, sent through the platforms' APIs.

How an answer maps to the queue's outcomes: no connection, a connection that timed out
before the request went out, HTTP 429 or 5xx → `TemporaryFailure` (retried with
backoff); any other 4xx, or an envelope with no recipient → `PermanentFailure` (an agent
has to look); a timeout or a dropped connection after the request was sent →
`DeliveryUnknown`, which the dispatcher records as uncertain and never resends.
The page token travels in the URL, so no error message here ever quotes the URL."""

from __future__ import annotations

import json
import re
from typing import Any

import aiohttp

from agentdesk.server.config import ChannelSettings
from agentdesk.server.transports import PermanentFailure, TemporaryFailure
from agentdesk.services.outbound import OutboundItem

# Platform ids are digits (X, Facebook page-scoped ids); anything else is not sent, and is
# never put into a URL path.
_RECIPIENT = re.compile(r"^[0-9A-Za-z_-]{1,120}$")
FACEBOOK_TEXT_LIMIT = 2000  # characters Messenger takes in one text message
X_TEXT_LIMIT = 10000
ERROR_TEXT = 300  # characters of a platform's error message kept on the queue row
DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=None, connect=10, sock_read=30)


class DeliveryUnknown(Exception):
    """The request went out and no answer came back: the reply may have been delivered."""


class _PlatformSend:
    """A JSON POST to a platform's API, sharing one client session per transport."""

    platform = ""

    def __init__(
        self, settings: ChannelSettings, *, timeout: aiohttp.ClientTimeout | None = None
    ) -> None:
        self.settings = settings
        self.timeout = timeout or DEFAULT_TIMEOUT
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        # Created on first use: a session belongs to the loop that is running the sends.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self.timeout, headers={"User-Agent": "agentdesk"}
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _recipient(self, item: OutboundItem) -> str:
        recipient = item.envelope.get("recipient_id")
        if not isinstance(recipient, str) or not _RECIPIENT.match(recipient):
            raise PermanentFailure(f"no {self.platform} recipient id for this conversation")
        return recipient

    async def _post(
        self,
        url: str,
        body: dict[str, Any],
        *,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """The answer's JSON object on 2xx; otherwise the failure the status means."""
        try:
            async with self._client().post(
                url, json=body, params=params, headers=headers, allow_redirects=False
            ) as response:
                raw = await response.read()
                status = response.status
        except aiohttp.ClientConnectorError as exc:
            # Refused, unreachable, name not found, TLS failed: nothing went out.
            raise TemporaryFailure(f"cannot reach {self.platform}: {exc.os_error}") from exc
        except aiohttp.ConnectionTimeoutError as exc:
            raise TemporaryFailure(f"connecting to {self.platform} timed out") from exc
        except TimeoutError as exc:
            raise DeliveryUnknown(
                f"{self.platform} did not answer in time; the reply may have been delivered"
            ) from exc
        except aiohttp.ClientError as exc:
            raise DeliveryUnknown(
                f"the connection to {self.platform} broke mid-request "
                f"({type(exc).__name__}); the reply may have been delivered"
            ) from exc
        answer = _json_object(raw)
        if 200 <= status < 300:
            return answer
        reason = f"{self.platform} answered HTTP {status}: {_error_text(answer, raw)}"
        if status == 429 or status >= 500:
            raise TemporaryFailure(reason)
        raise PermanentFailure(reason)


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def _error_text(answer: dict[str, Any], raw: bytes) -> str:
    """The platform's own words: Graph API `error.message`, X `detail`/`title`/`errors`."""
    error = answer.get("error")
    if isinstance(error, dict) and error.get("message"):
        return str(error["message"])[:ERROR_TEXT]
    for key in ("detail", "title"):
        if answer.get(key):
            return str(answer[key])[:ERROR_TEXT]
    errors = answer.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message") or errors[0])[:ERROR_TEXT]
    return raw.decode("utf-8", "replace").strip()[:ERROR_TEXT] or "no details"


def _text(item: OutboundItem, limit: int, platform: str) -> str:
    text = item.text.strip()
    if not text:
        raise PermanentFailure(f"an empty reply cannot be sent to {platform}")
    if len(text) > limit:
        raise PermanentFailure(
            f"{platform} takes at most {limit} characters in a message; this reply has "
            f"{len(text)}: send it as shorter replies"
        )
    return text


class FacebookSend(_PlatformSend):
    """Messenger Send API: `POST {api}/me/messages?access_token=<page token>`."""

    platform = "Facebook"

    async def send(self, item: OutboundItem) -> dict[str, Any] | None:
        token = self.settings.facebook_page_token
        if not token:
            raise TemporaryFailure("no Facebook page token is configured")
        recipient = self._recipient(item)
        answer = await self._post(
            f"{self.settings.facebook_api_url.rstrip('/')}/me/messages",
            {
                "recipient": {"id": recipient},
                "messaging_type": "RESPONSE",
                "message": {"text": _text(item, FACEBOOK_TEXT_LIMIT, self.platform)},
            },
            params={"access_token": token},
        )
        return {"message_id": answer.get("message_id"), "recipient_id": recipient}


class XSend(_PlatformSend):
    """X API v2: `POST {api}/dm_conversations/with/{recipient}/messages` with a bearer token."""

    platform = "X"

    async def send(self, item: OutboundItem) -> dict[str, Any] | None:
        token = self.settings.x_bearer_token
        if not token:
            raise TemporaryFailure("no X bearer token is configured")
        recipient = self._recipient(item)
        answer = await self._post(
            f"{self.settings.x_api_url.rstrip('/')}/dm_conversations/with/{recipient}/messages",
            {"text": _text(item, X_TEXT_LIMIT, self.platform)},
            headers={"Authorization": f"Bearer {token}"},
        )
        data = answer.get("data")
        data = data if isinstance(data, dict) else {}
        return {
            "dm_event_id": data.get("dm_event_id"),
            "dm_conversation_id": data.get("dm_conversation_id"),
            "recipient_id": recipient,
        }
