"""The template picker: type to search the canned responses, Enter to insert one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from agentdesk.ui.composer.template_filter import TemplateFilter
from agentdesk.ui.composer.template_model import TemplateModel, TemplateRole

# Keys the search field hands to the list, so the agent can move without leaving it.
_LIST_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})


class TemplatePicker(QDialog):
    """A search field over a list of templates. Typing filters and ranks; Up and Down
    move; Enter or a double click emits `template_chosen(key, language)` and closes; Esc
    closes. Show it with `open()`: `exec()` would block the event loop qasync shares
    with the network."""

    template_chosen = Signal(str, str)

    def __init__(self, templates: TemplateModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Insert a template"))
        self.setObjectName("templatePicker")
        self._filter = TemplateFilter(self)
        self._filter.setSourceModel(templates)

        self._search = QLineEdit(self)
        self._search.setPlaceholderText(self.tr("Search by title, /shortcut or text"))
        self._search.setClearButtonEnabled(True)
        self._search.textChanged.connect(self._search_changed)
        self._search.returnPressed.connect(self.choose_current)
        self._search.installEventFilter(self)

        self._list = QListView(self)
        self._list.setModel(self._filter)
        self._list.setUniformItemSizes(True)
        self._list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.activated.connect(self._choose)
        self._list.doubleClicked.connect(self._choose)

        hint = QLabel(self.tr("Enter inserts · Esc closes"), self)
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self._search)
        layout.addWidget(self._list, 1)
        layout.addWidget(hint)
        self.resize(520, 420)

    @property
    def search_field(self) -> QLineEdit:
        return self._search

    @property
    def template_list(self) -> QListView:
        return self._list

    @property
    def template_filter(self) -> TemplateFilter:
        return self._filter

    def set_preferred_language(self, language: str | None) -> None:
        """The customer's language: its versions come first among equal matches."""
        self._filter.set_preferred_language(language)
        self._select_first()

    def open(self) -> None:
        """Open with an empty search and the best match selected."""
        self._search.clear()
        self._filter.set_pattern("")
        self._select_first()
        super().open()
        self._search.setFocus(Qt.FocusReason.PopupFocusReason)

    def choose_current(self) -> None:
        current = self._list.currentIndex()
        if not current.isValid() and self._filter.rowCount() > 0:
            current = self._filter.index(0, 0)
        if current.isValid():
            self._choose(current)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _LIST_KEYS
        ):
            QApplication.sendEvent(self._list, event)
            return True
        return super().eventFilter(watched, event)

    def _search_changed(self, text: str) -> None:
        self._filter.set_pattern(text)
        self._select_first()

    def _select_first(self) -> None:
        if self._filter.rowCount() > 0:
            self._list.setCurrentIndex(self._filter.index(0, 0))
            self._list.scrollToTop()

    def _choose(self, index: QModelIndex) -> None:
        # A double click is both `doubleClicked` and (on most styles) `activated`: the
        # first closes the picker and the second finds it hidden.
        if not self.isVisible() or not index.isValid():
            return
        key = str(index.data(TemplateRole.Key))
        language = str(index.data(TemplateRole.Language))
        self.template_chosen.emit(key, language)
        self.accept()
