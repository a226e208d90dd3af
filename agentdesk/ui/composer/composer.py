"""The composer: writing a reply or a private note to the open conversation."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk.ui.composer.placeholders import missing_names
from agentdesk.ui.composer.reply_editor import ReplyEditor
from agentdesk.ui.composer.suggestion_bar import SuggestionBar
from agentdesk.ui.composer.template_model import TemplateModel

NOTE_BACKGROUND = QColor("#fff4c2")  # a private note looks like a sticky note
NOTE_LABEL_COLOUR = QColor("#8a6d00")
BLOCKED_COLOUR = QColor("#b71c1c")
RICH_CHANNELS = frozenset({"email"})
TYPING_EVERY_S = 3.0  # how often the customer is told again that we are typing


class Composer(QWidget):
    """A reply or private-note editor for one conversation at a time.

    `send_requested(text, html or None, note)` asks to send; the composer then clears.
    It refuses (Send disabled, a message naming them) while the text has unfilled
    `{placeholders}`. `picker_requested()` asks for the template picker (Ctrl+K, or "/"
    typed into an empty composer); what it picks comes back through `insert_text()`."""

    send_requested = Signal(str, object, bool)  # text, html (str or None), note
    picker_requested = Signal()
    typing = Signal()  # the agent is writing a reply; at most once per TYPING_EVERY_S

    def __init__(
        self, templates: TemplateModel | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self._templates = templates
        self._conversation_id: int | None = None
        self._rich = False
        self._note = False

        self._suggestion = SuggestionBar(self)
        self._suggestion.insert_requested.connect(self.insert_text)

        self._reply_button = QToolButton(self)
        self._reply_button.setText(self.tr("Reply"))
        self._note_button = QToolButton(self)
        self._note_button.setText(self.tr("Private note"))
        self._modes = QButtonGroup(self)
        for button in (self._reply_button, self._note_button):
            button.setCheckable(True)
            button.setAutoRaise(True)
            self._modes.addButton(button)
        self._reply_button.setChecked(True)
        self._note_button.toggled.connect(self.set_note_mode)
        self._note_label = QLabel(self.tr("Private note: only agents see it"), self)
        self._note_label.setStyleSheet(f"color: {NOTE_LABEL_COLOUR.name()}; font-weight: bold;")
        self._note_label.hide()

        self._editor = ReplyEditor(self)
        self._editor.send_pressed.connect(self.send)
        self._editor.picker_pressed.connect(self.picker_requested)
        self._editor.textChanged.connect(self._refresh)
        self._editor.textChanged.connect(self._maybe_typing)
        self._last_typing = float("-inf")
        self._reply_palette = QPalette(self._editor.palette())
        self._note_palette = QPalette(self._reply_palette)
        self._note_palette.setColor(QPalette.ColorRole.Base, NOTE_BACKGROUND)

        # Asked before a reply is sent; False keeps the text (see DeskController).
        self.send_guard: Callable[[], bool] | None = None
        self._warning = QLabel(self)
        self._warning.setWordWrap(True)
        self._warning.setStyleSheet(f"color: {BLOCKED_COLOUR.name()}; font-weight: bold;")
        self._warning.hide()
        self._blocked = QLabel(self)
        self._blocked.setStyleSheet(f"color: {BLOCKED_COLOUR.name()};")
        self._send_button = QPushButton(self)
        self._send_button.setToolTip(self.tr("Send (Ctrl+Enter)"))
        self._send_button.clicked.connect(self.send)

        modes = QHBoxLayout()
        modes.setContentsMargins(0, 0, 6, 0)
        modes.addWidget(self._reply_button)
        modes.addWidget(self._note_button)
        modes.addStretch(1)
        modes.addWidget(self._note_label)
        footer = QHBoxLayout()
        footer.setContentsMargins(6, 0, 0, 0)
        footer.addWidget(self._blocked, 1)
        footer.addWidget(self._send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._suggestion)
        layout.addWidget(self._warning)
        layout.addLayout(modes)
        layout.addWidget(self._editor, 1)
        layout.addLayout(footer)
        self.set_enabled_for(None)

    # What the main window reads and drives ------------------------------------------------

    @property
    def editor(self) -> ReplyEditor:
        return self._editor

    @property
    def suggestion_bar(self) -> SuggestionBar:
        return self._suggestion

    @property
    def send_button(self) -> QPushButton:
        return self._send_button

    @property
    def conversation_id(self) -> int | None:
        return self._conversation_id

    def text(self) -> str:
        return self._editor.toPlainText()

    def is_rich(self) -> bool:
        return self._rich

    def is_note_mode(self) -> bool:
        return self._note

    def blocked_message(self) -> str:
        """Why Send is disabled, when placeholders are the reason; else empty."""
        return self._blocked.text()

    def set_enabled_for(self, conversation: Mapping[str, Any] | None) -> None:
        """The conversation replies go to (a ConversationSummary dict), or None. Another
        conversation starts with an empty reply: a draft never follows the agent."""
        if conversation is None:
            self._conversation_id = None
            self._editor.setPlaceholderText(self.tr("Choose a conversation to reply to"))
        else:
            if conversation["id"] != self._conversation_id:
                self._editor.clear()
                self._suggestion.clear()
                self.set_note_mode(False)
            self._conversation_id = int(conversation["id"])
            self.set_rich(conversation.get("channel") in RICH_CHANNELS)
        enabled = conversation is not None
        for widget in (self._editor, self._reply_button, self._note_button):
            widget.setEnabled(enabled)
        self._refresh()

    def set_rich(self, rich: bool) -> None:
        """Rich text (email) sends HTML beside the text; chat, social and phone are plain."""
        if rich == self._rich:
            return
        self._rich = rich
        self._editor.setAcceptRichText(rich)
        if not rich and self._editor.toPlainText():
            self._editor.setPlainText(self._editor.toPlainText())  # drop the formatting
        self._refresh()

    def set_note_mode(self, note: bool) -> None:
        self._note = note
        button = self._note_button if note else self._reply_button
        if not button.isChecked():
            button.setChecked(True)
        self._note_label.setVisible(note)
        self._editor.setPalette(self._note_palette if note else self._reply_palette)
        self.setProperty("note", note)  # for style sheets
        self._refresh()

    def focus_reply(self) -> None:
        self.set_note_mode(False)
        self._editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_note(self) -> None:
        self.set_note_mode(True)
        self._editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_template_model(self, templates: TemplateModel | None) -> None:
        """Where a suggestion's title is looked up (a suggestion names only its key)."""
        self._templates = templates

    def show_suggestion(self, suggestion: Mapping[str, Any] | None) -> None:
        """A SuggestionOut dict from `templates.suggest`, offered above the editor; None
        takes the offer away."""
        if suggestion is None:
            self._suggestion.clear()
            return
        rendered = suggestion["rendered"]
        title = None
        if self._templates is not None:
            title = self._templates.title_of(suggestion["key"], rendered["language"])
        self._suggestion.show_suggestion(suggestion, title)

    def insert_text(self, text: str) -> None:
        """Insert at the cursor (a rendered template, say) and select its first unfilled
        placeholder."""
        self._editor.insert_at_cursor(text)
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        self._editor.clear()

    def show_warning(self, text: str) -> None:
        """A line above the editor, e.g. that the customer wrote again; empty hides it."""
        self._warning.setText(text)
        self._warning.setVisible(bool(text))

    def warning(self) -> str:
        return self._warning.text() if self._warning.isVisible() else ""

    def can_send(self) -> bool:
        return self._send_button.isEnabled()

    def send(self) -> bool:
        """Emit `send_requested` and clear, unless there is nothing to send or the text
        still has placeholders; True when it sent."""
        if not self.can_send():
            return False
        if not self._note and self.send_guard is not None and not self.send_guard():
            return False
        self.show_warning("")
        text = self._editor.toPlainText().strip()
        html = self._editor.toHtml() if self._rich and not self._note else None
        self.send_requested.emit(text, html, self._note)
        self._editor.clear()
        return True

    # Internals ------------------------------------------------------------------------------

    def _maybe_typing(self) -> None:
        """Customers see "typing…" for replies, never for private notes or a cleared box."""
        if self._note or self._conversation_id is None or not self._editor.toPlainText():
            return
        now = time.monotonic()
        if now - self._last_typing >= TYPING_EVERY_S:
            self._last_typing = now
            self.typing.emit()

    def _refresh(self) -> None:
        text = self._editor.toPlainText()
        missing = missing_names(text)
        if missing:
            names = ", ".join(f"{{{name}}}" for name in missing)
            self._blocked.setText(self.tr("Fill in {names} before sending").format(names=names))
        else:
            self._blocked.clear()
        ready = self._conversation_id is not None and bool(text.strip()) and not missing
        self._send_button.setEnabled(ready)
        self._send_button.setText(self.tr("Add note") if self._note else self.tr("Send"))
        if self._conversation_id is not None:
            self._editor.setPlaceholderText(
                self.tr("Private note for your team… (Ctrl+Enter adds it)")
                if self._note
                else self.tr("Write a reply… (/ or Ctrl+K for templates, Ctrl+Enter sends)")
            )
