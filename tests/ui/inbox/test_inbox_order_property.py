"""Property: after any mix of pages, upserts and removes, the inbox is in inbox order, row_of
agrees with it, and a view that follows only the model's signals sees the same rows."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex

from agentdesk.ui.inbox.inbox_model import InboxModel, InboxRole
from agentdesk.ui.inbox.inbox_rows import order_key, parse_timestamp
from tests.ui.inbox.summaries import summary

conversation_ids = st.integers(min_value=1, max_value=25)
# Few distinct times, so that ties on last_message_at are common.
minutes = st.integers(min_value=0, max_value=6)
versions = st.integers(min_value=1, max_value=3)
summaries = st.builds(
    lambda cid, ago, version: summary(cid, minutes_ago=ago, version=version),
    conversation_ids,
    minutes,
    versions,
)
operations = st.one_of(
    st.tuples(st.just("upsert"), summaries),
    st.tuples(st.just("remove"), conversation_ids),
    st.tuples(st.just("page"), st.lists(summaries, max_size=5)),
    st.tuples(st.just("reset"), st.lists(summaries, max_size=8)),
)


class SignalMirror:
    """The ids a view would show if it only listened to the model's signals."""

    def __init__(self, model: InboxModel) -> None:
        self.model = model
        self.ids: list[int] = []
        model.rowsInserted.connect(self.inserted)
        model.rowsRemoved.connect(self.removed)
        model.rowsMoved.connect(self.moved)
        model.modelReset.connect(self.reset)

    def id_at(self, row: int) -> int:
        return int(self.model.index(row).data(InboxRole.Id))

    def inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.ids[first:first] = [self.id_at(row) for row in range(first, last + 1)]

    def removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        del self.ids[first : last + 1]

    def moved(self, _parent: QModelIndex, start: int, end: int, _to: QModelIndex, row: int) -> None:
        moving = self.ids[start : end + 1]
        del self.ids[start : end + 1]
        at = row if row < start else row - len(moving)
        self.ids[at:at] = moving

    def reset(self) -> None:
        self.ids = [self.id_at(row) for row in range(self.model.rowCount())]


def key_of(row: dict[str, Any]) -> tuple[int, int]:
    at = parse_timestamp(row["last_message_at"])
    assert at is not None
    return order_key(at, row["id"])


@settings(max_examples=150, deadline=None)
@given(st.lists(operations, max_size=40))
def test_order_and_row_of_survive_any_events(steps: list[tuple[str, Any]]) -> None:
    model = InboxModel()
    mirror = SignalMirror(model)
    for operation, argument in steps:
        if operation == "upsert":
            model.upsert(argument)
        elif operation == "remove":
            model.remove(argument)
        elif operation == "page":
            model.append_page(argument, None)
        else:
            model.reset(argument, None)

    rows = [model.index(row).data(InboxRole.Summary) for row in range(model.rowCount())]
    keys = [key_of(row) for row in rows]
    assert keys == sorted(keys)
    listed = [row["id"] for row in rows]
    assert len(set(listed)) == len(listed)
    assert all(model.row_of(cid) == position for position, cid in enumerate(listed))
    assert all(model.row_of(cid) == -1 for cid in range(1, 26) if cid not in listed)
    assert mirror.ids == listed
