"""The audit log window with a fake bridge: the model's rules, filters sent, paging in as
the view scrolls, stale pages dropped, and errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.client import RequestError
from agentdesk.ui.conversation.formatting import format_moment
from agentdesk.ui.lead.audit_model import (
    ACTION,
    AGENT,
    DENIED_COLOUR,
    DETAIL,
    ENTRY_ROLE,
    TARGET,
    AuditModel,
    detail_summary,
)
from agentdesk.ui.lead.audit_view import PAGE_SIZE, AuditWindow
from tests.helpers.bridges import AnsweringBridge

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
AGENTS = {4: "张伟", 5: "Amy"}


def entry(entry_id: int, **changes: Any) -> dict[str, Any]:
    """An `audit.list` item; a bigger id is newer."""
    row: dict[str, Any] = {
        "id": entry_id,
        "at": (NOW - timedelta(minutes=1000 - entry_id)).isoformat(),
        "actor_id": 4 if entry_id % 2 else 5,
        "actor_name": AGENTS[4 if entry_id % 2 else 5],
        "action": "conversation.update",
        "target_type": "conversation",
        "target_id": str(100 + entry_id),
        "detail": {"priority": ["normal", "high"]},
        "address": "10.0.0.7",
    }
    row.update(changes)
    return row


TRAIL = [entry(n) for n in range(130, 0, -1)]  # newest first, as the server lists


def serve(kind: str, fields: dict[str, Any]) -> Any:
    """A tiny server: dashboard agents, and the trail paged by an index cursor."""
    if kind == "dashboard.stats":
        return {"per_agent": [{"agent_id": i, "display_name": n} for i, n in AGENTS.items()]}
    assert kind == "audit.list"
    start = int(fields.get("cursor") or 0)
    end = start + int(fields["limit"])
    return {"items": TRAIL[start:end], "next_cursor": str(end) if end < len(TRAIL) else None}


@dataclass
class FakeBridge(AnsweringBridge):
    answer: Callable[[str, dict[str, Any]], Any] = serve

    def audit_calls(self) -> list[dict[str, Any]]:
        return [fields for kind, fields in self.calls if kind == "audit.list"]


def window_with(qtbot: QtBot, bridge: FakeBridge) -> AuditWindow:
    window = AuditWindow(bridge, clock=lambda: NOW)
    qtbot.addWidget(window)
    return window


def test_the_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = AuditModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_page(TRAIL[:10], "10")
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.append(TRAIL[8:20], "20")  # two repeated entries are not shown twice
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert model.rowCount() == 20
    model.clear()
    assert model.rowCount() == 0


def test_rows_read_as_a_lead_reads_them() -> None:
    model = AuditModel()
    denied = entry(
        7,
        action="denied.audit.list",
        target_type="audit",
        target_id="",
        detail={"reason": "only leads and admins read the audit trail"},
    )
    system = entry(6, actor_id=None, actor_name=None, action="sla.breached", detail={})
    model.set_page([entry(8), denied, system], None)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Time",
        "Agent",
        "Action",
        "Target",
        "Detail",
        "Address",
    ]
    first = [model.index(0, c).data() for c in range(6)]
    assert first == [
        format_moment(entry(8)["at"]),
        "Amy",
        "conversation.update",
        "Conversation 108",
        'priority: ["normal", "high"]',
        "10.0.0.7",
    ]
    assert model.index(1, TARGET).data() == "audit"
    assert model.index(1, DETAIL).data() == "reason: only leads and admins read the audit trail"
    brush = model.index(1, ACTION).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color() == DENIED_COLOUR
    assert model.index(0, ACTION).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(2, AGENT).data() == "System" and model.index(2, DETAIL).data() == ""
    assert model.index(2, 0).data(ENTRY_ROLE)["action"] == "sla.breached"
    assert "normal" in model.index(0, DETAIL).data(Qt.ItemDataRole.ToolTipRole)


def test_long_details_are_cut() -> None:
    summary = detail_summary({"reason": "很长的理由 " * 40})
    assert len(summary) == 120 and summary.endswith("…")
    assert detail_summary(None) == "" and detail_summary({}) == ""


def test_fetch_more_asks_once_per_cursor(qtbot: QtBot) -> None:
    model = AuditModel()
    model.set_page(TRAIL[:5], "5")
    root = QModelIndex()
    with qtbot.waitSignal(model.more_wanted) as wanted:
        model.fetchMore(root)
    assert wanted.args == ["5"] and not model.canFetchMore(root)
    with qtbot.assertNotEmitted(model.more_wanted):
        model.fetchMore(root)
    model.fetch_failed()
    assert model.canFetchMore(root)
    model.append(TRAIL[5:10], None)
    assert not model.canFetchMore(root) and model.rowCount() == 10


def test_the_window_lists_and_pages_in_as_it_scrolls(qtbot: QtBot) -> None:
    bridge = FakeBridge()
    window = window_with(qtbot, bridge)
    window.resize(900, 400)
    window.show()
    qtbot.waitExposed(window)
    assert bridge.audit_calls()[0] == {"limit": PAGE_SIZE}
    assert window.model.rowCount() == PAGE_SIZE
    window.view.scrollToBottom()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2 * PAGE_SIZE)
    window.view.scrollToBottom()
    qtbot.waitUntil(lambda: window.model.rowCount() == len(TRAIL))
    window.view.scrollToBottom()
    qtbot.wait(20)
    assert [fields.get("cursor") for fields in bridge.audit_calls()] == [None, "50", "100"]
    ids = [window.model.entry_at(row)["id"] for row in range(window.model.rowCount())]
    assert ids == [item["id"] for item in TRAIL]  # no gaps, no repeats
    assert not window.model.canFetchMore(QModelIndex())


def test_filters_are_sent_and_start_a_new_listing(qtbot: QtBot) -> None:
    bridge = FakeBridge()
    window = window_with(qtbot, bridge)
    assert [window.agent_box.itemText(i) for i in range(window.agent_box.count())] == [
        "Everyone",
        "Amy",
        "张伟",
    ]
    window.agent_box.setCurrentIndex(window.agent_box.findData(4))
    window.action_edit.setText(" denied. ")
    window.conversation_edit.setText("88")
    window.set_date_range(date(2026, 11, 1), date(2026, 11, 3))
    window.apply_button.click()
    assert bridge.audit_calls()[-1] == {
        "agent_id": 4,
        "action": "denied.",
        "conversation_id": 88,
        "since": "2026-11-01T00:00:00+08:00",
        "until": "2026-11-04T00:00:00+08:00",
        "limit": PAGE_SIZE,
    }
    window.model.fetchMore(QModelIndex())  # the next page keeps the filters
    assert bridge.audit_calls()[-1]["agent_id"] == 4
    assert bridge.audit_calls()[-1]["cursor"] == "50"

    asked = len(bridge.audit_calls())
    window.set_date_range(date(2026, 11, 3), date(2026, 11, 1))
    window.apply_filters()
    assert len(bridge.audit_calls()) == asked
    assert window.status_label.text() == "The first day must not be after the last."
    window.set_date_range(None, None)
    window.agent_box.setCurrentIndex(0)
    window.action_edit.clear()
    window.conversation_edit.clear()
    window.apply_filters()
    assert bridge.audit_calls()[-1] == {"limit": PAGE_SIZE}


def test_agents_seen_in_entries_are_offered_too(qtbot: QtBot) -> None:
    def answer(kind: str, fields: dict[str, Any]) -> Any:
        if kind == "dashboard.stats":
            raise RequestError("forbidden", "no")
        return {"items": [entry(3, actor_id=9, actor_name="Bob")], "next_cursor": None}

    window = window_with(qtbot, FakeBridge(answer=answer))
    assert [window.agent_box.itemText(i) for i in range(window.agent_box.count())] == [
        "Everyone",
        "Bob",
    ]


def test_stale_pages_are_dropped_and_errors_shown(qtbot: QtBot) -> None:
    bridge = FakeBridge(hold=True)
    window = window_with(qtbot, bridge)
    assert window.status_label.text() == "Loading…"
    window.action_edit.setText("customer.reveal")
    window.apply_filters()
    _agents, (old_result, _), (new_result, _) = bridge.held
    new_result({"items": [entry(2, action="customer.reveal")], "next_cursor": "x"})
    old_result({"items": TRAIL[:50], "next_cursor": "50"})
    assert window.model.rowCount() == 1
    assert window.model.index(0, ACTION).data() == "customer.reveal"
    assert window.status_label.text() == ""

    window.model.fetchMore(QModelIndex())
    _more_result, more_error = bridge.held[-1]
    more_error(RequestError("internal", "the server is busy"))
    assert window.status_label.text() == "Could not load: the server is busy"
    assert window.model.canFetchMore(QModelIndex())  # the view may ask again


def test_an_agent_is_told_they_may_not(qtbot: QtBot) -> None:
    def refuse(kind: str, fields: dict[str, Any]) -> Any:
        raise RequestError("forbidden", "only leads and admins read the audit trail")

    window = window_with(qtbot, FakeBridge(answer=refuse))
    assert window.status_label.text() == "Only team leads and admins may see this."
    assert window.model.rowCount() == 0


def test_no_entries(qtbot: QtBot) -> None:
    window = window_with(qtbot, FakeBridge(answer=lambda k, f: {"items": [], "next_cursor": None}))
    assert window.status_label.text() == "No entries match these filters."


@pytest.mark.parametrize("text", ["0", "abc"])
def test_a_bad_conversation_number_is_not_sent(qtbot: QtBot, text: str) -> None:
    bridge = FakeBridge()
    window = window_with(qtbot, bridge)
    window.conversation_edit.setText(text)  # the validator refuses it
    window.apply_filters()
    assert "conversation_id" not in bridge.audit_calls()[-1]
