"""Waiting, bounded, for a condition that no single event announces."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def eventually(check: Callable[[], bool], within: float = 10.0) -> None:
    """Wait until `check()` holds, failing after `within` seconds. It polls because the
    conditions mix callback records, session state and the database."""
    async with asyncio.timeout(within):
        while True:
            if check():
                return
            await asyncio.sleep(0.01)
