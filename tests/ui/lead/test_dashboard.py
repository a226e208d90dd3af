"""The dashboard window with a fake bridge: periods asked for, figures, charts and tables
shown, stale answers dropped, errors, the table models, and the CSV export read back."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.client import RequestError
from agentdesk.ui.lead.dashboard import CUSTOM, MONTH, TODAY, WEEK, DashboardWindow
from agentdesk.ui.lead.dashboard_models import (
    AgentStatsModel,
    ChannelStatsModel,
    DailyStatsModel,
    format_span,
)
from tests.helpers.bridges import AnsweringBridge

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # 18:00 in Shanghai


def stats(**changes: Any) -> dict[str, Any]:
    """A `dashboard.stats` answer, shaped like the service's."""
    answer: dict[str, Any] = {
        "team_id": 1,
        "since": "2026-11-22T00:00:00+08:00",
        "until": "2026-11-25T00:00:00+08:00",
        "timezone": "Asia/Shanghai",
        "queue_size": 2,
        "open_total": 7,
        "breaches": 3,
        "created": 9,
        "resolved": 5,
        "first_response": {"count": 3, "median_seconds": 120.0, "p90_seconds": 264.0},
        "resolution": {"count": 5, "median_seconds": 7200.0, "p90_seconds": 70560.0},
        "per_agent": [
            {"agent_id": 4, "display_name": "张伟", "assigned": 4, "held": 2, "resolved": 3},
            {"agent_id": 5, "display_name": "Amy", "assigned": 1, "held": 0, "resolved": 2},
        ],
        "per_channel": [
            {"channel": "chat", "created": 6},
            {"channel": "email", "created": 3},
            {"channel": "phone", "created": 0},
            {"channel": "social", "created": 0},
            {"channel": "feedback", "created": 0},
        ],
        "daily": [
            {"date": "2026-11-22", "created": 2, "resolved": 1, "breached": 0},
            {"date": "2026-11-23", "created": 3, "resolved": 4, "breached": 1},
            {"date": "2026-11-24", "created": 4, "resolved": 0, "breached": 2},
        ],
    }
    answer.update(changes)
    return answer


@dataclass
class FakeBridge(AnsweringBridge):
    answer: Callable[[str, dict[str, Any]], Any] = lambda kind, fields: stats()


def window_with(qtbot: QtBot, bridge: FakeBridge) -> DashboardWindow:
    window = DashboardWindow(bridge, clock=lambda: NOW)
    qtbot.addWidget(window)
    return window


def test_models_pass_the_model_tester(qtmodeltester: ModelTester) -> None:
    answer = stats()
    for model, rows in (
        (AgentStatsModel(), answer["per_agent"]),
        (ChannelStatsModel(), answer["per_channel"]),
        (DailyStatsModel(), answer["daily"]),
    ):
        qtmodeltester.check(model)  # type: ignore[no-untyped-call]
        model.set_rows(rows)
        qtmodeltester.check(model)  # type: ignore[no-untyped-call]
        assert model.rowCount() == len(rows)
        model.clear()
        assert model.rowCount() == 0


def test_the_models_read_as_a_lead_reads_them() -> None:
    agents = AgentStatsModel()
    agents.set_rows(stats()["per_agent"])
    assert agents.table() == [
        ["Agent", "Assigned in period", "Holding now", "Resolved in period"],
        ["张伟", 4, 2, 3],
        ["Amy", 1, 0, 2],
    ]
    channels = ChannelStatsModel()
    channels.set_rows(stats()["per_channel"])
    assert channels.index(0, 0).data() == "Chat" and channels.index(1, 1).data() == 3


def test_durations_read_as_words() -> None:
    assert format_span(None) == "—"
    assert format_span(45.4) == "45 s"
    assert format_span(264.0) == "4 min 24 s"
    assert format_span(7200.0) == "2 h 0 min"
    assert format_span(70560.0) == "19 h 36 min"
    assert format_span(3 * 86400 + 5 * 3600 + 59) == "3 d 5 h"


def test_the_window_asks_for_today_and_shows_the_answer(qtbot: QtBot) -> None:
    bridge = FakeBridge()
    window = window_with(qtbot, bridge)
    assert bridge.calls == [
        (
            "dashboard.stats",
            {"since": "2026-11-24T00:00:00+08:00", "until": "2026-11-25T00:00:00+08:00"},
        )
    ]
    texts = {key: label.text() for key, label in window.figures.items()}
    assert texts == {
        "queue_size": "2",
        "open_total": "7",
        "breaches": "3",
        "created": "9",
        "resolved": "5",
        "first_response_median": "2 min 0 s",
        "first_response_p90": "4 min 24 s",
        "resolution_median": "2 h 0 min",
        "resolution_p90": "19 h 36 min",
    }
    assert window.agents_model.rowCount() == 2 and window.daily_model.rowCount() == 3
    assert window.agents_model.index(0, 0).data() == "张伟"
    assert window.export_button.isEnabled() and window.status_label.text() == ""

    xs, created = window.daily_curves["created"].getData()
    assert list(xs) == [0, 1, 2] and list(created) == [2, 3, 4]
    assert list(window.daily_curves["breached"].getData()[1]) == [0, 1, 2]
    assert list(window.agent_bars["assigned"].opts["height"]) == [4, 1]
    assert list(window.agent_bars["resolved"].opts["height"]) == [3, 2]
    assert list(window.channel_bars.opts["height"]) == [6, 3, 0, 0, 0]
    ticks = window.agents_plot.getAxis("bottom")._tickLevels
    assert [label for _, label in ticks[0]] == ["张伟", "Amy"]


