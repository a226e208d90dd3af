"""Who else is in a conversation: the board forgets the silent, and the inbox shows them."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.ui.inbox.inbox_delegate import TYPING_COLOUR, InboxDelegate
from agentdesk.ui.inbox.inbox_model import InboxModel, InboxRole
from agentdesk.ui.shell.viewers import FORGET_S, TYPING_S, ViewerBoard
from tests.ui.inbox.summaries import NOW, summary
from tests.ui.inbox.test_inbox_delegate import has_colour, paint_row

ME, ALAN, LENA = 1, 2, 3


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_viewers_come_type_and_go(qtbot: QtBot) -> None:
    clock = Clock()
    board = ViewerBoard(ME, clock=clock)
    changes: list[int] = []
    board.changed.connect(changes.append)
    board.viewing(7, ME, "Amy", True)  # myself: never shown
    board.viewing(7, ALAN, "Alan Chen", True)
    board.viewing(7, LENA, "李静", True)
    assert [(v.name, v.initials) for v in board.viewers(7)] == [("Alan Chen", "AC"), ("李静", "李")]
    assert changes == [7, 7]
    board.viewing(7, ALAN, "Alan Chen", True)  # a heartbeat: nothing to redraw
    assert changes == [7, 7]
    board.typing(7, ALAN, "Alan Chen")
    assert [v.typing(clock.now) for v in board.viewers(7)] == [True, False]
    clock.now += TYPING_S + 1
    board.sweep()
    assert [v.typing(clock.now) for v in board.viewers(7)] == [False, False]
    board.viewing(7, LENA, "李静", False)
    assert [v.name for v in board.viewers(7)] == ["Alan Chen"]
    clock.now += FORGET_S + 1  # Alan's desktop died without a goodbye
    board.sweep()
    assert board.viewers(7) == []
    assert changes[-1] == 7


def test_the_inbox_row_carries_and_paints_its_viewers(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    model = InboxModel()
    model.reset([summary(7), summary(8)], None)
    model.set_viewers(7, [("AC", "Alan Chen", True)])
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    row = model.index(model.row_of(7), 0)
    assert model.data(row, InboxRole.Viewers) == [("AC", "Alan Chen", True)]
    assert model.data(model.index(model.row_of(8), 0), InboxRole.Viewers) == []
    with qtbot.waitSignal(model.dataChanged):
        model.set_viewers(7, [])
    assert model.data(row, InboxRole.Viewers) == []
    model.set_viewers(7, [("AC", "Alan Chen", False), ("LJ", "李静", True)])
    only = InboxModel()
    only.reset([summary(7)], None)
    delegate = InboxDelegate(clock=lambda: NOW)
    before = paint_row(delegate, only)
    assert not has_colour(before, TYPING_COLOUR, tolerance=8)
    only.set_viewers(7, [("AC", "Alan Chen", False), ("LJ", "李静", True)])
    after = paint_row(delegate, only)
    assert after != before
    assert has_colour(after, TYPING_COLOUR, tolerance=8)  # the typing one is ringed
