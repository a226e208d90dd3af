"""Outbound transport: email replies through the desk's SMTP relay (aiosmtplib).

What a failure means depends on how far the send got. Before the message text goes out
(connecting, STARTTLS, login, MAIL, RCPT, the DATA command), nothing has left: a 5xx
answer to MAIL, RCPT or DATA is about this reply and final; anything else (a 4xx, a
refused or reset connection, a timeout, a relay that refuses our login or TLS) may work
later, and is retried. Login and TLS refusals count as temporary even with a 5xx code:
they say nothing about the reply, and an operator can fix them while the retries run.
Once the text is sent, only the relay's answer settles it: 250 sent, 4xx/5xx not, and no
answer at all (a timeout, a dropped connection) leaves the outcome unknown, which the
dispatcher records as uncertain and never resends on its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import aiosmtplib

from agentdesk.server.config import ChannelSettings
from agentdesk.server.transports import PermanentFailure, TemporaryFailure
from agentdesk.services import email_channel
from agentdesk.services.outbound import OutboundItem

# The dispatcher gives a send 60 s in all; setup and the data phase stay well inside it,
# so a slow relay before DATA is a temporary failure rather than an unknown outcome.
STEP_SECONDS = 20.0
SETUP_SECONDS = 25.0
DATA_SECONDS = 30.0
_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>")


class DeliveryUnknown(Exception):
    """The message text went out and the relay never answered: it may have been sent."""


def build_message(settings: ChannelSettings, item: OutboundItem) -> tuple[EmailMessage, bool]:
    """The reply as an email, and whether it needs SMTPUTF8 (an address not in ASCII).

    Threading headers are written as they are, one id per line: the email package would
    otherwise RFC 2047-encode a long Message-ID and break the customer's threading."""
    envelope = item.envelope
    to = str(envelope["to"])
    utf8 = not (to.isascii() and settings.desk_address.isascii())
    base = policy.SMTPUTF8 if utf8 else policy.SMTP
    message = EmailMessage(policy=base.clone(cte_type="7bit", refold_source="none"))
    message["From"] = Address(display_name=settings.desk_name, addr_spec=settings.desk_address)
    message["To"] = Address(display_name=str(envelope.get("to_name") or ""), addr_spec=to)
    message["Subject"] = str(envelope["subject"])
    message["Date"] = format_datetime(datetime.now(UTC))
    message.set_raw("Message-ID", _one_id(envelope["message_id"]))
    if envelope.get("in_reply_to"):
        message.set_raw("In-Reply-To", _one_id(envelope["in_reply_to"]))
    references = [r for r in envelope.get("references") or [] if _ID.fullmatch(str(r))]
    if references:
        message.set_raw("References", "\n ".join(references))
    message.set_content(item.text, charset="utf-8")
    if item.html:
        message.add_alternative(item.html, subtype="html", charset="utf-8")
    return message, utf8


def _one_id(value: Any) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise ValueError(f"not a Message-ID: {value!r}")
    return value


def _answer(exc: aiosmtplib.SMTPResponseException) -> str:
    return f"{exc.code} {exc.message}".strip()


class SmtpRelay:
    """Sends each reply over its own connection to the relay: no idle connection to go
    stale between replies, and one reply's failure never touches another's."""

    def __init__(self, settings: ChannelSettings) -> None:
        self.settings = settings
        email_channel.configure(settings.desk_address)
        self.local_hostname = settings.desk_address.rpartition("@")[2] or "agentdesk"

    async def send(self, item: OutboundItem) -> dict[str, Any] | None:
        to = item.envelope.get("to")
        if not to:
            reason = item.envelope.get("problem") or "the reply has no address to go to"
            raise PermanentFailure(str(reason))
        try:
            message, utf8 = build_message(self.settings, item)
            data = message.as_bytes()
        except Exception as exc:
            raise PermanentFailure(f"the reply cannot be written as an email: {exc}") from exc
        settings = self.settings
        client = aiosmtplib.SMTP(
            hostname=settings.smtp_relay_host,
            port=settings.smtp_relay_port,
            username=settings.smtp_relay_user,
            password=settings.smtp_relay_password if settings.smtp_relay_user else None,
            start_tls=settings.smtp_relay_starttls,
            local_hostname=self.local_hostname,
            timeout=STEP_SECONDS,
        )
        try:
            await self._envelope(client, str(to), utf8)
            response = await self._data(client, data)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.quit(), 5)
        finally:
            client.close()
        return {
            "relay": f"{settings.smtp_relay_host}:{settings.smtp_relay_port}",
            "response": f"{response.code} {response.message}".strip(),
            "message_id": item.envelope.get("message_id"),
        }

    async def _envelope(self, client: aiosmtplib.SMTP, to: str, utf8: bool) -> None:
        """Connect, log in, MAIL and RCPT: nothing has left if any of it fails."""
        stage = "connecting to the relay"
        try:
            async with asyncio.timeout(SETUP_SECONDS):
                await client.connect()
                if client.is_ehlo_or_helo_needed:
                    await client.ehlo()
                options: list[str] = []
                if utf8:
                    if not client.supports_extension("smtputf8"):
                        raise PermanentFailure(
                            f"the relay cannot send to the non-ASCII address {to!r} (no SMTPUTF8)"
                        )
                    options = ["SMTPUTF8"]
                encoding = "utf-8" if utf8 else "ascii"
                stage = "MAIL FROM"
                await client.mail(self.settings.desk_address, options=options, encoding=encoding)
                stage = "RCPT TO"
                await client.rcpt(to, encoding=encoding)
        except PermanentFailure:
            raise
        except aiosmtplib.SMTPResponseException as exc:
            if stage != "connecting to the relay" and exc.code >= 500:
                raise PermanentFailure(f"the relay refused {stage}: {_answer(exc)}") from exc
            raise TemporaryFailure(f"the relay answered {stage}: {_answer(exc)}") from exc
        except Exception as exc:
            detail = str(exc) or type(exc).__name__
            raise TemporaryFailure(f"nothing sent; failed {stage}: {detail}") from exc

    async def _data(self, client: aiosmtplib.SMTP, data: bytes) -> aiosmtplib.SMTPResponse:
        """DATA and the message text: an answer settles it, silence leaves it unknown."""
        try:
            async with asyncio.timeout(DATA_SECONDS):
                return await client.data(data)
        except aiosmtplib.SMTPResponseException as exc:
            if 400 <= exc.code < 500:
                raise TemporaryFailure(f"the relay deferred the message: {_answer(exc)}") from exc
            if exc.code >= 500:
                raise PermanentFailure(f"the relay refused the message: {_answer(exc)}") from exc
            raise DeliveryUnknown(f"the relay answered the message with {_answer(exc)}") from exc
        except Exception as exc:
            detail = str(exc) or type(exc).__name__
            raise DeliveryUnknown(
                f"the message was handed to the relay but no answer came ({detail}); "
                "check whether it arrived before sending it again"
            ) from exc

    async def close(self) -> None:
        """Nothing to release: every send closes its own connection."""
