"""The lead controller: the lead view's wishes turned into requests, and the team's live
events into refreshes of it.

Only leads and admins get one. The view opens in its own window (`open()`); while it is
shown, events about its team refresh the overview, at most once a second however many
arrive (the first at once, the rest folded into one a second later).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

from agentdesk.client import RequestError
from agentdesk.protocol.frames import EventFrame, ResyncFrame
from agentdesk.ui.bridge import DeskBridge
from agentdesk.ui.inbox.inbox_clock import utc_now
from agentdesk.ui.lead.lead_view import TEAM, LeadView

log = logging.getLogger(__name__)
LEAD_ROLES = frozenset({"lead", "admin"})
REFRESH_EVENTS = frozenset(
    {
        "presence.changed",
        "conversation.assigned",
        "conversation.updated",
        "message.created",
        "team.updated",
    }
)
REFRESH_MS = 1000
TEAM_PAGE = 200


def may_lead(agent: Mapping[str, Any]) -> bool:
    return agent.get("role") in LEAD_ROLES


class LeadController(QObject):
    def __init__(
        self,
        window: QWidget,
        bridge: DeskBridge,
        agent: Mapping[str, Any],
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        if not may_lead(agent):
            raise ValueError("the lead view is for leads and admins")
        super().__init__(window)
        self.bridge = bridge
        self.agent = dict(agent)
        self.team_id: int | None = agent.get("team_id")
        self.view = LeadView(window, clock=clock)
        self.view.setWindowFlag(Qt.WindowType.Window)
        self.view.setWindowTitle(self.tr("Team"))
        self.view.resize(1000, 640)
        self.view.hide()
        self._asked = 0  # overview requests started; only the latest answer is shown
        self._dirty = False
        self._throttle = QTimer(self, interval=REFRESH_MS, singleShot=True)
        self._throttle.timeout.connect(self._throttle_ended)
        self.view.assign_requested.connect(self.assign)
        self.view.settings_changed.connect(self.update_team)
        self.view.list_changed.connect(lambda _mode: self.refresh())
        self.view.refresh_requested.connect(self.refresh)
        bridge.event_received.connect(self.on_event)
        bridge.resynced.connect(self.on_resync)
        window.installEventFilter(self)  # the team window closes with the main window

    # Showing ----------------------------------------------------------------------------

    def open(self) -> None:
        """Show the team's window, brought up to date."""
        if self.view.isVisible():
            self.view.raise_()  # already open, maybe behind the main window
        self.view.show()
        self.view.activateWindow()
        self.refresh()

    def close(self) -> None:
        """Close the team's window; nothing is refreshed until it opens again."""
        self._throttle.stop()
        self._dirty = False
        self.view.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.close()
        return False

    def refresh(self) -> None:
        """Ask for the overview (and the team's conversations in team mode) now."""
        self._dirty = False
        self._throttle.start()
        self._asked += 1
        asked = self._asked
        fields = {"team_id": self.team_id} if self.team_id is not None else {}
        self.bridge.call(
            "lead.overview",
            fields,
            on_result=lambda overview: self._show_overview(asked, overview),
            on_error=self._failed,
        )
        if self.view.list_mode() == TEAM:
            self.bridge.call(
                "inbox.list",
                {"view": self._team_view(), "limit": TEAM_PAGE},
                on_result=lambda page: self._show_team(asked, page),
                on_error=self._failed,
            )

    def refresh_soon(self) -> None:
        """Refresh now, or a second after the last refresh when one was that recent."""
        if not self.view.isVisible():
            return  # `open()` refreshes
        if self._throttle.isActive():
            self._dirty = True
            return
        self.refresh()

    # Requests ---------------------------------------------------------------------------

    def assign(
        self,
        ids: Sequence[int],
        versions: Mapping[str, int],
        agent_id: int | None,
        reason: str,
    ) -> None:
        """Move the conversations to the agent (None: back to the queue)."""
        fields = {
            "conversation_ids": list(ids),
            "agent_id": agent_id,
            "versions": dict(versions),
            "reason": reason,
        }

        def done(answer: Mapping[str, Any]) -> None:
            self.view.show_assignment(answer)
            self.refresh_soon()

        self.bridge.call("conversation.assign_many", fields, on_result=done, on_error=self._failed)

    def update_team(self, changes: Mapping[str, Any]) -> None:
        """The assignment mode or the offline rule changed in the view."""
        team = self.view.team
        if team is None:
            return

        def failed(error: Exception) -> None:
            self._failed(error)
            self.refresh()  # put the controls back as the server has them

        self.bridge.call(
            "team.update",
            {"team_id": team["id"], **changes},
            on_result=lambda _answer: self.refresh_soon(),
            on_error=failed,
        )

    # Live -------------------------------------------------------------------------------

    def on_event(self, frame: EventFrame) -> None:
        if frame.name in REFRESH_EVENTS and self.concerns_team(frame):
            self.refresh_soon()

    def on_resync(self, _frame: ResyncFrame) -> None:
        self.refresh_soon()

    def concerns_team(self, frame: EventFrame) -> bool:
        """Whether an event may change what the view shows of its team."""
        team_id = self.team_id
        if team_id is None:
            return True  # the team is not known before the first overview
        data = frame.data
        agents = self.view.agents_model
        if frame.name == "presence.changed":
            return data.get("team_id") == team_id or agents.row_of(data.get("agent_id", 0)) >= 0
        if frame.name == "team.updated":
            team = data.get("team")
            changed = team.get("id") if isinstance(team, dict) else data.get("team_id")
            return changed is None or changed == team_id
        summary = data.get("conversation")
        if isinstance(summary, dict):
            if summary.get("team_id") == team_id:
                return True
            if self.view.queue_model.row_of(int(summary["id"])) >= 0:
                return True  # moved out of the team
        return any(
            isinstance(data.get(side), int) and agents.row_of(data[side]) >= 0
            for side in ("from", "to")
        )

    # Internals --------------------------------------------------------------------------

    def _show_overview(self, asked: int, overview: Mapping[str, Any]) -> None:
        if asked != self._asked:
            return  # a later refresh is on its way
        team_id = overview["team"]["id"]
        self.team_id = int(team_id) if team_id is not None else None
        self.view.setWindowTitle(self.tr("Team {name}").format(name=overview["team"]["name"]))
        self.view.show_overview(overview)

    def _show_team(self, asked: int, page: Mapping[str, Any]) -> None:
        if asked != self._asked:
            return
        items = [item for item in page["items"] if item.get("team_id") == self.team_id]
        self.view.show_conversations(items)

    def _team_view(self) -> str:
        """The lead's own team is the `team` view; another team (admins) is found in `all`."""
        same = self.team_id is not None and self.team_id == self.agent.get("team_id")
        return "team" if same else "all"

    def _throttle_ended(self) -> None:
        if self._dirty and self.view.isVisible():
            self.refresh()

    def _failed(self, error: Exception) -> None:
        message = error.message if isinstance(error, RequestError) else str(error)
        log.info("lead request failed: %s", message)
        self.view.show_error(message)
