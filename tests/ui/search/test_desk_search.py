"""Search in the desk: Ctrl+F and Ctrl+Shift+F, the box in the main window, the History
tab's search for the shown customer, and a chosen hit opening its conversation scrolled to
the message once the conversation has come (never before)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from agentdesk.ui.customer.panel import HISTORY_TAB, TRANSACTIONS_TAB
from agentdesk.ui.shell import shortcuts
from agentdesk.ui.shell.desk import DeskController
from agentdesk.ui.shell.main_window import MainWindow
from tests.ui.conversation.conftest import message
from tests.ui.conversation.conftest import summary as conversation_summary
from tests.ui.search.conftest import Call, Failure, HeldBridge, Result, hit, page

AGENT = {"id": 5, "team_id": 1, "display_name": "Amy", "username": "amy", "role": "agent"}


class DeskFakeBridge(QObject):
    """`DeskBridge`'s signals and calls; every request is kept for the test to answer."""

    event_received = Signal(object)
    resynced = Signal(object)
    status_changed = Signal(str)
    outbox_changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.held = HeldBridge()

    def call(
        self,
        kind: str,
        fields: dict[str, Any] | None = None,
        on_result: Result | None = None,
        on_error: Failure | None = None,
    ) -> None:
        self.held.call(kind, fields, on_result, on_error)

    def call_outbox(self, conversation_id: int, on_result: Any) -> None:
        pass

    def of(self, kind: str) -> list[Call]:
        return self.held.of(kind)


def conversation_detail(conversation_id: int, customer_id: int = 3) -> dict[str, Any]:
    """A thread long enough that its first message is out of view at the bottom."""
    messages = [
        message(
            conversation_id * 100 + n,
            "in",
            f"第 {n} 条消息 " * 12,
            n,
            conversation_id=conversation_id,
        )
        for n in range(1, 60)
    ]
    return {
        "conversation": conversation_summary(id=conversation_id, customer_id=customer_id),
        "messages": messages,
        "calls": [],
    }


@pytest.fixture
def bridge() -> DeskFakeBridge:
    return DeskFakeBridge()


@pytest.fixture
def desk(qtbot: QtBot, bridge: DeskFakeBridge) -> Iterator[DeskController]:
    window = MainWindow("Amy")
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    controller = DeskController(window, bridge, {"agent": AGENT})  # type: ignore[arg-type]
    yield controller
    window.close()


@pytest.fixture
def scrolled(desk: DeskController, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool]]:
    """Every scroll_to_message of the timeline, with whether that message was shown yet."""
    view = desk.window.conversation
    real = view.scroll_to_message
    seen: list[tuple[int, bool]] = []

    def record(message_id: int, highlight: bool = True) -> bool:
        seen.append((message_id, view.card_for("message", message_id) is not None))
        return real(message_id, highlight)

    monkeypatch.setattr(view, "scroll_to_message", record)
    return seen


def search(desk: DeskController, text: str) -> Call:
    box = desk.window.search_box
    box.setText(text)
    QTest.keyClick(box, Qt.Key.Key_Return)
    return desk.bridge.of("search.query")[-1]  # type: ignore[attr-defined, no-any-return]


def test_ctrl_f_searches_and_ctrl_shift_f_finds_in_the_conversation(
    desk: DeskController,
) -> None:
    keys = {s.key().toString(): s for s in desk.shortcuts}
    assert "Ctrl+F" in keys and "Ctrl+Shift+F" in keys
    keys["Ctrl+F"].activated.emit()
    assert desk.window.search_box.hasFocus() or desk.window.focusWidget() is desk.window.search_box
    keys["Ctrl+Shift+F"].activated.emit()
    assert desk.window.conversation.find_bar.isVisible()
    sheet = {seq: str(text) for seq, _name, text in shortcuts.SHORTCUTS}
    assert sheet["Ctrl+Shift+F"] == "Find in this conversation"
    assert sheet["Ctrl+F"].startswith("Search")
    assert QKeySequence("Ctrl+F").toString() == "Ctrl+F"


def test_the_box_searches_everything_and_shows_hits_in_the_inbox_column(
    desk: DeskController, bridge: DeskFakeBridge
) -> None:
    window = desk.window
    assert not window.search_shown()
    asked = search(desk, "转账 channel:chat")
    assert asked.fields == {"q": "转账 channel:chat", "limit": 30}  # no customer: everything
    assert window.search_shown()
    asked.answer(page([hit(1), hit(2)]))
    assert window.search_results.model.rowCount() == 2
    assert window.search_results.status_text() == "2 results"

    # The agent types on while a query is on its way: its answer is not shown.
    late = search(desk, "password")
    QTest.keyClick(window.search_box, Qt.Key.Key_S)
    late.answer(page([hit(9)]))
    assert window.search_results.model.rowCount() == 0
    assert window.search_box.text() == "passwords"

    QTest.keyClick(window.search_box, Qt.Key.Key_Escape)  # clears the box, back to the inbox
    assert not window.search_shown() and window.search_box.text() == ""


