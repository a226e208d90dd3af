"""Waiting for a wake-up or a timeout, in a way that never loses a cancellation.

`asyncio.wait_for(event.wait(), t)` on Python 3.11 can swallow the cancellation of the
waiting task when the event is set at the same moment (CPython gh-86296, fixed in 3.12):
the loop that waits goes round again, and `stop()`, which cancelled it and awaits it,
waits forever. The background loops of the server wake every few milliseconds, so the
race is not rare; `asyncio.wait` leaves the outer cancellation alone.
"""

from __future__ import annotations

import asyncio


async def wake_or_timeout(event: asyncio.Event, seconds: float) -> None:
    """Return when `event` is set or after `seconds`; the caller clears the event."""
    waiter = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait({waiter}, timeout=seconds)
    finally:
        waiter.cancel()
