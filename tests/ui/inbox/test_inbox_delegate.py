"""InboxDelegate paints rows into an image without Qt warnings; the short times it shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from agentdesk.ui.inbox.inbox_clock import SlaState, relative_age, sla_countdown
from agentdesk.ui.inbox.inbox_delegate import (
    CHANNEL_COLOURS,
    PADDING,
    UNKNOWN_CHANNEL,
    InboxDelegate,
    row_height,
)
from agentdesk.ui.inbox.inbox_model import InboxModel
from tests.ui.inbox.summaries import NOW, summary

WIDTH = 420


def view_option(height: int, *, selected: bool = False) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.font = QApplication.font()
    option.fontMetrics = QFontMetrics(option.font)
    option.palette = QApplication.palette()
    option.rect = QRect(0, 0, WIDTH, height)
    option.state = QStyle.StateFlag.State_Enabled
    if selected:
        option.state |= QStyle.StateFlag.State_Selected
    return option


def paint_row(delegate: InboxDelegate, model: InboxModel, *, selected: bool = False) -> QImage:
    height = row_height(QFontMetrics(QApplication.font()))
    image = QImage(WIDTH, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    delegate.paint(painter, view_option(height, selected=selected), model.index(0))
    painter.end()
    return image


def has_colour(image: QImage, wanted: QColor, tolerance: int = 40) -> bool:
    for y in range(image.height()):
        for x in range(image.width()):
            seen = image.pixelColor(x, y)
            if (
                abs(seen.red() - wanted.red()) <= tolerance
                and abs(seen.green() - wanted.green()) <= tolerance
                and abs(seen.blue() - wanted.blue()) <= tolerance
            ):
                return True
    return False


@pytest.mark.parametrize("channel", ["chat", "email", "phone", "social", "feedback", "fax"])
def test_each_channel_paints_a_badge(qtbot: QtBot, channel: str) -> None:
    model = InboxModel()
    model.reset([summary(1, channel=channel)], None)
    delegate = InboxDelegate(clock=lambda: NOW)
    image = paint_row(delegate, model)
    height = image.height()
    badge_left = image.pixelColor(PADDING + 4, height // 2)
    assert badge_left == CHANNEL_COLOURS.get(channel, UNKNOWN_CHANNEL)


def test_a_breached_sla_is_red_and_a_near_one_amber(qtbot: QtBot) -> None:
    delegate = InboxDelegate(clock=lambda: NOW)
    model = InboxModel()
    model.reset([summary(1, sla_due_at=NOW - timedelta(minutes=12))], None)
    assert has_colour(paint_row(delegate, model), QColor("#c62828"))
    model.reset([summary(1, sla_due_at=NOW + timedelta(minutes=12))], None)
    assert has_colour(paint_row(delegate, model), QColor("#e08a00"))
    model.reset([summary(1, sla_due_at=NOW + timedelta(hours=5))], None)
    image = paint_row(delegate, model)
    assert not has_colour(image, QColor("#c62828")) and not has_colour(image, QColor("#e08a00"))


def test_unread_selected_and_assigned_rows_paint(qtbot: QtBot) -> None:
    delegate = InboxDelegate(clock=lambda: NOW)
    model = InboxModel()
    long_name = "非常长的客户名字" * 10
    model.reset(
        [summary(1, customer_name=long_name, assignee_id=3, assignee_name="王芳", subject="")],
        "more",
    )
    model.mark_unread(1)
    plain = paint_row(delegate, model)
    selected = paint_row(delegate, model, selected=True)
    assert plain != selected


def test_size_hint_is_the_same_for_every_row(qtbot: QtBot) -> None:
    delegate = InboxDelegate()
    model = InboxModel()
    model.reset([summary(1), summary(2, subject="x" * 500, snippet="")], None)
    option = view_option(10)
    sizes = {delegate.sizeHint(option, model.index(row)) for row in range(2)}
    assert len(sizes) == 1
    (size,) = sizes
    assert size.height() == row_height(option.fontMetrics)
    assert size.height() >= 2 * option.fontMetrics.height()


@pytest.mark.parametrize(
    ("ago", "shown"),
    [
        (timedelta(seconds=20), "now"),
        (timedelta(seconds=-30), "now"),
        (timedelta(minutes=12), "12m"),
        (timedelta(hours=1, minutes=20), "1h20m"),
        (timedelta(hours=5), "5h"),
        (timedelta(hours=30), "30h"),
        (timedelta(days=3), "3d"),
    ],
)
def test_relative_age(ago: timedelta, shown: str) -> None:
    assert relative_age(NOW - ago, NOW) == shown


def test_relative_age_falls_back_to_the_date() -> None:
    shown = relative_age(NOW - timedelta(days=40), NOW)
    assert shown and not shown.endswith("d")


@pytest.mark.parametrize(
    ("left", "shown", "state"),
    [
        (timedelta(hours=3), "3h", SlaState.ON_TIME),
        (timedelta(minutes=59), "59m", SlaState.AT_RISK),
        (timedelta(seconds=30), "<1m", SlaState.AT_RISK),
        (timedelta(seconds=-30), "due", SlaState.BREACHED),
        (timedelta(minutes=-12), "-12m", SlaState.BREACHED),
    ],
)
def test_sla_countdown(left: timedelta, shown: str, state: SlaState) -> None:
    assert sla_countdown(NOW + left, NOW) == (shown, state)
    assert sla_countdown(None, NOW) == ("", SlaState.NONE)
