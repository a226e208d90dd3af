"""The lead view's models: the team's agents (a drop target) and the queue (a drag source).

Conversations travel between them as a custom MIME type carrying their ids and the
versions the lead saw, so the server can refuse a move of one changed meanwhile. Dropping
calls nothing: the agents model emits `conversations_dropped` and the view decides.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from agentdesk.ui.inbox.inbox_clock import compact_duration, utc_now
from agentdesk.ui.inbox.inbox_model import InboxRole
from agentdesk.ui.inbox.inbox_rows import ConversationRow, parse_timestamp

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

CONVERSATIONS_MIME = "application/x-agentdesk-conversations"

NAME, LOAD, OLDEST, AT_RISK = range(4)
COLUMNS = 4
PRESENCE_COLOURS = {"online": "#2e7d32", "away": "#e08a00", "offline": "#9e9e9e"}
FULL_COLOUR = QColor("#c62828")  # open conversations at or over capacity; SLA at risk
DOT_SIZE = 12


class AgentRole(IntEnum):
    Id = Qt.ItemDataRole.UserRole + 1
    Presence = Qt.ItemDataRole.UserRole + 2
    Agent = Qt.ItemDataRole.UserRole + 3  # the overview's agent dict


def presence_text(presence: str) -> str:
    texts = {
        "online": QCoreApplication.translate("LeadModels", "Online"),
        "away": QCoreApplication.translate("LeadModels", "Away"),
        "offline": QCoreApplication.translate("LeadModels", "Offline"),
    }
    return texts.get(presence, presence)


_dots: dict[str, QIcon] = {}


def presence_dot(presence: str) -> QIcon:
    """A small filled circle in the presence's colour (made once per colour)."""
    icon = _dots.get(presence)
    if icon is None:
        pixmap = QPixmap(DOT_SIZE, DOT_SIZE)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PRESENCE_COLOURS.get(presence, PRESENCE_COLOURS["offline"])))
        painter.drawEllipse(1, 1, DOT_SIZE - 2, DOT_SIZE - 2)
        painter.end()
        icon = _dots[presence] = QIcon(pixmap)
    return icon


def encode_conversations(ids: Sequence[int], versions: Mapping[str, int]) -> QMimeData:
    """Conversation ids and the versions the lead saw, as a drag carries them."""
    data = QMimeData()
    payload = {
        "ids": [int(i) for i in ids],
        "versions": {str(k): int(v) for k, v in versions.items()},
    }
    data.setData(CONVERSATIONS_MIME, QByteArray(json.dumps(payload).encode()))
    return data


def decode_conversations(data: QMimeData | None) -> tuple[list[int], dict[str, int]] | None:
    """The ids and versions a drag carries, or None when it carries no conversations."""
    if data is None or not data.hasFormat(CONVERSATIONS_MIME):
        return None
    try:
        payload = json.loads(bytes(data.data(CONVERSATIONS_MIME).data()).decode())
        ids = [int(i) for i in payload["ids"]]
        versions = {str(k): int(v) for k, v in payload.get("versions", {}).items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return (ids, versions) if ids else None


class TeamAgentsModel(QAbstractTableModel):
    """The agents of `lead.overview`: name with a presence dot, open/capacity, how long the
    oldest of their conversations has waited, and how many are close to their SLA.

    Rows accept drops of conversations (`CONVERSATIONS_MIME`) onto an agent: the model
    emits `conversations_dropped(agent_id, ids, versions)` and changes nothing itself."""

    conversations_dropped = Signal(int, object, object)  # agent id, [ids], {"id": version}

    def __init__(
        self, parent: QObject | None = None, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self._agents: list[dict[str, Any]] = []
        self._clock = clock

    # Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._agents)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        agent = self._agents[index.row()]
        column = index.column()
        presence = str(agent.get("presence") or "offline")
        if role == AgentRole.Id:
            return int(agent["id"])
        if role == AgentRole.Presence:
            return presence
        if role == AgentRole.Agent:
            return agent
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(agent, column)
        if role == Qt.ItemDataRole.DecorationRole and column == NAME:
            return presence_dot(presence)
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            return f"{agent['display_name']} — {presence_text(presence)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column != NAME:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._alarming(agent, column):
            return QBrush(FULL_COLOUR)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            NAME: self.tr("Agent"),
            LOAD: self.tr("Open / capacity"),
            OLDEST: self.tr("Oldest waiting"),
            AT_RISK: self.tr("SLA at risk"),
        }
        return titles.get(section)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
        )

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        for role in AgentRole:
            names[int(role)] = QByteArray(("agent" + role.name).encode())
        return names

    # Drops ------------------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CONVERSATIONS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: ModelIndex,
    ) -> bool:
        return self._target(row, parent) is not None and decode_conversations(data) is not None

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: ModelIndex,
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        target = self._target(row, parent)
        carried = decode_conversations(data)
        if target is None or carried is None:
            return False
        ids, versions = carried
        self.conversations_dropped.emit(int(self._agents[target]["id"]), ids, versions)
        return True

    # Contents ---------------------------------------------------------------------------

    def set_agents(self, agents: Iterable[Mapping[str, Any]]) -> None:
        """The overview's agents; the same agents in the same order only repaint."""
        fresh = [dict(agent) for agent in agents]
        if [a["id"] for a in fresh] == [a["id"] for a in self._agents]:
            self._agents = fresh
            if fresh:
                self.dataChanged.emit(self.index(0, 0), self.index(len(fresh) - 1, COLUMNS - 1))
            return
        self.beginResetModel()
        self._agents = fresh
        self.endResetModel()

    def agents(self) -> list[dict[str, Any]]:
        return list(self._agents)

    def agent_at(self, row: int) -> dict[str, Any] | None:
        return self._agents[row] if 0 <= row < len(self._agents) else None

    def agent(self, agent_id: int | None) -> dict[str, Any] | None:
        return next((a for a in self._agents if a["id"] == agent_id), None)

    def row_of(self, agent_id: int) -> int:
        return next((row for row, a in enumerate(self._agents) if a["id"] == agent_id), -1)

    def tick(self) -> None:
        """Time passed: the oldest-waiting column is repainted."""
        if self._agents:
            top, bottom = self.index(0, OLDEST), self.index(len(self._agents) - 1, OLDEST)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    # Internals --------------------------------------------------------------------------

    def _display(self, agent: Mapping[str, Any], column: int) -> str:
        if column == NAME:
            return str(agent["display_name"])
        if column == LOAD:
            return f"{int(agent.get('open') or 0)}/{int(agent.get('capacity') or 0)}"
        if column == OLDEST:
            return waiting_for(agent.get("oldest_waiting_at"), self._clock())
        return str(int(agent.get("at_risk") or 0))

    def _alarming(self, agent: Mapping[str, Any], column: int) -> bool:
        if column == LOAD:
            capacity = int(agent.get("capacity") or 0)
            return capacity > 0 and int(agent.get("open") or 0) >= capacity
        if column == AT_RISK:
            return int(agent.get("at_risk") or 0) > 0
        return False

    def _target(self, row: int, parent: ModelIndex) -> int | None:
        """The agent row a drop lands on: onto an item only (`parent` is that item)."""
        if parent.isValid() and 0 <= parent.row() < len(self._agents):
            return parent.row()
        return None


