"""How queued replies leave: one transport per way out (SMTP relay, Facebook, X)."""

from __future__ import annotations

from typing import Any, Protocol

from agentdesk.server.config import ChannelSettings
from agentdesk.services.outbound import OutboundItem


class TemporaryFailure(Exception):
    """Nothing left and it may work later (refused connection, 4xx SMTP reply, HTTP 5xx/429)."""


class PermanentFailure(Exception):
    """Nothing left and retrying will not help (5xx SMTP reply, HTTP 4xx, no address)."""


class Transport(Protocol):
    async def send(self, item: OutboundItem) -> dict[str, Any] | None:
        """Deliver one reply; return a receipt (the platform's id) or raise a failure above.

        Any other exception means the outcome is unknown and the row becomes uncertain."""

    async def close(self) -> None:
        """Release connections."""


def build_transports(settings: ChannelSettings) -> dict[str, Transport]:
    """The transports this process can use, by the name stored on queue rows."""
    transports: dict[str, Transport] = {}
    if settings.smtp_relay_host:
        from agentdesk.server.transports.email import SmtpRelay

        transports["email"] = SmtpRelay(settings)
    if settings.facebook_page_token:
        from agentdesk.server.transports.social import FacebookSend

        transports["facebook"] = FacebookSend(settings)
    if settings.x_bearer_token:
        from agentdesk.server.transports.social import XSend

        transports["x"] = XSend(settings)
    return transports
