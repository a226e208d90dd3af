"""Composer: placeholders block sending, Ctrl+Enter sends, notes, the picker keys, suggestions."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from agentdesk.protocol.payloads import RenderedOut, SuggestionOut
from agentdesk.ui.composer.composer import NOTE_BACKGROUND, Composer
from agentdesk.ui.composer.template_model import TemplateModel
from tests.ui.composer.catalog import catalog_templates

CHAT = {"id": 88, "channel": "chat"}
EMAIL = {"id": 89, "channel": "email"}
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A shown window without a layout: the offscreen platform warns "This plugin does not
    support propagateSizeHints()" when a layout changes a window's size limits, and a Qt
    warning fails the test, so the composer goes inside a window whose limits stay put."""
    window = QWidget()
    window.resize(640, 480)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def make_composer(host: QWidget, templates: TemplateModel | None = None) -> Composer:
    widget = Composer(templates, host)
    widget.setGeometry(0, 0, 640, 480)
    widget.set_enabled_for(CHAT)
    widget.show()
    widget.editor.setFocus()
    return widget


@pytest.fixture
def composer(host: QWidget) -> Composer:
    return make_composer(host)


def suggestion(text: str, missing: list[str]) -> dict[str, Any]:
    rendered = RenderedOut(
        key="txn_insufficient_balance", language="zh", text=text, missing=missing, transaction_id=7
    )
    return SuggestionOut(
        key="txn_insufficient_balance", reason="the customer wrote “余额”", rendered=rendered
    ).model_dump(mode="json")


def test_placeholders_block_sending_until_filled(qtbot: QtBot, composer: Composer) -> None:
    composer.insert_text("Hello {customer_name}, your {amount} is back.")
    assert not composer.send_button.isEnabled()
    assert composer.blocked_message() == "Fill in {customer_name}, {amount} before sending"
    with qtbot.assertNotEmitted(composer.send_requested):
        QTest.keyClick(composer.editor, Qt.Key.Key_Return, CTRL)
    assert "{customer_name}" in composer.text()

    # The first placeholder is selected after inserting: typing replaces it.
    QTest.keyClicks(composer.editor, "Mr Wang")
    assert composer.text().startswith("Hello Mr Wang, your {amount}")
    assert composer.blocked_message() == "Fill in {amount} before sending"
    composer.editor.setPlainText(composer.text().replace("{amount}", "¥50.00"))
    assert composer.send_button.isEnabled() and composer.blocked_message() == ""

    with qtbot.waitSignal(composer.send_requested) as sent:
        QTest.keyClick(composer.editor, Qt.Key.Key_Return, CTRL)
    assert sent.args == ["Hello Mr Wang, your ¥50.00 is back.", None, False]
    assert composer.text() == ""
    assert not composer.send_button.isEnabled()  # nothing left to send


def test_ctrl_enter_on_the_keypad_sends_too(qtbot: QtBot, composer: Composer) -> None:
    QTest.keyClicks(composer.editor, "ok")
    with qtbot.waitSignal(composer.send_requested):
        QTest.keyClick(composer.editor, Qt.Key.Key_Enter, CTRL)


def test_plain_enter_is_a_new_line(qtbot: QtBot, composer: Composer) -> None:
    QTest.keyClicks(composer.editor, "one")
    with qtbot.assertNotEmitted(composer.send_requested):
        QTest.keyClick(composer.editor, Qt.Key.Key_Return)
    QTest.keyClicks(composer.editor, "two")
    assert composer.text() == "one\ntwo"


