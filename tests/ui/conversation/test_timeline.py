"""Each channel renders as its users know it, in time order, live and long threads too."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QUrl
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from agentdesk.ui.conversation.cards import (
    AssignmentLine,
    CallCard,
    MessageBubble,
    NoteCard,
    TimelineCard,
)
from agentdesk.ui.conversation.email_card import EmailCard, without_quotes
from agentdesk.ui.conversation.formatting import format_clock, format_duration, parse_moment
from agentdesk.ui.conversation.timeline import ConversationView
from tests.ui.conversation.conftest import (
    CONVERSATION_ID,
    call,
    click_text,
    detail,
    message,
)


@pytest.fixture
def view(qtbot: QtBot, host: QWidget) -> ConversationView:
    widget = ConversationView(host)
    widget.resize(720, 900)
    widget.show()
    return widget


def mixed_thread() -> dict[str, Any]:
    assignment = message(
        4,
        "note",
        "assigned to Amy",
        70,
        author_id=2,
        author_name="Lena",
        meta={"kind": "assignment", "from": 2, "to": 5, "by": 2, "reason": "balancing load"},
    )
    return detail(
        [
            message(1, "in", "My transfer failed", 60),
            message(2, "out", "Let me check that for you", 62),
            message(3, "note", "VIP customer, check the limit", 65),
            assignment,
            message(5, "in", "Any news?", 90, meta={"platform": "weibo", "handle": "@xiaoming"}),
        ],
        [call(1, 61)],
    )


def visible_in(view: ConversationView, card: TimelineCard) -> bool:
    viewport = view.scroll_area.viewport()
    top_left = card.mapTo(viewport, QPoint(0, 0))
    return QRect(top_left, card.size()).intersects(viewport.rect())


def test_each_channel_renders_in_time_order(qtbot: QtBot, view: ConversationView) -> None:
    view.show_conversation(mixed_thread())
    qtbot.wait(50)
    kinds = [type(card) for card in view.cards()]
    assert kinds == [
        MessageBubble,
        CallCard,
        MessageBubble,
        NoteCard,
        AssignmentLine,
        MessageBubble,
    ]
    assert [card.key for card in view.cards()][:3] == [("message", 1), ("call", 1), ("message", 2)]

    customer, agent = view.card_for("message", 1), view.card_for("message", 2)
    assert isinstance(customer, MessageBubble) and isinstance(agent, MessageBubble)
    assert not customer.outgoing and agent.outgoing
    assert customer.surface.geometry().left() < agent.surface.geometry().left()
    assert customer.surface.geometry().right() < agent.surface.geometry().right()

    social = view.card_for("message", 5)
    assert isinstance(social, MessageBubble) and social.badge is not None
    assert "Weibo" in social.badge.text() and "@xiaoming" in social.badge.text()

    note = view.card_for("message", 3)
    assert isinstance(note, NoteCard) and note.title.text() == "Private note"
    assert "fff4c2" in note.surface.styleSheet()

    line = view.card_for("message", 4)
    assert isinstance(line, AssignmentLine)
    when = format_clock("2026-11-02T01:10:00Z")
    assert line.text_label.text() == f"Lena assigned this to Amy — balancing load · {when}"

    phone = view.card_for("call", 1)
    assert isinstance(phone, CallCard)
    assert "03:05" in phone.facts.text() and "Answered" in phone.facts.text()
    assert "+86 138****8000" in phone.search_text

    assert view.header.customer.text() == "Wang Xiaoming"
    assert view.header.channel.text() == "Chat"
    assert view.header.priority.text() == "High"
    assert view.header.assignee.text() == "Assigned to Amy"
    assert view.header.tags() == ["#refund", "#vip"]


def test_email_card_folds_quoted_text(qtbot: QtBot, view: ConversationView) -> None:
    html = (
        "<p>My transfer <b>failed</b>.</p><p>On Monday support wrote:</p>"
        "<blockquote>Please try again<blockquote>Older still</blockquote></blockquote>"
        "<p>Regards</p>"
    )
    meta = {
        "from": "x***@example.cn",
        "to": "support@tpwallet.example",
        "subject": "Re: Transfer failed",
        "message_id": "<1@example.cn>",
    }
    email = message(1, "in", "My transfer failed", 60, html=html, meta=meta)
    view.show_conversation(detail([email], channel="email"))
    card = view.card_for("message", 1)
    assert isinstance(card, EmailCard)
    assert card.header_values == {
        "from": "x***@example.cn",
        "to": "support@tpwallet.example",
        "subject": "Re: Transfer failed",
    }
    body = card.body.toPlainText()
    assert "My transfer failed" in body and "Regards" in body
    assert "Please try again" not in body
    assert card.quote_toggle.isVisibleTo(card)
    assert card.quote_toggle.text() == "Show quoted text"

    card.quote_toggle.click()
    assert "Please try again" in card.body.toPlainText()
    assert "Older still" in card.body.toPlainText()
    assert card.quote_toggle.text() == "Hide quoted text"
    qtbot.wait(50)
    document_height = card.body.document().size().height()
    assert card.body.height() >= document_height


def test_plain_email_has_no_quote_toggle(view: ConversationView) -> None:
    view.show_conversation(detail([message(1, "out", "Plain reply", 60)], channel="email"))
    card = view.card_for("message", 1)
    assert isinstance(card, EmailCard)
    assert card.body.toPlainText() == "Plain reply"
    assert not card.quote_toggle.isVisibleTo(card)


def test_append_message_adds_at_the_end(qtbot: QtBot, view: ConversationView) -> None:
    view.show_conversation(mixed_thread())
    assert view.append_message(message(9, "out", "Refund is on its way", 120))
    assert view.cards()[-1].key == ("message", 9)
    assert not view.append_message(message(9, "out", "Refund is on its way", 120))
    other = message(10, "in", "elsewhere", 121, conversation_id=8)
    assert not view.append_message(other)
    assert len(view.cards()) == 7


def test_scroll_to_message_highlights(qtbot: QtBot, view: ConversationView) -> None:
    thread = [message(i, "in" if i % 2 else "out", f"line {i}", i) for i in range(1, 80)]
    view.show_conversation(detail(thread))
    qtbot.waitUntil(lambda: view.scroll_area.verticalScrollBar().value() > 0)
    first = view.card_for("message", 1)
    assert first is not None and not visible_in(view, first)

    assert view.scroll_to_message(1)
    qtbot.wait(20)
    assert visible_in(view, first)
    assert first.is_highlighted()
    assert "#1a73e8" in first.surface.styleSheet()
    assert not view.scroll_to_message(999)

    assert view.scroll_to_message(2)
    assert not first.is_highlighted()
    second = view.card_for("message", 2)
    assert second is not None
    qtbot.waitUntil(lambda: not second.is_highlighted(), timeout=4000)


def test_long_threads_build_only_the_newest(view: ConversationView) -> None:
    view.max_built = 20
    view.show_conversation(detail([message(i, "in", f"m{i}", i) for i in range(1, 31)]))
    assert len(view.cards()) == 20
    assert view.hidden_count() == 10
    assert view.cards()[0].key == ("message", 11)
    assert view.earlier.isVisibleTo(view) and "10" in view.earlier.text()
    view.append_message(message(31, "in", "m31", 31))
    assert len(view.cards()) == 20 and view.hidden_count() == 11


def test_find_and_clear(qtbot: QtBot, view: ConversationView) -> None:
    view.show_conversation(mixed_thread())
    view.start_find()
    assert view.find_bar.isVisibleTo(view)
    assert view.find_text("check")
    assert view.find_bar.result.text() == "1 of 2"
    assert view.card_for("message", 2) is not None
    assert view.find_text("check")
    assert view.find_bar.result.text() == "2 of 2"
    assert not view.find_text("nothing like this")

    view.clear()
    assert view.cards() == []
    assert not view.find_bar.isVisibleTo(view)
    assert view.header.customer.text() == "No conversation open"
    assert not view.append_message(message(9, "in", "late", 99))


def test_formatting_helpers() -> None:
    assert format_duration(65) == "01:05"
    assert format_duration(3725) == "1:02:05"
    assert format_duration(None) == "00:00"
    naive = parse_moment("2026-11-02T01:00:00")
    assert naive is not None and naive.utcoffset() is not None
    assert parse_moment("not a time") is None
    shortened, found = without_quotes('<p a="&quot;x">kept</p><blockquote>gone</blockquote>')
    assert found and "gone" not in shortened and "kept" in shortened


def test_email_links_reach_the_window_first(
    qtbot: QtBot, view: ConversationView, opened: list[QUrl]
) -> None:
    html = '<p>Details at <a href="https://example.com/fees">our fees page</a></p>'
    view.show_conversation(detail([message(1, "out", "", 60, html=html)], channel="email"))
    view.set_open_links_on_click(False)
    card = view.card_for("message", 1)
    assert isinstance(card, EmailCard)
    qtbot.wait(50)
    with qtbot.waitSignal(view.link_clicked) as clicked:
        click_text(qtbot, card.body, "fees page")
    assert clicked.args == [QUrl("https://example.com/fees")]
    assert opened == []


def test_feedback_is_badged(view: ConversationView) -> None:
    meta = {"source": "in_app_feedback", "app_version": "5.2.0", "rating": 2}
    view.show_conversation(
        detail([message(1, "in", "The app crashes", 60, meta=meta)], channel="feedback")
    )
    card = view.card_for("message", 1)
    assert isinstance(card, MessageBubble) and card.badge is not None
    assert card.badge.text() == "In-app feedback · ★★"


def test_a_status_change_is_a_line_in_the_timeline(view: ConversationView) -> None:
    from agentdesk.ui.conversation.cards import StatusLine

    view.show_conversation(detail([message(1, "in", "谢谢", 60)]))
    view.append_message(
        {
            "id": 991,
            "conversation_id": CONVERSATION_ID,
            "direction": "note",
            "text": "status: open → resolved",
            "html": None,
            "author_id": 3,
            "author_name": "Amy",
            "client_message_id": None,
            "meta": {"kind": "status", "from": "open", "to": "resolved", "by": 3},
            "created_at": "2026-11-24T08:00:00+00:00",
        }
    )
    card = view.card_for("message", 991)
    assert isinstance(card, StatusLine)
    assert "Amy" in card.text_label.text() and "Resolved" in card.text_label.text()


def test_scroll_right_after_showing_a_conversation(qtbot: QtBot, view: ConversationView) -> None:
    """A search hit scrolls as soon as its conversation is shown, in the same turn of the
    event loop: the card is the one in view once the layout has settled."""
    view.show_conversation(detail([message(i, "in", f"short {i}", i) for i in range(1, 4)]))
    qtbot.wait(20)
    thread = [message(i, "in", f"line {i} " * 30, i) for i in range(1, 120)]
    view.show_conversation(detail(thread))
    assert view.scroll_to_message(5)
    card = view.card_for("message", 5)
    assert card is not None
    qtbot.waitUntil(lambda: view.scroll_area.verticalScrollBar().maximum() > 0)
    qtbot.wait(50)
    assert visible_in(view, card)
    assert card.is_highlighted()
    last = view.card_for("message", 119)
    assert last is not None and not visible_in(view, last)
