"""The channel pieces of the conversation pane: identity questions, typing, delivery, calls."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from agentdesk.ui.conversation.call_dialog import CallLogDialog
from agentdesk.ui.conversation.identity_banner import IdentityBanner
from agentdesk.ui.conversation.timeline import ConversationView
from tests.ui.conversation.conftest import CONVERSATION_ID, detail, message


@pytest.fixture
def view(qtbot: QtBot, host: QWidget) -> ConversationView:
    widget = ConversationView(host)
    widget.resize(720, 900)
    widget.show()
    return widget


def a_match(
    match_id: int, candidate: str = "王小明", reason: str = "same name"
) -> dict[str, object]:
    return {
        "id": match_id,
        "customer_id": 30,
        "customer_name": "wxm",
        "candidate_id": 3,
        "candidate_name": candidate,
        "conversation_id": CONVERSATION_ID,
        "reason": reason,
        "status": "open",
    }


def test_the_banner_asks_one_match_at_a_time(qtbot: QtBot, host: QWidget) -> None:
    banner = IdentityBanner(host)
    banner.set_matches([a_match(1), a_match(2, "Li Lei", "same phone number")])
    assert banner.isVisibleTo(host)
    assert "王小明" in banner.question.text() and "the same name" in banner.question.text()
    with qtbot.waitSignal(banner.decided) as decided:
        banner.same.click()
    assert decided.args == [1, True]
    assert not banner.same.isEnabled()  # no second answer while the first is on its way
    banner.remove_match(1)
    assert "Li Lei" in banner.question.text() and banner.different.isEnabled()
    with qtbot.waitSignal(banner.decided) as decided:
        banner.different.click()
    assert decided.args == [2, False]
    banner.remove_match(2)
    assert not banner.isVisibleTo(host)


def test_a_decided_match_is_not_asked_and_a_new_one_appears_live(host: QWidget) -> None:
    banner = IdentityBanner(host)
    banner.set_matches([{**a_match(1), "status": "rejected"}])
    assert not banner.isVisibleTo(host)
    banner.add_match(a_match(4))
    banner.add_match(a_match(4))
    assert banner.isVisibleTo(host) and banner.current() == a_match(4)


def test_customer_typing_shows_and_fades(qtbot: QtBot, view: ConversationView) -> None:
    view.show_conversation(detail([message(1, "in", "在吗", 60)]))
    view.show_typing("Wang Xiaoming")
    assert view.typing_label.isVisible()
    assert view.typing_label.text() == "Wang Xiaoming is typing…"
    view._typing_timer.setInterval(20)
    view._typing_timer.start()
    qtbot.waitUntil(lambda: not view.typing_label.isVisible(), timeout=2000)


def test_a_reply_shows_how_its_delivery_went(view: ConversationView) -> None:
    queued = {"message_id": 2, "status": "queued", "attempts": 0, "error": ""}
    reply = message(2, "out", "已为您处理", 61, delivery=queued)
    view.show_conversation(detail([message(1, "in", "help", 60), reply], channel="email"))
    card = view.card_for("message", 2)
    assert card is not None and card.delivery_label is not None
    assert card.delivery_label.text() == "Queued"
    retry = {**queued, "attempts": 1, "error": "451 mailbox busy"}
    assert view.set_delivery(2, retry)
    assert card.delivery_label.text() == "Retrying (attempt 2): 451 mailbox busy"
    assert view.set_delivery(2, {**retry, "status": "sent", "error": ""})
    assert card.delivery_label.text() == "Sent" and card.delivery_status == "sent"
    assert view.set_delivery(2, {**retry, "status": "failed", "error": "550 no such user"})
    assert card.delivery_label.text() == "Not delivered: 550 no such user"
    assert not view.set_delivery(99, retry)  # not shown: nothing to update


def test_the_call_dialog_describes_one_call_log_request(host: QWidget) -> None:
    dialog = CallLogDialog(host)
    dialog.direction.setCurrentIndex(dialog.direction.findData("outbound"))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("answered"))
    moment = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
    dialog.started.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())))
    dialog.minutes.setValue(4)
    dialog.notes.setPlainText("  已指导客户重置支付密码 ")
    fields = dialog.request_fields(CONVERSATION_ID)
    assert fields == {
        "conversation_id": CONVERSATION_ID,
        "direction": "outbound",
        "outcome": "answered",
        "started_at": "2026-11-24T10:30:00+00:00",
        "duration_seconds": 240,
        "notes": "已指导客户重置支付密码",
        "client_message_id": dialog.client_message_id,
    }
    assert (
        dialog.request_fields(CONVERSATION_ID)["client_message_id"] == fields["client_message_id"]
    )
    dialog.number.setText("138 0013 8000")
    assert dialog.request_fields(CONVERSATION_ID)["number"] == "138 0013 8000"
