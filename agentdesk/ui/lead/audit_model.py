"""The audit trail as a table model, paged in from the server as the view scrolls."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from agentdesk.ui.conversation.formatting import epoch_seconds, format_moment
from agentdesk.ui.conversation.safe_browser import plain_tooltip
from agentdesk.ui.paging import CursorPagedTableModel, Index

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the wire dict, as the server sent it
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
TIME, AGENT, ACTION, TARGET, DETAIL, ADDRESS = range(6)
DETAIL_LENGTH = 120
DENIED_COLOUR = QColor("#b3261e")


def target_text(target_type: str, target_id: str) -> str:
    """ "Conversation 88", "Customer 3", or the raw type and id for anything else."""
    if not target_type:
        return target_id
    translate = QCoreApplication.translate
    names = {
        "conversation": translate("AuditModel", "Conversation {id}"),
        "customer": translate("AuditModel", "Customer {id}"),
        "agent": translate("AuditModel", "Agent {id}"),
        "team": translate("AuditModel", "Team {id}"),
    }
    if target_type in names and target_id:
        return names[target_type].format(id=target_id)
    return f"{target_type} {target_id}".strip()


def detail_summary(detail: object) -> str:
    """`key: value; key: value` on one line, cut at DETAIL_LENGTH characters."""
    if not isinstance(detail, Mapping) or not detail:
        return ""
    parts = []
    for key, value in detail.items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}: {shown}")
    line = " ".join("; ".join(parts).split())
    if len(line) <= DETAIL_LENGTH:
        return line
    return line[: DETAIL_LENGTH - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class AuditRow:
    """What showing one entry needs, worked out once when it arrives."""

    entry: Mapping[str, Any]
    cells: tuple[str, str, str, str, str, str]
    at: float
    denied: bool
    tooltip: str

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> AuditRow:
        action = str(entry.get("action") or "")
        actor = entry.get("actor_name")
        if actor is None:
            who = (
                QCoreApplication.translate("AuditModel", "System")
                if entry.get("actor_id") is None
                else QCoreApplication.translate("AuditModel", "Agent {id}").format(
                    id=entry.get("actor_id")
                )
            )
        else:
            who = str(actor)
        detail = entry.get("detail") or {}
        full = json.dumps(detail, ensure_ascii=False) if detail else ""
        return cls(
            entry=entry,
            cells=(
                format_moment(entry.get("at")),
                who,
                action,
                target_text(str(entry.get("target_type") or ""), str(entry.get("target_id") or "")),
                detail_summary(detail),
                str(entry.get("address") or ""),
            ),
            at=epoch_seconds(entry.get("at")),
            denied=action.startswith("denied."),
            tooltip=plain_tooltip(full) if full else "",
        )


class AuditModel(CursorPagedTableModel[AuditRow]):
    """Entries in the server's order (newest first), paged in as the view scrolls."""

    COLUMNS = ADDRESS + 1

    def _row_of(self, item: Mapping[str, Any]) -> AuditRow:
        return AuditRow.of(item)

    def _item_of(self, row: AuditRow) -> Mapping[str, Any]:
        return row.entry

    def set_page(self, items: Iterable[Mapping[str, Any]], next_cursor: str | None) -> None:
        """The first page of a new listing."""
        self._reset(items, next_cursor)

    def clear(self) -> None:
        self.set_page([], None)

    def entry_at(self, row: int) -> Mapping[str, Any]:
        return self._rows[row].entry

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(DENIED_COLOUR) if row.denied else None
        if role == ENTRY_ROLE:
            return row.entry
        if role == SORT_ROLE:
            return row.at if column == TIME else row.cells[column]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Time"),
            self.tr("Agent"),
            self.tr("Action"),
            self.tr("Target"),
            self.tr("Detail"),
            self.tr("Address"),
        )
        return titles[section] if 0 <= section <= ADDRESS else None
