"""The lead view's models: the model tester, what the agents table shows, and the
conversations travelling from the queue onto an agent as MIME data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QBrush, QIcon
from PySide6.QtWidgets import QAbstractItemView, QListView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.ui.inbox.inbox_model import InboxRole
from agentdesk.ui.lead.lead_models import (
    AT_RISK,
    CONVERSATIONS_MIME,
    FULL_COLOUR,
    LOAD,
    NAME,
    OLDEST,
    AgentRole,
    QueueModel,
    TeamAgentsModel,
    decode_conversations,
    encode_conversations,
)
from tests.ui.inbox.summaries import NOW, summary

pytestmark = pytest.mark.usefixtures("qapp")  # presence dots are pixmaps


def agent(agent_id: int, name: str, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": agent_id,
        "display_name": name,
        "role": "agent",
        "presence": "online",
        "open": 0,
        "capacity": 5,
        "oldest_waiting_at": None,
        "at_risk": 0,
    }
    values.update(fields)
    return values


def team() -> list[dict[str, Any]]:
    return [
        agent(
            1,
            "Amy",
            open=3,
            oldest_waiting_at=(NOW - timedelta(minutes=12)).isoformat(),
            at_risk=1,
        ),
        agent(2, "Bob", presence="away", open=5, oldest_waiting_at=(NOW - timedelta(hours=3))),
        agent(3, "Cai", presence="offline"),
    ]


@pytest.fixture
def agents() -> TeamAgentsModel:
    model = TeamAgentsModel(clock=lambda: NOW)
    model.set_agents(team())
    return model


def text(model: TeamAgentsModel, row: int, column: int) -> str:
    return str(model.index(row, column).data())


def test_agents_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = TeamAgentsModel(clock=lambda: NOW)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_agents(team())
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_agents([agent(1, "Amy", open=4), agent(2, "Bob"), agent(3, "Cai")])  # repaint
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_agents([agent(2, "Bob")])  # reset
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_queue_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = QueueModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_conversations([summary(1, minutes_ago=5), summary(2, minutes_ago=1)])
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_conversations([summary(2), summary(3), summary(4)])  # removed and inserted
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_conversations([summary(4), summary(2)])  # reordered: reset
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_the_queue_keeps_the_servers_order_and_the_selection(qtbot: QtBot) -> None:
    model = QueueModel()
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    oldest_first = [summary(7, minutes_ago=50), summary(3, minutes_ago=30), summary(5)]
    model.set_conversations(oldest_first)
    assert model.conversation_ids() == [7, 3, 5]  # not the inbox's newest-first order
    view.selectionModel().select(model.index(1), QItemSelectionModel.SelectionFlag.Select)
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_conversations([summary(3, version=2), summary(9), summary(5)])
    assert model.conversation_ids() == [3, 9, 5]
    assert [i.row() for i in view.selectionModel().selectedIndexes()] == [0]  # still 3
    assert model.summary_of(3) is not None and model.summary_of(3)["version"] == 2  # type: ignore[index]
    assert model.index(0).data(InboxRole.Customer) == "Customer 3"
    assert model.index(0).data(InboxRole.Unread) is False
    with qtbot.waitSignal(model.modelReset):
        model.set_conversations([summary(5), summary(3)])
    assert model.conversation_ids() == [5, 3]


def test_agents_show_presence_load_oldest_waiting_and_sla_at_risk(
    agents: TeamAgentsModel,
) -> None:
    assert [text(agents, row, NAME) for row in range(3)] == ["Amy", "Bob", "Cai"]
    assert [text(agents, row, LOAD) for row in range(3)] == ["3/5", "5/5", "0/5"]
    assert [text(agents, row, OLDEST) for row in range(3)] == ["12m", "3h", "—"]
    assert [text(agents, row, AT_RISK) for row in range(3)] == ["1", "0", "0"]
    assert [agents.index(row, 0).data(AgentRole.Presence) for row in range(3)] == [
        "online",
        "away",
        "offline",
    ]
    assert isinstance(agents.index(0, NAME).data(Qt.ItemDataRole.DecorationRole), QIcon)
    assert agents.index(1, NAME).data(Qt.ItemDataRole.ToolTipRole) == "Bob — Away"
    full = agents.index(1, LOAD).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(full, QBrush) and full.color() == FULL_COLOUR  # 5 of 5
    assert agents.index(0, LOAD).data(Qt.ItemDataRole.ForegroundRole) is None
    assert agents.index(0, AT_RISK).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert agents.index(2, 0).data(AgentRole.Id) == 3
    assert agents.headerData(OLDEST, Qt.Orientation.Horizontal) == "Oldest waiting"


def test_same_agents_repaint_in_place_and_others_reset(
    agents: TeamAgentsModel, qtbot: QtBot
) -> None:
    with qtbot.assertNotEmitted(agents.modelReset), qtbot.waitSignal(agents.dataChanged):
        agents.set_agents([agent(1, "Amy", open=4), agent(2, "Bob"), agent(3, "Cai")])
    assert text(agents, 0, LOAD) == "4/5"
    with qtbot.waitSignal(agents.modelReset):
        agents.set_agents([agent(3, "Cai")])
    assert agents.rowCount() == 1 and agents.row_of(3) == 0 and agents.row_of(1) == -1


def test_queue_rows_drag_their_ids_and_versions() -> None:
    model = QueueModel()
    model.set_conversations([summary(2, version=7), summary(1, version=4)])
    flags = model.flags(model.index(0))
    assert flags & Qt.ItemFlag.ItemIsDragEnabled
    assert model.mimeTypes() == [CONVERSATIONS_MIME]
    data = model.mimeData([model.index(0), model.index(1), model.index(0)])
    assert decode_conversations(data) == ([2, 1], {"2": 7, "1": 4})  # row order, once each


def test_a_drop_on_an_agent_emits_the_agent_ids_and_versions(
    agents: TeamAgentsModel, qtbot: QtBot
) -> None:
    data = encode_conversations([10, 11], {"10": 3, "11": 1})
    bob = agents.index(1, LOAD)
    assert agents.flags(bob) & Qt.ItemFlag.ItemIsDropEnabled
    assert agents.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, bob)
    with qtbot.waitSignal(agents.conversations_dropped) as dropped:
        assert agents.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, bob)
    assert dropped.args == [2, [10, 11], {"10": 3, "11": 1}]
    assert text(agents, 1, LOAD) == "5/5"  # the model itself changed nothing


def test_drops_between_rows_or_of_other_data_are_refused(
    agents: TeamAgentsModel, qtbot: QtBot
) -> None:
    data = encode_conversations([10], {"10": 3})
    plain = QMimeData()
    plain.setText("10")
    with qtbot.assertNotEmitted(agents.conversations_dropped):
        assert not agents.canDropMimeData(data, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
        assert not agents.dropMimeData(data, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
        assert not agents.canDropMimeData(
            plain, Qt.DropAction.CopyAction, -1, -1, agents.index(0, 0)
        )
        assert not agents.dropMimeData(plain, Qt.DropAction.CopyAction, -1, -1, agents.index(0, 0))


def test_broken_mime_data_is_no_conversation() -> None:
    broken = QMimeData()
    broken.setData(CONVERSATIONS_MIME, b"{not json")
    empty = encode_conversations([], {})
    assert decode_conversations(broken) is None
    assert decode_conversations(empty) is None
    assert decode_conversations(None) is None
