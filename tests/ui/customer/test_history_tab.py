"""The History tab's search field: Enter asks for a search and shows the hits, an empty
field shows the history list again, and another customer empties the search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from agentdesk.ui.customer.panel import CustomerPanel
from tests.ui.customer.conftest import NOW, conversation, profile
from tests.ui.search.conftest import hit, page


@pytest.fixture
def panel(host: QWidget) -> CustomerPanel:
    widget = CustomerPanel(host)
    widget.resize(480, 800)
    widget.show()
    widget.show_customer(profile(), now=NOW)
    widget.set_history([conversation(1, 2), conversation(2, 5)])
    return widget


def test_enter_asks_for_a_search_and_shows_its_hits(qtbot: QtBot, panel: CustomerPanel) -> None:
    tab = panel.history_tab
    assert not tab.searching_shown() and tab.field.placeholderText()
    tab.field.setText("密码")
    with qtbot.waitSignal(panel.history_search_requested) as asked:
        QTest.keyClick(tab.field, Qt.Key.Key_Return)
    assert asked.args == ["密码"] and tab.searching_shown()
    tab.results.searching("密码")
    tab.results.show_first_page(page([hit(1)]))
    with qtbot.waitSignal(panel.hit_chosen) as chosen:
        tab.results.list.setCurrentIndex(tab.results.model.index(0, 0))
    assert chosen.args[0]["message_id"] == 701

    with qtbot.waitSignal(panel.history_search_cleared):
        QTest.keyClick(tab.field, Qt.Key.Key_Escape)
    assert not tab.searching_shown() and tab.field.text() == ""
    assert panel.history.history.rowCount() == 2  # the list as it was
    assert "(2)" in panel.tabs.tabText(2)


def test_an_empty_field_searches_nothing(qtbot: QtBot, panel: CustomerPanel) -> None:
    asked: list[str] = []
    panel.history_search_requested.connect(asked.append)
    panel.history_tab.field.setText("   ")
    QTest.keyClick(panel.history_tab.field, Qt.Key.Key_Return)
    assert asked == [] and not panel.history_tab.searching_shown()


def test_another_customer_empties_the_search(qtbot: QtBot, panel: CustomerPanel) -> None:
    tab = panel.history_tab
    tab.field.setText("转账")
    QTest.keyClick(tab.field, Qt.Key.Key_Return)
    panel.show_customer(profile(), now=NOW)  # the same customer again: kept
    assert tab.searching_shown() and tab.field.text() == "转账"
    with qtbot.waitSignal(panel.history_search_cleared):
        panel.show_customer(profile(id=4, name="Li Lei"), now=NOW)
    assert not tab.searching_shown() and tab.field.text() == ""
