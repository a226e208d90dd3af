"""Search hits shaped like `SearchHitOut.model_dump(mode="json")`, and a bridge that answers
when told to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

Result = Callable[[Any], None]
Failure = Callable[[Exception], None]


def hit(doc_id: int, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "kind": "message",
        "doc_id": doc_id,
        "conversation_id": 70 + doc_id,
        "message_id": 700 + doc_id,
        "customer_id": 3,
        "customer_name": "王小明",
        "channel": "chat",
        "title": f"转账失败 {doc_id}",
        "snippet": "我的转账失败了,怎么办?",
        "highlights": [[2, 4]],
        "at": "2026-11-02T03:00:00Z",
    }
    row.update(fields)
    return row


def page(
    items: list[dict[str, Any]],
    next_cursor: str | None = None,
    *,
    matched: int | None = None,
    capped: bool = False,
) -> dict[str, Any]:
    return {
        "items": items,
        "next_cursor": next_cursor,
        "matched": len(items) if matched is None else matched,
        "capped": capped,
    }


@dataclass
class Call:
    kind: str
    fields: dict[str, Any]
    on_result: Result | None
    on_error: Failure | None

    def answer(self, result: Any) -> None:
        assert self.on_result is not None
        self.on_result(result)

    def fail(self, error: Exception) -> None:
        assert self.on_error is not None
        self.on_error(error)


@dataclass
class HeldBridge:
    """Keeps every request; the test answers them, in any order, when it likes."""

    calls: list[Call] = field(default_factory=list)

    def call(
        self,
        kind: str,
        fields: dict[str, Any] | None = None,
        on_result: Result | None = None,
        on_error: Failure | None = None,
    ) -> None:
        self.calls.append(Call(kind, dict(fields or {}), on_result, on_error))

    def of(self, kind: str) -> list[Call]:
        return [c for c in self.calls if c.kind == kind]


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A layout-less shown window (see tests/ui/conversation/conftest.py for why)."""
    window = QWidget()
    window.resize(480, 800)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
