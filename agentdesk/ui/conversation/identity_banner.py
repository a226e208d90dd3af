"""Asks the agent whether two customers are one person; the desk never merges on its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from agentdesk.ui.conversation.cards import plain_label

BANNER_STYLE = "background:#e8f0fe;border-bottom:1px solid #aecbfa;"

_REASONS = {
    "same name": QT_TRANSLATE_NOOP("IdentityBanner", "the same name"),
    "same email address": QT_TRANSLATE_NOOP("IdentityBanner", "the same email address"),
    "same phone number": QT_TRANSLATE_NOOP("IdentityBanner", "the same phone number"),
    "same wallet id": QT_TRANSLATE_NOOP("IdentityBanner", "the same wallet id"),
}


def reason_words(reason: str) -> str:
    """The server's reason in the agent's language (unknown reasons as they are)."""
    if reason not in _REASONS:
        return reason
    return QCoreApplication.translate("IdentityBanner", str(_REASONS[reason]))


class IdentityBanner(QWidget):
    """One open match at a time: "may be the same person as …" with two answers."""

    decided = Signal(int, bool)  # match id, same person

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identityBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.question = plain_label("")
        self.same = QPushButton(self.tr("Same person"))
        self.same.setToolTip(self.tr("Merge into the known customer, with all conversations"))
        self.different = QPushButton(self.tr("Not the same"))
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.question, 1)
        row.addWidget(self.same)
        row.addWidget(self.different)
        self.same.clicked.connect(lambda: self._answer(True))
        self.different.clicked.connect(lambda: self._answer(False))
        self._matches: list[dict[str, Any]] = []
        self.hide()

    def set_matches(self, matches: list[Mapping[str, Any]]) -> None:
        self._matches = [dict(m) for m in matches if m.get("status", "open") == "open"]
        self._show_first()

    def add_match(self, match: Mapping[str, Any]) -> None:
        if all(m["id"] != match["id"] for m in self._matches):
            self._matches.append(dict(match))
        self._show_first()

    def remove_match(self, match_id: int) -> None:
        self._matches = [m for m in self._matches if m["id"] != match_id]
        self._show_first()

    def current(self) -> dict[str, Any] | None:
        return self._matches[0] if self._matches else None

    def _show_first(self) -> None:
        match = self.current()
        if match is None:
            self.hide()
            return
        self.question.setText(
            self.tr("{customer} may be {candidate} (customer #{id}): {reason}.").format(
                customer=match.get("customer_name") or "",
                candidate=match.get("candidate_name") or "",
                id=match.get("candidate_id"),
                reason=reason_words(str(match.get("reason") or "")),
            )
        )
        self.same.setEnabled(True)
        self.different.setEnabled(True)
        self.show()

    def _answer(self, same_person: bool) -> None:
        match = self.current()
        if match is None:
            return
        self.same.setEnabled(False)  # until the server answered; no double decisions
        self.different.setEnabled(False)
        self.decided.emit(int(match["id"]), same_person)
