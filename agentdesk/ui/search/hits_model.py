"""Search hits as a list the server pages in, each row's words and marked snippet ready.

A hit's snippet is text a customer wrote: it is only ever shown as escaped HTML, with
`<span>` marks around the spans the server says matched (`highlights`, [start, end)
character offsets into the snippet) and nothing else of ours inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from agentdesk.ui.conversation.formatting import channel_name, format_moment
from agentdesk.ui.conversation.safe_browser import plain_tooltip
from agentdesk.ui.paging import CursorPagedTableModel, Index

HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the wire dict (`SearchHitOut`), as the server sent it
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the `HitRow` the delegate paints
MARK_STYLE = "background-color:#ffe082;color:#202124;font-weight:bold;"
SHOWN_BEFORE = 24  # characters of context kept before the first match
SHOWN_LENGTH = 110  # characters of snippet shown at most (the tooltip has all of it)
KIND_COLOURS = {
    "message": "#1a73e8",
    "call": "#2e7d32",
    "conversation": "#5f6368",
    "customer": "#8e24aa",
    "transaction": "#e65100",
}
Span = tuple[int, int]


def kind_name(kind: str) -> str:
    translate = QCoreApplication.translate
    names = {
        "message": translate("SearchHit", "Message"),
        "call": translate("SearchHit", "Call"),
        "conversation": translate("SearchHit", "Conversation"),
        "customer": translate("SearchHit", "Customer"),
        "transaction": translate("SearchHit", "Transaction"),
    }
    return names.get(kind, kind)


def clean_spans(spans: Iterable[Sequence[int]], length: int) -> list[Span]:
    """Spans inside [0, length), in order, not overlapping; anything else is dropped."""
    clean: list[Span] = []
    for span in sorted((int(s[0]), int(s[1])) for s in spans if len(s) == 2):
        start, end = max(0, span[0]), min(length, span[1])
        if start >= end:
            continue
        if clean and start < clean[-1][1]:
            start = clean[-1][1]
            if start >= end:
                continue
        clean.append((start, end))
    return clean


def trim_snippet(
    snippet: str,
    spans: Sequence[Span],
    *,
    before: int = SHOWN_BEFORE,
    length: int = SHOWN_LENGTH,
) -> tuple[str, list[Span]]:
    """At most `length` characters of the snippet, starting a little before its first
    match, so the match shows in the first lines of a narrow list; the spans follow."""
    if len(snippet) <= length:
        return snippet, list(spans)
    first = spans[0][0] if spans else 0
    begin = max(0, min(first - before, len(snippet) - length))
    end = begin + length
    prefix = "…" if begin > 0 and not snippet[begin:].startswith("…") else ""
    suffix = "…" if end < len(snippet) else ""
    shift = len(prefix) - begin
    kept = [
        (max(start, begin) + shift, min(stop, end) + shift)
        for start, stop in spans
        if stop > begin and start < end
    ]
    return prefix + snippet[begin:end] + suffix, kept


def marked_html(text: str, spans: Sequence[Span]) -> str:
    """The text as HTML: every character escaped, each span inside a marking `<span>`."""
    parts: list[str] = []
    at = 0
    for start, end in clean_spans(spans, len(text)):
        parts.append(escape(text[at:start]))
        parts.append(f'<span style="{MARK_STYLE}">{escape(text[start:end])}</span>')
        at = end
    parts.append(escape(text[at:]))
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class HitRow:
    """What showing one hit needs, worked out once when it arrives; plain words, except
    `snippet_html`, which is escaped and marked."""

    hit: Mapping[str, Any]
    kind: str
    kind_label: str
    title: str
    facts: str  # customer · channel
    when: str
    snippet_html: str
    tooltip: str

    @classmethod
    def of(cls, hit: Mapping[str, Any]) -> HitRow:
        snippet = str(hit.get("snippet") or "")
        spans = clean_spans(hit.get("highlights") or [], len(snippet))
        shown, shown_spans = trim_snippet(snippet, spans)
        kind = str(hit.get("kind") or "")
        customer = str(hit.get("customer_name") or "")
        channel = channel_name(str(hit.get("channel") or ""))
        title = " ".join((str(hit.get("title") or "") or customer or kind_name(kind)).split())
        facts = (channel,) if title == customer else (customer, channel)
        return cls(
            hit=hit,
            kind=kind,
            kind_label=kind_name(kind),
            title=title,
            facts=" · ".join(part for part in facts if part),
            when=format_moment(hit.get("at")),
            snippet_html=marked_html(shown, shown_spans),
            tooltip=plain_tooltip(snippet) if snippet else "",
        )


class SearchHitsModel(CursorPagedTableModel[HitRow]):
    """Hits in the server's order (best first), one column, paged in as the view scrolls."""

    COLUMNS = 1

    def _row_of(self, item: Mapping[str, Any]) -> HitRow:
        return HitRow.of(item)

    def _item_of(self, row: HitRow) -> Mapping[str, Any]:
        return row.hit

    def _key_of(self, item: Mapping[str, Any]) -> int:
        return int(item["doc_id"])

    def set_page(self, items: Iterable[Mapping[str, Any]], next_cursor: str | None) -> None:
        """The first page of a new search."""
        self._reset(items, next_cursor)

    def clear(self) -> None:
        self.set_page([], None)

    def hit_at(self, row: int) -> Mapping[str, Any]:
        return self._rows[row].hit

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.kind_label}: {row.title}"
        if role == HIT_ROLE:
            return row.hit
        if role == ROW_ROLE:
            return row
        return None
