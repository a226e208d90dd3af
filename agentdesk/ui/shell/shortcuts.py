"""Keyboard shortcuts of the main window, and the `?` sheet that lists them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget


def _t(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


SHORTCUTS: list[tuple[str, str, Any]] = [
    # (key sequence, action name, description source string)
    ("J", "next", QT_TRANSLATE_NOOP("Shortcuts", "Next conversation")),
    ("K", "previous", QT_TRANSLATE_NOOP("Shortcuts", "Previous conversation")),
    ("R", "reply", QT_TRANSLATE_NOOP("Shortcuts", "Reply")),
    ("N", "note", QT_TRANSLATE_NOOP("Shortcuts", "Private note")),
    ("E", "resolve", QT_TRANSLATE_NOOP("Shortcuts", "Resolve the conversation")),
    (
        "Ctrl+F",
        "search",
        QT_TRANSLATE_NOOP("Shortcuts", "Search conversations, calls, customers and transactions"),
    ),
    ("Ctrl+Shift+F", "find", QT_TRANSLATE_NOOP("Shortcuts", "Find in this conversation")),
    (
        "Ctrl+K",
        "templates",
        QT_TRANSLATE_NOOP("Shortcuts", "Canned responses (or / in an empty reply)"),
    ),
    ("Ctrl+Return", "send", QT_TRANSLATE_NOOP("Shortcuts", "Send")),
    ("?", "help", QT_TRANSLATE_NOOP("Shortcuts", "This list")),
]


def install(window: QWidget, actions: dict[str, Callable[[], None]]) -> list[QShortcut]:
    """Single-key shortcuts act only while no text field has the focus."""
    made = []
    for sequence, name, _ in SHORTCUTS:
        action = actions.get(name)
        if action is None:
            continue
        shortcut = QShortcut(QKeySequence(sequence), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(_unless_typing(window, sequence, action))
        made.append(shortcut)
    return made


def _unless_typing(
    window: QWidget, sequence: str, action: Callable[[], None]
) -> Callable[[], None]:
    single = len(sequence) == 1

    def run() -> None:
        focus = window.focusWidget()
        typing = (focus is not None and focus.inherits("QTextEdit")) or (
            focus is not None and focus.inherits("QLineEdit")
        )
        if single and typing:
            return
        action()

    return run


def show_help(parent: QWidget) -> QMessageBox:
    rows = "".join(
        f"<tr><td><b>{QKeySequence(seq).toString(QKeySequence.SequenceFormat.NativeText)}"
        f"</b></td><td>&nbsp;&nbsp;{_t(str(text))}</td></tr>"
        for seq, _, text in SHORTCUTS
    )
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("Shortcuts", "Keyboard shortcuts"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<table>{rows}</table>")
    box.open()
    return box
