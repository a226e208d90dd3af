"""Driving a running desktop from code: waiting for it to settle, opening conversations.

The screenshot command and the end-to-end tests both need to say "open the first email
and wait until its customer is shown"; this is the one place that knows how.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from agentdesk.ui.shell.desk import DeskController

POLL = 0.02


async def wait_until(condition: Callable[[], object], within: float = 10.0) -> None:
    """Poll `condition` while the Qt/asyncio loop keeps running; fail after `within` s."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the desktop did not get there in time")
        await asyncio.sleep(POLL)


class DesktopDriver:
    def __init__(self, controller: DeskController) -> None:
        self.controller = controller
        self.window = controller.window

    @property
    def inbox(self) -> Any:
        return self.window.inbox.model()

    async def inbox_loaded(self) -> None:
        await wait_until(lambda: self.inbox.rowCount() > 0)

    def find_row(self, predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
        for row in range(self.inbox.rowCount()):
            summary: dict[str, Any] = self.inbox.summary_at(row)
            if predicate(summary):
                return summary
        return None

    async def choose_view(self, key: str) -> None:
        row = self.window.views_model.row_of(key)
        self.controller.choose_view(row)
        await wait_until(lambda: self.controller.view == self.window.views_model.filter_at(row))
        await asyncio.sleep(0.3)
        await self.inbox_loaded()

    async def open(self, conversation_id: int) -> None:
        """Open a conversation and wait for its customer, transactions and history."""
        self.window.inbox.select_conversation(conversation_id)
        if self.controller.conversation is None or (
            self.controller.conversation["id"] != conversation_id
        ):
            self.controller.open_conversation(conversation_id)
        await wait_until(
            lambda: (
                self.controller.conversation is not None
                and self.controller.conversation["id"] == conversation_id
            )
        )
        await asyncio.sleep(0.5)  # let the customer panel's three answers arrive and paint

    async def search(self, query: str) -> None:
        """Search from the main window's box and wait for the first page (or a refusal)."""
        self.window.search_box.setText(query)
        self.controller.search.search_everywhere(query)
        await wait_until(lambda: not self.controller.search.everywhere.busy)

    async def open_hit(self, row: int) -> None:
        """Choose a listed hit, as a click does, and wait until its conversation is shown."""
        results = self.window.search_results
        hit = results.model.hit_at(row)
        results.list.setCurrentIndex(results.model.index(row, 0))
        wanted = hit.get("conversation_id")
        if wanted is not None:
            await wait_until(
                lambda: (
                    self.controller.conversation is not None
                    and self.controller.conversation["id"] == wanted
                )
            )
        await asyncio.sleep(0.5)  # the customer panel's answers arrive and paint
