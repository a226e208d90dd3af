"""Paints one inbox row: channel badge, customer, subject, age, SLA countdown, assignee."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from agentdesk.ui.inbox.inbox_clock import SlaState, relative_age, sla_countdown, utc_now
from agentdesk.ui.inbox.inbox_model import InboxRole

ModelIndex = QModelIndex | QPersistentModelIndex

PADDING = 6
VIEWERS_WIDTH = 36  # reserved for the avatars of other agents viewing the conversation
ASSIGNEE_SHARE = 0.3  # of the second line, at most
SLA_COLOURS = {SlaState.BREACHED: QColor("#c62828"), SlaState.AT_RISK: QColor("#e08a00")}
CHANNEL_COLOURS = {
    "chat": QColor("#1e88e5"),
    "email": QColor("#6d4c41"),
    "phone": QColor("#43a047"),
    "social": QColor("#8e24aa"),
    "feedback": QColor("#f4511e"),
}
UNKNOWN_CHANNEL = QColor("#757575")
VIEWER_COLOUR = QColor("#5f6368")
TYPING_COLOUR = QColor("#1a73e8")


class InboxDelegate(QStyledItemDelegate):
    """Two fixed-height lines per row, so a `uniformItemSizes` list scrolls without
    measuring rows. `clock` gives "now" (aware UTC); tests pass a fixed one."""

    def __init__(
        self, parent: QObject | None = None, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self._clock = clock

    def set_clock(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock

    def channel_glyph(self, channel: str) -> str:
        glyphs = {
            "chat": self.tr("C", "chat channel badge"),
            "email": self.tr("E", "email channel badge"),
            "phone": self.tr("P", "phone channel badge"),
            "social": self.tr("S", "social channel badge"),
            "feedback": self.tr("F", "feedback channel badge"),
        }
        return glyphs.get(channel, "?")

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        width = option.rect.width() if option.rect.width() > 0 else 320
        return QSize(width, row_height(option.fontMetrics))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        rect: QRect = option.rect
        metrics: QFontMetrics = option.fontMetrics
        palette: QPalette = option.palette
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        faint = QColor(ink)
        faint.setAlpha(170)
        now = self._clock()
        line = metrics.height()

        painter.save()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

        badge = min(2 * line, rect.height() - 2 * PADDING)
        badge_rect = QRect(
            rect.left() + PADDING, rect.top() + (rect.height() - badge) // 2, badge, badge
        )
        self._paint_badge(painter, badge_rect, str(index.data(InboxRole.Channel) or ""))

        left = badge_rect.right() + 1 + PADDING
        right = rect.right() - PADDING
        first = QRect(left, rect.top() + PADDING, right - left + 1, line)
        second = first.translated(0, line + PADDING // 2)

        # First line: customer (bold while unread) ... viewers slot, age.
        age = relative_age(index.data(InboxRole.LastMessageAt), now)
        age_width = metrics.horizontalAdvance(age)
        painter.setPen(faint)
        painter.drawText(first, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, age)
        name_right = right - age_width - PADDING - VIEWERS_WIDTH
        name_font = QFont(option.font)
        name_font.setBold(bool(index.data(InboxRole.Unread)))
        name_metrics = QFontMetrics(name_font)
        name = name_metrics.elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            max(0, name_right - left),
        )
        painter.setFont(name_font)
        painter.setPen(ink)
        painter.drawText(first, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(option.font)
        viewers = index.data(InboxRole.Viewers) or []
        if viewers:
            slot = QRect(name_right + PADDING // 2, first.top(), VIEWERS_WIDTH, line)
            self._paint_viewers(painter, slot, viewers)

        # Second line: subject or snippet ... SLA countdown, assignee.
        edge = right
        assignee = str(index.data(InboxRole.Assignee) or "")
        if assignee:
            assignee = metrics.elidedText(
                assignee, Qt.TextElideMode.ElideRight, int(second.width() * ASSIGNEE_SHARE)
            )
            painter.setPen(faint)
            painter.drawText(
                second, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, assignee
            )
            edge -= metrics.horizontalAdvance(assignee) + PADDING
        countdown, state = sla_countdown(index.data(InboxRole.SlaDueAt), now)
        if countdown:
            sla_rect = QRect(second)
            sla_rect.setRight(edge)
            painter.setPen(SLA_COLOURS.get(state, faint))
            painter.drawText(
                sla_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, countdown
            )
            edge -= metrics.horizontalAdvance(countdown) + PADDING
        about = str(index.data(InboxRole.Subject) or "") or str(index.data(InboxRole.Snippet) or "")
        about = metrics.elidedText(about, Qt.TextElideMode.ElideRight, max(0, edge - left))
        painter.setPen(faint)
        painter.drawText(second, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, about)
        painter.restore()

    def _paint_viewers(
        self, painter: QPainter, slot: QRect, viewers: list[tuple[str, str, bool]]
    ) -> None:
        """Up to two small avatars of other agents in the conversation; typing ones ringed."""
        size = slot.height()
        painter.save()
        small = QFont(painter.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.7))
        small.setBold(True)
        painter.setFont(small)
        for position, (initials, _name, typing) in enumerate(viewers[:2]):
            circle = QRect(slot.left() + position * (size - 4), slot.top(), size, size)
            painter.setBrush(VIEWER_COLOUR)
            painter.setPen(QPen(TYPING_COLOUR, 2) if typing else Qt.PenStyle.NoPen)
            painter.drawEllipse(circle.adjusted(1, 1, -1, -1))
            painter.setPen(QColor(Qt.GlobalColor.white))
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, initials)
        painter.restore()

    def _paint_badge(self, painter: QPainter, rect: QRect, channel: str) -> None:
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(CHANNEL_COLOURS.get(channel, UNKNOWN_CHANNEL))
        painter.drawEllipse(rect)
        glyph_font = QFont(painter.font())
        glyph_font.setBold(True)
        painter.setFont(glyph_font)
        painter.setPen(QColor(Qt.GlobalColor.white))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.channel_glyph(channel))
        painter.restore()


def row_height(metrics: QFontMetrics) -> int:
    """Two lines of text with padding around and half a padding between."""
    return 2 * metrics.height() + 2 * PADDING + PADDING // 2
