"""A table of rows the server pages in with an opaque cursor as the view scrolls.

Paging is passive: when the view nears the end Qt asks `canFetchMore`, `fetchMore` emits
`more_wanted(cursor)` once per cursor, and whoever talks to the server answers with
`append` (or `fetch_failed`, which lets the view ask again). A row already shown is not
shown twice. Subclasses say how a wire dict becomes a row (`_row_of`), which dict a row
came from (`_item_of`), how many columns there are (`COLUMNS`) and, when rows are not
keyed by their `id`, what tells two rows apart (`_key_of`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")


class CursorPagedTableModel(QAbstractTableModel, Generic[RowT]):
    more_wanted = Signal(str)
    COLUMNS: ClassVar[int] = 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []
        self._ids: set[int] = set()
        self._cursor: str | None = None
        self._asked = False

    def _row_of(self, item: Mapping[str, Any]) -> RowT:
        raise NotImplementedError

    def _item_of(self, row: RowT) -> Mapping[str, Any]:
        raise NotImplementedError

    def _key_of(self, item: Mapping[str, Any]) -> int:
        return int(item["id"])

    def _reset(self, items: Iterable[Mapping[str, Any]], next_cursor: str | None) -> None:
        """The first page of a new listing."""
        self.beginResetModel()
        self._rows, self._ids = [], set()
        self._add(items)
        self._cursor, self._asked = next_cursor, False
        self.endResetModel()

    def append(self, items: Iterable[Mapping[str, Any]], next_cursor: str | None) -> None:
        """The next page; a row already shown is not shown twice."""
        fresh = [item for item in items if self._key_of(item) not in self._ids]
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._add(fresh)
            self.endInsertRows()
        self._cursor, self._asked = next_cursor, False

    def fetch_failed(self) -> None:
        """The page asked for did not come; the view may ask for it again."""
        self._asked = False

    def next_cursor(self) -> str | None:
        return self._cursor

    def retranslate(self) -> None:
        """Rebuild the words after the language changed."""
        if self._rows:
            self._rows = [self._row_of(self._item_of(row)) for row in self._rows]
            last = self.index(len(self._rows) - 1, self.COLUMNS - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)

    def _add(self, items: Iterable[Mapping[str, Any]]) -> None:
        for item in items:
            self._rows.append(self._row_of(item))
            self._ids.add(self._key_of(item))

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else self.COLUMNS

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._cursor is not None and not self._asked

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent) and self._cursor is not None:
            self._asked = True
            self.more_wanted.emit(self._cursor)
