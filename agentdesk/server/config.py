"""What an operator can set on `agentdesk serve`."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

KiB = 1024
MiB = 1024 * KiB


@dataclass(frozen=True, slots=True)
class ChannelSettings:
    """Secrets and addresses of the customer-facing channels.

    Secrets come from the environment (`from_environment`), never from the command
    line, so they do not show in `ps`. A channel whose secret is unset refuses every
    request to its endpoint (503) instead of accepting unsigned input."""

    # Signs the web chat's visitor tokens; unset means a random one per process, so
    # visitors of a restarted server start a new conversation.
    widget_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # Shared with the wallet back end, which signs a signed-in user's wallet id.
    wallet_secret: str | None = None
    # Pages allowed to open the chat websocket; empty allows only the server's own page.
    allowed_origins: tuple[str, ...] = ()
    # The phone system sends `Authorization: Bearer <token>` with every call log.
    call_webhook_token: str | None = None
    facebook_app_secret: str | None = None
    facebook_verify_token: str | None = None
    facebook_page_token: str | None = None
    facebook_api_url: str = "https://graph.facebook.com/v19.0"
    x_consumer_secret: str | None = None
    x_bearer_token: str | None = None
    x_api_url: str = "https://api.x.com/2"
    # Outbound email: the relay every reply leaves through, and the desk's address.
    smtp_relay_host: str | None = None
    smtp_relay_port: int = 587
    smtp_relay_user: str | None = None
    smtp_relay_password: str | None = None
    smtp_relay_starttls: bool = True
    desk_address: str = "support@tpwallet.example"
    desk_name: str = "tpWallet 客服 Support"
    # Bad input: larger bodies get 413 (HTTP) or 552 (SMTP) and nothing is stored.
    max_webhook_bytes: int = 256 * KiB
    max_email_bytes: int = 30 * MiB
    max_attachment_bytes: int = 10 * MiB
    # Outbound retries: the n-th failure waits base * 2**(n-1), capped, up to max attempts.
    outbound_max_attempts: int = 8
    outbound_backoff_seconds: float = 30.0
    outbound_backoff_cap_seconds: float = 3600.0
    outbound_poll_seconds: float = 1.0

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> ChannelSettings:
        env = dict(os.environ if environ is None else environ)

        def get(name: str) -> str | None:
            value = env.get(f"AGENTDESK_{name}", "").strip()
            return value or None

        values: dict[str, object] = {}
        for name in (
            "widget_secret",
            "wallet_secret",
            "call_webhook_token",
            "facebook_app_secret",
            "facebook_verify_token",
            "facebook_page_token",
            "facebook_api_url",
            "x_consumer_secret",
            "x_bearer_token",
            "x_api_url",
            "smtp_relay_host",
            "smtp_relay_user",
            "smtp_relay_password",
            "desk_address",
            "desk_name",
        ):
            value = get(name.upper())
            if value is not None:
                values[name] = value
        if (port := get("SMTP_RELAY_PORT")) is not None:
            values["smtp_relay_port"] = int(port)
        if (starttls := get("SMTP_RELAY_STARTTLS")) is not None:
            values["smtp_relay_starttls"] = starttls.lower() not in ("0", "false", "no", "off")
        if (origins := get("ALLOWED_ORIGINS")) is not None:
            values["allowed_origins"] = tuple(o.strip() for o in origins.split(",") if o.strip())
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ServerConfig:
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8765
    # The customer-facing listeners: None leaves one off, 0 picks a free port.
    http_port: int | None = None
    smtp_port: int | None = None
    channels: ChannelSettings = field(default_factory=ChannelSettings)
    # Opening hours, holiday overrides and SLA targets; None: resources/desk/hours_and_sla.toml
    desk_settings: Path | None = None
    tls_cert: Path | None = None
    tls_key: Path | None = None
    max_frame_bytes: int = 1 << 20  # larger frames close the connection with 1009
    outbound_queue: int = 1000  # frames waiting for a slow client before it is dropped
    requests_per_second: float = 50.0
    request_burst: int = 100
    database_workers: int = 4
    # How often fan-out re-reads the event table for changes it was not told about.
    # PostgreSQL tells every process through NOTIFY, so polling is only a safety net;
    # SQLite cannot notify another process (a CDR import, a channel worker), and the
    # empty index probe is cheap, so it polls often. None picks by database.
    poll_seconds: float | None = None
    # How often upkeep looks for SLA due times that passed (and, less often, snoozes).
    upkeep_seconds: float = 2.0
    drain_seconds: float = 10.0  # how long a graceful stop waits for requests in flight
