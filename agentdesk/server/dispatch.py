"""Sends the outbound queue: claims due replies and hands each to its transport."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from agentdesk.db.engine import Database
from agentdesk.server.transports import PermanentFailure, TemporaryFailure, Transport
from agentdesk.server.units import DatabaseUnits
from agentdesk.server.wakeups import wake_or_timeout
from agentdesk.services import outbound

log = logging.getLogger(__name__)
# A claim older than this belongs to a process that stopped mid-send (sends time out
# after a minute), so its row becomes `uncertain` rather than being sent again.
STALE_CLAIM = timedelta(minutes=10)
STALE_SWEEP_SECONDS = 60.0


class OutboundDispatcher(DatabaseUnits):
    def __init__(
        self,
        database: Database,
        run_in_db: Callable[..., Awaitable[Any]],
        wake_fanout: Callable[[], None],
        transports: dict[str, Transport],
        backoff: outbound.Backoff,
        *,
        poll_seconds: float = 1.0,
        concurrency: int = 4,
    ) -> None:
        self.database = database
        self.run_in_db = run_in_db
        self.wake_fanout = wake_fanout
        self.transports = transports
        self.backoff = backoff
        self.poll_seconds = poll_seconds
        self.concurrency = concurrency
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._sends: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        if self.transports:
            self._task = asyncio.create_task(self._run(), name="outbound")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._sends:  # let sends in flight finish and record their outcome
            await asyncio.wait(self._sends, timeout=30)
        for transport in self.transports.values():
            with contextlib.suppress(Exception):
                await transport.close()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last_sweep = float("-inf")
        while True:
            try:
                if loop.time() - last_sweep >= STALE_SWEEP_SECONDS:
                    # Claims of a process that died mid-send: any process notices them.
                    last_sweep = loop.time()
                    await self.change(outbound.mark_stale_uncertain, STALE_CLAIM)
                await self.drain()
            except Exception:
                log.exception("outbound queue failed; trying again")
            await wake_or_timeout(self._wake, self.poll_seconds)
            self._wake.clear()

    async def drain(self) -> None:
        """Claim what is due and start sending it, as many at once as there are slots."""
        while True:
            free = self.concurrency - len(self._sends)  # claim only what can start now
            if free <= 0:
                return  # a finishing send wakes the loop again
            items: list[outbound.OutboundItem] = await self.change(
                outbound.claim_due, list(self.transports), free
            )
            if not items:
                return
            for item in items:
                task = asyncio.create_task(self._send(item), name=f"send-{item.id}")
                self._sends.add(task)
                task.add_done_callback(self._sends.discard)

    async def _send(self, item: outbound.OutboundItem) -> None:
        try:
            transport = self.transports[item.transport]
            try:
                receipt = await asyncio.wait_for(transport.send(item), 60)
            except TemporaryFailure as exc:
                await self._failed(item, str(exc), permanent=False)
            except PermanentFailure as exc:
                await self._failed(item, str(exc), permanent=True)
            except Exception as exc:
                # Unknown outcome (a timeout after the data went out): never resend blindly.
                log.exception("outbound %s: outcome unknown", item.id)
                await self.change(outbound.mark_uncertain, item.id, f"{type(exc).__name__}: {exc}")
            else:
                await self.change(outbound.mark_sent, item.id, receipt)
        finally:
            self._wake.set()

    async def _failed(self, item: outbound.OutboundItem, error: str, *, permanent: bool) -> None:
        log.warning("outbound %s attempt %s failed: %s", item.id, item.attempt, error)
        await self.change(
            outbound.mark_failed, item.id, error, permanent=permanent, backoff=self.backoff
        )
