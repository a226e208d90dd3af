"""The desk's searches: the main window's box (Ctrl+F) and the History tab's, and what
choosing a hit opens.

A message hit opens its conversation scrolled to the message, highlighted; a call or
conversation hit opens the conversation; a customer or transaction hit opens that
customer's most recent conversation the agent may see, on the History or Transactions
tab. Opening is the desk controller's (`HitOpener`): it owns the open conversation."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PySide6.QtCore import QObject

from agentdesk.ui.customer.panel import HISTORY_TAB, TRANSACTIONS_TAB
from agentdesk.ui.search.search_runner import SearchBridge, SearchRunner
from agentdesk.ui.shell.main_window import MainWindow


class HitOpener(Protocol):
    def open_conversation(self, conversation_id: int, message_id: int | None = None) -> None: ...

    def open_customer(self, customer_id: int, tab: int) -> None: ...


class DeskSearch(QObject):
    def __init__(
        self,
        window: MainWindow,
        bridge: SearchBridge,
        opener: HitOpener,
        shown_customer: Callable[[], int | None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.opener = opener
        self.shown_customer = shown_customer
        self.everywhere = SearchRunner(bridge, window.search_results, self)
        self.history = SearchRunner(bridge, window.customer.history_tab.results, self)
        box = window.search_box
        box.search_requested.connect(self.search_everywhere)
        box.edited.connect(self.everywhere.supersede)
        box.cleared.connect(self.close)
        window.search_results.close_requested.connect(self.close)
        window.search_results.hit_chosen.connect(self.choose)
        panel = window.customer
        panel.history_search_requested.connect(self.search_history)
        panel.history_search_edited.connect(self.history.supersede)
        panel.history_search_cleared.connect(self.history.stop)
        panel.hit_chosen.connect(self.choose)

    def focus(self) -> None:
        """Ctrl+F: to the box, its text selected so typing replaces it."""
        self.window.search_box.focus_search()

    def search_everywhere(self, text: str) -> None:
        self.window.show_search(True)
        self.everywhere.run(text)

    def close(self) -> None:
        """Back to the inbox; the box keeps its text unless the agent cleared it."""
        self.everywhere.stop()
        self.window.show_search(False)

    def search_history(self, text: str) -> None:
        customer_id = self.shown_customer()
        if customer_id is None:
            self.history.stop()
            return
        self.history.run(text, customer_id=customer_id)

    def choose(self, hit: Mapping[str, Any]) -> None:
        kind = str(hit.get("kind") or "")
        conversation_id = hit.get("conversation_id")
        customer_id = hit.get("customer_id")
        if isinstance(conversation_id, int):
            message_id = hit.get("message_id")
            self.opener.open_conversation(
                conversation_id, message_id if isinstance(message_id, int) else None
            )
        elif isinstance(customer_id, int):
            tab = TRANSACTIONS_TAB if kind == "transaction" else HISTORY_TAB
            self.opener.open_customer(customer_id, tab)
