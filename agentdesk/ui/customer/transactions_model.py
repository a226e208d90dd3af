"""The customer's transactions as a table model paged in from the server, and its filter."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from agentdesk.ui.conversation.formatting import epoch_seconds, format_moment
from agentdesk.ui.conversation.safe_browser import plain_tooltip
from agentdesk.ui.customer.wording import (
    failure_reason,
    format_money,
    transaction_status_name,
    transaction_type_name,
)
from agentdesk.ui.paging import CursorPagedTableModel, Index

TRANSACTION_ROLE = Qt.ItemDataRole.UserRole + 1  # the wire dict, as the server sent it
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts the column right
TIME, TYPE, AMOUNT, COUNTERPARTY, STATUS = range(5)
FAILED_COLOUR = QColor("#b3261e")
STATUSES = ("completed", "failed", "pending")


@dataclass(frozen=True, slots=True)
class TransactionRow:
    """What showing a transaction needs, worked out once when it arrives."""

    transaction: Mapping[str, Any]
    cells: tuple[str, str, str, str, str]
    sort_keys: tuple[float, str, float, str, str]
    failed: bool
    tooltip: str

    @classmethod
    def of(cls, transaction: Mapping[str, Any]) -> TransactionRow:
        status = str(transaction.get("status") or "")
        failed = status == "failed"
        reference = str(transaction.get("reference") or "")
        status_words = transaction_status_name(status)
        tooltip = QCoreApplication.translate("TransactionsModel", "Reference {reference}").format(
            reference=reference
        )
        if failed:
            reason = failure_reason(transaction.get("failure_code"))
            status_words = QCoreApplication.translate(
                "TransactionsModel", "Failed: {reason}"
            ).format(reason=reason)
            tooltip = QCoreApplication.translate(
                "TransactionsModel", "This transaction failed: {reason}. Reference {reference}"
            ).format(reason=reason, reference=reference)
        amount = transaction.get("amount")
        try:
            amount_key = float(str(amount))
        except ValueError:
            amount_key = 0.0
        kind = str(transaction.get("type") or "")
        counterparty = str(transaction.get("counterparty") or "")
        created = transaction.get("created_at")
        return cls(
            transaction=transaction,
            cells=(
                format_moment(created),
                transaction_type_name(kind),
                format_money(amount, str(transaction.get("currency") or "")),
                counterparty,
                status_words,
            ),
            sort_keys=(epoch_seconds(created), kind, amount_key, counterparty, status),
            failed=failed,
            tooltip=plain_tooltip(tooltip),
        )


class TransactionsModel(CursorPagedTableModel[TransactionRow]):
    """Rows in the server's order (newest first); `data()` only looks up what `of` made,
    paged in with the server's cursor as the view scrolls (see `CursorPagedTableModel`)."""

    COLUMNS = STATUS + 1

    def _row_of(self, item: Mapping[str, Any]) -> TransactionRow:
        return TransactionRow.of(item)

    def _item_of(self, row: TransactionRow) -> Mapping[str, Any]:
        return row.transaction

    def set_transactions(
        self, items: Iterable[Mapping[str, Any]], next_cursor: str | None = None
    ) -> None:
        self._reset(items, next_cursor)

    def clear(self) -> None:
        self.set_transactions([], None)

    def transaction_at(self, row: int) -> Mapping[str, Any]:
        return self._rows[row].transaction

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(FAILED_COLOUR) if row.failed else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AMOUNT:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == TRANSACTION_ROLE:
            return row.transaction
        if role == SORT_ROLE:
            return row.sort_keys[column]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Time"), self.tr("Type"), self.tr("Amount"), self.tr("Counterparty"))
        return (*titles, self.tr("Status"))[section] if 0 <= section <= STATUS else None


class TransactionFilter(QSortFilterProxyModel):
    """Status is one of STATUSES or None for all; `since` is inclusive, `until` exclusive.

    The bounds are aware datetimes; the UI turns the dates an agent picks into local
    midnights. Rows are compared on the sort key of their time (seconds since the epoch),
    so filtering never parses a date again; status is compared on its wire code."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status: str | None = None
        self._since: float | None = None
        self._until: float | None = None
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_status(self, status: str | None) -> None:
        """One of STATUSES; "all" or None shows every status."""
        wanted = None if status in (None, "", "all") else status
        if wanted is not None and wanted not in STATUSES:
            raise ValueError(f"no transaction status {status!r}")
        if wanted == self._status:
            return
        self.beginFilterChange()
        self._status = wanted
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_date_range(self, since: datetime | None, until: datetime | None) -> None:
        for bound in (since, until):
            if bound is not None and bound.tzinfo is None:
                raise ValueError("date bounds must be timezone-aware")
        lower = since.timestamp() if since is not None else None
        upper = until.timestamp() if until is not None else None
        if (lower, upper) == (self._since, self._until):
            return
        self.beginFilterChange()
        self._since, self._until = lower, upper
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def status(self) -> str | None:
        return self._status

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if model is None:
            return False
        if self._status is not None:
            status = model.index(source_row, STATUS, source_parent).data(SORT_ROLE)
            if status != self._status:
                return False
        if self._since is not None or self._until is not None:
            moment = model.index(source_row, TIME, source_parent).data(SORT_ROLE)
            if not isinstance(moment, float):
                return False
            if self._since is not None and moment < self._since:
                return False
            if self._until is not None and moment >= self._until:
                return False
        return True

    def lessThan(self, left: Index, right: Index) -> bool:
        """Sort keys of one column share a type; a missing key sorts first."""
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
