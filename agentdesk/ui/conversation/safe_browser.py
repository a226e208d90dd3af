"""A read-only view of customer email HTML that never loads anything, remote or local."""

from __future__ import annotations

import math
from html import escape

import nh3
from PySide6.QtCore import QByteArray, QEvent, QSizeF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFontMetrics,
    QHelpEvent,
    QImage,
    QPainter,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QToolTip, QWidget

OPENABLE_SCHEMES = frozenset({"http", "https", "mailto"})

_TAGS = {
    "a", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "q",
    "s", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "tt", "u", "ul",
}  # fmt: skip
_CELL = {"colspan", "rowspan", "align"}
_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style", "title", "noscript", "template", "iframe", "object"},
    attributes={
        "*": set(),  # replaces nh3's default of title and lang on every tag
        "a": {"href"},  # no title: Qt shows it as a rich-text tooltip
        "img": {"src", "width", "height"},
        "td": _CELL,
        "th": _CELL,
        "ol": {"start"},
    },
    url_schemes=set(OPENABLE_SCHEMES),
    url_relative="deny",
    strip_comments=True,
    link_rel=None,
)


def sanitize_email_html(html: str) -> str:
    """Email HTML reduced to text formatting, links and inert images.

    The server already runs nh3 before it stores a message, yet the desktop cleans again:
    the server's policy keeps relative URLs, which Qt's rich text resolves against the
    local file system, and a message stored by an older server or imported raw never
    went through it. So the desktop applies its own, stricter policy: no <script> or
    <style> (their content is dropped, not shown as text), no `on*`, `style` or `title`
    attributes, and only http, https and mailto URLs.
    """
    cleaned: str = _CLEANER.clean(html)
    return cleaned


def plain_tooltip(text: str) -> str:
    """A tooltip that shows text as written.

    Qt renders a tooltip that merely looks like HTML as rich text, through a QTextDocument
    that reads `file:` images by itself; customer text (a snippet, a reference) must never
    get there unescaped. Escaped and wrapped in <p>, it is inert and wraps when long."""
    return f"<p>{escape(text)}</p>" if text else ""


def is_openable(url: QUrl) -> bool:
    return url.isValid() and url.scheme().lower() in OPENABLE_SCHEMES


class SafeTextBrowser(QTextBrowser):
    """QTextBrowser whose every resource request gets an inert answer.

    `loadResource` is the one door through which a QTextDocument fetches images,
    backgrounds and style sheets. It must answer with something, never None: when a
    loader returns nothing, QTextDocument falls back to reading `file:` and relative
    URLs from disk itself, and the image handler then tries `QImage.load(path)` (seen in
    Qt 6.12: a `file:` image and a linked style sheet both loaded). Images get a drawn
    "[image blocked]" placeholder, everything else empty bytes. Links never navigate;
    a click emits `link_clicked` and opens http, https and mailto links in the system
    browser unless `open_links_on_click` was turned off by whoever handles the signal.
    """

    link_clicked = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None, *, fit_to_content: bool = False) -> None:
        super().__init__(parent)
        self.open_links_on_click = True
        self._blocked: list[QUrl] = []
        self._placeholder: QImage | None = None
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setReadOnly(True)
        self.anchorClicked.connect(self._open_clicked)
        self.highlighted.connect(self._show_target)
        if fit_to_content:
            self.setFrameShape(QFrame.Shape.NoFrame)
            self.setStyleSheet("QTextBrowser { background: transparent; }")
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            layout = self.document().documentLayout()
            layout.documentSizeChanged.connect(self._fit_height)

    def show_html(self, html: str) -> None:
        """Show email HTML, sanitized here whatever the server did."""
        self._blocked.clear()
        self.setHtml(sanitize_email_html(html))

    def show_text(self, text: str) -> None:
        self._blocked.clear()
        self.setPlainText(text)

    def blocked_urls(self) -> list[QUrl]:
        """Every resource the shown document asked for, and was refused."""
        return list(self._blocked)

    def loadResource(self, type: int, name: QUrl | str) -> object:
        self._blocked.append(QUrl(name))
        if int(type) == QTextDocument.ResourceType.ImageResource.value:
            return self._blocked_image()
        return QByteArray()

    def viewportEvent(self, event: QEvent) -> bool:
        """Only our own, escaped tooltip: Qt would show an HTML `title` attribute as rich
        text in a QLabel whose document loads `file:` images without asking us."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            if self.toolTip():
                QToolTip.showText(event.globalPos(), self.toolTip(), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _blocked_image(self) -> QImage:
        if self._placeholder is None:
            text = self.tr("[image blocked]")
            metrics = QFontMetrics(self.font())
            image = QImage(
                metrics.horizontalAdvance(text) + 12,
                metrics.height() + 6,
                QImage.Format.Format_ARGB32_Premultiplied,
            )
            image.fill(QColor("#eeeeee"))
            painter = QPainter(image)
            painter.setFont(self.font())
            painter.setPen(QColor("#666666"))
            painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
            painter.end()
            self._placeholder = image
        return self._placeholder

    def _open_clicked(self, url: QUrl) -> None:
        self.link_clicked.emit(url)
        if self.open_links_on_click and is_openable(url):
            QDesktopServices.openUrl(url)

    def _show_target(self, url: QUrl) -> None:
        """Say where a link goes before it is clicked, as mail clients do."""
        if url.isEmpty():
            self.setToolTip("")
        elif is_openable(url):
            self.setToolTip(plain_tooltip(url.toDisplayString()))
        else:
            blocked = self.tr("This link cannot be opened: {scheme}").format(scheme=url.scheme())
            self.setToolTip(plain_tooltip(blocked))

    def _fit_height(self, size: QSizeF) -> None:
        margins = self.contentsMargins()
        height = math.ceil(size.height()) + margins.top() + margins.bottom() + 2
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().sizeHint().height()
        if height != self.height():
            self.setFixedHeight(height)
