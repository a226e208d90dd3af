"""Log a call by hand: a call back from a mobile, a call the phone system did not report."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)


class CallLogDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log a call"))
        self.direction = QComboBox()
        self.direction.addItem(self.tr("We called the customer"), "outbound")
        self.direction.addItem(self.tr("The customer called us"), "inbound")
        self.outcome = QComboBox()
        for label, value in (
            (self.tr("Answered"), "answered"),
            (self.tr("No answer"), "missed"),
            (self.tr("Voicemail"), "voicemail"),
            (self.tr("Call back requested"), "callback"),
        ):
            self.outcome.addItem(label, value)
        self.started = QDateTimeEdit(QDateTime.currentDateTime())
        self.started.setCalendarPopup(True)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 600)
        self.minutes.setSuffix(self.tr(" min"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("The customer's number on file"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("What was said and agreed"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Direction"), self.direction)
        form.addRow(self.tr("Outcome"), self.outcome)
        form.addRow(self.tr("Started"), self.started)
        form.addRow(self.tr("Talk time"), self.minutes)
        form.addRow(self.tr("Number"), self.number)
        form.addRow(self.tr("Notes"), self.notes)
        form.addRow(buttons)
        # One id per dialog: pressing OK twice, or a resend, logs the call once.
        self.client_message_id = f"call-{uuid.uuid4().hex}"

    def request_fields(self, conversation_id: int) -> dict[str, Any]:
        """The `call.log` request this dialog describes."""
        started = self.started.dateTime().toSecsSinceEpoch()
        fields: dict[str, Any] = {
            "conversation_id": conversation_id,
            "direction": self.direction.currentData(),
            "outcome": self.outcome.currentData(),
            "started_at": datetime.fromtimestamp(started, UTC).isoformat(),
            "duration_seconds": self.minutes.value() * 60,
            "notes": self.notes.toPlainText().strip(),
            "client_message_id": self.client_message_id,
        }
        if self.number.text().strip():
            fields["number"] = self.number.text().strip()
        return fields