def waiting_for(since: object, now: datetime) -> str:
    """How long something has waited as the lead view shows it ("12m", "3h"); "—" for
    nothing waiting."""
    moment = parse_timestamp(since)
    if moment is None:
        return "—"
    return compact_duration(max(now - moment, timedelta(0)))


class QueueModel(QAbstractListModel):
    """Conversations in the order the server gives them (the queue: longest waiting first),
    with the inbox's roles so the inbox delegate paints them, and draggable onto an agent.

    `set_conversations()` removes the rows gone and inserts the new ones in place, so the
    lead's selection survives a refresh."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ConversationRow] = []

    # Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        field = _QUEUE_FIELDS.get(role)
        return field(self._rows[index.row()]) if field is not None else None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        for role in InboxRole:
            names[int(role)] = QByteArray((role.name[0].lower() + role.name[1:]).encode())
        return names

    def mimeTypes(self) -> list[str]:
        return [CONVERSATIONS_MIME]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        ids, versions = self.conversations(rows)
        return encode_conversations(ids, versions)

    # Contents ---------------------------------------------------------------------------

    def set_conversations(self, items: Iterable[Mapping[str, Any]]) -> None:
        """Show these summaries in this order."""
        fresh = list({row.id: row for row in map(ConversationRow.from_summary, items)}.values())
        wanted = {row.id for row in fresh}
        for position in reversed(range(len(self._rows))):
            if self._rows[position].id not in wanted:
                self.beginRemoveRows(_ROOT, position, position)
                del self._rows[position]
                self.endRemoveRows()
        kept = [row.id for row in self._rows]
        present = set(kept)
        if [row.id for row in fresh if row.id in present] != kept:
            self.beginResetModel()  # the order changed: start over
            self._rows = fresh
            self.endResetModel()
            return
        for position, row in enumerate(fresh):
            if position < len(self._rows) and self._rows[position].id == row.id:
                self._rows[position] = row
                continue
            self.beginInsertRows(_ROOT, position, position)
            self._rows.insert(position, row)
            self.endInsertRows()
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def conversation_ids(self) -> list[int]:
        return [row.id for row in self._rows]

    def row_of(self, conversation_id: int) -> int:
        return next((n for n, row in enumerate(self._rows) if row.id == conversation_id), -1)

    def summary_at(self, row: int) -> Mapping[str, Any] | None:
        return self._rows[row].summary if 0 <= row < len(self._rows) else None

    def summary_of(self, conversation_id: int) -> Mapping[str, Any] | None:
        return self.summary_at(self.row_of(conversation_id))

    def conversations(self, rows: Iterable[int]) -> tuple[list[int], dict[str, int]]:
        """The ids (in the order given) and versions of these rows."""
        ids: list[int] = []
        versions: dict[str, int] = {}
        for row in rows:
            summary = self.summary_at(row)
            if summary is None or str(summary["id"]) in versions:
                continue
            ids.append(int(summary["id"]))
            versions[str(summary["id"])] = int(summary["version"])
        return ids, versions


_QUEUE_FIELDS: dict[int, Callable[[ConversationRow], Any]] = {
    int(Qt.ItemDataRole.DisplayRole): lambda row: row.customer_name,
    int(Qt.ItemDataRole.ToolTipRole): lambda row: row.tooltip,
    int(InboxRole.Id): lambda row: row.id,
    int(InboxRole.Channel): lambda row: row.channel,
    int(InboxRole.Customer): lambda row: row.customer_name,
    int(InboxRole.Subject): lambda row: row.subject,
    int(InboxRole.Snippet): lambda row: row.snippet,
    int(InboxRole.LastMessageAt): lambda row: row.last_message_at,
    int(InboxRole.SlaDueAt): lambda row: row.sla_due_at,
    int(InboxRole.Unread): lambda row: False,
    int(InboxRole.Assignee): lambda row: row.assignee_name,
    int(InboxRole.Status): lambda row: row.status,
    int(InboxRole.Priority): lambda row: row.priority,
    int(InboxRole.Version): lambda row: row.version,
    int(InboxRole.Summary): lambda row: row.summary,
    int(InboxRole.Viewers): lambda row: [],
}
