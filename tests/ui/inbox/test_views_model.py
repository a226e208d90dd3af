"""ViewsModel: the views pane's entries, their `inbox.list` filters and their counts."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.protocol.requests import InboxList
from agentdesk.ui.inbox.views_model import ViewRole, ViewsModel

KEYS = [
    "mine", "unassigned", "team", "all",
    "chat", "email", "phone", "social", "feedback",
    "sla_at_risk", "snoozed",
]  # fmt: skip


def test_entries_in_order_with_their_filters(qtmodeltester: ModelTester) -> None:
    model = ViewsModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert [model.index(row).data(ViewRole.Key) for row in range(model.rowCount())] == KEYS
    assert model.index(0).data() == "Mine"
    assert model.filter_at(model.row_of("email")) == {"view": "all", "channel": "email"}
    assert model.filter_at(model.row_of("sla_at_risk")) == {"view": "all", "sla": "at_risk"}
    assert model.index(model.row_of("snoozed")).data(ViewRole.Filter) == {
        "view": "mine",
        "status": ["snoozed"],
    }
    assert model.row_of("nothing") == -1


def test_every_filter_is_a_valid_inbox_list_request() -> None:
    model = ViewsModel()
    for row in range(model.rowCount()):
        InboxList(id="1", **model.filter_at(row))


def test_filters_are_copies() -> None:
    model = ViewsModel()
    row = model.row_of("snoozed")
    model.filter_at(row)["status"].append("open")
    assert model.filter_at(row) == {"view": "mine", "status": ["snoozed"]}


def test_counts_rename_rows(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    model = ViewsModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    with qtbot.waitSignal(model.dataChanged):
        model.set_counts({"mine": 12, "email": 3, "sla_breached": 1, "unknown": 9})
    assert model.index(0).data() == "Mine (12)"
    assert model.index(0).data(ViewRole.Label) == "Mine"
    assert model.index(model.row_of("email")).data() == "Email (3)"
    assert model.index(model.row_of("team")).data() == "Team"
    assert model.count_of("email") == 3 and model.count_of("team") is None
    with qtbot.assertNotEmitted(model.dataChanged):
        model.set_counts({"mine": 12})
    model.set_counts({"mine": 0})
    assert model.index(0).data() == "Mine (0)"
    assert model.index(0).data(ViewRole.Count) == 0
