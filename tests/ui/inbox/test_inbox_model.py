"""InboxModel: Qt's model rules, inbox order under live events, paging, unread marks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.ui.inbox.inbox_model import InboxModel, InboxRole
from tests.ui.inbox.summaries import NOW, summary


def ids(model: InboxModel) -> list[int]:
    return [model.index(row).data(InboxRole.Id) for row in range(model.rowCount())]


def test_empty_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = InboxModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert model.rowCount() == 0
    assert not model.canFetchMore(model.index(-1))


def test_reset_sorts_by_last_message_then_id(qtmodeltester: ModelTester) -> None:
    model = InboxModel()
    model.reset(
        [summary(1, minutes_ago=5), summary(2, minutes_ago=1), summary(3, minutes_ago=5)], None
    )
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert ids(model) == [2, 3, 1]  # 3 and 1 tie on time: the higher id first


def test_roles_give_the_summary_fields_and_parsed_times() -> None:
    model = InboxModel()
    due = NOW + timedelta(minutes=40)
    row = summary(
        7,
        minutes_ago=3,
        channel="email",
        assignee_id=3,
        assignee_name="王芳",
        sla_due_at=due.isoformat(),
        subject="退款",
        snippet="我的钱呢",
        version=4,
    )
    model.reset([row], None)
    index = model.index(0)
    assert index.data() == "Customer 7"
    assert index.data(InboxRole.Customer) == "Customer 7"
    assert index.data(InboxRole.Channel) == "email"
    assert index.data(InboxRole.Assignee) == "王芳"
    assert index.data(InboxRole.Version) == 4
    assert index.data(InboxRole.Subject) == "退款"
    assert index.data(InboxRole.Snippet) == "我的钱呢"
    assert "退款" in index.data(0x03) and "我的钱呢" in index.data(0x03)  # ToolTipRole
    assert index.data(InboxRole.LastMessageAt) == NOW - timedelta(minutes=3)
    assert index.data(InboxRole.LastMessageAt).tzinfo is not None
    assert index.data(InboxRole.SlaDueAt) == due
    assert index.data(InboxRole.Summary) == row
    assert index.data(InboxRole.Unread) is False
    assert model.summary_at(0) == row and model.summary_at(1) is None
    assert b"lastMessageAt" in [bytes(name.data()) for name in model.roleNames().values()]


def test_upsert_inserts_moves_and_updates_in_place(
    qtmodeltester: ModelTester, qtbot: QtBot
) -> None:
    model = InboxModel()
    model.reset([summary(n, minutes_ago=n) for n in range(1, 6)], None)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert ids(model) == [1, 2, 3, 4, 5]

    with qtbot.waitSignal(model.rowsInserted):
        model.upsert(summary(9, minutes_ago=2.5))
    assert ids(model) == [1, 2, 9, 3, 4, 5]

    with qtbot.waitSignal(model.rowsMoved):
        model.upsert(summary(5, minutes_ago=0, version=2))  # a new message: to the top
    assert ids(model) == [5, 1, 2, 9, 3, 4]

    with qtbot.waitSignal(model.rowsMoved):
        model.upsert(summary(1, minutes_ago=10, version=2))  # downwards too
    assert ids(model) == [5, 2, 9, 3, 4, 1]

    with qtbot.assertNotEmitted(model.rowsMoved), qtbot.waitSignal(model.dataChanged):
        model.upsert(summary(9, minutes_ago=2.5, version=2, status="pending"))
    assert model.index(2).data(InboxRole.Status) == "pending"
    assert [model.row_of(n) for n in (5, 2, 9, 3, 4, 1)] == [0, 1, 2, 3, 4, 5]


def test_ties_on_time_keep_the_higher_id_first() -> None:
    model = InboxModel()
    model.reset([summary(10, minutes_ago=1), summary(30, minutes_ago=1)], None)
    model.upsert(summary(20, minutes_ago=1))
    assert ids(model) == [30, 20, 10]
    model.upsert(summary(10, minutes_ago=1, version=2, priority="high"))
    assert ids(model) == [30, 20, 10]
    model.upsert(summary(40, minutes_ago=1))
    assert ids(model) == [40, 30, 20, 10]


def test_an_older_copy_does_not_undo_a_newer_one() -> None:
    model = InboxModel()
    model.reset([summary(1, minutes_ago=0, version=3, status="pending")], None)
    model.upsert(summary(1, minutes_ago=5, version=2, status="open"))
    assert model.index(0).data(InboxRole.Status) == "pending"
    assert model.index(0).data(InboxRole.Version) == 3


def test_remove(qtmodeltester: ModelTester) -> None:
    model = InboxModel()
    model.reset([summary(n, minutes_ago=n) for n in range(1, 4)], None)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.remove(2)
    model.remove(99)  # not listed: nothing happens
    assert ids(model) == [1, 3]
    assert model.row_of(2) == -1 and model.row_of(3) == 1


def test_paging_asks_once_and_appends(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    model = InboxModel()
    root = model.index(-1)
    model.reset([summary(n, minutes_ago=n) for n in range(1, 4)], "cursor-1")
    assert model.canFetchMore(root)
    with qtbot.waitSignal(model.more_wanted) as asked:
        model.fetchMore(root)
    assert asked.args == ["cursor-1"]
    assert not model.canFetchMore(root)  # one request at a time
    with qtbot.assertNotEmitted(model.more_wanted):
        model.fetchMore(root)

    model.upsert(summary(5, minutes_ago=5))  # a live event overtook the page
    with qtbot.waitSignal(model.rowsInserted):
        model.append_page([summary(n, minutes_ago=n) for n in range(4, 7)], "cursor-2")
    assert ids(model) == [1, 2, 3, 4, 5, 6]
    assert model.canFetchMore(root) and model.next_cursor == "cursor-2"

    model.fetchMore(root)
    model.fetch_failed()
    assert model.canFetchMore(root)
    model.fetchMore(root)
    model.append_page([summary(7, minutes_ago=7)], None)
    assert not model.canFetchMore(root)
    assert ids(model) == [1, 2, 3, 4, 5, 6, 7]
    # Last: the tester calls fetchMore itself.
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_reset_forgets_the_outstanding_page(qtbot: QtBot) -> None:
    model = InboxModel()
    model.reset([summary(1)], "a")
    model.fetchMore(model.index(-1))
    model.reset([summary(2)], "b")
    with qtbot.waitSignal(model.more_wanted) as asked:
        model.fetchMore(model.index(-1))
    assert asked.args == ["b"]


def test_unread_marks(qtbot: QtBot) -> None:
    model = InboxModel()
    model.reset([summary(1), summary(2, minutes_ago=1)], None)
    with qtbot.waitSignal(model.dataChanged) as changed:
        assert model.mark_unread(2)
    assert changed.args is not None and changed.args[0].row() == 1
    assert model.index(1).data(InboxRole.Unread) is True
    assert not model.mark_unread(2)  # already unread

    model.set_open_conversation(2)  # opening reads it
    assert model.index(1).data(InboxRole.Unread) is False
    assert not model.mark_unread(2)  # the open one stays read
    assert model.mark_unread(1)

    model.upsert(summary(1, minutes_ago=0, version=2))
    assert model.is_unread(1)  # survives an update
    model.reset([summary(1), summary(3)], None)
    assert model.index(model.row_of(1)).data(InboxRole.Unread) is True  # and a view switch
    model.mark_read(1)
    assert not model.is_unread(1)


def test_naive_and_offset_times_are_read_as_utc() -> None:
    model = InboxModel()
    naive = summary(1)
    naive["last_message_at"] = "2026-03-02T09:30:00"
    shifted = summary(2)
    shifted["last_message_at"] = "2026-03-02T17:31:00+08:00"  # 09:31 UTC
    model.reset([naive, shifted], None)
    assert ids(model) == [2, 1]
    assert model.index(1).data(InboxRole.LastMessageAt) == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
