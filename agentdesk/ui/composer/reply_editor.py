"""The composer's text field: placeholder highlighting and the send and picker keys."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from agentdesk.ui.composer.placeholders import (
    PlaceholderHighlighter,
    find_placeholders,
    utf16_length,
)

_RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ReplyEditor(QTextEdit):
    """A QTextEdit that reports Ctrl+Enter (`send_pressed`), and Ctrl+K or "/" typed
    into an empty field (`picker_pressed`), instead of inserting them. Keys are handled
    here rather than by QShortcut so that they win over the text edit's own bindings
    and work however the window around it is set up."""

    send_pressed = Signal()
    picker_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self._highlighter = PlaceholderHighlighter(self.document())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if control and event.key() in _RETURN_KEYS:
            event.accept()
            self.send_pressed.emit()
            return
        if control and event.key() == Qt.Key.Key_K:
            event.accept()
            self.picker_pressed.emit()
            return
        if event.text() == "/" and self.document().isEmpty():
            event.accept()
            self.picker_pressed.emit()
            return
        super().keyPressEvent(event)

    def insert_at_cursor(self, text: str) -> None:
        """Insert plain text where the cursor is (replacing a selection), then select
        the first unfilled placeholder it brought, so typing fills it in."""
        cursor = self.textCursor()
        start = cursor.selectionStart()
        cursor.insertText(text)
        spans = find_placeholders(text)
        if spans:
            first = spans[0]
            cursor.setPosition(start + utf16_length(text[: first.start]))
            cursor.setPosition(
                start + utf16_length(text[: first.end]), QTextCursor.MoveMode.KeepAnchor
            )
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
