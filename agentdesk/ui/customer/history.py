"""The customer's other conversations, newest first, as a list model and its view."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from agentdesk.ui.conversation.formatting import (
    channel_name,
    epoch_seconds,
    format_date,
    status_name,
)
from agentdesk.ui.conversation.safe_browser import plain_tooltip

CONVERSATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractListModel):
    """`ConversationSummary` dicts, two lines each: channel, date and status over the subject."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Mapping[str, Any]] = []
        self._lines: list[str] = []
        self._tooltips: list[str] = []

    def set_items(self, items: Iterable[Mapping[str, Any]]) -> None:
        self.beginResetModel()
        self._items = sorted(
            items,
            key=lambda item: (epoch_seconds(item.get("last_message_at")), int(item["id"])),
            reverse=True,
        )
        self._lines = [self._describe(item) for item in self._items]
        self._tooltips = [plain_tooltip(str(item.get("snippet") or "")) for item in self._items]
        self.endResetModel()

    def conversation_at(self, row: int) -> Mapping[str, Any]:
        return self._items[row]

    def _describe(self, item: Mapping[str, Any]) -> str:
        facts = " · ".join(
            part
            for part in (
                channel_name(str(item.get("channel") or "")),
                format_date(item.get("last_message_at")),
                status_name(str(item.get("status") or "")),
            )
            if part
        )
        title = str(item.get("subject") or "") or str(item.get("snippet") or "")
        return f"{facts}\n{title or self.tr('(no subject)')}"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._lines[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltips[index.row()]
        if role == CONVERSATION_ID_ROLE:
            return int(self._items[index.row()]["id"])
        return None


class HistoryList(QListView):
    """Activating a row (double-click or Enter) opens that conversation."""

    conversation_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = HistoryModel(self)
        self.setModel(self.history)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setUniformItemSizes(True)
        self.setWordWrap(True)
        self.setSpacing(3)
        self.activated.connect(self._choose)

    def set_history(self, items: Iterable[Mapping[str, Any]]) -> None:
        self.history.set_items(items)

    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.conversation_chosen.emit(int(index.data(CONVERSATION_ID_ROLE)))
