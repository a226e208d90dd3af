"""Paints one search hit: kind, title and date, customer and channel, the marked snippet.

Each row is a small QTextDocument, so the snippet wraps and its marks stay where the
server put them. Everything in it that came from the server is escaped (`HitRow`); the
only markup is ours."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from agentdesk.ui.search.hits_model import KIND_COLOURS, ROW_ROLE, HitRow

ModelIndex = QModelIndex | QPersistentModelIndex
PADDING = 6
FALLBACK_WIDTH = 360
UNKNOWN_KIND = "#757575"


def row_html(row: HitRow, *, faint: str) -> str:
    """The document of one row; `faint` is the colour of the secondary words."""
    badge = KIND_COLOURS.get(row.kind, UNKNOWN_KIND)
    facts = f'<div style="color:{faint};">{escape(row.facts)}</div>' if row.facts else ""
    return (
        '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td><span style="background-color:{badge};color:#ffffff;">'
        f"&nbsp;{escape(row.kind_label)}&nbsp;</span>&nbsp; <b>{escape(row.title)}</b></td>"
        f'<td align="right" style="color:{faint};">&nbsp;{escape(row.when)}</td>'
        f"</tr></table>{facts}<div>{row.snippet_html}</div>"
    )


class HitDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped snippet (the list must not use uniform sizes)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def document(self, index: ModelIndex, width: int, *, selected: bool = False) -> QTextDocument:
        """The row's document laid out for `width` pixels of text; tests read it too."""
        row = index.data(ROW_ROLE)
        document = QTextDocument()
        document.setDocumentMargin(0)
        palette = QApplication.palette()
        roles = QPalette.ColorRole
        faint = palette.color(roles.HighlightedText if selected else roles.PlaceholderText).name()
        document.setHtml(row_html(row, faint=faint) if isinstance(row, HitRow) else "")
        document.setTextWidth(max(40, width))
        return document

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = option.rect.width()
        widget = option.widget
        if width <= 0 and widget is not None and hasattr(widget, "viewport"):
            width = widget.viewport().width()
        return (width if width > 0 else FALLBACK_WIDTH) - 2 * PADDING

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        width = self._text_width(option)
        document = self.document(index, width)
        height = int(document.size().height() + 0.999) + 2 * PADDING
        return QSize(width + 2 * PADDING, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        document = self.document(index, option.rect.width() - 2 * PADDING, selected=selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        ink = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(ink))
        painter.translate(option.rect.left() + PADDING, option.rect.top() + PADDING)
        clip = QRectF(0, 0, option.rect.width() - 2 * PADDING, option.rect.height() - PADDING)
        painter.setClipRect(clip)
        context.clip = clip
        document.documentLayout().draw(painter, context)
        painter.restore()
