"""The audit log window: filters over the trail, and a table that pages in as it scrolls.

Every entry comes through `audit.list` on the bridge; the window never waits. Changing
the filters starts a new listing, and pages of an older listing that arrive late are
dropped, so the table always shows what the filters say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentdesk.ui.lead.audit_model import ADDRESS, DETAIL, AuditModel
from agentdesk.ui.lead.dashboard_models import (
    ReportBridge,
    desk_midnight,
    desk_today,
    error_text,
)

PAGE_SIZE = 50
ACTION_SUGGESTIONS = (
    "denied.",
    "auth.",
    "auth.login",
    "conversation.",
    "conversation.assign",
    "conversation.update",
    "conversation.reply",
    "conversation.note",
    "conversation.take",
    "conversation.snooze",
    "customer.",
    "customer.reveal",
    "call.log",
    "agent.",
)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class AuditWindow(QWidget):
    """A window of its own, like the dashboard."""

    def __init__(
        self,
        bridge: ReportBridge,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.bridge = bridge
        self._clock = clock or (lambda: datetime.now(UTC))
        self._listing = 0  # the number of the current listing; older pages are dropped
        self._filters: dict[str, Any] = {}
        self._agents: dict[int, str] = {}
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(1000, 640)

        self.model = AuditModel(self)
        self.model.more_wanted.connect(self._load_more)

        outer = QVBoxLayout(self)
        outer.addLayout(self._filter_row())
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        outer.addWidget(self.status_label)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DETAIL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ADDRESS, QHeaderView.ResizeMode.ResizeToContents)
        outer.addWidget(self.view, 1)

        self._ask_for_agents()
        self.apply_filters()

    # -- building -----------------------------------------------------------------------

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.agent_box = QComboBox()
        self.agent_box.addItem(self.tr("Everyone"), None)
        self.action_edit = QLineEdit()
        self.action_edit.setPlaceholderText(self.tr("Action, or a prefix ending in “.”"))
        completer = QCompleter(list(ACTION_SUGGESTIONS), self.action_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.action_edit.setCompleter(completer)
        self.conversation_edit = QLineEdit()
        self.conversation_edit.setPlaceholderText(self.tr("Conversation number"))
        self.conversation_edit.setValidator(QIntValidator(1, 2_000_000_000, self))
        today = _qdate(desk_today(self._clock()))
        self.from_check = QCheckBox(self.tr("From"))
        self.to_check = QCheckBox(self.tr("To"))
        self.from_edit = QDateEdit(today)
        self.to_edit = QDateEdit(today)
        for check, edit in ((self.from_check, self.from_edit), (self.to_check, self.to_edit)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setDefault(True)
        row.addWidget(QLabel(self.tr("Agent:")))
        row.addWidget(self.agent_box)
        row.addWidget(QLabel(self.tr("Action:")))
        row.addWidget(self.action_edit, 1)
        row.addWidget(QLabel(self.tr("Conversation:")))
        row.addWidget(self.conversation_edit)
        row.addWidget(self.from_check)
        row.addWidget(self.from_edit)
        row.addWidget(self.to_check)
        row.addWidget(self.to_edit)
        row.addWidget(self.apply_button)
        self.apply_button.clicked.connect(self.apply_filters)
        self.action_edit.returnPressed.connect(self.apply_filters)
        self.conversation_edit.returnPressed.connect(self.apply_filters)
        return row

    # -- the agents to filter by ----------------------------------------------------------

    def _ask_for_agents(self) -> None:
        """The names to offer come from today's dashboard (the team's agents for a lead,
        every active agent for an admin) and from the entries listed; a failure leaves
        "Everyone" and the names seen."""
        today = desk_today(self._clock())
        self.bridge.call(
            "dashboard.stats",
            {
                "since": desk_midnight(today).isoformat(),
                "until": desk_midnight(today + timedelta(days=1)).isoformat(),
            },
            on_result=lambda stats: self.remember_agents(
                (row.get("agent_id"), row.get("display_name"))
                for row in stats.get("per_agent") or []
            ),
            on_error=lambda _error: None,
        )

    def remember_agents(self, agents: Iterable[tuple[object, object]]) -> None:
        """Offer these (id, name) pairs in the agent filter, keeping the current choice."""
        changed = False
        for agent_id, name in agents:
            if not (isinstance(agent_id, int) and isinstance(name, str) and name):
                continue
            if self._agents.get(agent_id) != name:
                self._agents[agent_id] = name
                changed = True
        if not changed:
            return
        chosen = self.agent_box.currentData()
        self.agent_box.blockSignals(True)
        try:
            self.agent_box.clear()
            self.agent_box.addItem(self.tr("Everyone"), None)
            for agent_id, name in sorted(self._agents.items(), key=lambda pair: pair[1]):
                self.agent_box.addItem(name, agent_id)
            self.agent_box.setCurrentIndex(max(0, self.agent_box.findData(chosen)))
        finally:
            self.agent_box.blockSignals(False)

    # -- filters --------------------------------------------------------------------------

    def set_date_range(self, first: date | None, last: date | None) -> None:
        """The first and last days listed (both included), None for no bound."""
        self.from_check.setChecked(first is not None)
        self.to_check.setChecked(last is not None)
        if first is not None:
            self.from_edit.setDate(_qdate(first))
        if last is not None:
            self.to_edit.setDate(_qdate(last))

    def filters(self) -> dict[str, Any] | None:
        """The `audit.list` fields the filters make, or None when the dates are wrong."""
        fields: dict[str, Any] = {}
        agent_id = self.agent_box.currentData()
        if isinstance(agent_id, int):
            fields["agent_id"] = agent_id
        action = self.action_edit.text().strip()
        if action:
            fields["action"] = action
        conversation = self.conversation_edit.text().strip()
        if conversation.isdigit() and int(conversation) > 0:
            fields["conversation_id"] = int(conversation)
        first = _pydate(self.from_edit.date()) if self.from_check.isChecked() else None
        last = _pydate(self.to_edit.date()) if self.to_check.isChecked() else None
        if first is not None and last is not None and last < first:
            return None
        if first is not None:
            fields["since"] = desk_midnight(first).isoformat()
        if last is not None:
            fields["until"] = desk_midnight(last + timedelta(days=1)).isoformat()
        return fields

    # -- talking to the server --------------------------------------------------------------

    def apply_filters(self) -> None:
        """Start a new listing with the filters as they are now."""
        fields = self.filters()
        if fields is None:
            self.status_label.setText(self.tr("The first day must not be after the last."))
            return
        self._listing += 1
        listing = self._listing
        self._filters = fields
        self.model.clear()
        self.status_label.setText(self.tr("Loading…"))
        self.bridge.call(
            "audit.list",
            {**fields, "limit": PAGE_SIZE},
            on_result=lambda page: self._first_page(listing, page),
            on_error=lambda error: self._failed(listing, error, first=True),
        )

    def _load_more(self, cursor: str) -> None:
        listing = self._listing
        self.bridge.call(
            "audit.list",
            {**self._filters, "cursor": cursor, "limit": PAGE_SIZE},
            on_result=lambda page: self._next_page(listing, page),
            on_error=lambda error: self._failed(listing, error, first=False),
        )

    def _first_page(self, listing: int, page: Mapping[str, Any]) -> None:
        if listing != self._listing:
            return
        items = list(page.get("items") or [])
        self.model.set_page(items, page.get("next_cursor"))
        self._seen(items)
        self.status_label.setText("" if items else self.tr("No entries match these filters."))

    def _next_page(self, listing: int, page: Mapping[str, Any]) -> None:
        if listing != self._listing:
            return
        items = list(page.get("items") or [])
        self.model.append(items, page.get("next_cursor"))
        self._seen(items)

    def _failed(self, listing: int, error: Exception, *, first: bool) -> None:
        if listing != self._listing:
            return
        if not first:
            self.model.fetch_failed()
        self.status_label.setText(error_text(error))

    def _seen(self, items: Iterable[Mapping[str, Any]]) -> None:
        self.remember_agents((item.get("actor_id"), item.get("actor_name")) for item in items)
