"""Unfilled placeholders: found in the templates' syntax, and highlighted in the editor."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from agentdesk.ui.composer.placeholders import (
    UNFILLED_BACKGROUND,
    PlaceholderHighlighter,
    PlaceholderSpan,
    find_placeholders,
    missing_names,
    utf16_length,
)


def test_finds_names_with_their_positions() -> None:
    text = "您好{customer_name}，工单{ticket_id}。"
    spans = find_placeholders(text)
    assert spans == [PlaceholderSpan(2, 17, "customer_name"), PlaceholderSpan(20, 31, "ticket_id")]
    assert all(text[s.start : s.end] == "{" + s.name + "}" for s in spans)


def test_doubled_braces_are_literal() -> None:
    assert find_placeholders("{{literal}}") == []
    assert find_placeholders("use {{ and }} for braces") == []
    assert find_placeholders("{{{amount}}}") == [PlaceholderSpan(2, 10, "amount")]
    assert find_placeholders("{{amount}") == []  # "{{", then "amount}" is text


def test_free_text_braces_are_not_placeholders() -> None:
    assert find_placeholders("a lone { or } brace") == []
    assert find_placeholders("{Not a name} {with space} {} {1st}") == []
    assert find_placeholders('json {"a": 1}') == []


def test_missing_names_are_unique_and_in_order() -> None:
    text = "{amount} {customer_name} {amount}"
    assert missing_names(text) == ["amount", "customer_name"]


def test_utf16_length_counts_like_qt() -> None:
    assert utf16_length("abc") == 3
    assert utf16_length("余额") == 2
    assert utf16_length("😀") == 2


@given(st.lists(st.sampled_from(["{{", "}}", "{", "}", "{amount}", "x", "余", "😀", " "])))
def test_spans_cover_exactly_their_placeholder(pieces: list[str]) -> None:
    text = "".join(pieces)
    for span in find_placeholders(text):
        assert text[span.start : span.end] == "{" + span.name + "}"


def test_highlighter_marks_placeholders_after_an_emoji(qtbot: QtBot) -> None:
    document = QTextDocument()
    highlighter = PlaceholderHighlighter(document)
    document.setPlainText("😀 hi {customer_name}, {{not}}")
    highlighter.rehighlight()
    formats = document.firstBlock().layout().formats()
    assert len(formats) == 1
    (marked,) = formats
    assert (marked.start, marked.length) == (6, len("{customer_name}"))
    assert marked.format.background().color() == UNFILLED_BACKGROUND
