"""Away after a while without keyboard or mouse, online again at the next touch.

Leads route work to online agents only, so a desktop left alone must say so; the agent
does nothing for it. An application-wide event filter sees every input event cheaply
(it only stamps a time), and a timer checks the stamp every few seconds."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

AWAY_AFTER_S = 5 * 60
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    status_changed = Signal(str)  # "online" or "away"

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        away_after: float = AWAY_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.away_after = away_after
        self._clock = clock
        self._last_input = clock()
        self.status = "online"
        self._timer = QTimer(self, interval=5000)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.touched()
        return False

    def touched(self) -> None:
        self._last_input = self._clock()
        if self.status != "online":
            self.status = "online"
            self.status_changed.emit("online")

    def check(self) -> None:
        if self.status == "online" and self._clock() - self._last_input >= self.away_after:
            self.status = "away"
            self.status_changed.emit("away")
