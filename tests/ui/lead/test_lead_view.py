"""The lead view and its controller with a fake bridge: the overview shown, settings sent,
reassignment by context menu and by drag and drop (through the models' MIME data) with a
reason, conflicts reported, and refreshes on the team's events, throttled."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from agentdesk.client import RequestError
from agentdesk.protocol.frames import EventFrame
from agentdesk.ui.lead.lead_controller import LeadController, may_lead
from agentdesk.ui.lead.lead_models import LOAD, decode_conversations
from agentdesk.ui.lead.lead_view import QUEUE, TEAM, LeadView
from tests.ui.inbox.summaries import NOW, summary

LEAD = {"id": 9, "role": "lead", "team_id": 1, "display_name": "Lena"}


@dataclass
class Call:
    kind: str
    fields: dict[str, Any]
    on_result: Callable[[Any], None] | None
    on_error: Callable[[Exception], None] | None


class FakeBridge(QObject):
    """Records requests; a test answers them through the recorded callbacks."""

    event_received = Signal(object)
    resynced = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[Call] = []

    def call(
        self,
        kind: str,
        fields: dict[str, Any] | None = None,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.calls.append(Call(kind, dict(fields or {}), on_result, on_error))

    def of(self, kind: str) -> list[Call]:
        return [call for call in self.calls if call.kind == kind]

    def answer(self, kind: str, result: Any) -> Call:
        call = self.of(kind)[-1]
        assert call.on_result is not None
        call.on_result(result)
        return call


def agent(agent_id: int, name: str, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": agent_id,
        "display_name": name,
        "role": "agent",
        "presence": "online",
        "open": 1,
        "capacity": 5,
        "oldest_waiting_at": None,
        "at_risk": 0,
    }
    values.update(fields)
    return values


def overview(*queue: dict[str, Any], mode: str = "off", back: bool = False) -> dict[str, Any]:
    return {
        "team": {
            "id": 1,
            "name": "Wallet A",
            "assignment_mode": mode,
            "return_chats_when_offline": back,
        },
        "agents": [agent(1, "Amy"), agent(2, "Bob", presence="away", open=5)],
        "queue": {
            "count": len(queue),
            "oldest_waiting_at": (NOW - timedelta(minutes=40)).isoformat() if queue else None,
            "items": list(queue),
        },
    }


QUEUE_ROWS = (
    summary(11, minutes_ago=40, version=3, customer_name="Wang"),
    summary(12, minutes_ago=20, version=5, customer_name="Li"),
    summary(13, minutes_ago=10, version=1, customer_name="Zhao"),
)


@pytest.fixture
def bridge() -> FakeBridge:
    return FakeBridge()


@pytest.fixture
def controller(qtbot: QtBot, bridge: FakeBridge) -> Iterator[LeadController]:
    window = QWidget()
    qtbot.addWidget(window)
    lead = LeadController(window, bridge, LEAD, clock=lambda: NOW)  # type: ignore[arg-type]
    lead.open()
    bridge.answer("lead.overview", overview(*QUEUE_ROWS))
    yield lead
    lead.view.close()


def select(view: LeadView, *conversation_ids: int) -> None:
    selection = view.queue.selectionModel()
    selection.clearSelection()
    for conversation_id in conversation_ids:
        index = view.queue_model.index(view.queue_model.row_of(conversation_id))
        selection.select(
            index,
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def event(name: str, **data: Any) -> EventFrame:
    return EventFrame(seq=1, name=name, data=data)


def test_only_leads_and_admins_get_a_lead_controller(qtbot: QtBot, bridge: FakeBridge) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    assert may_lead({"role": "lead"}) and may_lead({"role": "admin"})
    assert not may_lead({"role": "agent"})
    with pytest.raises(ValueError):
        LeadController(window, bridge, {**LEAD, "role": "agent"})  # type: ignore[arg-type]


def test_the_overview_shows_agents_queue_and_team_settings(
    controller: LeadController, bridge: FakeBridge
) -> None:
    view = controller.view
    assert bridge.of("lead.overview")[0].fields == {"team_id": 1}
    assert view.title.text() == "Team Wallet A"
    assert controller.view.windowTitle() == "Team Wallet A"
    assert view.agents_model.rowCount() == 2
    assert view.agents_model.index(1, LOAD).data() == "5/5"
    assert view.queue_model.conversation_ids() == [11, 12, 13]  # longest waiting first
    assert view.queue_summary.text() == "3 waiting, the oldest for 40m"
    assert view.mode.currentData() == "off" and not view.return_chats.isChecked()
    bridge.answer("lead.overview", overview(QUEUE_ROWS[0], mode="balanced", back=True))
    assert view.mode.currentData() == "balanced" and view.return_chats.isChecked()
    assert view.queue_model.conversation_ids() == [11]


def test_the_assignment_mode_and_the_offline_rule_send_team_update(
    controller: LeadController, bridge: FakeBridge, qtbot: QtBot
) -> None:
    view = controller.view
    view.mode.activated.emit(view.mode.findData("round_robin"))
    assert bridge.of("team.update")[-1].fields == {"team_id": 1, "assignment_mode": "round_robin"}
    view.return_chats.click()
    assert bridge.of("team.update")[-1].fields == {
        "team_id": 1,
        "return_chats_when_offline": True,
    }
    # A refusal is shown and the controls are put back from a fresh overview.
    asked = len(bridge.of("lead.overview"))
    call = bridge.of("team.update")[-1]
    assert call.on_error is not None
    call.on_error(RequestError("forbidden", "only the team's lead may change this"))
    assert view.notice.text() == "only the team's lead may change this"
    assert len(bridge.of("lead.overview")) == asked + 1
    bridge.answer("lead.overview", overview(*QUEUE_ROWS))
    assert not view.return_chats.isChecked()


def test_context_menu_assigns_the_selected_rows_with_a_reason(
    controller: LeadController, bridge: FakeBridge
) -> None:
    view = controller.view
    select(view, 11, 13)
    menu = view.context_menu()
    assert menu is not None
    assign, back = menu.actions()
    assert assign.text() == "Assign to" and back.text() == "Back to the queue"
    assert not back.isEnabled()  # they are in the queue already
    targets = assign.menu().actions()
    assert [a.text() for a in targets] == ["Amy (1/5, Online)", "Bob (5/5, Away)"]
    targets[1].trigger()
    dialog = view.reason_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.question.text() == "Move 2 conversations to Bob?"
    dialog.reason.setText("Bob knows this customer")
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter sends
    assert bridge.of("conversation.assign_many")[-1].fields == {
        "conversation_ids": [11, 13],
        "agent_id": 2,
        "versions": {"11": 3, "13": 1},
        "reason": "Bob knows this customer",
    }
    assert view.reason_dialog is None


def test_cancelling_the_reason_dialog_moves_nothing(
    controller: LeadController, bridge: FakeBridge
) -> None:
    view = controller.view
    select(view, 12)
    menu = view.context_menu()
    assert menu is not None
    menu.actions()[0].menu().actions()[0].trigger()
    assert view.reason_dialog is not None
    assert view.reason_dialog.question.text() == "Move Li to Amy?"
    view.reason_dialog.buttons.rejected.emit()
    assert bridge.of("conversation.assign_many") == []


def test_dropping_queue_rows_on_an_agent_assigns_them_with_an_empty_reason(
    controller: LeadController, bridge: FakeBridge
) -> None:
    view = controller.view
    select(view, 12, 11)
    rows = [view.queue_model.index(view.queue_model.row_of(i)) for i in (12, 11)]
    data = view.queue_model.mimeData(rows)
    assert decode_conversations(data) == ([11, 12], {"11": 3, "12": 5})  # in row order
    amy = view.agents_model.index(0, 0)
    assert view.agents_model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, amy)
    assert view.agents_model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, amy)
    dialog = view.reason_dialog
    assert dialog is not None and dialog.question.text() == "Move 2 conversations to Amy?"
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    call = bridge.of("conversation.assign_many")[-1]
    assert call.fields == {
        "conversation_ids": [11, 12],
        "agent_id": 1,
        "versions": {"11": 3, "12": 5},
        "reason": "",
    }


def test_conflicts_and_refusals_are_shown_and_the_view_refreshes(
    controller: LeadController, bridge: FakeBridge, qtbot: QtBot
) -> None:
    view = controller.view
    select(view, 11, 12, 13)
    menu = view.context_menu()
    assert menu is not None
    menu.actions()[0].menu().actions()[0].trigger()
    assert view.reason_dialog is not None
    view.reason_dialog.accept()
    qtbot.waitUntil(lambda: not controller._throttle.isActive(), timeout=3000)
    asked = len(bridge.of("lead.overview"))
    bridge.answer(
        "conversation.assign_many",
        {
            "assigned": [summary(13, minutes_ago=10, version=2, assignee_id=1)],
            "conflicts": [{"conversation_id": 11, "assignee_id": 2, "version": 4}],
            "refused": [{"conversation_id": 12, "code": "forbidden", "message": "another team's"}],
        },
    )
    assert view.notice.isVisibleTo(view)
    assert view.notice.text().splitlines() == [
        "1 conversation(s) moved.",
        "Wang was moved by someone else meanwhile; now with Bob.",
        "Li was not moved: another team's",
    ]
    assert len(bridge.of("lead.overview")) == asked + 1
    bridge.answer("lead.overview", overview(QUEUE_ROWS[1]))
    assert view.queue_model.conversation_ids() == [12]


def test_back_to_the_queue_from_the_teams_open_conversations(
    controller: LeadController, bridge: FakeBridge, qtbot: QtBot
) -> None:
    view = controller.view
    qtbot.waitUntil(lambda: not controller._throttle.isActive(), timeout=3000)
    view.list_choice.setCurrentIndex(view.list_choice.findData(TEAM))
    view.list_choice.activated.emit(view.list_choice.currentIndex())
    assert view.queue_model.rowCount() == 0
    assert bridge.of("inbox.list")[-1].fields == {"view": "team", "limit": 200}
    bridge.answer("lead.overview", overview(*QUEUE_ROWS))
    assert view.queue_model.rowCount() == 0  # the queue is not what is shown now
    mine = summary(21, minutes_ago=3, version=8, assignee_id=1, assignee_name="Amy")
    elsewhere = summary(22, minutes_ago=2, team_id=2)
    bridge.answer("inbox.list", {"items": [mine, elsewhere], "next_cursor": None})
    assert view.queue_model.conversation_ids() == [21]
    select(view, 21)
    menu = view.context_menu()
    assert menu is not None
    back = menu.actions()[1]
    assert back.isEnabled()
    back.trigger()
    assert view.reason_dialog is not None
    assert view.reason_dialog.question.text() == "Move Customer 21 to the queue?"
    view.reason_dialog.reason.setText("Amy is off sick")
    view.reason_dialog.accept()
    assert bridge.of("conversation.assign_many")[-1].fields == {
        "conversation_ids": [21],
        "agent_id": None,
        "versions": {"21": 8},
        "reason": "Amy is off sick",
    }
    assert view.list_mode() == TEAM != QUEUE


def test_team_events_refresh_at_most_once_a_second(
    controller: LeadController, bridge: FakeBridge, qtbot: QtBot
) -> None:
    qtbot.waitUntil(lambda: not controller._throttle.isActive(), timeout=3000)
    asked = len(bridge.of("lead.overview"))
    ours = summary(30, team_id=1)
    for _ in range(5):
        bridge.event_received.emit(
            event("presence.changed", agent_id=2, presence="online", team_id=1)
        )
        bridge.event_received.emit(event("message.created", conversation=ours, message={}))
    assert len(bridge.of("lead.overview")) == asked + 1  # the first at once
    qtbot.waitUntil(lambda: len(bridge.of("lead.overview")) == asked + 2, timeout=3000)
    qtbot.wait(1300)
    assert len(bridge.of("lead.overview")) == asked + 2  # the rest folded into one


def test_other_teams_events_and_a_hidden_view_cause_no_refresh(
    controller: LeadController, bridge: FakeBridge, qtbot: QtBot
) -> None:
    qtbot.waitUntil(lambda: not controller._throttle.isActive(), timeout=3000)
    asked = len(bridge.of("lead.overview"))
    theirs = summary(40, team_id=2)
    bridge.event_received.emit(event("presence.changed", agent_id=77, presence="away", team_id=2))
    bridge.event_received.emit(event("conversation.updated", conversation=theirs))
    bridge.event_received.emit(event("team.updated", team={"id": 2}))
    bridge.event_received.emit(event("conversation.typing", conversation=summary(41)))
    assert len(bridge.of("lead.overview")) == asked
    # A conversation of the queue moving to another team concerns this one.
    moved = summary(11, team_id=2, assignee_id=77)
    bridge.event_received.emit(event("conversation.assigned", conversation=moved, to=77))
    assert len(bridge.of("lead.overview")) == asked + 1
    controller.view.hide()
    qtbot.waitUntil(lambda: not controller._throttle.isActive(), timeout=3000)
    bridge.event_received.emit(event("team.updated", team={"id": 1}))
    assert len(bridge.of("lead.overview")) == asked + 1


def test_the_team_window_closes_with_the_main_window_and_stops_refreshing(
    controller: LeadController, bridge: FakeBridge, qtbot: QtBot
) -> None:
    window = controller.parent()
    assert isinstance(window, QWidget)
    window.show()
    assert controller.view.isVisible()
    bridge.event_received.emit(event("team.updated", team={"id": 1}))  # folded: timer on
    assert controller._throttle.isActive()
    asked = len(bridge.of("lead.overview"))
    window.close()
    assert not controller.view.isVisible() and not controller._throttle.isActive()
    qtbot.wait(1200)
    assert len(bridge.of("lead.overview")) == asked
