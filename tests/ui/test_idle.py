"""A desktop left alone says it is away; the next touch makes it online again."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from agentdesk.ui.shell.idle import IdleWatch


def test_away_after_a_while_and_back_at_the_next_key(qtbot: QtBot, host: QWidget) -> None:
    now = [0.0]
    watch = IdleWatch(away_after=300, clock=lambda: now[0])
    seen: list[str] = []
    watch.status_changed.connect(seen.append)
    watch.start()
    field = QLineEdit(host)
    field.show()
    now[0] = 299
    watch.check()
    assert seen == []
    now[0] = 300
    watch.check()
    watch.check()
    assert seen == ["away"] and watch.status == "away"
    QTest.keyClick(field, Qt.Key.Key_A)  # any input anywhere in the application
    assert seen == ["away", "online"]
    QTest.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert seen == ["away", "online"]  # already online: nothing new to say
    watch.stop()
