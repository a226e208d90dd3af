"""Running a service function as one unit of work on a database thread, from the loop."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from agentdesk.db.engine import Database
from agentdesk.services.unit import perform, query


class DatabaseUnits:
    """`read` and `change` for whatever holds a database, a way onto its threads and the
    fan-out's wake-up: request handlers, the channel endpoints, the outbound dispatcher."""

    database: Database
    run_in_db: Callable[..., Awaitable[Any]]
    wake_fanout: Callable[[], None]

    async def read(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await self.run_in_db(functools.partial(query, self.database, work, *args, **kwargs))

    async def change(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """One transaction on a database thread; desktops hear about it at once."""
        try:
            return await self.run_in_db(
                functools.partial(perform, self.database, work, *args, **kwargs)
            )
        finally:
            self.wake_fanout()
