"""One search box's requests: what is sent, what the list and its status line say, and
answers of superseded queries dropped whatever order they come in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from agentdesk.client import RequestError
from agentdesk.ui.search.results_view import SearchResults
from agentdesk.ui.search.search_runner import PAGE_SIZE, SearchRunner
from tests.ui.search.conftest import HeldBridge, hit, page

CHANNEL_REFUSAL = "channel: is one of chat, email, phone, social, feedback"


@pytest.fixture
def bridge() -> HeldBridge:
    return HeldBridge()


@pytest.fixture
def results(host: QWidget) -> SearchResults:
    view = SearchResults(host)
    view.resize(420, 600)
    view.show()
    return view


@pytest.fixture
def runner(bridge: HeldBridge, results: SearchResults) -> SearchRunner:
    return SearchRunner(bridge, results)


def shown_ids(results: SearchResults) -> list[int]:
    return [int(results.model.hit_at(r)["doc_id"]) for r in range(results.model.rowCount())]


def test_a_query_is_sent_and_its_hits_counted(
    bridge: HeldBridge, results: SearchResults, runner: SearchRunner
) -> None:
    runner.run("  转账 channel:chat ")
    assert [(c.kind, c.fields) for c in bridge.calls] == [
        ("search.query", {"q": "转账 channel:chat", "limit": PAGE_SIZE})
    ]
    assert results.status_text() == "Searching…" and runner.busy
    bridge.calls[0].answer(page([hit(1), hit(2), hit(3)], matched=3))
    assert shown_ids(results) == [1, 2, 3]
    assert results.status_text() == "3 results" and not runner.busy
    runner.run("转账 失败")
    assert results.model.rowCount() == 0  # the old hits go at once
    bridge.calls[1].answer(page([hit(4)]))
    assert results.status_text() == "1 result"


def test_more_matched_than_ranked_says_so(
    bridge: HeldBridge, results: SearchResults, runner: SearchRunner
) -> None:
    runner.run("密码")
    bridge.calls[0].answer(page([hit(n) for n in range(1, 31)], "c", matched=1000, capped=True))
    assert results.status_text() == (
        "More than 1,000 matched – showing the 1,000 newest, ranked; narrow the search."
    )


def test_nothing_found(bridge: HeldBridge, results: SearchResults, runner: SearchRunner) -> None:
    runner.run("zzz")
    bridge.calls[0].answer(page([]))
    assert results.status_text() == "Nothing found for “zzz”. Try other words or fewer filters."
    assert not results.failed()


def test_answers_of_superseded_queries_are_dropped(
    bridge: HeldBridge, results: SearchResults, runner: SearchRunner
) -> None:
    runner.run("转")
    runner.run("转账")
    old, new = bridge.calls
    new.answer(page([hit(2)]))
    old.answer(page([hit(1)], "old-cursor"))  # late: the agent asked for something else
    assert shown_ids(results) == [2]
    assert not results.model.canFetchMore(QModelIndex())
    old.fail(RequestError("invalid_query", CHANNEL_REFUSAL))
    assert results.status_text() == "1 result"


def test_editing_the_query_drops_the_answer_on_its_way(
    bridge: HeldBridge, results: SearchResults, runner: SearchRunner
) -> None:
    runner.run("转账")
    runner.supersede()
    bridge.calls[0].answer(page([hit(1)]))
    assert results.model.rowCount() == 0 and results.status_text() == ""
    runner.run("转账失败")
    bridge.calls[1].answer(page([hit(2)]))
    runner.supersede()  # nothing on its way: the hits shown stay
    assert shown_ids(results) == [2]


def test_a_filter_the_server_cannot_understand_is_explained_as_it_is(
    bridge: HeldBridge, results: SearchResults, runner: SearchRunner
) -> None:
    runner.run("转账 channel:fax")
    bridge.calls[0].fail(RequestError("invalid_query", CHANNEL_REFUSAL))
    assert results.status_text() == CHANNEL_REFUSAL
    assert results.failed() and "#b3261e" in results.status.styleSheet()
    runner.run("转账")
    bridge.calls[1].fail(RequestError("internal", "the database is busy"))
    assert results.status_text() == "The search failed: the database is busy"


def test_pages_follow_the_cursor_of_the_same_query(
    qtbot: QtBot, bridge: HeldBridge, results: SearchResults, runner: SearchRunner
) -> None:
    runner.run("密码", customer_id=3)
    bridge.calls[0].answer(page([hit(1), hit(2)], "c1", matched=3))
    results.model.fetchMore(QModelIndex())
    more = bridge.calls[1]
    assert more.fields == {"q": "密码", "limit": PAGE_SIZE, "customer_id": 3, "cursor": "c1"}
    more.fail(RuntimeError("offline"))
    assert results.failed() and results.model.canFetchMore(QModelIndex())  # may ask again
    results.model.fetchMore(QModelIndex())
    bridge.calls[2].answer(page([hit(2), hit(3)]))
    assert shown_ids(results) == [1, 2, 3]


def test_a_page_of_a_closed_search_is_dropped(
    bridge: HeldBridge, results: SearchResults, runner: SearchRunner
) -> None:
    runner.run("密码")
    bridge.calls[0].answer(page([hit(1)], "c1"))
    results.model.fetchMore(QModelIndex())
    runner.stop()
    bridge.calls[1].answer(page([hit(2)]))
    assert results.model.rowCount() == 0 and results.status_text() == ""
    runner.run("   ")  # an empty query only clears
    assert len(bridge.calls) == 2
