"""The customer side panel: Account, Transactions and History tabs beside a conversation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from agentdesk.ui.customer.account_card import AccountCard
from agentdesk.ui.customer.history import HistoryList
from agentdesk.ui.customer.history_tab import HistoryTab
from agentdesk.ui.customer.transactions_tab import TransactionsTab

ACCOUNT_TAB, TRANSACTIONS_TAB, HISTORY_TAB = range(3)


class CustomerPanel(QWidget):
    """Shows what the controller hands it and says, by signals, what the agent wants.

    Nothing here talks to the server: revealing a field, the answer for a failed
    transaction, another page of transactions and opening an older conversation are
    all requests the controller carries out and answers through the methods below."""

    reveal_requested = Signal(str)  # "phone", "email" or "account_number"
    failed_transaction_chosen = Signal(object)  # the transaction dict
    insert_requested = Signal(str)  # text for the reply box
    conversation_chosen = Signal(int)
    more_transactions_wanted = Signal(str)  # the cursor of the next page
    history_search_requested = Signal(str)  # the query, for the shown customer
    history_search_cleared = Signal()
    history_search_edited = Signal()
    hit_chosen = Signal(object)  # a search hit of the History tab's search

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.account = AccountCard()
        self.account.reveal_requested.connect(self.reveal_requested)
        account_scroll = QScrollArea()
        account_scroll.setWidgetResizable(True)
        account_scroll.setFrameShape(QFrame.Shape.NoFrame)
        account_scroll.setWidget(self.account)
        self.transactions = TransactionsTab()
        self.transactions.failed_transaction_chosen.connect(self.failed_transaction_chosen)
        self.transactions.insert_requested.connect(self.insert_requested)
        self.transactions.model.more_wanted.connect(self.more_transactions_wanted)
        self.history = HistoryList()
        self.history.conversation_chosen.connect(self.conversation_chosen)
        self.history_tab = HistoryTab(self.history)
        self.history_tab.search_requested.connect(self.history_search_requested)
        self.history_tab.search_cleared.connect(self.history_search_cleared)
        self.history_tab.search_edited.connect(self.history_search_edited)
        self.history_tab.results.hit_chosen.connect(self.hit_chosen)
        self._customer_id: int | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(account_scroll, "")
        self.tabs.addTab(self.transactions, "")
        self.tabs.addTab(self.history_tab, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._name_tabs()

    def show_customer(self, profile: Mapping[str, Any], now: datetime | None = None) -> None:
        """A `CustomerProfile`: contact details masked, every account with its risks.

        Another customer than before empties the History tab's search."""
        customer_id = profile.get("id")
        if customer_id != self._customer_id:
            self._customer_id = customer_id if isinstance(customer_id, int) else None
            self.history_tab.show_history()
        self.account.show_customer(profile, now)
        self._name_tabs()

    def show_revealed(self, field: str, value: str | None) -> None:
        self.account.show_revealed(field, value)

    def reveal_failed(self, field: str) -> None:
        self.account.reveal_failed(field)

    def set_transactions(
        self, items: Iterable[Mapping[str, Any]], next_cursor: str | None = None
    ) -> None:
        self.transactions.set_transactions(items, next_cursor)
        self._name_tabs()

    def append_transactions(
        self, items: Iterable[Mapping[str, Any]], next_cursor: str | None
    ) -> None:
        self.transactions.append_transactions(items, next_cursor)
        self._name_tabs()

    def show_suggested_answer(self, rendered: Mapping[str, Any]) -> None:
        """A `RenderedOut` for the chosen failed transaction, with "Insert into reply".

        Returns nothing so it can be a request's result callback; an answer that arrives
        after the agent chose another transaction is dropped."""
        if self.transactions.show_suggested_answer(rendered):
            self.tabs.setCurrentIndex(TRANSACTIONS_TAB)

    def set_history(self, items: Iterable[Mapping[str, Any]]) -> None:
        """`ConversationSummary` dicts of the customer's conversations, any order."""
        self.history.set_history(items)
        self._name_tabs()

    def show_tab(self, tab: int) -> None:
        """ACCOUNT_TAB, TRANSACTIONS_TAB or HISTORY_TAB."""
        self.tabs.setCurrentIndex(tab)

    def clear(self) -> None:
        self.account.clear()
        self.transactions.clear()
        self.history.set_history([])
        self.history_tab.show_history()
        self._customer_id = None
        self.tabs.setCurrentIndex(ACCOUNT_TAB)
        self._name_tabs()

    def _name_tabs(self) -> None:
        """Tab titles carry counts, so an agent sees at a glance whether to look."""
        risks = len(self.account.risk_chips)
        self.tabs.setTabText(
            ACCOUNT_TAB,
            self.tr("Account ⚠ {count}").format(count=risks) if risks else self.tr("Account"),
        )
        self.tabs.setTabText(
            TRANSACTIONS_TAB,
            self.tr("Transactions ({count})").format(count=self.transactions.model.rowCount()),
        )
        self.tabs.setTabText(
            HISTORY_TAB, self.tr("History ({count})").format(count=self.history.history.rowCount())
        )
