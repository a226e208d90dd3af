"""The bar above the composer offering the server's suggested template for this conversation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class SuggestionBar(QFrame):
    """Shows one SuggestionOut: the template's title and why it was suggested, with
    Insert (emits `insert_requested(rendered text)` and hides) and Dismiss."""

    insert_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._suggestion: Mapping[str, Any] | None = None
        self._title = QLabel(self)
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        bold = self._title.font()
        bold.setBold(True)
        self._title.setFont(bold)
        self._reason = QLabel(self)
        self._reason.setTextFormat(Qt.TextFormat.PlainText)
        self._reason.setWordWrap(True)
        self._insert = QPushButton(self.tr("Insert"), self)
        self._insert.setToolTip(self.tr("Insert the suggested reply into the composer"))
        self._insert.clicked.connect(self._insert_clicked)
        self._dismiss = QToolButton(self)
        self._dismiss.setText("×")
        self._dismiss.setToolTip(self.tr("Dismiss the suggestion"))
        self._dismiss.setAutoRaise(True)
        self._dismiss.clicked.connect(self.clear)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 3, 3)
        layout.addWidget(self._title)
        layout.addWidget(self._reason, 1)
        layout.addWidget(self._insert)
        layout.addWidget(self._dismiss)
        self.hide()

    @property
    def suggestion(self) -> Mapping[str, Any] | None:
        return self._suggestion

    @property
    def insert_button(self) -> QPushButton:
        return self._insert

    def show_suggestion(self, suggestion: Mapping[str, Any], title: str | None = None) -> None:
        """`suggestion` is a SuggestionOut dict; `title` the template's title when known
        (a suggestion names its template only by key)."""
        self._suggestion = suggestion
        self._title.setText(self.tr("Suggested: {title}").format(title=title or suggestion["key"]))
        self._reason.setText(str(suggestion.get("reason") or ""))
        missing = suggestion["rendered"].get("missing") or []
        self._insert.setToolTip(
            self.tr("Insert the suggested reply; fill in {names} before sending").format(
                names=", ".join(f"{{{name}}}" for name in missing)
            )
            if missing
            else self.tr("Insert the suggested reply into the composer")
        )
        self.show()

    def clear(self) -> None:
        self._suggestion = None
        self.hide()

    def _insert_clicked(self) -> None:
        if self._suggestion is None:
            return
        text = str(self._suggestion["rendered"]["text"])
        self.clear()
        self.insert_requested.emit(text)