def test_choosing_a_message_hit_scrolls_to_it_after_the_conversation_came(
    qtbot: QtBot, desk: DeskController, bridge: DeskFakeBridge, scrolled: list[tuple[int, bool]]
) -> None:
    search(desk, "消息").answer(page([hit(1, conversation_id=71, message_id=7103)]))
    results = desk.window.search_results
    results.list.setCurrentIndex(results.model.index(0, 0))  # the agent clicks the hit
    opened = bridge.of("conversation.get")
    assert [c.fields for c in opened] == [{"conversation_id": 71}]
    assert scrolled == []  # nothing to scroll to before the conversation has come
    opened[0].answer(conversation_detail(71))
    assert scrolled == [(7103, True)]
    card = desk.window.conversation.card_for("message", 7103)
    assert card is not None and card.is_highlighted()
    assert desk.conversation is not None and desk.conversation["id"] == 71

    # The same conversation again, another message: no new request, only a scroll.
    results.show_next_page(page([hit(2, conversation_id=71, message_id=7140)]))
    results.list.setCurrentIndex(results.model.index(1, 0))
    assert len(bridge.of("conversation.get")) == 1
    assert scrolled[-1] == (7140, True)


def test_a_conversation_chosen_earlier_does_not_replace_a_later_one(
    desk: DeskController, bridge: DeskFakeBridge, scrolled: list[tuple[int, bool]]
) -> None:
    desk.search.choose(hit(1, conversation_id=71, message_id=7101))
    desk.search.choose(hit(2, conversation_id=72, message_id=7202))
    first, second = bridge.of("conversation.get")
    second.answer(conversation_detail(72))
    first.answer(conversation_detail(71))  # late
    assert desk.conversation is not None and desk.conversation["id"] == 72
    assert scrolled == [(7202, True)]


def test_customer_and_transaction_hits_open_the_customers_latest_conversation(
    desk: DeskController, bridge: DeskFakeBridge
) -> None:
    customer = hit(5, kind="customer", conversation_id=None, message_id=None, customer_id=9)
    desk.search.choose(customer)
    listed = bridge.of("inbox.list")[-1]
    assert listed.fields["customer_id"] == 9 and listed.fields["limit"] == 1
    listed.answer({"items": [conversation_summary(id=90, customer_id=9)], "next_cursor": None})
    bridge.of("conversation.get")[-1].answer(conversation_detail(90, customer_id=9))
    assert desk.conversation is not None and desk.conversation["id"] == 90
    assert desk.window.customer.tabs.currentIndex() == HISTORY_TAB

    # A transaction of the customer already shown: only the Transactions tab.
    calls = len(bridge.held.calls)
    desk.search.choose(dict(customer, kind="transaction"))
    assert len(bridge.held.calls) == calls
    assert desk.window.customer.tabs.currentIndex() == TRANSACTIONS_TAB

    # A customer with nothing the agent may see: said so, nothing opened.
    desk.search.choose(dict(customer, customer_id=10))
    bridge.of("inbox.list")[-1].answer({"items": [], "next_cursor": None})
    assert "None of this customer's conversations" in desk.window.statusBar().currentMessage()
    assert desk.conversation["id"] == 90


def test_the_history_tab_searches_the_shown_customer(
    desk: DeskController, bridge: DeskFakeBridge, scrolled: list[tuple[int, bool]]
) -> None:
    desk.open_conversation(71)
    bridge.of("conversation.get")[-1].answer(conversation_detail(71, customer_id=3))
    tab = desk.window.customer.history_tab
    tab.field.setText("密码")
    QTest.keyClick(tab.field, Qt.Key.Key_Return)
    asked = bridge.of("search.query")[-1]
    assert asked.fields == {"q": "密码", "limit": 30, "customer_id": 3}
    assert tab.searching_shown()
    asked.answer(page([hit(1, conversation_id=72, message_id=7205)]))
    assert tab.results.model.rowCount() == 1
    tab.results.list.setCurrentIndex(tab.results.model.index(0, 0))
    bridge.of("conversation.get")[-1].answer(conversation_detail(72, customer_id=3))
    assert scrolled == [(7205, True)]
    assert tab.searching_shown()  # the same customer: the hits stay for the next choice

    tab.field.clear()  # back to the history list
    assert not tab.searching_shown() and tab.results.model.rowCount() == 0

    # A search on its way when another customer's conversation opens is dropped.
    tab.field.setText("转账")
    QTest.keyClick(tab.field, Qt.Key.Key_Return)
    late = bridge.of("search.query")[-1]
    desk.open_conversation(80)
    bridge.of("conversation.get")[-1].answer(conversation_detail(80, customer_id=8))
    late.answer(page([hit(3)]))
    assert not tab.searching_shown() and tab.results.model.rowCount() == 0
    assert tab.field.text() == ""


def test_a_hit_in_the_shown_conversation_wins_over_one_on_its_way(
    desk: DeskController, bridge: DeskFakeBridge, scrolled: list[tuple[int, bool]]
) -> None:
    desk.open_conversation(71)
    bridge.of("conversation.get")[-1].answer(conversation_detail(71))
    desk.search.choose(hit(2, conversation_id=72, message_id=7202))
    desk.search.choose(hit(1, conversation_id=71, message_id=7110))  # shown: scrolled at once
    bridge.of("conversation.get")[-1].answer(conversation_detail(72))  # late
    assert desk.conversation is not None and desk.conversation["id"] == 71
    assert scrolled == [(7110, True)]
