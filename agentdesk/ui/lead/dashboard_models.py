"""The dashboard's tables (per agent, per channel, per day) and what the report windows share:
the bridge they call, the desk's days, and durations as a lead reads them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from agentdesk.ui.bridge import RequestBridge
from agentdesk.ui.conversation.formatting import channel_name

Index = QModelIndex | QPersistentModelIndex
# The desk counts its days in Shanghai time (the server's `daily` series does too), so
# "today" is the desk's today wherever the desktop runs.
DESK_ZONE = ZoneInfo("Asia/Shanghai")
LONGEST_PERIOD_DAYS = 366
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the raw value: numbers sort as numbers


ReportBridge = RequestBridge  # what the report windows need of `DeskBridge`


def desk_midnight(day: date) -> datetime:
    """The start of a desk day, as an aware time."""
    return datetime.combine(day, time(0), tzinfo=DESK_ZONE)


def desk_today(now: datetime) -> date:
    return now.astimezone(DESK_ZONE).date()


def format_span(seconds: object) -> str:
    """A duration for a figure: "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h"; "—" unknown."""
    if not isinstance(seconds, int | float) or isinstance(seconds, bool):
        return "—"
    total = max(0, round(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    translate = QCoreApplication.translate
    if days:
        return translate("Dashboard", "{days} d {hours} h").format(days=days, hours=hours)
    if hours:
        return translate("Dashboard", "{hours} h {minutes} min").format(
            hours=hours, minutes=minutes
        )
    if minutes:
        return translate("Dashboard", "{minutes} min {seconds} s").format(
            minutes=minutes, seconds=secs
        )
    return translate("Dashboard", "{seconds} s").format(seconds=secs)


def error_text(error: Exception) -> str:
    """A refusal or failure as one line for a status label."""
    code = getattr(error, "code", None)
    if code == "forbidden":
        return QCoreApplication.translate("Dashboard", "Only team leads and admins may see this.")
    message = getattr(error, "message", None) or str(error)
    return QCoreApplication.translate("Dashboard", "Could not load: {reason}").format(
        reason=message
    )


class FigureTable(QAbstractTableModel):
    """A read-only table of rows from the server: the first column is text, the others
    whole numbers. Subclasses name the columns and say how a row reads."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Any, ...]] = []

    # -- what subclasses give ---------------------------------------------------------

    def titles(self) -> Sequence[str]:
        raise NotImplementedError

    def cells_of(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        raise NotImplementedError

    # -- filling and reading ----------------------------------------------------------

    def set_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [self.cells_of(row) for row in rows]
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def table(self) -> list[list[Any]]:
        """The header and the rows, as shown: what a CSV export writes."""
        return [list(self.titles()), *(list(row) for row in self._rows)]

    def column_values(self, column: int) -> list[Any]:
        return [row[column] for row in self._rows]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.titles()) - 1)

    # -- QAbstractTableModel ----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.titles())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        titles = self.titles()
        if (
            orientation != Qt.Orientation.Horizontal
            or role != Qt.ItemDataRole.DisplayRole
            or not 0 <= section < len(titles)
        ):
            return None
        return titles[section]


class AgentStatsModel(FigureTable):
    """Per agent: assigned in the period, held now, resolved in the period."""

    AGENT, ASSIGNED, HELD, RESOLVED = range(4)

    def titles(self) -> Sequence[str]:
        return (
            self.tr("Agent"),
            self.tr("Assigned in period"),
            self.tr("Holding now"),
            self.tr("Resolved in period"),
        )

    def cells_of(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (
            str(row.get("display_name") or ""),
            int(row.get("assigned") or 0),
            int(row.get("held") or 0),
            int(row.get("resolved") or 0),
        )


class ChannelStatsModel(FigureTable):
    """Per channel: conversations created in the period."""

    CHANNEL, CREATED = range(2)

    def titles(self) -> Sequence[str]:
        return (self.tr("Channel"), self.tr("Created in period"))

    def cells_of(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (channel_name(str(row.get("channel") or "")), int(row.get("created") or 0))


class DailyStatsModel(FigureTable):
    """Per desk day: created, resolved and breached."""

    DAY, CREATED, RESOLVED, BREACHED = range(4)

    def titles(self) -> Sequence[str]:
        return (self.tr("Day"), self.tr("Created"), self.tr("Resolved"), self.tr("SLA breaches"))

    def cells_of(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (
            str(row.get("date") or ""),
            int(row.get("created") or 0),
            int(row.get("resolved") or 0),
            int(row.get("breached") or 0),
        )


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[first day's midnight, the midnight after the last day) in the desk's zone."""
    return desk_midnight(first), desk_midnight(last + timedelta(days=1))
