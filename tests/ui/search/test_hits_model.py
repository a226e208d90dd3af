"""The hits model: the model tester's rules, paging without repeats, and snippets that are
escaped, marked only where the server says, and cut around the first match."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.ui.search.hits_model import (
    HIT_ROLE,
    MARK_STYLE,
    ROW_ROLE,
    HitRow,
    SearchHitsModel,
    clean_spans,
    marked_html,
    trim_snippet,
)
from tests.ui.search.conftest import hit

MARK = f'<span style="{MARK_STYLE}">'


def test_the_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = SearchHitsModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_page([hit(n) for n in range(1, 11)], "c1")
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.append([hit(n) for n in range(9, 21)], "c2")  # two repeated hits are not repeated
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert model.rowCount() == 20 and model.columnCount() == 1
    model.clear()
    assert model.rowCount() == 0


def test_pages_in_as_the_view_scrolls(qtbot: QtBot) -> None:
    model = SearchHitsModel()
    model.set_page([hit(1), hit(2)], "next")
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.more_wanted) as asked:
        model.fetchMore(QModelIndex())
    assert asked.args == ["next"]
    assert not model.canFetchMore(QModelIndex())  # asked once per cursor
    model.fetch_failed()
    assert model.canFetchMore(QModelIndex())
    model.append([hit(3)], None)
    assert not model.canFetchMore(QModelIndex())
    assert [model.hit_at(r)["doc_id"] for r in range(3)] == [1, 2, 3]


def test_rows_carry_words_and_the_wire_dict() -> None:
    model = SearchHitsModel()
    model.set_page([hit(1, title="", kind="customer", channel=None, message_id=None)], None)
    index = model.index(0, 0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "王小明"  # no title: the customer
    assert index.data(HIT_ROLE)["doc_id"] == 1
    row = index.data(ROW_ROLE)
    assert isinstance(row, HitRow)
    assert row.kind_label == "Customer" and row.facts == ""  # the name is the title already
    chat = HitRow.of(hit(2))
    assert (chat.title, chat.facts) == ("转账失败 2", "王小明 · Chat")
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "<p>我的转账失败了,怎么办?</p>"


def test_snippets_are_escaped_and_marked_only_where_the_server_says() -> None:
    text = "<b>bold</b> & <script>alert(1)</script> password"
    start = text.index("password")
    html = marked_html(text, [(start, start + 8)])
    assert "<script>" not in html and "<b>bold" not in html
    assert html.startswith("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;")
    assert html.endswith(f"{MARK}password</span>")
    assert html.count("<span") == 1


def test_spans_out_of_range_or_overlapping_are_tamed() -> None:
    assert clean_spans([[5, 3], [-2, 2], [1, 4], [8, 99], [0]], 10) == [(0, 2), (2, 4), (8, 10)]
    assert marked_html("abc", [(0, 9), (1, 2)]) == f"{MARK}abc</span>"


def test_long_snippets_start_a_little_before_the_first_match() -> None:
    snippet = "…" + "x" * 100 + "密码" + "y" * 100 + "…"
    first = snippet.index("密码")
    shown, spans = trim_snippet(snippet, [(first, first + 2)], before=10, length=40)
    assert shown.startswith("…" + "x" * 10 + "密码") and shown.endswith("…")
    assert [shown[a:b] for a, b in spans] == ["密码"]
    short, same = trim_snippet("密码", [(0, 2)])
    assert (short, same) == ("密码", [(0, 2)])
