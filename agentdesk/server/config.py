"""What an operator can set on `agentdesk serve`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ServerConfig:
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8765
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
    drain_seconds: float = 10.0  # how long a graceful stop waits for requests in flight