def test_unmeasured_durations_show_a_dash(qtbot: QtBot) -> None:
    empty = {"count": 0, "median_seconds": None, "p90_seconds": None}
    bridge = FakeBridge(answer=lambda kind, fields: stats(first_response=empty))
    window = window_with(qtbot, bridge)
    assert window.figures["first_response_median"].text() == "—"
    assert window.figures["first_response_p90"].text() == "—"


def test_the_period_chooser(qtbot: QtBot) -> None:
    bridge = FakeBridge()
    window = window_with(qtbot, bridge)
    assert not window.from_edit.isEnabled()
    window.set_period(WEEK)
    assert bridge.calls[-1][1] == {
        "since": "2026-11-18T00:00:00+08:00",
        "until": "2026-11-25T00:00:00+08:00",
    }
    window.set_period(MONTH)
    assert bridge.calls[-1][1]["since"] == "2026-10-26T00:00:00+08:00"
    asked = len(bridge.calls)
    window.set_period(CUSTOM)
    assert window.from_edit.isEnabled() and window.to_edit.isEnabled()
    assert len(bridge.calls) == asked  # nothing asked before the dates are chosen
    window.set_custom_dates(date(2026, 10, 1), date(2026, 10, 31))
    window.refresh_button.click()
    assert bridge.calls[-1][1] == {
        "since": "2026-10-01T00:00:00+08:00",
        "until": "2026-11-01T00:00:00+08:00",
    }
    window.set_custom_dates(date(2026, 10, 31), date(2026, 10, 1))
    window.refresh()
    window.set_custom_dates(date(2025, 1, 1), date(2026, 1, 2))  # 367 days
    window.refresh()
    assert len(bridge.calls) == asked + 1
    assert "366 days" in window.status_label.text()
    window.set_custom_dates(date(2025, 1, 1), date(2026, 1, 1))  # 366 days is fine
    window.refresh()
    assert len(bridge.calls) == asked + 2
    window.set_period(TODAY)
    assert not window.from_edit.isEnabled()
    with pytest.raises(ValueError):
        window.set_period("fortnight")


def test_a_late_answer_to_an_earlier_period_is_dropped(qtbot: QtBot) -> None:
    bridge = FakeBridge(hold=True)
    window = window_with(qtbot, bridge)
    assert window.status_label.text() == "Loading…"
    window.set_period(WEEK)
    (today_result, _), (week_result, _) = bridge.held
    week_result(stats(queue_size=11))
    today_result(stats(queue_size=99))
    assert window.figures["queue_size"].text() == "11"
    assert window.stats() is not None and window.stats()["queue_size"] == 11  # type: ignore[index]


def test_errors_are_shown(qtbot: QtBot) -> None:
    def refuse(kind: str, fields: dict[str, Any]) -> Any:
        raise RequestError("forbidden", "only leads and admins see the dashboard")

    window = window_with(qtbot, FakeBridge(answer=refuse))
    assert window.status_label.text() == "Only team leads and admins may see this."
    assert not window.export_button.isEnabled()
    with pytest.raises(ValueError):
        window.export_csv("never-written.csv")

    def fail(kind: str, fields: dict[str, Any]) -> Any:
        raise RequestError("invalid_request", "the period may be at most 366 days long")

    window = window_with(qtbot, FakeBridge(answer=fail))
    assert window.status_label.text() == "Could not load: the period may be at most 366 days long"


def test_csv_export_writes_figures_and_tables(qtbot: QtBot, tmp_path: Path) -> None:
    window = window_with(qtbot, FakeBridge())
    window.set_period(WEEK)
    target = tmp_path / "dashboard.csv"
    window.export_csv(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[:12] == [
        ["Period", "2026-11-18", "2026-11-24"],
        [],
        ["Figure", "Value"],
        ["Waiting in queue", "2"],
        ["Open conversations", "7"],
        ["SLA breaches", "3"],
        ["Created", "9"],
        ["Resolved", "5"],
        ["First response, median (seconds)", "120.0"],
        ["First response, 90th percentile (seconds)", "264.0"],
        ["Resolution time, median (seconds)", "7200.0"],
        ["Resolution time, 90th percentile (seconds)", "70560.0"],
    ]
    assert rows[12:] == [
        [],
        ["Agent", "Assigned in period", "Holding now", "Resolved in period"],
        ["张伟", "4", "2", "3"],
        ["Amy", "1", "0", "2"],
        [],
        ["Channel", "Created in period"],
        ["Chat", "6"],
        ["Email", "3"],
        ["Phone", "0"],
        ["Social", "0"],
        ["Feedback", "0"],
        [],
        ["Day", "Created", "Resolved", "SLA breaches"],
        ["2026-11-22", "2", "1", "0"],
        ["2026-11-23", "3", "4", "1"],
        ["2026-11-24", "4", "0", "2"],
    ]


def test_the_window_shows_without_qt_warnings(qtbot: QtBot) -> None:
    window = window_with(qtbot, FakeBridge())
    window.show()
    qtbot.waitExposed(window)
    assert window.isWindow() and window.daily_plot.isVisible()
