"""`agentdesk serve` as a real process: started on a free port, stopped or killed by tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from agentdesk.server.app import free_port


class ServeProcess:
    def __init__(self, database_url: str, port: int | None = None, *extra: str) -> None:
        self.database_url = database_url
        self.port = port or free_port()
        self.url = f"ws://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[str] | None = None
        self.extra = extra
        # stderr goes to a file: a pipe nobody reads would block a chatty server
        self.log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - lives as long as the process

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "agentdesk.cli",
            "serve",
            "--database",
            self.database_url,
            "--port",
            str(self.port),
            *self.extra,
        ]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("agentdesk listening on ws://"):
                return
            if not line and self.process.poll() is not None:
                break
        self.kill()
        self.log.seek(0)
        raise RuntimeError(f"agentdesk serve did not start: {self.log.read()}")

    def kill(self) -> None:
        """SIGKILL: no graceful stop, nothing flushed."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def terminate(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(30)


@contextmanager
def serve_process(database_url: str, port: int | None = None) -> Iterator[ServeProcess]:
    process = ServeProcess(database_url, port)
    process.start()
    try:
        yield process
    finally:
        process.kill()
