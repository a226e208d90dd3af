"""Conversation payloads shaped like `ConversationDetail.model_dump(mode="json")`."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

CONVERSATION_ID = 7


def summary(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": CONVERSATION_ID,
        "channel": "chat",
        "status": "open",
        "priority": "high",
        "subject": "Transfer failed",
        "snippet": "my transfer failed",
        "customer_id": 3,
        "customer_name": "Wang Xiaoming",
        "assignee_id": 5,
        "assignee_name": "Amy",
        "team_id": 1,
        "tags": ["refund", "vip"],
        "sla_due_at": None,
        "snoozed_until": None,
        "created_at": "2026-11-02T01:00:00Z",
        "last_message_at": "2026-11-02T03:00:00Z",
        "version": 3,
    }
    row.update(fields)
    return row


def message(
    message_id: int, direction: str, text: str, minute: int, **fields: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": message_id,
        "conversation_id": CONVERSATION_ID,
        "direction": direction,
        "text": text,
        "html": None,
        "author_id": 5 if direction != "in" else None,
        "author_name": "Amy" if direction != "in" else None,
        "client_message_id": None,
        "meta": {},
        "created_at": f"2026-11-02T{minute // 60:02d}:{minute % 60:02d}:00.123456Z",
    }
    row.update(fields)
    return row


def call(call_id: int, minute: int, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": call_id,
        "call_id": f"cdr-{call_id}",
        "direction": "inbound",
        "from_number": "+86 138****8000",
        "to_number": "+86 4008200000",
        "started_at": f"2026-11-02T{minute // 60:02d}:{minute % 60:02d}:00Z",
        "duration_seconds": 185,
        "outcome": "answered",
        "agent_id": 5,
        "agent_name": "Amy",
        "notes": "Asked why the transfer failed",
    }
    row.update(fields)
    return row


def detail(
    messages: list[dict[str, Any]], calls: list[dict[str, Any]] | None = None, **fields: Any
) -> dict[str, Any]:
    return {"conversation": summary(**fields), "messages": messages, "calls": calls or []}


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A shown top-level window without a layout to hold the widget under test.

    The offscreen platform warns "This plugin does not support propagateSizeHints()"
    whenever a layout changes a window's size limits; a layout-less host window keeps
    those limits fixed, so no Qt warning fails the test."""
    window = QWidget()
    window.resize(720, 900)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    calls: list[QUrl] = []

    def record(url: QUrl) -> bool:
        calls.append(QUrl(url))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(record))
    return calls


def click_text(qtbot: QtBot, view: QTextBrowser, text: str) -> None:
    found = view.document().find(text)
    assert not found.isNull(), text
    found.setPosition(found.selectionStart() + 1)
    point = view.cursorRect(found).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)  # type: ignore[no-untyped-call]
