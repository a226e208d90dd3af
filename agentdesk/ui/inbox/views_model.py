"""The views pane's entries: Mine, Unassigned, Team, All, each channel, SLA at risk, Snoozed."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class ViewRole(IntEnum):
    Key = Qt.ItemDataRole.UserRole + 1  # the `inbox.counts` key
    Filter = Qt.ItemDataRole.UserRole + 2  # `inbox.list` fields, a fresh dict each time
    Count = Qt.ItemDataRole.UserRole + 3  # int, or None before the first counts
    Label = Qt.ItemDataRole.UserRole + 4  # the name without the count


@dataclass(frozen=True, slots=True)
class InboxView:
    key: str
    label: str
    filter: Mapping[str, Any]


def standard_views() -> tuple[InboxView, ...]:
    """The pane's entries, in order; labels are translated when this is called."""
    channels = (
        ("chat", QCoreApplication.translate("ViewsModel", "Chat")),
        ("email", QCoreApplication.translate("ViewsModel", "Email")),
        ("phone", QCoreApplication.translate("ViewsModel", "Phone")),
        ("social", QCoreApplication.translate("ViewsModel", "Social")),
        ("feedback", QCoreApplication.translate("ViewsModel", "Feedback")),
    )
    return (
        InboxView("mine", QCoreApplication.translate("ViewsModel", "Mine"), {"view": "mine"}),
        InboxView(
            "unassigned",
            QCoreApplication.translate("ViewsModel", "Unassigned"),
            {"view": "unassigned"},
        ),
        InboxView("team", QCoreApplication.translate("ViewsModel", "Team"), {"view": "team"}),
        InboxView("all", QCoreApplication.translate("ViewsModel", "All"), {"view": "all"}),
        *(InboxView(key, label, {"view": "all", "channel": key}) for key, label in channels),
        InboxView(
            "sla_at_risk",
            QCoreApplication.translate("ViewsModel", "SLA at risk"),
            {"view": "all", "sla": "at_risk"},
        ),
        InboxView(
            "snoozed",
            QCoreApplication.translate("ViewsModel", "Snoozed"),
            {"view": "mine", "status": ["snoozed"]},
        ),
    )


class ViewsModel(QAbstractListModel):
    """One row per view; `set_counts()` takes `inbox.counts`' `views` and renames the rows
    "Mine (12)". The display text is made there, not in `data()`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._views = standard_views()
        self._counts: list[int | None] = [None] * len(self._views)
        self._display = [view.label for view in self._views]
        self._row_of = {view.key: row for row, view in enumerate(self._views)}

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._views)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[row]
        if role == ViewRole.Key:
            return self._views[row].key
        if role == ViewRole.Filter:
            return self.filter_at(row)
        if role == ViewRole.Count:
            return self._counts[row]
        if role == ViewRole.Label:
            return self._views[row].label
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        for role in ViewRole:
            names[int(role)] = QByteArray(role.name.lower().encode())
        return names

    def set_counts(self, views: Mapping[str, int]) -> None:
        """Counts by key, as `inbox.counts` answers; keys it does not know are ignored and
        views it does not mention keep their count."""
        for key, count in views.items():
            row = self._row_of.get(key)
            if row is None or self._counts[row] == count:
                continue
            self._counts[row] = count
            self._display[row] = self.tr("{view} ({count})").format(
                view=self._views[row].label, count=count
            )
            changed = self.index(row)
            self.dataChanged.emit(changed, changed, [Qt.ItemDataRole.DisplayRole, ViewRole.Count])

    def row_of(self, key: str) -> int:
        return self._row_of.get(key, -1)

    def key_at(self, row: int) -> str:
        return self._views[row].key

    def filter_at(self, row: int) -> dict[str, Any]:
        """The `inbox.list` fields of the view in `row`; the caller may change the copy."""
        return copy.deepcopy(dict(self._views[row].filter))

    def count_of(self, key: str) -> int | None:
        row = self._row_of.get(key)
        return None if row is None else self._counts[row]
