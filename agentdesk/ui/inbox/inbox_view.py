"""The inbox list widget: rows of conversations, J/K navigation, the chosen conversation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from agentdesk.ui.inbox.inbox_clock import utc_now
from agentdesk.ui.inbox.inbox_delegate import InboxDelegate
from agentdesk.ui.inbox.inbox_model import InboxModel, InboxRole

ModelIndex = QModelIndex | QPersistentModelIndex
CLOCK_TICK_MS = 30_000  # ages and SLA countdowns are shown to the minute


class InboxList(QListView):
    """Shows an `InboxModel` (its own unless given one) with `InboxDelegate`.

    Choosing a row (click, arrow keys, `select_next()`/`select_previous()`, which the main
    window binds to J and K) opens that conversation: the model marks it read and
    `conversation_chosen(id)` is emitted once per change of conversation, not when live
    events only move its row. `model()` is typed as the InboxModel it shows."""

    conversation_chosen = Signal(int)

    def __init__(
        self,
        model: InboxModel | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self._inbox = model if model is not None else InboxModel(self)
        self._chosen_id: int | None = None
        self._delegate = InboxDelegate(self, clock=clock)
        self.setItemDelegate(self._delegate)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAccessibleName(self.tr("Conversations"))
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_TICK_MS)
        self._clock_timer.timeout.connect(self.viewport().update)
        self._clock_timer.start()
        self.set_inbox_model(self._inbox)

    def model(self) -> InboxModel:
        return self._inbox

    def setModel(self, model: QAbstractItemModel | None) -> None:
        if not isinstance(model, InboxModel):
            raise TypeError("InboxList shows an InboxModel; use set_inbox_model()")
        super().setModel(model)

    @property
    def delegate(self) -> InboxDelegate:
        return self._delegate

    @property
    def chosen_conversation(self) -> int | None:
        return self._chosen_id

    def set_inbox_model(self, model: InboxModel) -> None:
        self._inbox = model
        self._chosen_id = None
        self.setModel(model)
        selection = self.selectionModel()
        selection.currentRowChanged.connect(self._current_row_changed)

    def select_next(self) -> None:
        self._step(1)

    def select_previous(self) -> None:
        self._step(-1)

    def select_conversation(self, conversation_id: int) -> bool:
        """Make the conversation's row current (and so open it); False when not listed."""
        row = self._inbox.row_of(conversation_id)
        if row < 0:
            return False
        self._make_current(row)
        return True

    def _step(self, delta: int) -> None:
        model = self._inbox
        if model.rowCount() == 0:
            return
        current = self.currentIndex()
        row = current.row() + delta if current.isValid() else 0
        if row >= model.rowCount() and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())  # K/J past the loaded rows asks for the next page
        self._make_current(max(0, min(row, model.rowCount() - 1)))

    def _make_current(self, row: int) -> None:
        index = self._inbox.index(row)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.scrollTo(index)

    def _current_row_changed(self, current: ModelIndex, _previous: ModelIndex) -> None:
        if not current.isValid():
            return
        conversation_id = int(current.data(InboxRole.Id))
        if conversation_id == self._chosen_id:
            return
        self._chosen_id = conversation_id
        self._inbox.set_open_conversation(conversation_id)
        self.conversation_chosen.emit(conversation_id)
