"""Replies of the open conversation that are still on their way: sending, sent or failed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from agentdesk.client.outbox import OutboxEntry

COLOURS = {"pending": "#8a6d00", "sent": "#1e7a34", "failed": "#b3261e"}


class OutboxStrip(QListWidget):
    """Shows each reply saved in the local outbox until the server has it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumHeight(72)
        self.conversation_id: int | None = None
        self._items: dict[str, QListWidgetItem] = {}
        self.hide()

    def _label(self, entry: OutboxEntry) -> str:
        states = {
            "pending": self.tr("Sending…"),
            "sent": self.tr("Sent"),
            "failed": self.tr("Failed: %1").replace("%1", entry.last_error or ""),
        }
        text = " ".join(entry.text.split())
        text = text if len(text) <= 60 else text[:59] + "…"
        return f"{states.get(entry.state, entry.state)} — {text}"

    def show_conversation(self, conversation_id: int | None, entries: list[OutboxEntry]) -> None:
        self.clear()
        self._items.clear()
        self.conversation_id = conversation_id
        for entry in entries:
            if entry.state != "sent":
                self.update_entry(entry)
        self.setVisible(self.count() > 0)

    def update_entry(self, entry: OutboxEntry) -> None:
        if entry.conversation_id != self.conversation_id:
            return
        item = self._items.get(entry.client_message_id)
        if item is None:
            item = QListWidgetItem()
            self._items[entry.client_message_id] = item
            self.addItem(item)
        item.setText(self._label(entry))
        item.setForeground(QColor(COLOURS.get(entry.state, "#000000")))
        item.setData(Qt.ItemDataRole.UserRole, entry.client_message_id)
        if entry.state == "sent":
            self.takeItem(self.row(item))
            del self._items[entry.client_message_id]
        self.setVisible(self.count() > 0)
