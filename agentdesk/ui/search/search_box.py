"""The search field: Enter searches, Escape or clearing it goes back; its tooltip has the syntax."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


def syntax_lines() -> list[str]:
    """What the server's query parser understands, as the agent types it."""
    translate = QCoreApplication.translate
    return [
        translate("SearchSyntax", "Words in Chinese or English, all of them must match"),
        translate("SearchSyntax", '"a quoted phrase" matches those words in a row'),
        translate("SearchSyntax", "channel:email (chat, email, phone, social, feedback)"),
        translate("SearchSyntax", "agent:NAME, status:open (open, pending, snoozed, resolved)"),
        translate("SearchSyntax", "after:2026-11-01, before:2026-11-01"),
        translate("SearchSyntax", "txn:TX000000012345, amount:12.50"),
        translate("SearchSyntax", "4 or more digits of a phone number, in any format"),
    ]


def syntax_tooltip() -> str:
    """Rich text made only of our words, escaped all the same."""
    title = escape(QCoreApplication.translate("SearchSyntax", "Search syntax"))
    rows = "".join(f"<li>{escape(line)}</li>" for line in syntax_lines())
    return f"<p><b>{title}</b></p><ul>{rows}</ul>"


class SearchBox(QLineEdit):
    """Says what the agent wants; never searches by itself.

    `search_requested(text)` on Enter with something typed; `cleared()` when the field is
    emptied (the clear button, Escape, deleting the text); `edited()` on each change the
    agent makes, so an answer to the query typed before is not shown under new text."""

    search_requested = Signal(str)
    cleared = Signal()
    edited = Signal()

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setToolTip(syntax_tooltip())
        self.setMaxLength(500)  # the server cuts longer queries anyway
        self.returnPressed.connect(self._enter)
        self.textEdited.connect(lambda _text: self.edited.emit())
        self.textChanged.connect(self._changed)

    def focus_search(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def _enter(self) -> None:
        text = self.text().strip()
        if text:
            self.search_requested.emit(text)

    def _changed(self, text: str) -> None:
        if not text:
            self.cleared.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.text():
                self.clear()  # `cleared` through textChanged
            else:
                self.cleared.emit()
            return
        super().keyPressEvent(event)
