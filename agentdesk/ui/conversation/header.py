"""The strip over a conversation (who, where, state, tags) and its find-in-thread bar."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from agentdesk.ui.conversation.cards import plain_label
from agentdesk.ui.conversation.formatting import channel_name, priority_name, status_name

CHIP_STYLE = "background:#e8eaed;color:#202124;border-radius:8px;padding:1px 8px;"
PRIORITY_STYLES = {
    "urgent": "background:#b3261e;color:white;border-radius:8px;padding:1px 8px;",
    "high": "background:#f9ab00;color:#202124;border-radius:8px;padding:1px 8px;",
}


def chip(text: str, style: str = CHIP_STYLE) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(style)
    return label


class ConversationHeader(QWidget):
    """Customer name, channel, status, priority, assignee and tags, in one line."""

    log_call_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer = plain_label("", bold=True)
        self.customer.setWordWrap(False)
        self.channel = chip("")
        self.status = chip("")
        self.priority = chip("")
        self.assignee = plain_label("", small=True)
        self.assignee.setWordWrap(False)
        self._tags: list[QLabel] = []
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(8, 4, 8, 4)
        for widget in (self.customer, self.channel, self.status, self.priority, self.assignee):
            self._row.addWidget(widget)
        self._row.addStretch(1)
        self.viewers = plain_label("", small=True)
        self.viewers.setWordWrap(False)
        self._row.addWidget(self.viewers)
        self.log_call = QToolButton()
        self.log_call.setText(self.tr("Log call…"))
        self.log_call.setToolTip(self.tr("Log a phone call with this customer by hand"))
        self.log_call.clicked.connect(self.log_call_requested)
        self._row.addWidget(self.log_call)
        self.clear()

    def set_summary(self, summary: Mapping[str, Any]) -> None:
        self.customer.setText(str(summary.get("customer_name") or ""))
        self.channel.setText(channel_name(str(summary.get("channel") or "")))
        self.status.setText(status_name(str(summary.get("status") or "")))
        priority = str(summary.get("priority") or "")
        self.priority.setText(priority_name(priority))
        self.priority.setStyleSheet(PRIORITY_STYLES.get(priority, CHIP_STYLE))
        assignee = summary.get("assignee_name")
        self.assignee.setText(
            self.tr("Assigned to {name}").format(name=assignee)
            if assignee
            else self.tr("Unassigned")
        )
        self._set_tags([str(tag) for tag in summary.get("tags") or []])
        for widget in (self.channel, self.status, self.priority, self.assignee, self.log_call):
            widget.show()

    def set_viewers(self, viewers: list[tuple[str, str, bool]]) -> None:
        """Colleagues in this conversation now: "Also here: Alan (typing), Lena"."""
        if not viewers:
            self.viewers.clear()
            return
        names = [
            self.tr("{name} (typing)").format(name=name) if typing else name
            for _initials, name, typing in viewers
        ]
        self.viewers.setText(self.tr("Also here: {names}").format(names=", ".join(names)))
        self.viewers.setStyleSheet(
            "color:#1a73e8;font-weight:bold;"
            if any(typing for *_rest, typing in viewers)
            else "color:#5f6368;"
        )

    def tags(self) -> list[str]:
        return [label.text() for label in self._tags]

    def clear(self) -> None:
        self.customer.setText(self.tr("No conversation open"))
        self.viewers.clear()
        for widget in (self.channel, self.status, self.priority, self.assignee, self.log_call):
            widget.hide()
        self._set_tags([])

    def _set_tags(self, tags: list[str]) -> None:
        for label in self._tags:
            self._row.removeWidget(label)
            label.deleteLater()
        self._tags = [chip("#" + tag) for tag in tags]
        for label in self._tags:
            self._row.insertWidget(self._row.count() - 3, label)  # before stretch and the rest


class FindBar(QWidget):
    """Find in the shown thread: Enter goes to the next match, Escape closes."""

    find_requested = Signal(str, bool)  # text, backwards
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("Find in this conversation"))
        self.field.setClearButtonEnabled(True)
        self.field.returnPressed.connect(lambda: self.find_requested.emit(self.field.text(), False))
        self.result = plain_label("", small=True)
        self.result.setWordWrap(False)
        previous = QToolButton()
        previous.setText("↑")
        previous.setToolTip(self.tr("Previous match"))
        previous.clicked.connect(lambda: self.find_requested.emit(self.field.text(), True))
        following = QToolButton()
        following.setText("↓")
        following.setToolTip(self.tr("Next match"))
        following.clicked.connect(lambda: self.find_requested.emit(self.field.text(), False))
        close = QToolButton()
        close.setText("✕")
        close.setToolTip(self.tr("Close"))
        close.clicked.connect(self.close_bar)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 8, 2)
        for widget in (self.field, self.result, previous, following, close):
            row.addWidget(widget)

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.result.setText("")
        self.closed.emit()

    def show_result(self, position: int, total: int) -> None:
        if total == 0:
            self.result.setText(self.tr("No matches"))
        else:
            self.result.setText(
                self.tr("{position} of {total}").format(position=position, total=total)
            )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
