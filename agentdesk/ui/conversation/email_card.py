"""An email on the timeline: its header, its safe body, and the quoted text folded away."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from html.parser import HTMLParser
from typing import Any

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from agentdesk.ui.conversation.cards import AGENT_BUBBLE, CALL_COLOURS, FramedCard, plain_label
from agentdesk.ui.conversation.formatting import format_moment
from agentdesk.ui.conversation.safe_browser import SafeTextBrowser, sanitize_email_html

QUOTE_TAG = "blockquote"


class _QuoteRemover(HTMLParser):
    """Rewrites sanitized HTML without its <blockquote> elements, however deeply nested.

    A real parser rather than a pattern, so a `<blockquote>` inside an attribute value or
    a quote within a quote is counted right."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.kept: list[str] = []
        self.depth = 0
        self.found = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == QUOTE_TAG:
            self.depth += 1
            self.found = True
        elif self.depth == 0:
            shown = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
            self.kept.append(f"<{tag}{shown}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != QUOTE_TAG:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == QUOTE_TAG:
            self.depth = max(0, self.depth - 1)
        elif self.depth == 0:
            self.kept.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.depth == 0:
            self.kept.append(escape(data, quote=False))


def without_quotes(html: str) -> tuple[str, bool]:
    """The HTML without quoted text, and whether there was any to remove."""
    remover = _QuoteRemover()
    remover.feed(html)
    remover.close()
    return "".join(remover.kept), remover.found


class EmailCard(FramedCard):
    """From, To and Subject over the body, as a mail client shows a message."""

    def __init__(
        self, message: Mapping[str, Any], customer_name: str, parent: QWidget | None = None
    ) -> None:
        text = str(message.get("text") or "")
        super().__init__(("message", int(message["id"])), text, parent)
        self._text = text
        meta = message.get("meta") or {}
        self.outgoing = message.get("direction") == "out"
        column = QGridLayout()
        self.column.addLayout(column)
        column.setHorizontalSpacing(8)
        column.setVerticalSpacing(2)
        sender = str(meta.get("from") or (message.get("author_name") or customer_name))
        self.header_values: dict[str, str] = {
            "from": sender,
            "to": str(meta.get("to") or ""),
            "subject": str(meta.get("subject") or ""),
        }
        captions = (self.tr("From:"), self.tr("To:"), self.tr("Subject:"))
        for row, (caption, value) in enumerate(
            zip(captions, self.header_values.values(), strict=True)
        ):
            if value or row == 0:
                column.addWidget(plain_label(caption, small=True), row, 0)
                column.addWidget(plain_label(value, bold=row == 2), row, 1)
        column.addWidget(plain_label(format_moment(message.get("created_at")), small=True), 0, 2)
        column.setColumnStretch(1, 1)

        self.body = SafeTextBrowser(self.surface, fit_to_content=True)
        column.addWidget(self.body, 3, 0, 1, 3)
        self.quote_toggle = QPushButton(self.tr("Show quoted text"))
        self.quote_toggle.setCheckable(True)
        self.quote_toggle.setFlat(True)
        self.quote_toggle.toggled.connect(self._show_quoted)
        toggle_row = QHBoxLayout()
        toggle_row.addWidget(self.quote_toggle)
        toggle_row.addStretch(1)
        column.addLayout(toggle_row, 4, 0, 1, 3)

        html = message.get("html")
        self._full = sanitize_email_html(html) if isinstance(html, str) and html else None
        self._short = ""
        has_quotes = False
        if self._full is not None:
            self._short, has_quotes = without_quotes(self._full)
        self.quote_toggle.setVisible(has_quotes)
        self._show_quoted(False)
        self.search_text = " ".join([*self.header_values.values(), text]).casefold()
        self.set_colours(*(AGENT_BUBBLE if self.outgoing else CALL_COLOURS))

    def quotes_shown(self) -> bool:
        return self.quote_toggle.isChecked()

    def _show_quoted(self, shown: bool) -> None:
        if self._full is None:
            self.body.show_text(self._text)
            return
        self.quote_toggle.setText(
            self.tr("Hide quoted text") if shown else self.tr("Show quoted text")
        )
        # Both versions are sanitized already; show_html cleans once more, which is cheap
        # and keeps the one way into the browser the safe one.
        self.body.show_html(self._full if shown else self._short)
