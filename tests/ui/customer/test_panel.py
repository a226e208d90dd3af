"""The customer panel: reveals, risk hints, failed transactions to answers, and history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.ui.customer.history import CONVERSATION_ID_ROLE, HistoryModel
from agentdesk.ui.customer.panel import HISTORY_TAB, TRANSACTIONS_TAB, CustomerPanel
from tests.ui.customer.conftest import NOW, account, conversation, iso, profile, transactions


@pytest.fixture
def panel(host: QWidget) -> CustomerPanel:
    widget = CustomerPanel(host)
    widget.resize(480, 800)
    widget.show()
    return widget


def risky_account() -> dict[str, object]:
    return account(
        status="frozen",
        two_step_enabled=False,
        password_changed_at=iso(NOW - timedelta(days=200)),
        risk_hints=["frozen", "no_two_step", "password_older_than_180_days"],
    )


def test_account_tab_shows_the_wallet(panel: CustomerPanel) -> None:
    panel.show_customer(profile(risky_account()), now=NOW)
    card = panel.account
    assert card.name.text() == "Wang Xiaoming"
    assert card.fields["phone"][0].text() == "+86 138****8000"
    assert card.fields["account_number"][0].text() == "**** **** 3445"
    assert card.status_labels[0].text() == "Frozen"
    assert "#b3261e" in card.status_labels[0].styleSheet()
    texts = [label.text() for label in card.findChildren(type(card.name))]
    assert "CN¥1,234.50" in texts or any("1,234.50" in text for text in texts)
    assert "200 days" in texts and "Off" in texts
    assert [chip.text() for chip in card.risk_chips] == [
        "Account frozen",
        "No two-step verification",
        "Password older than 180 days",
    ]
    assert "#b3261e" in card.risk_chips[0].styleSheet()
    assert "#fbbc04" in card.risk_chips[1].styleSheet()
    assert "3" in panel.tabs.tabText(0)


def test_reveal_flow(qtbot: QtBot, panel: CustomerPanel) -> None:
    panel.show_customer(profile(), now=NOW)
    button = panel.account.reveal_buttons["phone"][0]
    with qtbot.waitSignal(panel.reveal_requested) as asked:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert asked.args == ["phone"]
    assert not button.isEnabled()  # one click, one audited reveal
    assert panel.account.fields["phone"][0].text() == "+86 138****8000"

    panel.show_revealed("phone", "+8613800138000")
    assert panel.account.fields["phone"][0].text() == "+8613800138000"
    assert not button.isVisibleTo(panel)

    email_button = panel.account.reveal_buttons["email"][0]
    email_button.click()
    panel.reveal_failed("email")
    assert email_button.isEnabled()
    assert panel.account.fields["email"][0].text() == "x***@example.cn"


def test_reveal_of_several_account_numbers(panel: CustomerPanel) -> None:
    second = account(id=12, wallet_id="TP-0012", account_number="**** **** 9876")
    panel.show_customer(profile(account(), second), now=NOW)
    panel.show_revealed("account_number", "6222020200112233445, 6222020200119999876")
    labels = panel.account.fields["account_number"]
    assert [label.text() for label in labels] == ["6222020200112233445", "6222020200119999876"]


def test_choosing_a_failed_transaction_suggests_an_answer(
    qtbot: QtBot, panel: CustomerPanel
) -> None:
    panel.set_transactions(transactions())
    tab = panel.transactions
    table = tab.table
    with qtbot.assertNotEmitted(panel.failed_transaction_chosen):
        table.setCurrentIndex(tab.proxy.index(0, 0))  # completed

    failed_row = 1
    with qtbot.waitSignal(panel.failed_transaction_chosen) as chosen:
        rect = table.visualRect(tab.proxy.index(failed_row, 1))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # type: ignore[no-untyped-call]
    transaction = chosen.args[0]
    assert transaction["id"] == 2 and transaction["failure_code"] == "insufficient_balance"
    assert not tab.suggestion.isVisibleTo(panel)

    late = {"key": "x", "language": "en", "text": "old", "missing": [], "transaction_id": 4}
    panel.show_suggested_answer(late)
    assert not tab.suggestion.isVisibleTo(panel)
    rendered = {
        "key": "failed_transfer.insufficient_balance",
        "language": "en",
        "text": "Dear Mr Wang, your transfer of CN¥20.50 failed for lack of balance.",
        "missing": [],
        "transaction_id": 2,
    }
    panel.tabs.setCurrentIndex(HISTORY_TAB)
    panel.show_suggested_answer(rendered)
    assert panel.tabs.currentIndex() == TRANSACTIONS_TAB
    assert tab.suggestion.isVisibleTo(panel)
    assert tab.suggestion_text.toPlainText() == rendered["text"]
    assert "TX000002" in tab.suggestion_title.text()

    with qtbot.waitSignal(panel.insert_requested) as inserted:
        qtbot.mouseClick(tab.insert_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert inserted.args == [rendered["text"]]


def test_missing_placeholders_are_named(panel: CustomerPanel) -> None:
    panel.set_transactions(transactions())
    panel.transactions.table.setCurrentIndex(panel.transactions.proxy.index(1, 0))
    rendered = {"key": "k", "language": "en", "text": "Hi {name}", "missing": ["name"]}
    panel.show_suggested_answer({**rendered, "transaction_id": None})
    assert panel.transactions.suggestion.isVisibleTo(panel)
    assert panel.transactions.missing.text() == "Not filled in: name"


def test_filter_controls_drive_the_proxy(panel: CustomerPanel) -> None:
    panel.set_transactions(transactions())
    tab = panel.transactions
    tab.status.setCurrentIndex(tab.status.findData("failed"))
    assert tab.proxy.rowCount() == 2
    tab.status.setCurrentIndex(tab.status.findData("all"))
    today = QDate.currentDate()
    tab.since.setDate(today.addDays(1))
    tab.since_on.setChecked(True)
    assert tab.since.isEnabled()
    assert tab.proxy.rowCount() == 0  # all of them are before tomorrow
    tab.since_on.setChecked(False)
    tab.until.setDate(QDate(2000, 1, 1))
    tab.until_on.setChecked(True)
    assert tab.proxy.rowCount() == 0
    tab.until_on.setChecked(False)
    assert tab.proxy.rowCount() == 5


def test_more_transactions_are_asked_for(qtbot: QtBot, panel: CustomerPanel) -> None:
    panel.set_transactions(transactions()[:2], "next-page")
    with qtbot.waitSignal(panel.more_transactions_wanted) as wanted:
        panel.transactions.model.fetchMore(panel.transactions.model.index(-1, -1))
    assert wanted.args == ["next-page"]
    panel.append_transactions(transactions()[2:], None)
    assert "(5)" in panel.tabs.tabText(TRANSACTIONS_TAB)


def test_history_newest_first_and_activation(
    qtbot: QtBot, panel: CustomerPanel, qtmodeltester: ModelTester
) -> None:
    hostile = '<img src="file:///etc/passwd"> refund?'
    panel.set_history(
        [
            conversation(1, 30),
            conversation(2, 1, channel="chat", subject=""),
            conversation(3, 9, snippet=hostile),
        ]
    )
    model = panel.history.history
    assert isinstance(model, HistoryModel)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert [model.index(row, 0).data(CONVERSATION_ID_ROLE) for row in range(3)] == [2, 3, 1]
    first = model.index(0, 0).data()
    assert first.startswith("Chat") and "snippet 2" in first
    assert "Question 3" in model.index(1, 0).data()
    tooltip = model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tooltip and "&lt;img" in tooltip  # shown as text, never loaded

    panel.tabs.setCurrentIndex(HISTORY_TAB)
    view = panel.history
    view.setCurrentIndex(model.index(1, 0))
    view.setFocus()
    with qtbot.waitSignal(panel.conversation_chosen) as chosen:
        qtbot.keyClick(view, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    assert chosen.args == [3]


def test_clear_empties_every_tab(panel: CustomerPanel) -> None:
    panel.show_customer(profile(risky_account()), now=NOW)
    panel.set_transactions(transactions())
    panel.set_history([conversation(1, 3)])
    panel.clear()
    assert panel.account.name.text() == ""
    assert panel.account.risk_chips == []
    assert panel.transactions.model.rowCount() == 0
    assert panel.history.history.rowCount() == 0
    assert panel.tabs.tabText(0) == "Account"
