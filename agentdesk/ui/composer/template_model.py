"""The canned responses as a list model: one row per template and language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
TOOLTIP_LENGTH = 400


class TemplateRole(IntEnum):
    Key = Qt.ItemDataRole.UserRole + 1
    Language = Qt.ItemDataRole.UserRole + 2
    Title = Qt.ItemDataRole.UserRole + 3
    Shortcut = Qt.ItemDataRole.UserRole + 4
    Category = Qt.ItemDataRole.UserRole + 5
    Body = Qt.ItemDataRole.UserRole + 6
    Template = Qt.ItemDataRole.UserRole + 7  # the TemplateOut dict


@dataclass(frozen=True, slots=True)
class TemplateRow:
    template: Mapping[str, Any]
    display: str
    tooltip: str


def _row(template: Mapping[str, Any]) -> TemplateRow:
    body: str = template["body"]
    tooltip = body if len(body) <= TOOLTIP_LENGTH else body[:TOOLTIP_LENGTH] + "…"
    display = f"{template['title']} · /{template['shortcut']} · {template['language']}"
    return TemplateRow(template, display, tooltip)


_FIELDS = {
    int(TemplateRole.Key): "key",
    int(TemplateRole.Language): "language",
    int(TemplateRole.Title): "title",
    int(TemplateRole.Shortcut): "shortcut",
    int(TemplateRole.Category): "category",
    int(TemplateRole.Body): "body",
}


class TemplateModel(QAbstractListModel):
    """TemplateOut dicts as `templates.list` answers them, in that order; a template
    has a row per language, shown "Title · /shortcut · zh"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TemplateRow] = []
        self._row_of: dict[tuple[str, str], int] = {}

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display
        field = _FIELDS.get(role)
        if field is not None:
            return row.template[field]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip
        if role == TemplateRole.Template:
            return row.template
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        for role in TemplateRole:
            names[int(role)] = QByteArray(role.name.lower().encode())
        return names

    def set_templates(self, templates: Iterable[Mapping[str, Any]]) -> None:
        """Replace every template; a repeated (key, language) keeps its last copy."""
        by_identity = {(t["key"], t["language"]): t for t in templates}
        self.beginResetModel()
        self._rows = [_row(template) for template in by_identity.values()]
        self._row_of = {identity: row for row, identity in enumerate(by_identity)}
        self.endResetModel()

    def template_at(self, row: int) -> Mapping[str, Any] | None:
        if 0 <= row < len(self._rows):
            return self._rows[row].template
        return None

    def row_of(self, key: str, language: str) -> int:
        return self._row_of.get((key, language), -1)

    def template(self, key: str, language: str) -> Mapping[str, Any] | None:
        return self.template_at(self.row_of(key, language))

    def title_of(self, key: str, language: str) -> str | None:
        """The title in `language`, else in any language the template has."""
        found = self.template(key, language)
        if found is None:
            found = next((r.template for r in self._rows if r.template["key"] == key), None)
        return None if found is None else str(found["title"])

    def languages_of(self, key: str) -> list[str]:
        return [language for (k, language) in self._row_of if k == key]
