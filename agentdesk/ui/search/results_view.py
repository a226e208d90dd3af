"""The list of search hits with a line that says how the search went.

Shows what it is handed (pages, a refusal) and says by signals what the agent wants:
another page as the list scrolls, or the hit chosen (click, arrow keys, Enter)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk.ui.search.hit_delegate import HitDelegate
from agentdesk.ui.search.hits_model import HIT_ROLE, SearchHitsModel

ModelIndex = QModelIndex | QPersistentModelIndex
ERROR_STYLE = "color:#b3261e;"


class SearchResults(QWidget):
    """`closable` adds a "back" button (the main window's results, which cover the inbox)."""

    hit_chosen = Signal(object)  # the hit's wire dict
    more_wanted = Signal(str)  # the cursor of the next page
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, closable: bool = False) -> None:
        super().__init__(parent)
        self.model = SearchHitsModel(self)
        self.model.more_wanted.connect(self.more_wanted)
        self._query = ""
        self._failed = False
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # a server message, as it is
        self.back = QToolButton()
        self.back.setText(self.tr("← Inbox"))
        self.back.setToolTip(self.tr("Close the search and show the inbox again (Esc)"))
        self.back.setAutoRaise(True)
        self.back.clicked.connect(self.close_requested)
        self.back.setVisible(closable)
        self.list = QListView()
        self.delegate = HitDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(False)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAccessibleName(self.tr("Search results"))
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        self.list.activated.connect(self._choose)
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 4)
        top.addWidget(self.back, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)

    # -- what the search runner calls ------------------------------------------------------

    def searching(self, query: str) -> None:
        """A new search started: the old hits go at once."""
        self._query = query
        self.model.clear()
        self._say(self.tr("Searching…"))

    def show_first_page(self, page: Mapping[str, Any]) -> None:
        items = list(page.get("items") or [])
        self.model.set_page(items, page.get("next_cursor"))
        if not items:
            self._say(
                self.tr("Nothing found for “{query}”. Try other words or fewer filters.").format(
                    query=self._query
                )
            )
            return
        self._say(self.count_text(int(page.get("matched") or len(items)), bool(page.get("capped"))))

    def show_next_page(self, page: Mapping[str, Any]) -> None:
        self.model.append(list(page.get("items") or []), page.get("next_cursor"))

    def show_failure(self, text: str, *, first: bool) -> None:
        """A refusal or a failure, shown as given; a failed later page may be asked again."""
        if not first:
            self.model.fetch_failed()
        self._say(text, error=True)

    def clear(self) -> None:
        self._query = ""
        self.model.clear()
        self._say("")

    # -- what tests and the shell read -----------------------------------------------------

    def status_text(self) -> str:
        return self.status.text()

    def failed(self) -> bool:
        return self._failed

    def count_text(self, matched: int, capped: bool) -> str:
        number = f"{matched:,}"  # 1,000: how both English and Chinese readers group it
        if capped:
            return self.tr(
                "More than {count} matched – showing the {count} newest, ranked; narrow the search."
            ).format(count=number)
        if matched == 1:
            return self.tr("1 result")
        return self.tr("{count} results").format(count=number)

    # -- inside ----------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        self._failed = error
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)

    def _current_changed(self, current: ModelIndex, _previous: ModelIndex) -> None:
        self._choose(current)

    def _choose(self, index: ModelIndex) -> None:
        if index.isValid():
            hit = index.data(HIT_ROLE)
            if isinstance(hit, Mapping):
                self.hit_chosen.emit(dict(hit))
