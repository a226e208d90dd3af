"""InboxList: choosing conversations with the mouse, the keys and J/K; paging on the way."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.ui.inbox.inbox_model import InboxModel
from agentdesk.ui.inbox.inbox_view import InboxList
from tests.ui.inbox.summaries import NOW, summary


def make_list(qtbot: QtBot, count: int = 5, cursor: str | None = None) -> InboxList:
    model = InboxModel()
    model.reset([summary(n, minutes_ago=n) for n in range(1, count + 1)], cursor)
    inbox = InboxList(model, clock=lambda: NOW)
    qtbot.addWidget(inbox)
    inbox.resize(400, 300)
    inbox.show()
    qtbot.waitExposed(inbox)
    return inbox


def test_next_and_previous_choose_conversations(qtbot: QtBot) -> None:
    inbox = make_list(qtbot)
    with qtbot.waitSignal(inbox.conversation_chosen) as chosen:
        inbox.select_next()  # nothing current yet: the first row
    assert chosen.args == [1]
    with qtbot.waitSignal(inbox.conversation_chosen) as chosen:
        inbox.select_next()
    assert chosen.args == [2]
    with qtbot.waitSignal(inbox.conversation_chosen) as chosen:
        inbox.select_previous()
    assert chosen.args == [1]
    with qtbot.assertNotEmitted(inbox.conversation_chosen):
        inbox.select_previous()  # already at the top
    assert inbox.chosen_conversation == 1


def test_choosing_marks_read_and_a_moved_row_is_not_chosen_again(qtbot: QtBot) -> None:
    inbox = make_list(qtbot)
    model = inbox.model()
    assert isinstance(model, InboxModel)
    model.mark_unread(3)
    assert inbox.select_conversation(3)
    assert not model.is_unread(3)
    assert not model.mark_unread(3)  # open: a new customer message leaves it read
    with qtbot.assertNotEmitted(inbox.conversation_chosen):
        model.upsert(summary(3, minutes_ago=0, version=2))
    assert inbox.currentIndex().row() == 0
    assert not inbox.select_conversation(99)


def test_next_past_the_loaded_rows_asks_for_a_page(qtbot: QtBot) -> None:
    inbox = make_list(qtbot, count=2, cursor="page-2")
    model = inbox.model()
    assert isinstance(model, InboxModel)
    inbox.select_conversation(2)
    # The view itself may already have asked while laying out; then the page is pending.
    if model.canFetchMore(model.index(-1)):
        with qtbot.waitSignal(model.more_wanted):
            inbox.select_next()
    assert not model.canFetchMore(model.index(-1))
    assert inbox.chosen_conversation == 2
    model.append_page([summary(3, minutes_ago=3)], None)
    with qtbot.waitSignal(inbox.conversation_chosen) as chosen:
        inbox.select_next()
    assert chosen.args == [3]


def test_an_empty_list_ignores_navigation(qtbot: QtBot) -> None:
    inbox = make_list(qtbot, count=0)
    with qtbot.assertNotEmitted(inbox.conversation_chosen):
        inbox.select_next()
        inbox.select_previous()
