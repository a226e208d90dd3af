"""The inbox list model: server pages of conversation summaries, kept in inbox order live."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from agentdesk.ui.inbox.inbox_rows import ConversationRow, row_key, rows_in_order

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class InboxRole(IntEnum):
    Id = Qt.ItemDataRole.UserRole + 1
    Channel = Qt.ItemDataRole.UserRole + 2
    Customer = Qt.ItemDataRole.UserRole + 3
    Subject = Qt.ItemDataRole.UserRole + 4
    Snippet = Qt.ItemDataRole.UserRole + 5
    LastMessageAt = Qt.ItemDataRole.UserRole + 6  # aware UTC datetime
    SlaDueAt = Qt.ItemDataRole.UserRole + 7  # aware UTC datetime or None
    Unread = Qt.ItemDataRole.UserRole + 8
    Assignee = Qt.ItemDataRole.UserRole + 9  # display name or None
    Status = Qt.ItemDataRole.UserRole + 10
    Priority = Qt.ItemDataRole.UserRole + 11
    Version = Qt.ItemDataRole.UserRole + 12
    Summary = Qt.ItemDataRole.UserRole + 13  # the ConversationSummary dict
    Viewers = Qt.ItemDataRole.UserRole + 14  # [(initials, name, typing)] of other agents in it


# Plain int keys: the lookup in data() is one dict probe with no enum comparisons.
_FIELDS: dict[int, Callable[[ConversationRow], Any]] = {
    int(Qt.ItemDataRole.DisplayRole): lambda row: row.customer_name,
    int(Qt.ItemDataRole.ToolTipRole): lambda row: row.tooltip,
    int(InboxRole.Id): lambda row: row.id,
    int(InboxRole.Channel): lambda row: row.channel,
    int(InboxRole.Customer): lambda row: row.customer_name,
    int(InboxRole.Subject): lambda row: row.subject,
    int(InboxRole.Snippet): lambda row: row.snippet,
    int(InboxRole.LastMessageAt): lambda row: row.last_message_at,
    int(InboxRole.SlaDueAt): lambda row: row.sla_due_at,
    int(InboxRole.Assignee): lambda row: row.assignee_name,
    int(InboxRole.Status): lambda row: row.status,
    int(InboxRole.Priority): lambda row: row.priority,
    int(InboxRole.Version): lambda row: row.version,
    int(InboxRole.Summary): lambda row: row.summary,
}
_UNREAD = int(InboxRole.Unread)
_VIEWERS = int(InboxRole.Viewers)


class InboxModel(QAbstractListModel):
    """Rows in `inbox.list` order (last_message_at desc, then id desc).

    Paging is passive: a view asks `fetchMore()`, the model emits `more_wanted(cursor)`
    once, and whoever talks to the server answers with `append_page()` (or
    `fetch_failed()`). Live events arrive through `upsert()` and `remove()`; the rows
    stay sorted, found by id through a dict and by position through bisection, so one
    event costs O(log n) comparisons plus one list insert or pop. Unread marks belong to
    the agent, not the view: they survive `reset()` and `remove()`."""

    more_wanted = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ConversationRow] = []
        self._by_id: dict[int, ConversationRow] = {}
        self._unread: set[int] = set()
        self._viewers: dict[int, list[tuple[str, str, bool]]] = {}
        self._open_id: int | None = None
        self._next_cursor: str | None = None
        self._fetching = False

    # Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        field = _FIELDS.get(role)
        if field is not None:
            return field(row)
        if role == _UNREAD:
            return row.id in self._unread
        if role == _VIEWERS:
            return self._viewers.get(row.id, [])
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        for role in InboxRole:
            names[int(role)] = QByteArray((role.name[0].lower() + role.name[1:]).encode())
        return names

    def canFetchMore(self, parent: ModelIndex) -> bool:
        return not parent.isValid() and self._next_cursor is not None and not self._fetching

    def fetchMore(self, parent: ModelIndex) -> None:
        if not self.canFetchMore(parent):
            return
        assert self._next_cursor is not None
        self._fetching = True
        self.more_wanted.emit(self._next_cursor)

    # Pages ------------------------------------------------------------------------------

    def reset(self, items: Iterable[Mapping[str, Any]], next_cursor: str | None) -> None:
        """Show a view's first page; any page still outstanding is forgotten."""
        rows = rows_in_order(items)
        self.beginResetModel()
        self._rows = rows
        self._by_id = {row.id: row for row in rows}
        self._next_cursor = next_cursor
        self._fetching = False
        self.endResetModel()

    def append_page(self, items: Iterable[Mapping[str, Any]], next_cursor: str | None) -> None:
        """The page `more_wanted` asked for. New rows past the current end arrive as one
        block; a row already here or one that a live event pushed out of place is upserted."""
        self._next_cursor = next_cursor
        self._fetching = False
        tail = self._rows[-1].key if self._rows else None
        block: list[ConversationRow] = []
        stragglers: list[ConversationRow] = []
        for row in rows_in_order(items):
            fits = row.id not in self._by_id and (tail is None or row.key > tail)
            (block if fits else stragglers).append(row)
        if block:
            first = len(self._rows)
            self.beginInsertRows(_ROOT, first, first + len(block) - 1)
            self._rows.extend(block)
            self._by_id.update((row.id, row) for row in block)
            self.endInsertRows()
        for row in stragglers:
            self._place(row)

    def fetch_failed(self) -> None:
        """The outstanding page did not come; the view may ask again."""
        self._fetching = False

    @property
    def next_cursor(self) -> str | None:
        return self._next_cursor

    # Live events ------------------------------------------------------------------------

    def upsert(self, summary: Mapping[str, Any]) -> None:
        """A conversation changed or arrived: update its row, moved to where its new
        last_message_at puts it, or insert it. An older copy than the row's is ignored."""
        self._place(ConversationRow.from_summary(summary))

    def remove(self, conversation_id: int) -> None:
        position = self.row_of(conversation_id)
        if position < 0:
            return
        self.beginRemoveRows(_ROOT, position, position)
        del self._rows[position]
        del self._by_id[conversation_id]
        self.endRemoveRows()

    # Unread -----------------------------------------------------------------------------

    def set_open_conversation(self, conversation_id: int | None) -> None:
        """The conversation the agent has open: it is read, and stays read while open."""
        self._open_id = conversation_id
        if conversation_id is not None:
            self.mark_read(conversation_id)

    def mark_unread(self, conversation_id: int) -> bool:
        """A customer wrote in this conversation. True when that made it unread: the open
        conversation and one already unread are left as they are."""
        if conversation_id == self._open_id or conversation_id in self._unread:
            return False
        self._unread.add(conversation_id)
        self._announce_unread(conversation_id)
        return True

    def mark_read(self, conversation_id: int) -> None:
        if conversation_id in self._unread:
            self._unread.discard(conversation_id)
            self._announce_unread(conversation_id)

    def set_viewers(self, conversation_id: int, viewers: list[tuple[str, str, bool]]) -> None:
        """Other agents in the conversation as (initials, name, typing); kept like unread
        marks, so a row that scrolls in later still shows them."""
        if viewers:
            self._viewers[conversation_id] = list(viewers)
        elif self._viewers.pop(conversation_id, None) is None:
            return
        row = self.row_of(conversation_id)
        if row >= 0:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [_VIEWERS])

    def is_unread(self, conversation_id: int) -> bool:
        return conversation_id in self._unread

    # Lookups ----------------------------------------------------------------------------

    def row_of(self, conversation_id: int) -> int:
        """The row showing the conversation, or -1."""
        row = self._by_id.get(conversation_id)
        if row is None:
            return -1
        return bisect_left(self._rows, row.key, key=row_key)

    def summary_at(self, row: int) -> Mapping[str, Any] | None:
        if 0 <= row < len(self._rows):
            return self._rows[row].summary
        return None

    def conversation_ids(self) -> list[int]:
        """Every id in row order (for tests and bulk actions; O(n))."""
        return [row.id for row in self._rows]

    # Internals --------------------------------------------------------------------------

    def _place(self, row: ConversationRow) -> None:
        old = self._by_id.get(row.id)
        if old is None:
            position = bisect_left(self._rows, row.key, key=row_key)
            self.beginInsertRows(_ROOT, position, position)
            self._rows.insert(position, row)
            self._by_id[row.id] = row
            self.endInsertRows()
            return
        if row.is_older_than(old):
            return
        source = bisect_left(self._rows, old.key, key=row_key)
        # Where the new key falls among the rows as they are, the old one included.
        target = bisect_left(self._rows, row.key, key=row_key)
        self._by_id[row.id] = row
        if target in (source, source + 1):
            self._rows[source] = row
        else:
            self.beginMoveRows(_ROOT, source, source, _ROOT, target)
            del self._rows[source]
            self._rows.insert(target if target < source else target - 1, row)
            self.endMoveRows()
            source = target if target < source else target - 1
        changed = self.index(source)
        self.dataChanged.emit(changed, changed)

    def _announce_unread(self, conversation_id: int) -> None:
        position = self.row_of(conversation_id)
        if position >= 0:
            changed = self.index(position)
            self.dataChanged.emit(changed, changed, [_UNREAD])
