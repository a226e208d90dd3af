"""The requests of one search box: a query at a time, and its pages as the list scrolls.

Each query is a new listing with a number; an answer of an older listing (the agent
searched again, or closed the search, before it came) is dropped, so the list shows only
what the box asked last. Nothing here waits: `search.query` goes through the bridge and
its answer comes back through callbacks on the GUI thread."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from agentdesk.ui.bridge import RequestBridge
from agentdesk.ui.search.results_view import SearchResults

PAGE_SIZE = 30
INVALID_QUERY = "invalid_query"


# What a search needs of `DeskBridge`: start a request, answer later.
SearchBridge = RequestBridge


def failure_text(error: Exception) -> str:
    """A filter the server could not understand is explained in its own words, as it is."""
    if getattr(error, "code", None) == INVALID_QUERY:
        return str(getattr(error, "message", "") or error)
    reason = getattr(error, "message", None) or str(error)
    return QCoreApplication.translate("SearchResults", "The search failed: {reason}").format(
        reason=reason
    )


class SearchRunner(QObject):
    def __init__(
        self,
        bridge: SearchBridge,
        results: SearchResults,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.results = results
        self.page_size = page_size
        self._listing = 0
        self._fields: dict[str, Any] | None = None
        self._waiting = False  # the first page of the current listing is on its way
        results.more_wanted.connect(self._load_more)

    @property
    def busy(self) -> bool:
        return self._waiting

    @property
    def fields(self) -> Mapping[str, Any] | None:
        """The `search.query` fields of the current listing, None when there is none."""
        return self._fields

    def run(self, text: str, *, customer_id: int | None = None) -> None:
        """Start a new listing; an empty text only clears."""
        query = text.strip()
        self._listing += 1
        listing = self._listing
        if not query:
            self._fields, self._waiting = None, False
            self.results.clear()
            return
        fields: dict[str, Any] = {"q": query, "limit": self.page_size}
        if customer_id is not None:
            fields["customer_id"] = customer_id
        self._fields, self._waiting = fields, True
        self.results.searching(query)
        self.bridge.call(
            "search.query",
            dict(fields),
            on_result=lambda page: self._first_page(listing, page),
            on_error=lambda error: self._failed(listing, error, first=True),
        )

    def supersede(self) -> None:
        """The agent changed the query after asking: the answer on its way is not wanted."""
        if self._waiting:
            self._listing += 1
            self._fields, self._waiting = None, False
            self.results.clear()

    def stop(self) -> None:
        """The search is closed: drop whatever is on its way and show nothing."""
        self._listing += 1
        self._fields, self._waiting = None, False
        self.results.clear()

    def _load_more(self, cursor: str) -> None:
        if self._fields is None:
            self.results.model.fetch_failed()
            return
        listing = self._listing
        self.bridge.call(
            "search.query",
            {**self._fields, "cursor": cursor},
            on_result=lambda page: self._next_page(listing, page),
            on_error=lambda error: self._failed(listing, error, first=False),
        )

    def _first_page(self, listing: int, page: Mapping[str, Any]) -> None:
        if listing != self._listing:
            return
        self._waiting = False
        self.results.show_first_page(page)

    def _next_page(self, listing: int, page: Mapping[str, Any]) -> None:
        if listing == self._listing:
            self.results.show_next_page(page)

    def _failed(self, listing: int, error: Exception, *, first: bool) -> None:
        if listing != self._listing:
            return
        self._waiting = False
        self.results.show_failure(failure_text(error), first=first)
