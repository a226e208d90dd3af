"""The leads' dashboard window: a period, the team's figures, charts and tables, and CSV.

Everything comes from one `dashboard.stats` request through the bridge; the window never
waits for it. A later answer to an earlier period is dropped, so a lead clicking quickly
through periods always ends on the figures of the last one chosen.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agentdesk.ui.lead.dashboard_models import (
    DESK_ZONE,
    LONGEST_PERIOD_DAYS,
    AgentStatsModel,
    ChannelStatsModel,
    DailyStatsModel,
    FigureTable,
    ReportBridge,
    desk_today,
    error_text,
    format_span,
    period_bounds,
)

TODAY, WEEK, MONTH, CUSTOM = "today", "7d", "30d", "custom"
PERIOD_DAYS = {TODAY: 1, WEEK: 7, MONTH: 30}
FIGURES = (
    "queue_size",
    "open_total",
    "breaches",
    "created",
    "resolved",
    "first_response_median",
    "first_response_p90",
    "resolution_median",
    "resolution_p90",
)
SERIES_COLOURS = {"created": "#1565c0", "resolved": "#2e7d32", "breached": "#c62828"}
BAR_COLOURS = ("#1565c0", "#2e7d32", "#ef6c00")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DashboardWindow(QWidget):
    """A window of its own (it is given the main window as parent only to stay on top of
    it and close with it)."""

    def __init__(
        self,
        bridge: ReportBridge,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.bridge = bridge
        self._clock = clock or (lambda: datetime.now(UTC))
        self._asked = 0  # the number of the latest request; older answers are dropped
        self._stats: Mapping[str, Any] | None = None
        self._period: tuple[datetime, datetime] | None = None
        self.setWindowTitle(self.tr("Team dashboard"))
        self.resize(1000, 760)

        self.agents_model = AgentStatsModel(self)
        self.channels_model = ChannelStatsModel(self)
        self.daily_model = DailyStatsModel(self)

        outer = QVBoxLayout(self)
        outer.addLayout(self._period_row())
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        outer.addWidget(self.status_label)
        outer.addLayout(self._figures_grid())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._charts())
        splitter.addWidget(self._tables())
        outer.addWidget(splitter, 1)

        self.refresh()

    # -- building -----------------------------------------------------------------------

    def _period_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.period_box = QComboBox()
        for key, text in (
            (TODAY, self.tr("Today")),
            (WEEK, self.tr("Last 7 days")),
            (MONTH, self.tr("Last 30 days")),
            (CUSTOM, self.tr("Custom…")),
        ):
            self.period_box.addItem(text, key)
        today = _qdate(desk_today(self._clock()))
        self.from_edit = QDateEdit(today)
        self.to_edit = QDateEdit(today)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setEnabled(False)
        row.addWidget(QLabel(self.tr("Period:")))
        row.addWidget(self.period_box)
        row.addWidget(QLabel(self.tr("From")))
        row.addWidget(self.from_edit)
        row.addWidget(QLabel(self.tr("To")))
        row.addWidget(self.to_edit)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        self.period_box.currentIndexChanged.connect(self._period_chosen)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self._ask_export_path)
        return row

    def _figure_titles(self) -> dict[str, str]:
        return {
            "queue_size": self.tr("Waiting in queue"),
            "open_total": self.tr("Open conversations"),
            "breaches": self.tr("SLA breaches"),
            "created": self.tr("Created"),
            "resolved": self.tr("Resolved"),
            "first_response_median": self.tr("First response, median"),
            "first_response_p90": self.tr("First response, 90th percentile"),
            "resolution_median": self.tr("Resolution time, median"),
            "resolution_p90": self.tr("Resolution time, 90th percentile"),
        }

    def _figures_grid(self) -> QGridLayout:
        grid = QGridLayout()
        self.figures: dict[str, QLabel] = {}
        for n, (key, title) in enumerate(self._figure_titles().items()):
            caption = QLabel(title)
            caption.setStyleSheet("color:#555;")
            value = QLabel("—")
            value.setStyleSheet("font-size:18px;font-weight:600;")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, (n // 5) * 2, n % 5)
            grid.addWidget(value, (n // 5) * 2 + 1, n % 5)
            self.figures[key] = value
        return grid

    def _plot(self, title: str) -> Any:
        plot = pg.PlotWidget(background="w")
        plot.setTitle(title, color="#222")
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.setMinimumHeight(180)
        plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setPen("#888")
            axis.setTextPen("#222")
        return plot

    def _charts(self) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.daily_plot = self._plot(self.tr("Per day"))
        self.daily_plot.addLegend(offset=(10, 10))
        names = {
            "created": self.tr("Created"),
            "resolved": self.tr("Resolved"),
            "breached": self.tr("SLA breaches"),
        }
        self.daily_curves: dict[str, Any] = {
            key: self.daily_plot.plot(
                [],
                [],
                pen=pg.mkPen(SERIES_COLOURS[key], width=2),
                symbol="o",
                symbolSize=6,
                symbolBrush=SERIES_COLOURS[key],
                name=name,
            )
            for key, name in names.items()
        }
        self.agents_plot = self._plot(self.tr("Per agent"))
        self.agents_plot.addLegend(offset=(10, 10))
        self.agent_bars: dict[str, Any] = {}
        for n, (key, name) in enumerate(
            (
                ("assigned", self.tr("Assigned")),
                ("held", self.tr("Holding now")),
                ("resolved", self.tr("Resolved")),
            )
        ):
            bars = pg.BarGraphItem(x=[], height=[], width=0.27, brush=BAR_COLOURS[n], name=name)
            self.agents_plot.addItem(bars)
            self.agent_bars[key] = bars
        self.channels_plot = self._plot(self.tr("Created per channel"))
        self.channel_bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush=BAR_COLOURS[0])
        self.channels_plot.addItem(self.channel_bars)
        layout.addWidget(self.daily_plot, 2)
        layout.addWidget(self.agents_plot, 1)
        layout.addWidget(self.channels_plot, 1)
        return box

    def _table(self, model: FigureTable) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSortingEnabled(False)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        return view

    def _tables(self) -> QWidget:
        self.tabs = QTabWidget()
        self.agents_view = self._table(self.agents_model)
        self.channels_view = self._table(self.channels_model)
        self.daily_view = self._table(self.daily_model)
        self.tabs.addTab(self.agents_view, self.tr("Per agent"))
        self.tabs.addTab(self.channels_view, self.tr("Per channel"))
        self.tabs.addTab(self.daily_view, self.tr("Per day"))
        return self.tabs

    # -- the period -----------------------------------------------------------------------

    def set_period(self, key: str) -> None:
        """Choose TODAY, WEEK, MONTH or CUSTOM; a fixed period is loaded at once."""
        index = self.period_box.findData(key)
        if index < 0:
            raise ValueError(f"no period {key!r}")
        self.period_box.setCurrentIndex(index)

    def set_custom_dates(self, first: date, last: date) -> None:
        """The custom period's first and last days (both included); load with `refresh`."""
        self.from_edit.setDate(_qdate(first))
        self.to_edit.setDate(_qdate(last))

    def _period_chosen(self) -> None:
        custom = self.period_box.currentData() == CUSTOM
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if not custom:
            self.refresh()

    def period(self) -> tuple[datetime, datetime] | None:
        """[since, until) of the chosen period, or None when the custom dates are wrong."""
        key = self.period_box.currentData()
        if key in PERIOD_DAYS:
            today = desk_today(self._clock())
            return period_bounds(today - timedelta(days=PERIOD_DAYS[key] - 1), today)
        first, last = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        if last < first or (last - first).days + 1 > LONGEST_PERIOD_DAYS:
            return None
        return period_bounds(first, last)

    # -- talking to the server --------------------------------------------------------------

    def refresh(self) -> None:
        bounds = self.period()
        if bounds is None:
            self.status_label.setText(
                self.tr("Choose a first day on or before the last, at most 366 days apart.")
            )
            return
        since, until = bounds
        self._asked += 1
        asked = self._asked
        self.status_label.setText(self.tr("Loading…"))
        self.bridge.call(
            "dashboard.stats",
            {"since": since.isoformat(), "until": until.isoformat()},
            on_result=lambda stats: self._answered(asked, bounds, stats),
            on_error=lambda error: self._failed(asked, error),
        )

    def _answered(
        self, asked: int, bounds: tuple[datetime, datetime], stats: Mapping[str, Any]
    ) -> None:
        if asked == self._asked:
            self._period = bounds
            self.show_stats(stats)

    def _failed(self, asked: int, error: Exception) -> None:
        if asked == self._asked:
            self.show_error(error)

    def show_stats(self, stats: Mapping[str, Any]) -> None:
        self._stats = stats
        self.status_label.setText("")
        for key, text in self._figure_texts(stats).items():
            self.figures[key].setText(text)
        self.agents_model.set_rows(stats.get("per_agent") or [])
        self.channels_model.set_rows(stats.get("per_channel") or [])
        self.daily_model.set_rows(stats.get("daily") or [])
        self._draw()
        self.export_button.setEnabled(True)

    def show_error(self, error: Exception) -> None:
        self.status_label.setText(error_text(error))

    def stats(self) -> Mapping[str, Any] | None:
        """The figures shown, as the server sent them."""
        return self._stats

    @staticmethod
    def _figure_texts(stats: Mapping[str, Any]) -> dict[str, str]:
        first = stats.get("first_response") or {}
        resolution = stats.get("resolution") or {}
        return {
            "queue_size": str(stats.get("queue_size", 0)),
            "open_total": str(stats.get("open_total", 0)),
            "breaches": str(stats.get("breaches", 0)),
            "created": str(stats.get("created", 0)),
            "resolved": str(stats.get("resolved", 0)),
            "first_response_median": format_span(first.get("median_seconds")),
            "first_response_p90": format_span(first.get("p90_seconds")),
            "resolution_median": format_span(resolution.get("median_seconds")),
            "resolution_p90": format_span(resolution.get("p90_seconds")),
        }

    # -- charts -------------------------------------------------------------------------------

    def _draw(self) -> None:
        daily = self.daily_model
        days = daily.column_values(DailyStatsModel.DAY)
        xs = list(range(len(days)))
        columns = {
            "created": DailyStatsModel.CREATED,
            "resolved": DailyStatsModel.RESOLVED,
            "breached": DailyStatsModel.BREACHED,
        }
        for key, column in columns.items():
            self.daily_curves[key].setData(xs, daily.column_values(column))
        every = max(1, len(days) // 10)  # at most about ten dates under the axis
        self.daily_plot.getAxis("bottom").setTicks(
            [[(x, day[5:]) for x, day in zip(xs, days, strict=True) if x % every == 0]]
        )

        agents = self.agents_model
        names = agents.column_values(AgentStatsModel.AGENT)
        xs = list(range(len(names)))
        for offset, key, column in (
            (-0.28, "assigned", AgentStatsModel.ASSIGNED),
            (0.0, "held", AgentStatsModel.HELD),
            (0.28, "resolved", AgentStatsModel.RESOLVED),
        ):
            self.agent_bars[key].setOpts(
                x=[x + offset for x in xs], height=agents.column_values(column)
            )
        self.agents_plot.getAxis("bottom").setTicks([list(zip(xs, names, strict=True))])

        channels = self.channels_model
        labels = channels.column_values(ChannelStatsModel.CHANNEL)
        xs = list(range(len(labels)))
        self.channel_bars.setOpts(x=xs, height=channels.column_values(ChannelStatsModel.CREATED))
        self.channels_plot.getAxis("bottom").setTicks([list(zip(xs, labels, strict=True))])

    # -- export ---------------------------------------------------------------------------------

    def _ask_export_path(self) -> None:
        if self._stats is None:
            return
        since = self._period[0] if self._period is not None else None
        day = since.astimezone(DESK_ZONE).date().isoformat() if since else "period"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the dashboard"),
            f"dashboard-{day}.csv",
            self.tr("CSV files (*.csv)"),
        )
        if path:
            try:
                self.export_csv(path)
            except OSError as exc:
                self.status_label.setText(
                    self.tr("Could not write {path}: {reason}").format(
                        path=path, reason=exc.strerror or exc
                    )
                )
            else:
                self.status_label.setText(self.tr("Saved {path}").format(path=path))

    def export_csv(self, path: str | Path) -> None:
        """Write the figures and the three tables shown to `path`, as UTF-8 with a byte
        order mark so that Excel reads Chinese names right; sections are separated by an
        empty line. Durations are in seconds, as numbers."""
        if self._stats is None:
            raise ValueError("there are no figures to export yet")
        stats = self._stats
        rows: list[Sequence[Any]] = []
        since, until = self._period or (None, None)
        if since is not None and until is not None:
            last_day = (until - timedelta(days=1)).astimezone(DESK_ZONE).date()
            first_day = since.astimezone(DESK_ZONE).date()
            rows.append([self.tr("Period"), first_day.isoformat(), last_day.isoformat()])
            rows.append([])
        rows.append([self.tr("Figure"), self.tr("Value")])
        titles = self._figure_titles()
        first = stats.get("first_response") or {}
        resolution = stats.get("resolution") or {}
        seconds = self.tr("{figure} (seconds)")
        values: dict[str, Any] = {
            "queue_size": stats.get("queue_size", 0),
            "open_total": stats.get("open_total", 0),
            "breaches": stats.get("breaches", 0),
            "created": stats.get("created", 0),
            "resolved": stats.get("resolved", 0),
            "first_response_median": first.get("median_seconds"),
            "first_response_p90": first.get("p90_seconds"),
            "resolution_median": resolution.get("median_seconds"),
            "resolution_p90": resolution.get("p90_seconds"),
        }
        for key in FIGURES:
            title = titles[key]
            if key.endswith(("_median", "_p90")):
                title = seconds.format(figure=title)
            value = values[key]
            rows.append([title, "" if value is None else value])
        for model in (self.agents_model, self.channels_model, self.daily_model):
            rows.append([])
            rows.extend(model.table())
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
