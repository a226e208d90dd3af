"""Who else is in a conversation right now, and who is typing there.

Desktops announce `conversation.viewing` when they open a conversation and repeat it
while it stays open; a viewer not heard from for `FORGET_S` seconds is gone (a desktop
that crashed never says goodbye). Typing is shown for `TYPING_S` seconds after each
`conversation.typing`. Nothing here talks to the server: the controller feeds events in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

FORGET_S = 75.0  # the desktop repeats "viewing" every 30 s
TYPING_S = 6.0


@dataclass
class Viewer:
    agent_id: int
    name: str
    seen_until: float
    typing_until: float = 0.0

    def typing(self, now: float) -> bool:
        return self.typing_until > now

    @property
    def initials(self) -> str:
        words = self.name.split()
        if len(words) >= 2 and words[0][:1].isascii():
            return (words[0][:1] + words[-1][:1]).upper()
        return self.name[:1].upper()


class ViewerBoard(QObject):
    changed = Signal(int)  # conversation id

    def __init__(
        self, me: int, parent: QObject | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.me = me
        self._clock = clock
        self._by_conversation: dict[int, dict[int, Viewer]] = {}
        self._sweeper = QTimer(self, interval=2000)
        self._sweeper.timeout.connect(self.sweep)
        self._sweeper.start()

    def stop(self) -> None:
        self._sweeper.stop()

    def viewing(self, conversation_id: int, agent_id: int, name: str, on: bool) -> None:
        if agent_id == self.me:
            return
        viewers = self._by_conversation.setdefault(conversation_id, {})
        if on:
            viewer = viewers.get(agent_id)
            until = self._clock() + FORGET_S
            if viewer is None:
                viewers[agent_id] = Viewer(agent_id, name, until)
            else:
                viewer.seen_until = until
                if viewer.name == name:
                    return  # a heartbeat changes nothing anyone sees
                viewer.name = name
        elif viewers.pop(agent_id, None) is None:
            return
        self.changed.emit(conversation_id)

    def typing(self, conversation_id: int, agent_id: int, name: str) -> None:
        """An agent typing is in the conversation even if their viewing was missed."""
        if agent_id == self.me:
            return
        now = self._clock()
        viewers = self._by_conversation.setdefault(conversation_id, {})
        viewer = viewers.setdefault(agent_id, Viewer(agent_id, name, now + FORGET_S))
        viewer.typing_until = now + TYPING_S
        viewer.seen_until = max(viewer.seen_until, now + FORGET_S)
        self.changed.emit(conversation_id)

    def viewers(self, conversation_id: int) -> list[Viewer]:
        now = self._clock()
        found = self._by_conversation.get(conversation_id, {})
        return sorted((v for v in found.values() if v.seen_until > now), key=lambda v: v.name)

    def sweep(self) -> None:
        """Forget silent viewers and end typing marks whose time is up."""
        now = self._clock()
        for conversation_id, viewers in list(self._by_conversation.items()):
            changed = False
            for agent_id, viewer in list(viewers.items()):
                if viewer.seen_until <= now:
                    del viewers[agent_id]
                    changed = True
                elif viewer.typing_until and viewer.typing_until <= now:
                    viewer.typing_until = 0.0
                    changed = True
            if not viewers:
                del self._by_conversation[conversation_id]
            if changed:
                self.changed.emit(conversation_id)
