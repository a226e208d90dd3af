"""Finds and highlights the `{name}` placeholders a reply still has unfilled."""

from __future__ import annotations

import re
from typing import NamedTuple

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

# The syntax of `agentdesk.services.template_catalog` (which the UI may not import): an
# escaped brace, a braced run, or a lone brace; a run holding a lower-case name is a
# placeholder.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")

UNFILLED_BACKGROUND = QColor("#ffcc80")  # amber
UNFILLED_FOREGROUND = QColor("#b71c1c")  # dark red


class PlaceholderSpan(NamedTuple):
    """An unfilled placeholder: `text[start:end] == "{" + name + "}"` (Python indices)."""

    start: int
    end: int
    name: str


def find_placeholders(text: str) -> list[PlaceholderSpan]:
    """Every unfilled placeholder in `text`, in order. `{{` and `}}` are literal braces.
    Unlike the catalog this never raises: a reply is free text, so a lone brace or
    `{Not a name}` is just something the agent typed; only `{name}` blocks sending."""
    spans: list[PlaceholderSpan] = []
    for token in _TOKEN.finditer(text):
        name = token.group(1)
        if name is not None and _NAME.fullmatch(name):
            spans.append(PlaceholderSpan(token.start(), token.end(), name))
    return spans


def missing_names(text: str) -> list[str]:
    """The names of the unfilled placeholders, each once, in order of appearance."""
    return list(dict.fromkeys(span.name for span in find_placeholders(text)))


def utf16_length(text: str) -> int:
    """The length Qt counts (UTF-16 code units): an emoji is two, unlike in Python."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


class PlaceholderHighlighter(QSyntaxHighlighter):
    """Marks each unfilled placeholder in amber with red text, block by block. A
    placeholder never spans lines (a name has no newline), so a block is enough."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._format = QTextCharFormat()
        self._format.setBackground(UNFILLED_BACKGROUND)
        self._format.setForeground(UNFILLED_FOREGROUND)

    def highlightBlock(self, text: str) -> None:
        for span in find_placeholders(text):
            start = utf16_length(text[: span.start])
            self.setFormat(start, utf16_length(text[span.start : span.end]), self._format)
