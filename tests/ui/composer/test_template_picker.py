"""TemplatePicker: typing filters, Enter or a double click chooses, Esc closes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from agentdesk.ui.composer.template_model import TemplateModel, TemplateRole
from agentdesk.ui.composer.template_picker import TemplatePicker
from tests.ui.composer.catalog import catalog_templates

# The picker is a dialog, a window of its own with a layout; on the offscreen platform
# showing one warns that the plugin "does not support propagateSizeHints()", which says
# nothing about the picker.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
LEFT = Qt.MouseButton.LeftButton
NO_KEYS = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def picker(qtbot: QtBot) -> TemplatePicker:
    templates = TemplateModel()
    templates.set_templates(catalog_templates())
    dialog = TemplatePicker(templates)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def test_typing_filters_and_enter_chooses(qtbot: QtBot, picker: TemplatePicker) -> None:
    QTest.keyClicks(picker.search_field, "pwr")
    assert picker.template_list.currentIndex().data(TemplateRole.Key) == "password_reset"
    with qtbot.waitSignal(picker.template_chosen) as chosen:
        QTest.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert chosen.args is not None and chosen.args[0] == "password_reset"
    assert chosen.args[1] in {"zh", "en"}
    assert not picker.isVisible()


def test_down_moves_through_the_list_from_the_search_field(
    qtbot: QtBot, picker: TemplatePicker
) -> None:
    picker.search_field.insert("余额")  # as an input method commits it (QTest types ASCII only)
    QTest.keyClick(picker.search_field, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.template_chosen) as chosen:
        QTest.keyClick(picker.search_field, Qt.Key.Key_Enter)
    assert chosen.args == ["txn_insufficient_balance", "en"]


def test_double_click_chooses(qtbot: QtBot, picker: TemplatePicker) -> None:
    QTest.keyClicks(picker.search_field, "/hi")
    view = picker.template_list
    rect = view.visualRect(picker.template_filter.index(0, 0))
    chosen: list[tuple[str, str]] = []
    picker.template_chosen.connect(lambda key, language: chosen.append((key, language)))
    # A real double click starts with a click; QTest's mouseDClick sends only the
    # second press, and the view acts only on an item the first press pressed.
    QTest.mouseClick(view.viewport(), LEFT, NO_KEYS, rect.center())
    QTest.mouseDClick(view.viewport(), LEFT, NO_KEYS, rect.center())
    assert [key for key, _ in chosen] == ["greeting"]  # once, though two signals may fire
    assert not picker.isVisible()


def test_escape_closes_without_choosing(qtbot: QtBot, picker: TemplatePicker) -> None:
    with qtbot.assertNotEmitted(picker.template_chosen):
        QTest.keyClick(picker.search_field, Qt.Key.Key_Escape)
    assert not picker.isVisible()


def test_reopening_starts_a_fresh_search(qtbot: QtBot, picker: TemplatePicker) -> None:
    QTest.keyClicks(picker.search_field, "zzzz")
    assert picker.template_filter.rowCount() == 0
    with qtbot.assertNotEmitted(picker.template_chosen):
        QTest.keyClick(picker.search_field, Qt.Key.Key_Return)  # nothing to choose
    picker.reject()
    picker.set_preferred_language("en")
    picker.open()
    assert picker.search_field.text() == ""
    assert picker.template_list.currentIndex().data(TemplateRole.Key) == "greeting"
    assert picker.template_list.currentIndex().data(TemplateRole.Language) == "en"
