"""The conversation pane: one scrolling timeline of messages, notes, hand-overs and calls."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from agentdesk.ui.conversation.cards import (
    AssignmentLine,
    CallCard,
    MessageBubble,
    NoteCard,
    StatusLine,
    TimelineCard,
    plain_label,
)
from agentdesk.ui.conversation.email_card import EmailCard
from agentdesk.ui.conversation.formatting import epoch_seconds
from agentdesk.ui.conversation.header import ConversationHeader, FindBar
from agentdesk.ui.conversation.identity_banner import IdentityBanner

MAX_BUILT = 200  # cards built for one thread; older entries are counted, not built
HIGHLIGHT_MS = 2500
SETTLE_MS = 1000  # a card just scrolled to is kept in view while the new layout settles
TYPING_SHOWN_MS = 6000
Order = tuple[float, int, int]


def message_order(message: Mapping[str, Any]) -> Order:
    return (epoch_seconds(message.get("created_at")), 1, int(message["id"]))


def call_order(call: Mapping[str, Any]) -> Order:
    return (epoch_seconds(call.get("started_at")), 0, int(call["id"]))


class ConversationView(QWidget):
    """Shows one conversation as its channel's users know it, oldest entry at the top.

    Widgets are built once per entry and only for the newest `max_built` entries, so a
    thread of thousands of messages opens as fast as a short one. Live messages are
    inserted in time order (in practice: at the end) and keep the view pinned to the
    bottom if it was there."""

    link_clicked = Signal(QUrl)  # a link in an email body was clicked

    def __init__(self, parent: QWidget | None = None, *, max_built: int = MAX_BUILT) -> None:
        super().__init__(parent)
        self.max_built = max_built
        self._open_links = True
        self._summary: dict[str, Any] | None = None
        self._agent_names: dict[int, str] = {}
        self._orders: list[Order] = []
        self._cards: list[TimelineCard] = []
        self._by_key: dict[tuple[str, int], TimelineCard] = {}
        self._not_built = 0
        self._pinned = True
        self._highlighted: TimelineCard | None = None
        self._revealing: TimelineCard | None = None
        self._settled = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settled.timeout.connect(self._stop_revealing)
        self._find_position = -1
        self._unhighlight = QTimer(self, singleShot=True, interval=HIGHLIGHT_MS)
        self._unhighlight.timeout.connect(self._clear_highlight)

        self.header = ConversationHeader()
        self.identity_banner = IdentityBanner()
        self.typing_label = plain_label("", small=True)
        self.typing_label.hide()
        self._typing_timer = QTimer(self, singleShot=True, interval=TYPING_SHOWN_MS)
        self._typing_timer.timeout.connect(self.typing_label.hide)
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.find_bar.find_requested.connect(self.find_text)
        self.find_bar.closed.connect(self._clear_highlight)
        self.earlier = plain_label("", small=True)
        self.earlier.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.earlier.hide()
        self._container = QWidget()
        self._column = QVBoxLayout(self._container)
        self._column.setContentsMargins(8, 8, 8, 8)
        self._column.setSpacing(8)
        self._column.addWidget(self.earlier)
        self._column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self._container)
        bar = self.scroll_area.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.valueChanged.connect(self._note_position)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.identity_banner)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.typing_label)

    # -- what the controller calls ---------------------------------------------------------

    def set_open_links_on_click(self, on: bool) -> None:
        """Off when the main window handles `link_clicked` itself (to confirm, say)."""
        self._open_links = on
        for card in self._cards:
            if isinstance(card, EmailCard):
                card.body.open_links_on_click = on

    def set_agent_names(self, names: Mapping[int, str]) -> None:
        """Agents' display names, for hand-over lines (their notes carry only ids)."""
        self._agent_names = dict(names)

    def show_conversation(self, detail: Mapping[str, Any]) -> None:
        """Replace the view with a `ConversationDetail`: messages and calls by time."""
        self.clear()
        self._summary = dict(detail["conversation"])
        self.header.set_summary(self._summary)
        entries: list[tuple[Order, str, Mapping[str, Any]]] = [
            (message_order(message), "message", message) for message in detail["messages"]
        ]
        entries += [(call_order(call), "call", call) for call in detail.get("calls") or []]
        entries.sort(key=lambda entry: entry[0])
        self._not_built = max(0, len(entries) - self.max_built)
        self._container.setUpdatesEnabled(False)
        for order, kind, payload in entries[self._not_built :]:
            self._insert(order, self._build(kind, payload))
        self._container.setUpdatesEnabled(True)
        self._show_not_built()
        self._pinned = True
        self._keep_pinned()

    def update_summary(self, summary: Mapping[str, Any]) -> None:
        """A newer summary of the shown conversation (status, assignee, tags changed)."""
        if self._summary is not None and summary.get("id") == self._summary.get("id"):
            self._summary = dict(summary)
            self.header.set_summary(self._summary)

    def append_message(self, message: Mapping[str, Any]) -> bool:
        """Add a live message; False when it is of another conversation or already shown."""
        if self._summary is None or message.get("conversation_id") != self._summary["id"]:
            return False
        if ("message", int(message["id"])) in self._by_key:
            return False
        pinned = self._pinned or message.get("direction") in ("out", "note")
        card = self._build("message", message)
        self._insert(message_order(message), card)
        while len(self._cards) > self.max_built:
            self._remove_at(0)
            self._not_built += 1
        self._show_not_built()
        if pinned:
            self._pinned = True
            self._keep_pinned()
        return True

    def show_typing(self, name: str) -> None:
        """The customer is typing: shown for a few seconds after each signal."""
        self.typing_label.setText(self.tr("{name} is typing…").format(name=name))
        self.typing_label.show()
        self._typing_timer.start()

    def set_delivery(self, message_id: int, delivery: Mapping[str, Any]) -> bool:
        """Show whether a reply left by email or social media; False if it is not shown."""
        card = self._by_key.get(("message", int(message_id)))
        if card is None:
            return False
        card.set_delivery(delivery)
        return True

    def clear(self) -> None:
        self._clear_highlight()
        self._stop_revealing()
        self.identity_banner.set_matches([])
        self.typing_label.hide()
        while self._cards:
            self._remove_at(len(self._cards) - 1)
        self._summary = None
        self._not_built = 0
        self._find_position = -1
        self._show_not_built()
        self.header.clear()
        self.find_bar.hide()

    def scroll_to_message(self, message_id: int, highlight: bool = True) -> bool:
        """Bring a message into view (and outline it for a moment); False if not built."""
        card = self._by_key.get(("message", int(message_id)))
        if card is None:
            return False
        self._reveal(card, highlight)
        return True

    def start_find(self) -> None:
        self.find_bar.open_bar()

    def find_text(self, text: str, backwards: bool = False) -> bool:
        """Go to the next (or previous) shown entry that contains the text."""
        needle = text.strip().casefold()
        matches = [i for i, card in enumerate(self._cards) if needle and needle in card.search_text]
        if not matches:
            self.find_bar.show_result(0, 0)
            return False
        if backwards:
            earlier = [i for i in matches if i < self._find_position]
            position = earlier[-1] if earlier else matches[-1]
        else:
            later = [i for i in matches if i > self._find_position]
            position = later[0] if later else matches[0]
        self._find_position = position
        self.find_bar.show_result(matches.index(position) + 1, len(matches))
        self._reveal(self._cards[position], True)
        return True

    # -- what tests and the shell may inspect ----------------------------------------------

    def cards(self) -> list[TimelineCard]:
        return list(self._cards)

    def card_for(self, kind: str, entry_id: int) -> TimelineCard | None:
        return self._by_key.get((kind, entry_id))

    def hidden_count(self) -> int:
        """Entries of the thread too old to be built."""
        return self._not_built

    # -- inside ----------------------------------------------------------------------------

    def _build(self, kind: str, payload: Mapping[str, Any]) -> TimelineCard:
        card = self._build_card(kind, payload)
        if kind == "message" and payload.get("delivery"):
            card.set_delivery(payload["delivery"])
        return card

    def _build_card(self, kind: str, payload: Mapping[str, Any]) -> TimelineCard:
        summary = self._summary or {}
        customer = str(summary.get("customer_name") or "")
        if kind == "call":
            return CallCard(payload, self._container)
        meta = payload.get("meta") or {}
        if meta.get("kind") == "status":
            return StatusLine(payload, self._container)
        if meta.get("kind") == "assignment":
            names = dict(self._agent_names)
            if summary.get("assignee_id") is not None and summary.get("assignee_name"):
                names.setdefault(int(summary["assignee_id"]), str(summary["assignee_name"]))
            return AssignmentLine(payload, names, self._container)
        if payload.get("direction") == "note":
            return NoteCard(payload, self._container)
        if payload.get("html") or "subject" in meta or summary.get("channel") == "email":
            card = EmailCard(payload, customer, self._container)
            card.body.open_links_on_click = self._open_links
            card.body.link_clicked.connect(self.link_clicked)
            return card
        return MessageBubble(payload, customer, self._container)

    def _insert(self, order: Order, card: TimelineCard) -> None:
        position = bisect.bisect_right(self._orders, order)
        self._orders.insert(position, order)
        self._cards.insert(position, card)
        self._by_key[card.key] = card
        self._column.insertWidget(1 + position, card)  # after the "earlier" line

    def _remove_at(self, position: int) -> None:
        card = self._cards.pop(position)
        del self._orders[position]
        self._by_key.pop(card.key, None)
        if card is self._highlighted:
            self._highlighted = None
        if card is self._revealing:
            self._stop_revealing()
        self._column.removeWidget(card)
        card.hide()
        card.deleteLater()

    def _show_not_built(self) -> None:
        self.earlier.setVisible(self._not_built > 0)
        self.earlier.setText(
            self.tr("{count} earlier entries are not shown").format(count=self._not_built)
        )

    def _reveal(self, card: TimelineCard, highlight: bool) -> None:
        self._pinned = False
        self._column.activate()
        self.scroll_area.ensureWidgetVisible(card, 0, 40)
        # A conversation shown a moment ago is still being laid out (the container grows
        # after this returns); each change of the scroll range brings the card back.
        self._revealing = card
        self._settled.start()
        if highlight:
            self._clear_highlight()
            card.set_highlighted(True)
            self._highlighted = card
            self._unhighlight.start()

    def _clear_highlight(self) -> None:
        if self._highlighted is not None:
            self._highlighted.set_highlighted(False)
            self._highlighted = None

    def _range_changed(self, _minimum: int, _maximum: int) -> None:
        if self._revealing is not None and not self._pinned:
            self.scroll_area.ensureWidgetVisible(self._revealing, 0, 40)
            return
        self._keep_pinned()

    def _stop_revealing(self) -> None:
        self._revealing = None
        self._settled.stop()

    def _keep_pinned(self) -> None:
        if self._pinned:
            bar = self.scroll_area.verticalScrollBar()
            bar.setValue(bar.maximum())

    def _note_position(self, value: int) -> None:
        bar = self.scroll_area.verticalScrollBar()
        self._pinned = value >= bar.maximum() - 4
