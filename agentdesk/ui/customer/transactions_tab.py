"""The Transactions tab: a filtered table, and the answer suggested for a failed transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QModelIndex, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentdesk.ui.conversation.cards import plain_label
from agentdesk.ui.customer.transactions_model import (
    COUNTERPARTY,
    TIME,
    TransactionFilter,
    TransactionsModel,
)

MISSING_STYLE = "color:#b06000;"
SUGGESTION_HEIGHT = 160
COUNTERPARTY_WIDTH = 90  # names can be long; the status column matters more


def local_midnight(day: QDate) -> datetime:
    """The start of a local calendar day as an aware UTC datetime."""
    start = QDateTime(day, QTime(0, 0))
    return datetime.fromtimestamp(start.toSecsSinceEpoch(), UTC)


class TransactionsTab(QWidget):
    """Choosing a failed row asks (through the controller) for the matching FAQ answer."""

    failed_transaction_chosen = Signal(object)  # the transaction dict
    insert_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TransactionsModel(self)
        self.proxy = TransactionFilter(self)
        self.proxy.setSourceModel(self.model)
        self._chosen: Mapping[str, Any] | None = None

        self.status = QComboBox()
        for code, words in (
            ("all", self.tr("All statuses")),
            ("completed", self.tr("Completed")),
            ("failed", self.tr("Failed")),
            ("pending", self.tr("Pending")),
        ):
            self.status.addItem(words, code)
        self.status.currentIndexChanged.connect(self._apply_status)
        today = QDate.currentDate()
        self.since_on, self.since = QCheckBox(self.tr("From")), QDateEdit(today.addDays(-30))
        self.until_on, self.until = QCheckBox(self.tr("To")), QDateEdit(today)
        for check, edit in ((self.since_on, self.since), (self.until_on, self.until)):
            edit.setCalendarPopup(True)
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._apply_dates)
            edit.dateChanged.connect(self._apply_dates)
        filters = QGridLayout()
        filters.addWidget(self.status, 0, 0, 1, 2)
        filters.addWidget(self.since_on, 1, 0)
        filters.addWidget(self.since, 1, 1)
        filters.addWidget(self.until_on, 2, 0)
        filters.addWidget(self.until, 2, 1)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(TIME, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COUNTERPARTY, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COUNTERPARTY, COUNTERPARTY_WIDTH)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)

        self.suggestion = QGroupBox(self.tr("Suggested answer"))
        self.suggestion_title = plain_label("", small=True)
        self.suggestion_text = QPlainTextEdit()
        self.suggestion_text.setReadOnly(True)
        self.suggestion_text.setMaximumHeight(SUGGESTION_HEIGHT)
        self.missing = plain_label("")
        self.missing.setStyleSheet(MISSING_STYLE)
        self.insert_button = QPushButton(self.tr("Insert into reply"))
        self.insert_button.clicked.connect(
            lambda: self.insert_requested.emit(self.suggestion_text.toPlainText())
        )
        box = QVBoxLayout(self.suggestion)
        for widget in (self.suggestion_title, self.suggestion_text, self.missing):
            box.addWidget(widget)
        box.addWidget(self.insert_button, 0, Qt.AlignmentFlag.AlignRight)
        self.suggestion.hide()

        column = QVBoxLayout(self)
        column.addLayout(filters)
        column.addWidget(self.table, 1)
        column.addWidget(self.suggestion)

    def set_transactions(
        self, items: Iterable[Mapping[str, Any]], next_cursor: str | None = None
    ) -> None:
        self._chosen = None
        self.suggestion.hide()
        self.model.set_transactions(items, next_cursor)

    def append_transactions(
        self, items: Iterable[Mapping[str, Any]], next_cursor: str | None
    ) -> None:
        self.model.append(items, next_cursor)

    def show_suggested_answer(self, rendered: Mapping[str, Any]) -> bool:
        """Show a rendered template; an answer for another transaction than the chosen
        one (a late reply after the agent moved on) is dropped."""
        chosen = self._chosen
        meant = rendered.get("transaction_id")
        if meant is not None and (chosen is None or chosen.get("id") != meant):
            return False
        reference = str(chosen.get("reference") or "") if chosen is not None else ""
        self.suggestion_title.setText(
            self.tr("For transaction {reference}").format(reference=reference) if reference else ""
        )
        self.suggestion_text.setPlainText(str(rendered.get("text") or ""))
        missing = [str(name) for name in rendered.get("missing") or []]
        self.missing.setText(
            self.tr("Not filled in: {names}").format(names=", ".join(missing)) if missing else ""
        )
        self.missing.setVisible(bool(missing))
        self.suggestion.show()
        return True

    def clear(self) -> None:
        self.set_transactions([], None)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        source = self.proxy.mapToSource(current)
        transaction = self.model.transaction_at(source.row())
        if transaction.get("status") != "failed":
            return
        if self._chosen is not None and self._chosen.get("id") == transaction.get("id"):
            return
        self._chosen = transaction
        self.suggestion.hide()
        self.failed_transaction_chosen.emit(transaction)

    def _apply_status(self) -> None:
        self.proxy.set_status(str(self.status.currentData()))

    def _apply_dates(self) -> None:
        since = local_midnight(self.since.date()) if self.since_on.isChecked() else None
        until = local_midnight(self.until.date().addDays(1)) if self.until_on.isChecked() else None
        self.proxy.set_date_range(since, until)
