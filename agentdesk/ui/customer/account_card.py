"""Who the customer is and the state of their wallet accounts, with audited reveals."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk.ui.conversation.cards import plain_label
from agentdesk.ui.conversation.formatting import format_moment, parse_moment, platform_name
from agentdesk.ui.customer.wording import (
    account_status_name,
    format_money,
    risk_hint_name,
    risk_hint_severe,
)

REVEALABLE = ("phone", "email", "account_number")
SEVERE_CHIP = "background:#b3261e;color:white;border-radius:8px;padding:2px 8px;"
CAUTION_CHIP = "background:#fbbc04;color:#202124;border-radius:8px;padding:2px 8px;"
FROZEN_STYLE = "color:#b3261e;font-weight:bold;"
ABSENT = "—"


class AccountCard(QWidget):
    """Masked contact details and accounts; "Reveal" asks for one field in full.

    The card never reveals anything itself: it emits `reveal_requested(field)`, the
    controller asks the server (which checks and audits), and `show_revealed` fills the
    labels. A button is disabled from the click until the answer, so one click is one
    audit entry."""

    reveal_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = plain_label("", bold=True)
        self.fields: dict[str, list[QLabel]] = {field: [] for field in REVEALABLE}
        self.reveal_buttons: dict[str, list[QPushButton]] = {field: [] for field in REVEALABLE}
        self.risk_chips: list[QLabel] = []
        self.status_labels: list[QLabel] = []
        self._contact = QFormLayout()
        self._accounts = QVBoxLayout()
        column = QVBoxLayout(self)
        column.addWidget(self.name)
        column.addLayout(self._contact)
        column.addLayout(self._accounts)
        column.addStretch(1)
        self._parts: list[QWidget] = []

    def show_customer(self, profile: Mapping[str, Any], now: datetime | None = None) -> None:
        self.clear()
        now = now or datetime.now(UTC)
        self.name.setText(str(profile.get("name") or ""))
        self._contact.addRow(self.tr("Phone:"), self._revealable("phone", profile.get("phone")))
        self._contact.addRow(self.tr("Email:"), self._revealable("email", profile.get("email")))
        handles = [
            f"{platform_name(str(h.get('platform') or ''))}: {h.get('handle') or ''}"
            for h in profile.get("handles") or []
        ]
        if handles:
            self._contact.addRow(self.tr("Social:"), plain_label("\n".join(handles)))
        for account in profile.get("accounts") or []:
            box = self._account_box(account, now)
            self._accounts.addWidget(box)
            self._parts.append(box)

    def show_revealed(self, field: str, value: str | None) -> None:
        """The server's answer to a reveal; `account_number` lists every account, ", "-joined."""
        labels = self.fields.get(field, [])
        if not labels:
            return
        values = (value or "").split(", ") if field == "account_number" else [value or ""]
        if len(values) != len(labels):
            values = [value or ""] + [""] * (len(labels) - 1)
        for label, shown in zip(labels, values, strict=True):
            if shown:
                label.setText(shown)
                label.setToolTip(self.tr("Shown in full; the reveal was recorded"))
            elif not value:
                label.setText(ABSENT)
        for button in self.reveal_buttons[field]:
            button.hide()

    def reveal_failed(self, field: str) -> None:
        """The server refused or the request failed: the agent may try again."""
        for button in self.reveal_buttons.get(field, []):
            button.setEnabled(True)

    def clear(self) -> None:
        self.name.setText("")
        while self._contact.rowCount():
            self._contact.removeRow(0)
        for part in self._parts:
            self._accounts.removeWidget(part)
            part.deleteLater()
        self._parts = []
        self.fields = {field: [] for field in REVEALABLE}
        self.reveal_buttons = {field: [] for field in REVEALABLE}
        self.risk_chips, self.status_labels = [], []

    def _revealable(self, field: str, masked: object) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = plain_label(str(masked) if masked else ABSENT)
        layout.addWidget(label, 1)
        self.fields[field].append(label)
        if masked:
            button = QPushButton(self.tr("Reveal"))
            button.setToolTip(self.tr("Show in full; this is recorded in the audit log"))
            button.clicked.connect(lambda: self._ask(field))
            layout.addWidget(button)
            self.reveal_buttons[field].append(button)
        return row

    def _ask(self, field: str) -> None:
        for button in self.reveal_buttons[field]:
            button.setEnabled(False)
        self.reveal_requested.emit(field)

    def _account_box(self, account: Mapping[str, Any], now: datetime) -> QGroupBox:
        box = QGroupBox(self.tr("Wallet {wallet}").format(wallet=account.get("wallet_id") or ""))
        form = QFormLayout(box)
        form.addRow(
            self.tr("Account number:"),
            self._revealable("account_number", account.get("account_number")),
        )
        status = str(account.get("status") or "")
        status_label = plain_label(account_status_name(status))
        if status == "frozen":
            status_label.setStyleSheet(FROZEN_STYLE)
        self.status_labels.append(status_label)
        form.addRow(self.tr("Status:"), status_label)
        balance = format_money(account.get("balance"), str(account.get("currency") or ""))
        form.addRow(self.tr("Balance:"), plain_label(balance))
        form.addRow(self.tr("KYC level:"), plain_label(str(account.get("kyc_level", ""))))
        two_step = self.tr("On") if account.get("two_step_enabled") else self.tr("Off")
        form.addRow(self.tr("Two-step verification:"), plain_label(two_step))
        form.addRow(self.tr("Password age:"), plain_label(self._age(account, now)))
        last_login = format_moment(account.get("last_login_at")) or self.tr("Never")
        form.addRow(self.tr("Last login:"), plain_label(last_login))
        hints = [str(hint) for hint in account.get("risk_hints") or []]
        if hints:
            chips = QVBoxLayout()
            for hint in hints:
                chip = QLabel(risk_hint_name(hint))
                chip.setTextFormat(Qt.TextFormat.PlainText)
                chip.setStyleSheet(SEVERE_CHIP if risk_hint_severe(hint) else CAUTION_CHIP)
                chip.setProperty("risk_hint", hint)
                chips.addWidget(chip, 0, Qt.AlignmentFlag.AlignLeft)
                self.risk_chips.append(chip)
            form.addRow(self.tr("Risks:"), chips)
        return box

    def _age(self, account: Mapping[str, Any], now: datetime) -> str:
        changed = parse_moment(account.get("password_changed_at"))
        if changed is None:
            return ABSENT
        days = max(0, (now - changed).days)
        return self.tr("{days} days").format(days=days)
