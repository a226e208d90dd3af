"""The desk controller: what the agent does in the main window, turned into server requests.

Widgets never talk to the server; they emit signals, this controller starts requests
through the bridge and feeds the answers and live events back into the models. Counts
are refreshed at most once a second however many events arrive (a dirty flag and a
timer, as Electrum throttles its refreshes).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QSystemTrayIcon

from agentdesk.client.outbox import OutboxEntry
from agentdesk.protocol.frames import EventFrame, ResyncFrame
from agentdesk.ui.bridge import DeskBridge
from agentdesk.ui.composer.template_model import TemplateModel
from agentdesk.ui.composer.template_picker import TemplatePicker
from agentdesk.ui.shell import shortcuts
from agentdesk.ui.shell.main_window import MainWindow
from agentdesk.ui.shell.view_filter import view_matches

log = logging.getLogger(__name__)
PAGE = 100
ALL_STATUSES = ["open", "pending", "snoozed", "resolved"]


class DeskController(QObject):
    def __init__(self, window: MainWindow, bridge: DeskBridge, welcome: dict[str, Any]) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.agent = welcome["agent"]
        self.view: dict[str, Any] = {"view": "mine"}
        self.conversation: dict[str, Any] | None = None  # the open conversation's summary
        self.chosen_transaction: int | None = None
        self.templates = TemplateModel(self)
        window.composer.set_template_model(self.templates)  # titles for suggestions
        self.picker: TemplatePicker | None = None
        self._loading_page = False
        self._counts_dirty = False
        self._counts_timer = QTimer(self, interval=1000, singleShot=True)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self.tray = QSystemTrayIcon(window.windowIcon(), self)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()
        self._wire()

    # -- wiring ---------------------------------------------------------------------------

    def _wire(self) -> None:
        w = self.window
        w.views.clicked.connect(lambda index: self.choose_view(index.row()))
        w.inbox.model().more_wanted.connect(self.load_more)
        w.inbox.conversation_chosen.connect(self.open_conversation)
        w.composer.send_requested.connect(self.send)
        w.composer.picker_requested.connect(self.open_picker)
        w.customer.reveal_requested.connect(self.reveal)
        w.customer.failed_transaction_chosen.connect(self.answer_for_transaction)
        w.customer.insert_requested.connect(w.composer.insert_text)
        w.customer.conversation_chosen.connect(self.open_conversation)
        self.bridge.event_received.connect(self.on_event)
        self.bridge.resynced.connect(self.on_resync)
        self.bridge.status_changed.connect(self.on_status)
        self.bridge.outbox_changed.connect(self.on_outbox)
        self.shortcuts = shortcuts.install(
            w,
            {
                "next": w.inbox.select_next,
                "previous": w.inbox.select_previous,
                "reply": w.composer.focus_reply,
                "note": w.composer.focus_note,
                "resolve": self.resolve,
                "find": w.conversation.start_find,
                "templates": self.open_picker,
                "help": self.show_shortcuts,
            },
        )

    def show_shortcuts(self) -> None:
        self._help = shortcuts.show_help(self.window)

    def start(self) -> None:
        self.bridge.call("templates.list", on_result=self.templates.set_templates)
        self.refresh_counts()
        self.choose_view(0)
        self.window.show_status("online")

    # -- inbox ----------------------------------------------------------------------------

    def choose_view(self, row: int) -> None:
        self.view = dict(self.window.views_model.filter_at(row))
        self.window.views.setCurrentIndex(self.window.views_model.index(row, 0))
        self.reload_inbox()

    def reload_inbox(self) -> None:
        self._loading_page = True
        self.bridge.call(
            "inbox.list",
            {**self.view, "limit": PAGE},
            on_result=self._show_first_page,
            on_error=self._page_failed,
        )

    def _show_first_page(self, page: dict[str, Any]) -> None:
        self._loading_page = False
        self.window.inbox.model().reset(page["items"], page["next_cursor"])

    def load_more(self, cursor: str) -> None:
        if self._loading_page:
            return
        self._loading_page = True
        self.bridge.call(
            "inbox.list",
            {**self.view, "limit": PAGE, "cursor": cursor},
            on_result=self._append_page,
            on_error=self._page_failed,
        )

    def _append_page(self, page: dict[str, Any]) -> None:
        self._loading_page = False
        self.window.inbox.model().append_page(page["items"], page["next_cursor"])

    def _page_failed(self, error: Exception) -> None:
        self._loading_page = False
        self.window.inbox.model().fetch_failed()
        self.window.statusBar().showMessage(str(error), 5000)

    def refresh_counts(self) -> None:
        self._counts_dirty = False
        self.bridge.call(
            "inbox.counts", on_result=lambda r: self.window.views_model.set_counts(r["views"])
        )

    def _counts_changed(self) -> None:
        if not self._counts_timer.isActive():
            self._counts_timer.start()

    # -- the open conversation ------------------------------------------------------------

    def open_conversation(self, conversation_id: int) -> None:
        self.chosen_transaction = None
        self.bridge.call(
            "conversation.get",
            {"conversation_id": conversation_id},
            on_result=self._show_conversation,
            on_error=self._page_failed,
        )

    def _show_conversation(self, detail: dict[str, Any]) -> None:
        summary = detail["conversation"]
        self.conversation = summary
        w = self.window
        w.conversation.show_conversation(detail)
        w.inbox.model().mark_read(summary["id"])
        w.composer.set_enabled_for(summary)
        w.composer.set_rich(summary["channel"] == "email")
        self.bridge.call(
            "templates.suggest",
            {"conversation_id": summary["id"]},
            on_result=lambda found: w.composer.show_suggestion(found[0] if found else None),
        )
        customer_id = summary["customer_id"]
        self.bridge.call(
            "customer.get", {"customer_id": customer_id}, on_result=w.customer.show_customer
        )
        self.bridge.call(
            "customer.transactions",
            {"customer_id": customer_id, "limit": 100},
            on_result=lambda page: w.customer.set_transactions(page["items"]),
        )
        self.bridge.call(
            "inbox.list",
            {"view": "all", "customer_id": customer_id, "status": ALL_STATUSES, "limit": 50},
            on_result=lambda page: w.customer.set_history(page["items"]),
        )
        self.bridge.call_outbox(summary["id"], w.outbox.show_conversation)

    def send(self, text: str, html: str | None, note: bool) -> None:
        if self.conversation is None:
            return
        self.bridge.send(self.conversation["id"], text, html=html, note=note)

    def resolve(self) -> None:
        if self.conversation is None:
            return
        self.bridge.call(
            "conversation.update",
            {"conversation_id": self.conversation["id"], "status": "resolved"},
            on_error=self._page_failed,
        )

    def reveal(self, field: str) -> None:
        if self.conversation is None:
            return
        self.bridge.call(
            "customer.reveal",
            {"customer_id": self.conversation["customer_id"], "field": field},
            on_result=lambda r: self.window.customer.show_revealed(r["field"], r["value"] or ""),
            on_error=self._page_failed,
        )

    def answer_for_transaction(self, transaction: dict[str, Any]) -> None:
        if self.conversation is None:
            return
        self.chosen_transaction = transaction["id"]
        self.bridge.call(
            "templates.render",
            {"conversation_id": self.conversation["id"], "transaction_id": transaction["id"]},
            on_result=self.window.customer.show_suggested_answer,
            on_error=self._page_failed,
        )

    def open_picker(self) -> None:
        if self.conversation is None:
            return
        if self.picker is None:
            self.picker = TemplatePicker(self.templates, self.window)
            self.picker.template_chosen.connect(self.insert_template)
        self.picker.open()

    def insert_template(self, key: str, language: str) -> None:
        if self.conversation is None:
            return
        fields: dict[str, Any] = {
            "key": key,
            "conversation_id": self.conversation["id"],
            "language": language,
        }
        if self.chosen_transaction is not None:
            fields["transaction_id"] = self.chosen_transaction
        self.bridge.call(
            "templates.render",
            fields,
            on_result=lambda rendered: self.window.composer.insert_text(rendered["text"]),
            on_error=self._page_failed,
        )

    # -- live -----------------------------------------------------------------------------

    def on_event(self, frame: EventFrame) -> None:
        summary = frame.data.get("conversation")
        model = self.window.inbox.model()
        if isinstance(summary, dict):
            if view_matches(
                self.view, summary, agent_id=self.agent["id"], team_id=self.agent["team_id"]
            ):
                model.upsert(summary)
            else:
                model.remove(summary["id"])
        open_id = self.conversation["id"] if self.conversation else None
        if frame.name == "message.created":
            message = frame.data["message"]
            if message["conversation_id"] == open_id:
                self.window.conversation.append_message(message)
            elif message["direction"] == "in":
                model.mark_unread(message["conversation_id"])
        elif frame.name in ("conversation.assigned", "conversation.updated") and isinstance(
            summary, dict
        ):
            if frame.data.get("message") and summary["id"] == open_id:
                self.window.conversation.append_message(frame.data["message"])
            if summary["id"] == open_id:
                self.window.conversation.update_summary(summary)
                self.conversation = summary
            if (
                frame.data.get("to") == self.agent["id"]
                and frame.data.get("from") != self.agent["id"]
            ):
                self.notify_assignment(summary)
        self._counts_changed()

    def notify_assignment(self, summary: dict[str, Any]) -> None:
        if self.tray.isVisible():
            self.tray.showMessage(
                self.tr("New conversation for you"),
                f"{summary['customer_name']}: {summary['subject'] or summary['snippet']}",
            )

    def on_resync(self, frame: ResyncFrame) -> None:
        self.reload_inbox()
        self.refresh_counts()
        if self.conversation is not None:
            self.open_conversation(self.conversation["id"])

    def on_status(self, status: str) -> None:
        self.window.show_status(status)
        if status == "online":
            self._counts_changed()

    def on_outbox(self, entry: OutboxEntry) -> None:
        self.window.outbox.update_entry(entry)
