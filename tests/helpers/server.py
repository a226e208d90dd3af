"""A real agentdesk server on loopback, running on its own event loop in a thread."""

from __future__ import annotations

import asyncio
import faulthandler
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from agentdesk.server.app import AgentServer
from agentdesk.server.config import ServerConfig


class ServerThread:
    def __init__(self, config: ServerConfig, catalog: Any = None) -> None:
        self.loop = asyncio.new_event_loop()
        self.server = AgentServer(config, catalog=catalog)
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(30)

    def stop(self) -> None:
        stopping = asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop)
        try:
            stopping.result(30)
        except TimeoutError:
            # Say where the server is stuck: every thread's stack, then the loop's tasks.
            faulthandler.dump_traceback(all_threads=True)
            for task in asyncio.all_tasks(self.loop):
                task.print_stack()
            raise
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()


@contextmanager
def running_server(
    database_url: str, catalog: Any = None, **settings: Any
) -> Iterator[ServerThread]:
    # Upkeep (SLA breaches, snoozes) runs only where a test asks for it: the fixed-time
    # demo desks of the tests are long overdue, and their breach events would interleave
    # with the events a test is watching.
    base = ServerConfig(database_url=database_url, port=0, upkeep_seconds=3600)
    config = replace(base, **settings)
    thread = ServerThread(config, catalog)
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()
