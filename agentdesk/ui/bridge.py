"""Where the asyncio client meets Qt: session callbacks become signals on the GUI thread.

With qasync the asyncio loop *is* the Qt event loop, so every callback below already
runs on the GUI thread; signals keep widgets decoupled from the session (Electrum's
`qt_event_listener` idea). Requests are Anki-style operations: started from a widget,
answered through `on_result`/`on_error` callbacks, never awaited by the widget.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from agentdesk.client.session import DeskSession

log = logging.getLogger(__name__)
Result = Callable[[Any], None]
Failure = Callable[[Exception], None]


class RequestBridge(Protocol):
    """What a window that only asks questions needs of `DeskBridge` (fakes in tests)."""

    def call(
        self,
        kind: str,
        fields: dict[str, Any] | None = None,
        on_result: Result | None = None,
        on_error: Failure | None = None,
    ) -> object: ...


class DeskBridge(QObject):
    event_received = Signal(object)  # EventFrame
    resynced = Signal(object)  # ResyncFrame
    status_changed = Signal(str)  # connecting, online, offline, signed_out
    outbox_changed = Signal(object)  # OutboxEntry

    def __init__(self, session: DeskSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks: set[asyncio.Task[Any]] = set()
        session.on_event.append(self.event_received.emit)
        session.on_resync.append(self.resynced.emit)
        session.on_status.append(self.status_changed.emit)
        session.on_outbox.append(self.outbox_changed.emit)

    def call(
        self,
        kind: str,
        fields: dict[str, Any] | None = None,
        on_result: Result | None = None,
        on_error: Failure | None = None,
    ) -> asyncio.Task[Any]:
        """Start one request; its answer arrives later through the callbacks."""
        return self._start(self.session.request(kind, **(fields or {})), on_result, on_error)

    def send(
        self,
        conversation_id: int,
        text: str,
        *,
        html: str | None = None,
        note: bool = False,
        on_error: Failure | None = None,
    ) -> asyncio.Task[Any]:
        """Save the reply in the outbox, then send it; progress comes as `outbox_changed`."""
        work = self.session.send(conversation_id, text, html=html, note=note)
        return self._start(work, None, on_error)

    def call_outbox(
        self, conversation_id: int, on_result: Callable[[int, list[Any]], None]
    ) -> asyncio.Task[Any]:
        """The outbox entries of one conversation (a local file, read off the GUI thread)."""
        return self._start(
            self.session.outbox.for_conversation(conversation_id),
            lambda entries: on_result(conversation_id, entries),
            None,
        )

    def _start(
        self, work: Any, on_result: Result | None, on_error: Failure | None
    ) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(work)
        self._tasks.add(task)

        def finished(done: asyncio.Task[Any]) -> None:
            self._tasks.discard(done)
            if done.cancelled():
                return
            error = done.exception()
            if isinstance(error, Exception):
                if on_error is not None:
                    on_error(error)
                else:
                    log.warning("request failed: %s", error)
            elif on_result is not None:
                on_result(done.result())

        task.add_done_callback(finished)
        return task

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
