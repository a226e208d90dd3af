"""The desk controller: what the agent does in the main window, turned into server requests.

Widgets never talk to the server; they emit signals, this controller starts requests
through the bridge and feeds the answers and live events back into the models. Counts
are refreshed at most once a second however many events arrive (a dirty flag and a
timer, as Electrum throttles its refreshes).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QSystemTrayIcon

from agentdesk.client.outbox import OutboxEntry
from agentdesk.protocol.frames import EventFrame, ResyncFrame
from agentdesk.ui.bridge import DeskBridge
from agentdesk.ui.composer.template_model import TemplateModel
from agentdesk.ui.composer.template_picker import TemplatePicker
from agentdesk.ui.conversation.call_dialog import CallLogDialog
from agentdesk.ui.search.desk_search import DeskSearch
from agentdesk.ui.shell import shortcuts
from agentdesk.ui.shell.idle import IdleWatch
from agentdesk.ui.shell.main_window import MainWindow
from agentdesk.ui.shell.view_filter import view_matches
from agentdesk.ui.shell.viewers import ViewerBoard

log = logging.getLogger(__name__)
PAGE = 100
VIEWING_BEAT_MS = 30_000  # "still here", so colleagues' desktops keep showing this agent
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
        self._call_dialog: CallLogDialog | None = None
        self.viewers = ViewerBoard(self.agent["id"], self)
        self.viewers.changed.connect(self._viewers_changed)
        self._viewing_beat = QTimer(self, interval=VIEWING_BEAT_MS)
        self._viewing_beat.timeout.connect(self._announce_viewing)
        # Customer messages that arrived while the open conversation was on screen and
        # that the agent has not been shown since: a reply is held until they are.
        self._unseen_inbound: list[dict[str, Any]] = []
        self.idle = IdleWatch(self)
        self.idle.status_changed.connect(self.set_presence)
        window.closed.connect(self._stop_timers)
        self._loading_page = False
        self._counts_dirty = False
        self._counts_timer = QTimer(self, interval=1000, singleShot=True)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._opening = 0  # the number of the last conversation asked for; older answers drop
        self.search = DeskSearch(window, bridge, self, self._shown_customer)
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
        w.composer.typing.connect(self.typing)
        w.composer.send_guard = self._may_send
        w.conversation.identity_banner.decided.connect(self.decide_match)
        w.conversation.header.log_call_requested.connect(self.open_call_dialog)
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
                "search": self.search.focus,
                "find": w.conversation.start_find,
                "templates": self.open_picker,
                "help": self.show_shortcuts,
            },
        )

    def show_shortcuts(self) -> None:
        self._help = shortcuts.show_help(self.window)

    def start(self) -> None:
        self.idle.start()
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

    def open_conversation(self, conversation_id: int, message_id: int | None = None) -> None:
        """Show a conversation; with `message_id` (a search hit) scrolled to that message
        and highlighted, once the conversation has come and is shown."""
        self._opening += 1  # a conversation asked for earlier and still on its way drops
        opening = self._opening
        if (
            message_id is not None
            and self.conversation is not None
            and self.conversation["id"] == conversation_id
            and self.window.conversation.scroll_to_message(message_id)
        ):
            return
        self.chosen_transaction = None

        def arrived(detail: dict[str, Any]) -> None:
            if opening == self._opening:  # else the agent has chosen another one since
                self._show_conversation(detail, message_id)

        self.bridge.call(
            "conversation.get",
            {"conversation_id": conversation_id},
            on_result=arrived,
            on_error=self._page_failed,
        )

    def open_customer(self, customer_id: int, tab: int) -> None:
        """A customer (or their transaction) found by search: their most recent
        conversation the agent may see, with the customer panel on `tab`."""
        if self.conversation is not None and self.conversation["customer_id"] == customer_id:
            self.window.customer.show_tab(tab)
            return

        asked_after = self._opening

        def listed(page: dict[str, Any]) -> None:
            if asked_after != self._opening:
                return  # the agent opened another conversation meanwhile
            items = page.get("items") or []
            if not items:
                self.window.statusBar().showMessage(
                    self.tr("None of this customer's conversations is open to you."), 5000
                )
                return
            self.open_conversation(int(items[0]["id"]))
            self.window.customer.show_tab(tab)

        self.bridge.call(
            "inbox.list",
            {"view": "all", "customer_id": customer_id, "status": ALL_STATUSES, "limit": 1},
            on_result=listed,
            on_error=self._page_failed,
        )

    def _shown_customer(self) -> int | None:
        return int(self.conversation["customer_id"]) if self.conversation is not None else None

    def _show_conversation(self, detail: dict[str, Any], message_id: int | None = None) -> None:
        summary = detail["conversation"]
        previous = self.conversation["id"] if self.conversation else None
        if self.conversation is not None and (
            self.conversation["customer_id"] != summary["customer_id"]
        ):
            self.window.customer.history_tab.show_history()  # that search was of another
        self.conversation = summary
        self._unseen_inbound = []
        w = self.window
        w.composer.show_warning("")
        if previous is not None and previous != summary["id"]:
            self._say_viewing(previous, False)
        self._say_viewing(summary["id"], True)
        self._viewing_beat.start()
        w.conversation.header.set_viewers(self._viewer_rows(summary["id"]))
        w.conversation.show_conversation(detail)
        if message_id is not None and not w.conversation.scroll_to_message(message_id):
            w.statusBar().showMessage(
                self.tr("That message is older than the part of the conversation shown."), 5000
            )
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
        self.bridge.call(
            "customer.matches",
            {"conversation_id": summary["id"]},
            on_result=self._show_matches(summary["id"]),
        )

    def _show_matches(self, conversation_id: int) -> Any:
        def show(matches: list[Mapping[str, Any]]) -> None:
            if self.conversation is not None and self.conversation["id"] == conversation_id:
                self.window.conversation.identity_banner.set_matches(matches)

        return show

    def decide_match(self, match_id: int, same_person: bool) -> None:
        banner = self.window.conversation.identity_banner

        def failed(error: Exception) -> None:
            banner.remove_match(match_id)
            self._page_failed(error)

        self.bridge.call(
            "customer.match.decide",
            {"match_id": match_id, "same_person": same_person},
            on_result=lambda _answer: banner.remove_match(match_id),
            on_error=failed,
        )

    def _stop_timers(self) -> None:
        """Nothing of a closed window may fire later (into a stopped event loop)."""
        self._counts_timer.stop()
        self._viewing_beat.stop()
        self.viewers.stop()
        self.idle.stop()

    def set_presence(self, status: str) -> None:
        """Away after a while idle, online at the next touch; leads route work by it."""
        self.bridge.call("presence.set", {"status": status})

    def _say_viewing(self, conversation_id: int, on: bool) -> None:
        fields = {"conversation_id": conversation_id, "viewing": on}
        self.bridge.call("conversation.viewing", fields)

    def _announce_viewing(self) -> None:
        if self.conversation is not None:
            self._say_viewing(self.conversation["id"], True)

    def _viewer_rows(self, conversation_id: int) -> list[tuple[str, str, bool]]:
        now = time.monotonic()
        return [(v.initials, v.name, v.typing(now)) for v in self.viewers.viewers(conversation_id)]

    def _viewers_changed(self, conversation_id: int) -> None:
        rows = self._viewer_rows(conversation_id)
        self.window.inbox.model().set_viewers(conversation_id, rows)
        if self.conversation is not None and self.conversation["id"] == conversation_id:
            self.window.conversation.header.set_viewers(rows)

    def _may_send(self) -> bool:
        """Hold a reply once when the customer wrote meanwhile: show what they wrote first."""
        if not self._unseen_inbound:
            return True
        unseen, self._unseen_inbound = self._unseen_inbound, []
        self.window.conversation.scroll_to_message(int(unseen[0]["id"]))
        self.window.composer.show_warning(
            self.tr(
                "The customer wrote {count} new message(s) since you opened this conversation"
                " (highlighted above). Read them, then press Send again."
            ).format(count=len(unseen))
        )
        return False

    def typing(self) -> None:
        """Chat customers see that an agent is writing; other channels have no such thing."""
        if self.conversation is not None and self.conversation["channel"] == "chat":
            self.bridge.call("conversation.typing", {"conversation_id": self.conversation["id"]})

    def open_call_dialog(self) -> None:
        if self.conversation is None:
            return
        conversation_id = self.conversation["id"]
        dialog = CallLogDialog(self.window)
        self._call_dialog = dialog
        dialog.accepted.connect(
            lambda: self.bridge.call(
                "call.log", dialog.request_fields(conversation_id), on_error=self._page_failed
            )
        )
        dialog.open()

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
                if message["direction"] == "in":
                    self._unseen_inbound.append(message)
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
            me, given, taken = self.agent["id"], frame.data.get("to"), frame.data.get("from")
            if given == me and taken != me:
                self.notify_assignment(summary)
            elif taken == me and given != me and frame.data.get("message"):
                self.notify_moved_away(summary, frame.data["message"])
        elif frame.name == "conversation.typing" and frame.conversation_id is not None:
            name = str(frame.data.get("name") or "")
            if frame.data.get("side") == "agent":
                self.viewers.typing(frame.conversation_id, int(frame.data["agent_id"]), name)
            elif frame.conversation_id == open_id:
                self.window.conversation.show_typing(name)
        elif frame.name == "conversation.viewing" and frame.conversation_id is not None:
            self.viewers.viewing(
                frame.conversation_id,
                int(frame.data["agent_id"]),
                str(frame.data.get("name") or ""),
                bool(frame.data.get("viewing")),
            )
        elif frame.name == "message.delivery" and frame.conversation_id == open_id:
            delivery = frame.data["delivery"]
            self.window.conversation.set_delivery(delivery["message_id"], delivery)
        elif frame.name == "identity.match" and frame.conversation_id == open_id:
            self.window.conversation.identity_banner.add_match(frame.data["match"])
        elif frame.name == "identity.decided":
            self.window.conversation.identity_banner.remove_match(frame.data["match"]["id"])
        elif (
            frame.name == "sla_breached"
            and isinstance(summary, dict)
            and summary.get("assignee_id") == self.agent["id"]
        ):
            self.notify_breach(summary)
        self._counts_changed()

    def notify_breach(self, summary: dict[str, Any]) -> None:
        text = self.tr("Reply overdue: {name}").format(name=summary["customer_name"])
        self.window.statusBar().showMessage(text, 10000)
        if self.tray.isVisible():
            self.tray.showMessage(self.tr("Reply overdue"), text)

    def notify_assignment(self, summary: dict[str, Any]) -> None:
        text = f"{summary['customer_name']}: {summary['subject'] or summary['snippet']}"
        self.window.statusBar().showMessage(
            self.tr("New conversation for you: {what}").format(what=text), 10000
        )
        if self.tray.isVisible():
            self.tray.showMessage(self.tr("New conversation for you"), text)

    def notify_moved_away(self, summary: dict[str, Any], note: dict[str, Any]) -> None:
        """A lead (or auto-assignment) took a conversation from this agent: say who has it."""
        holder = summary.get("assignee_name") or self.tr("the queue")
        reason = str((note.get("meta") or {}).get("reason") or "")
        text = self.tr("{customer} was moved to {holder}").format(
            customer=summary["customer_name"], holder=holder
        )
        if reason:
            text += f" ({reason})"
        self.window.statusBar().showMessage(text, 10000)
        if self.tray.isVisible():
            self.tray.showMessage(self.tr("Conversation moved"), text)

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