def test_a_private_note_looks_different_and_says_so(qtbot: QtBot, composer: Composer) -> None:
    reply_base = composer.editor.palette().color(QPalette.ColorRole.Base)
    composer.focus_note()
    assert composer.is_note_mode()
    assert composer.editor.palette().color(QPalette.ColorRole.Base) == NOTE_BACKGROUND
    assert composer.send_button.text() == "Add note"
    QTest.keyClicks(composer.editor, "Customer sounds upset, escalate if it fails again")
    with qtbot.waitSignal(composer.send_requested) as sent:
        QTest.keyClick(composer.editor, Qt.Key.Key_Return, CTRL)
    assert sent.args == ["Customer sounds upset, escalate if it fails again", None, True]
    composer.focus_reply()
    assert not composer.is_note_mode()
    assert composer.editor.palette().color(QPalette.ColorRole.Base) == reply_base


def test_email_sends_html_beside_the_text(qtbot: QtBot, composer: Composer) -> None:
    composer.set_enabled_for(EMAIL)
    assert composer.is_rich()
    QTest.keyClicks(composer.editor, "Dear customer")
    with qtbot.waitSignal(composer.send_requested) as sent:
        composer.send()
    assert sent.args is not None
    text, html, note = sent.args
    assert text == "Dear customer" and note is False
    assert isinstance(html, str) and "Dear customer" in html


def test_slash_in_an_empty_composer_and_ctrl_k_ask_for_the_picker(
    qtbot: QtBot, composer: Composer
) -> None:
    with qtbot.waitSignal(composer.picker_requested):
        QTest.keyClick(composer.editor, Qt.Key.Key_Slash)
    assert composer.text() == ""
    QTest.keyClicks(composer.editor, "a")
    with qtbot.assertNotEmitted(composer.picker_requested):
        QTest.keyClick(composer.editor, Qt.Key.Key_Slash)  # mid-text: just a slash
    assert composer.text() == "a/"
    with qtbot.waitSignal(composer.picker_requested):
        QTest.keyClick(composer.editor, Qt.Key.Key_K, CTRL)


def test_no_conversation_no_sending(qtbot: QtBot, composer: Composer) -> None:
    QTest.keyClicks(composer.editor, "draft")
    composer.set_enabled_for(None)
    assert not composer.editor.isEnabled() and not composer.send_button.isEnabled()
    with qtbot.assertNotEmitted(composer.send_requested):
        assert not composer.send()


def test_another_conversation_starts_empty(qtbot: QtBot, composer: Composer) -> None:
    QTest.keyClicks(composer.editor, "for 88")
    composer.set_enabled_for(CHAT)  # the same one again keeps the draft
    assert composer.text() == "for 88"
    composer.set_enabled_for({"id": 90, "channel": "social"})
    assert composer.text() == "" and not composer.is_rich()


def test_suggestion_inserts_its_rendered_text(qtbot: QtBot, host: QWidget) -> None:
    templates = TemplateModel()
    templates.set_templates(catalog_templates())
    composer = make_composer(host, templates)
    composer.show_suggestion(suggestion("王先生您好，您的{amount}交易因余额不足失败。", ["amount"]))
    bar = composer.suggestion_bar
    assert bar.isVisible()
    assert any("交易失败：余额不足" in label.text() for label in bar.findChildren(QLabel))
    QTest.mouseClick(bar.insert_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert composer.text() == "王先生您好，您的{amount}交易因余额不足失败。"
    assert not composer.can_send()
    assert composer.blocked_message() == "Fill in {amount} before sending"
    composer.show_suggestion(suggestion("x", []))
    composer.show_suggestion(None)
    assert not bar.isVisible()


def test_typing_is_signalled_for_replies_at_most_every_few_seconds(
    qtbot: QtBot, composer: Composer
) -> None:
    seen: list[bool] = []
    composer.typing.connect(lambda: seen.append(True))
    QTest.keyClicks(composer.editor, "hello")
    assert seen == [True]  # five keys, one signal: the next may come in three seconds
    composer.clear()
    composer.set_note_mode(True)
    composer._last_typing = float("-inf")
    QTest.keyClicks(composer.editor, "internal")
    assert seen == [True]  # a private note is nobody's business but the team's
