"""The transactions model and its filter: model rules, failed rows, paging, status and dates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.ui.customer.transactions_model import (
    AMOUNT,
    FAILED_COLOUR,
    STATUS,
    TRANSACTION_ROLE,
    TransactionFilter,
    TransactionsModel,
)
from agentdesk.ui.customer.wording import format_money
from tests.ui.customer.conftest import NOW, transaction, transactions


@pytest.fixture
def model() -> TransactionsModel:
    filled = TransactionsModel()
    filled.set_transactions(transactions(), "cursor-1")
    return filled


def references(proxy: TransactionFilter) -> list[str]:
    return [
        proxy.index(row, 0).data(TRANSACTION_ROLE)["reference"] for row in range(proxy.rowCount())
    ]


def test_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = TransactionsModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_transactions(transactions(), "cursor-1")
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.append([transaction(6, "failed", 50, failure_code=None)], None)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_filter_passes_the_model_tester(
    qtmodeltester: ModelTester, model: TransactionsModel
) -> None:
    proxy = TransactionFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)  # type: ignore[no-untyped-call]
    proxy.set_status("failed")
    proxy.set_date_range(NOW - timedelta(days=10), None)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)  # type: ignore[no-untyped-call]
    assert proxy.rowCount() == 1


def test_rows_read_as_an_agent_reads_them(model: TransactionsModel) -> None:
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Time",
        "Type",
        "Amount",
        "Counterparty",
        "Status",
    ]
    assert model.index(0, 1).data() == "Transfer out"
    assert model.index(0, AMOUNT).data() == format_money("10.50", "CNY")
    assert "10.50" in model.index(0, AMOUNT).data()
    assert model.index(0, STATUS).data() == "Completed"
    assert model.index(0, STATUS).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(2, 1).data() == "Top-up"


def test_failed_rows_are_marked(model: TransactionsModel) -> None:
    failed = model.index(1, STATUS)
    assert failed.data() == "Failed: Insufficient balance"
    assert model.index(3, STATUS).data() == "Failed: Wrong payment password"
    for column in range(5):
        brush = model.index(1, column).data(Qt.ItemDataRole.ForegroundRole)
        assert isinstance(brush, QBrush) and brush.color() == FAILED_COLOUR
    tooltip = failed.data(Qt.ItemDataRole.ToolTipRole)
    assert "Insufficient balance" in tooltip and "TX000002" in tooltip
    assert model.index(1, 0).data(TRANSACTION_ROLE)["failure_code"] == "insufficient_balance"


def test_fetch_more_asks_once_per_cursor(qtbot: QtBot, model: TransactionsModel) -> None:
    root = QModelIndex()
    assert model.canFetchMore(root)
    with qtbot.waitSignal(model.more_wanted) as wanted:
        model.fetchMore(root)
    assert wanted.args == ["cursor-1"]
    assert not model.canFetchMore(root)
    with qtbot.assertNotEmitted(model.more_wanted):
        model.fetchMore(root)

    model.append([transaction(2, "failed", 3), transaction(6, "completed", 60)], "cursor-2")
    assert model.rowCount() == 6  # the repeated transaction 2 is not added again
    assert model.canFetchMore(root)
    model.append([], None)
    assert not model.canFetchMore(root)


def test_filter_by_status(model: TransactionsModel) -> None:
    proxy = TransactionFilter()
    proxy.setSourceModel(model)
    proxy.set_status("failed")
    assert references(proxy) == ["TX000002", "TX000004"]
    proxy.set_status("pending")
    assert references(proxy) == ["TX000003"]
    proxy.set_status("completed")
    assert references(proxy) == ["TX000001", "TX000005"]
    proxy.set_status("all")
    assert proxy.rowCount() == 5
    with pytest.raises(ValueError):
        proxy.set_status("lost")


def test_filter_by_date_range(model: TransactionsModel) -> None:
    proxy = TransactionFilter()
    proxy.setSourceModel(model)
    proxy.set_date_range(NOW - timedelta(days=10), None)
    assert references(proxy) == ["TX000001", "TX000002", "TX000003"]
    proxy.set_date_range(NOW - timedelta(days=30), NOW - timedelta(days=3))
    assert references(proxy) == ["TX000003", "TX000004"]  # until is exclusive
    proxy.set_status("failed")
    assert references(proxy) == ["TX000004"]
    proxy.set_date_range(None, None)
    proxy.set_status(None)
    assert proxy.rowCount() == 5
    with pytest.raises(ValueError):
        proxy.set_date_range(NOW.replace(tzinfo=None), None)


def test_sorting_by_amount_and_time(model: TransactionsModel) -> None:
    proxy = TransactionFilter()
    proxy.setSourceModel(model)
    proxy.sort(AMOUNT, Qt.SortOrder.DescendingOrder)
    assert references(proxy)[0] == "TX000005"
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert references(proxy)[0] == "TX000005"
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert references(proxy)[0] == "TX000001"
