"""The hit delegate: customer text shows as text (never as markup), bold only where it
matched, rows as tall as their snippet, and the list paints."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from agentdesk.ui.search.results_view import SearchResults
from tests.ui.search.conftest import hit, page

HOSTILE = '<b>free</b> <script>alert("x")</script> <img src="file:///etc/passwd"> 密码'


def bold_runs(document: QTextDocument) -> list[str]:
    """The text of every bold fragment in the snippet (the document's last block)."""
    runs = []
    block = document.lastBlock()
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.isValid() and fragment.charFormat().fontWeight() >= QFont.Weight.Bold:
            runs.append(fragment.text())
        iterator += 1
    return runs


def results_with(host: QWidget, *hits: dict[str, object]) -> SearchResults:
    view = SearchResults(host)
    view.resize(420, 600)
    view.show()
    view.searching("密码")
    view.show_first_page(page(list(hits)))
    return view


def test_markup_in_a_snippet_shows_as_text(qtbot: QtBot, host: QWidget) -> None:
    start = HOSTILE.index("密码")
    view = results_with(host, hit(1, snippet=HOSTILE, highlights=[[start, start + 2]]))
    document = view.delegate.document(view.model.index(0, 0), 400)
    assert HOSTILE in document.toPlainText()
    assert bold_runs(document) == ["密码"]
    assert "<img" not in document.toHtml() and "<script" not in document.toHtml()


def test_a_title_with_markup_is_text_too(qtbot: QtBot, host: QWidget) -> None:
    view = results_with(host, hit(1, title="<i>VIP</i> & co", customer_name="<u>Eve</u>"))
    text = view.delegate.document(view.model.index(0, 0), 400).toPlainText()
    assert "<i>VIP</i> & co" in text and "<u>Eve</u>" in text
    assert "Message" in text and "Chat" in text


def test_rows_grow_with_their_snippet_and_paint(qtbot: QtBot, host: QWidget) -> None:
    view = results_with(host, hit(1, snippet="短"), hit(2, snippet="很长的一段话" * 15))
    short = view.list.sizeHintForIndex(view.model.index(0, 0)).height()
    long = view.list.sizeHintForIndex(view.model.index(1, 0)).height()
    assert 0 < short < long
    view.list.setCurrentIndex(view.model.index(1, 0))  # painted selected as well
    assert not view.grab().isNull()
