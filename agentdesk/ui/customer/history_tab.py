"""The History tab: a search field over the customer's history list, and its hits.

Searching says what the agent wants (`search_requested`); the controller runs it for the
shown customer and hands the hits to `results`. An empty field shows the list again."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from agentdesk.ui.customer.history import HistoryList
from agentdesk.ui.search.results_view import SearchResults
from agentdesk.ui.search.search_box import SearchBox


class HistoryTab(QWidget):
    search_requested = Signal(str)
    search_cleared = Signal()  # back to the list: a search on its way is not wanted
    search_edited = Signal()

    def __init__(self, history: HistoryList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.field = SearchBox(self.tr("Search this customer's history"))
        self.field.search_requested.connect(self._search)
        self.field.cleared.connect(self.show_history)
        self.field.edited.connect(self.search_edited)
        self.results = SearchResults()
        self.stack = QStackedWidget()
        self.stack.addWidget(history)
        self.stack.addWidget(self.results)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.field)
        layout.addWidget(self.stack, 1)

    def searching_shown(self) -> bool:
        return self.stack.currentWidget() is self.results

    def show_history(self) -> None:
        """The plain list again; the field emptied (which says `search_cleared`)."""
        if self.field.text():
            self.field.clear()  # comes back here through `cleared`
            return
        self.stack.setCurrentWidget(self.history)
        self.results.clear()
        self.search_cleared.emit()

    def _search(self, text: str) -> None:
        self.stack.setCurrentWidget(self.results)
        self.search_requested.emit(text)
