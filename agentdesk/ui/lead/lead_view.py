"""The team lead's view: the team's agents with presence and load, the unassigned queue
(or the team's open conversations), the team's assignment settings, and reassignment by
context menu or by dragging conversations onto an agent.

The view talks to nobody: it emits `assign_requested`, `settings_changed` and
`list_changed`, and `LeadController` answers with `show_overview()`, `show_conversations()`,
`show_assignment()` and `show_error()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentdesk.ui.inbox.inbox_clock import utc_now
from agentdesk.ui.inbox.inbox_delegate import InboxDelegate
from agentdesk.ui.lead.lead_models import (
    NAME,
    QueueModel,
    TeamAgentsModel,
    presence_dot,
    presence_text,
    waiting_for,
)

ASSIGNMENT_MODES = ("off", "round_robin", "balanced")
QUEUE, TEAM = "queue", "team"  # what the conversation list shows
REASON_LIMIT = 500  # the server's limit on a reassignment's reason
CLOCK_TICK_MS = 30_000
NOTICE_STYLE = "background:#fff4e5;color:#5f3700;padding:6px;border:1px solid #e0a030;"
DONE_STYLE = "background:#e8f5e9;color:#1b5e20;padding:6px;border:1px solid #81c784;"


class ReasonDialog(QDialog):
    """Asks for the reason of a move before it is made; Enter or OK sends, empty allowed."""

    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reassign"))
        self.question = QLabel(question)
        self.question.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setMaxLength(REASON_LIMIT)
        self.reason.setPlaceholderText(self.tr("Reason (optional)"))
        self.reason.setAccessibleName(self.tr("Reason"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def reason_text(self) -> str:
        return self.reason.text().strip()


class LeadView(QWidget):
    """One team: agents on the left (drop conversations on them), conversations on the right."""

    # [conversation ids], {"id": version seen}, agent id or None (the queue), reason
    assign_requested = Signal(object, object, object, str)
    settings_changed = Signal(object)  # {"assignment_mode": …} or {"return_chats_when_offline": …}
    list_changed = Signal(str)  # QUEUE or TEAM
    refresh_requested = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.team: dict[str, Any] | None = None
        self.reason_dialog: ReasonDialog | None = None
        self._menu: QMenu | None = None
        self._names: dict[int, str] = {}  # customer names of conversations being moved

        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.mode = QComboBox()
        for mode, text in zip(
            ASSIGNMENT_MODES,
            (self.tr("Off"), self.tr("Round robin"), self.tr("Balanced")),
            strict=True,
        ):
            self.mode.addItem(text, mode)
        self.mode.setAccessibleName(self.tr("Assignment of new conversations"))
        self.mode.activated.connect(self._mode_chosen)
        mode_label = QLabel(self.tr("Assign new conversations:"))
        mode_label.setBuddy(self.mode)
        self.return_chats = QCheckBox(
            self.tr("Return chats to the queue when an agent goes offline")
        )
        self.return_chats.clicked.connect(
            lambda checked: self.settings_changed.emit({"return_chats_when_offline": checked})
        )
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.agents_model = TeamAgentsModel(self, clock=clock)
        self.agents_model.conversations_dropped.connect(self.ask_reason)
        self.agents = QTableView()
        self.agents.setModel(self.agents_model)
        self.agents.setAccessibleName(self.tr("Agents"))
        self.agents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agents.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agents.setAcceptDrops(True)
        self.agents.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.agents.setDragDropOverwriteMode(True)  # drops land on an agent, not between
        self.agents.setDropIndicatorShown(True)
        self.agents.verticalHeader().hide()
        header = self.agents.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)

        self.list_choice = QComboBox()
        self.list_choice.addItem(self.tr("Unassigned queue"), QUEUE)
        self.list_choice.addItem(self.tr("Open in the team"), TEAM)
        self.list_choice.setAccessibleName(self.tr("Conversations shown"))
        self.list_choice.activated.connect(self._list_chosen)
        self.queue_summary = QLabel()
        self.queue_model = QueueModel(self)
        self.queue = QListView()
        self.queue.setModel(self.queue_model)
        self.queue.setItemDelegate(InboxDelegate(self.queue, clock=clock))
        self.queue.setUniformItemSizes(True)
        self.queue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.queue.setAccessibleName(self.tr("Unassigned conversations"))
        self.queue.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.queue.setDragEnabled(True)
        self.queue.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.queue.setDefaultDropAction(Qt.DropAction.CopyAction)  # rows go when the server says
        self.queue.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.queue.customContextMenuRequested.connect(self._context_menu_requested)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(mode_label)
        top.addWidget(self.mode)
        top.addWidget(self.return_chats)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.list_choice)
        choice_row.addWidget(self.queue_summary, 1)
        right_layout.addLayout(choice_row)
        right_layout.addWidget(self.queue)
        columns = QSplitter(Qt.Orientation.Horizontal)
        columns.addWidget(self.agents)
        columns.addWidget(right)
        columns.setSizes([480, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(columns, 1)

        self._tick = QTimer(self, interval=CLOCK_TICK_MS)
        self._tick.timeout.connect(self._clock_ticked)
        self._tick.start()

    # What the controller shows ----------------------------------------------------------

    def show_overview(self, overview: Mapping[str, Any]) -> None:
        """The `lead.overview` answer: team settings, agents and, in queue mode, the queue."""
        team = dict(overview["team"])
        self.team = team
        self.title.setText(self.tr("Team {name}").format(name=team["name"]))
        position = self.mode.findData(team.get("assignment_mode", "off"))
        self.mode.setCurrentIndex(max(position, 0))
        self.return_chats.setChecked(bool(team.get("return_chats_when_offline")))
        self.agents_model.set_agents(overview["agents"])
        queue = overview["queue"]
        if self.list_mode() == QUEUE:
            self.queue_model.set_conversations(queue["items"])
            self.queue_summary.setText(
                self.tr("{count} waiting, the oldest for {age}").format(
                    count=int(queue["count"]),
                    age=waiting_for(queue.get("oldest_waiting_at"), self._clock()),
                )
                if queue["count"]
                else self.tr("Nobody is waiting")
            )

    def show_conversations(self, items: Sequence[Mapping[str, Any]]) -> None:
        """The team's open conversations, in team mode."""
        if self.list_mode() != TEAM:
            return
        self.queue_model.set_conversations(items)
        self.queue_summary.setText(self.tr("{count} open").format(count=len(items)))

    def show_assignment(self, answer: Mapping[str, Any]) -> None:
        """The `conversation.assign_many` answer: what moved, what had changed meanwhile."""
        lines: list[str] = []
        for conflict in answer.get("conflicts", []):
            name = self._name_of(int(conflict["conversation_id"]))
            holder = self.agents_model.agent(conflict.get("assignee_id"))
            if conflict.get("assignee_id") is None:
                lines.append(
                    self.tr(
                        "{conversation} was changed by someone else meanwhile; it is still"
                        " in the queue."
                    ).format(conversation=name)
                )
            else:
                lines.append(
                    self.tr(
                        "{conversation} was moved by someone else meanwhile; now with {agent}."
                    ).format(
                        conversation=name,
                        agent=holder["display_name"]
                        if holder is not None
                        else self.tr("agent #{id}").format(id=conflict["assignee_id"]),
                    )
                )
        for refused in answer.get("refused", []):
            lines.append(
                self.tr("{conversation} was not moved: {reason}").format(
                    conversation=self._name_of(int(refused["conversation_id"])),
                    reason=refused.get("message") or refused.get("code", ""),
                )
            )
        moved = len(answer.get("assigned", []))
        if lines:
            if moved:
                lines.insert(0, self.tr("{count} conversation(s) moved.").format(count=moved))
            self._notice("\n".join(lines), NOTICE_STYLE)
        else:
            self._notice(self.tr("{count} conversation(s) moved.").format(count=moved), DONE_STYLE)

    def show_error(self, message: str) -> None:
        self._notice(message, NOTICE_STYLE)

    def clear_notice(self) -> None:
        self.notice.clear()
        self.notice.hide()

    # Reading the view -------------------------------------------------------------------

    def list_mode(self) -> str:
        return str(self.list_choice.currentData())

    def selected_conversations(self) -> tuple[list[int], dict[str, int]]:
        """The selected rows' ids (in row order) and versions."""
        rows = sorted(index.row() for index in self.queue.selectionModel().selectedRows())
        return self.queue_model.conversations(rows)

    # Moving conversations ---------------------------------------------------------------

    def context_menu(self) -> QMenu | None:
        """ "Assign to ▸ <agent>" and "Back to the queue" for the selected rows."""
        ids, versions = self.selected_conversations()
        if not ids:
            return None
        menu = QMenu(self)
        assign = menu.addMenu(self.tr("Assign to"))
        for agent in self.agents_model.agents():
            presence = str(agent.get("presence") or "offline")
            action = assign.addAction(
                presence_dot(presence),
                self.tr("{name} ({open}/{capacity}, {presence})").format(
                    name=agent["display_name"],
                    open=int(agent.get("open") or 0),
                    capacity=int(agent.get("capacity") or 0),
                    presence=presence_text(presence),
                ),
            )
            action.setData(int(agent["id"]))
            action.triggered.connect(
                lambda _=False, a=int(agent["id"]): self.ask_reason(a, ids, versions)
            )
        assign.setEnabled(not assign.isEmpty())
        back = menu.addAction(self.tr("Back to the queue"))
        summaries = [self.queue_model.summary_of(i) for i in ids]
        back.setEnabled(any(s is not None and s["assignee_id"] is not None for s in summaries))
        back.triggered.connect(lambda _=False: self.ask_reason(None, ids, versions))
        return menu

    def ask_reason(
        self, agent_id: int | None, ids: Sequence[int], versions: Mapping[str, int]
    ) -> None:
        """Ask for an optional reason, then ask for the move (`assign_requested`)."""
        if not ids:
            return
        for conversation_id in ids:
            summary = self.queue_model.summary_of(conversation_id)
            if summary is not None:
                self._names[conversation_id] = str(summary["customer_name"])
        agent = self.agents_model.agent(agent_id) if agent_id is not None else None
        if agent_id is not None and agent is None:
            return
        target = agent["display_name"] if agent is not None else self.tr("the queue")
        what = (
            self._name_of(ids[0])
            if len(ids) == 1
            else self.tr("{count} conversations").format(count=len(ids))
        )
        if self.reason_dialog is not None:
            self.reason_dialog.reject()
        dialog = ReasonDialog(
            self.tr("Move {what} to {target}?").format(what=what, target=target), self
        )
        chosen, seen = list(ids), dict(versions)
        dialog.accepted.connect(
            lambda: self.assign_requested.emit(chosen, seen, agent_id, dialog.reason_text())
        )
        dialog.finished.connect(lambda _result: self._dialog_done(dialog))
        self.reason_dialog = dialog
        dialog.open()

    # Internals --------------------------------------------------------------------------

    def _dialog_done(self, dialog: ReasonDialog) -> None:
        if self.reason_dialog is dialog:
            self.reason_dialog = None
        dialog.deleteLater()

    def _context_menu_requested(self, position: QPoint) -> None:
        index = self.queue.indexAt(position)
        if not index.isValid():
            return
        selection = self.queue.selectionModel()
        if not selection.isSelected(index):
            selection.select(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        menu = self.context_menu()
        if menu is None:
            return
        if self._menu is not None:
            self._menu.deleteLater()
        self._menu = menu
        menu.popup(self.queue.viewport().mapToGlobal(position))

    def _mode_chosen(self, position: int) -> None:
        mode = self.mode.itemData(position)
        if self.team is not None and mode != self.team.get("assignment_mode"):
            self.settings_changed.emit({"assignment_mode": mode})

    def _list_chosen(self, _position: int) -> None:
        self.queue_model.set_conversations([])
        self.queue_summary.clear()
        self.queue.setAccessibleName(
            self.tr("Unassigned conversations")
            if self.list_mode() == QUEUE
            else self.tr("Open conversations of the team")
        )
        self.list_changed.emit(self.list_mode())

    def _name_of(self, conversation_id: int) -> str:
        summary = self.queue_model.summary_of(conversation_id)
        if summary is not None:
            return str(summary["customer_name"])
        return self._names.get(conversation_id) or self.tr("Conversation #{id}").format(
            id=conversation_id
        )

    def _notice(self, text: str, style: str) -> None:
        self.notice.setStyleSheet(style)
        self.notice.setText(text)
        self.notice.show()

    def _clock_ticked(self) -> None:
        self.agents_model.tick()
        self.queue.viewport().update()  # ages and SLA countdowns
