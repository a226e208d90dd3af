"""The lead's view end to end against a real server on loopback: the lead `lena` drags an
unassigned conversation onto `amy`; her queue loses it, amy's desktop gains it in "mine",
and the conversation's timeline has the assignment line with the reason."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

from agentdesk.db.engine import Database
from agentdesk.ui.app import Desktop, Launch
from agentdesk.ui.driver import DesktopDriver, wait_until
from agentdesk.ui.lead.lead_controller import LeadController
from agentdesk.ui.shell.main_window import MainWindow
from agentdesk.ui.signin.token_store import TokenStore
from tests.helpers.server import ServerThread, running_server
from tests.server.conftest import CATALOG, PASSWORD, Desk, build_desk
from tests.ui.test_desktop_e2e import MemoryKeyring
from tests.ui.test_desktop_e2e import close as stop

REASON = "Amy handles the hotline questions"


@pytest.fixture
def desk(sqlite_db: Database) -> Desk:
    return build_desk(sqlite_db)


@pytest.fixture
def server(desk: Desk) -> Iterator[ServerThread]:
    with running_server(desk.database.url.render_as_string(hide_password=False), CATALOG) as s:
        yield s


async def signed_in(server: ServerThread, username: str, folder: Path) -> Desktop:
    launch = Launch(server=server.url, username=username, password=PASSWORD, data_dir=folder)
    desktop = Desktop(launch, tokens=TokenStore(MemoryKeyring()))
    welcome = await desktop.sign_in()
    assert welcome is not None and welcome["agent"]["username"] == username
    desktop.show_main_window(welcome)
    return desktop


async def close(desktop: Desktop) -> None:
    """Stop the desktop and delete its window, whose controllers' timers (the inbox counts,
    the team refresh) would otherwise fire into the next test's loop."""
    window = desktop.window
    await stop(desktop)
    if window is not None:
        gone: list[bool] = []
        window.destroyed.connect(lambda: gone.append(True))
        window.deleteLater()
        await wait_until(lambda: gone)


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def lead_action(window: MainWindow, text: str) -> QAction:
    for action in window.menuBar().actions():
        if action.text() == "&Lead":
            menu = action.menu()
            found = [a for a in menu.actions() if a.text() == text]  # type: ignore[attr-defined]
            assert found, text
            return found[0]  # type: ignore[no-any-return]
    raise AssertionError("no Lead menu")


def test_lead_drags_a_queued_conversation_onto_amy_and_both_inboxes_change(
    qasync_loop: asyncio.AbstractEventLoop, server: ServerThread, desk: Desk, tmp_path: Path
) -> None:
    conversation_id = desk.unassigned.id
    amy_id = desk.cast.agent_a.id

    async def scenario() -> None:
        amy = await signed_in(server, "amy", tmp_path / "amy")
        lena = await signed_in(server, "lena", tmp_path / "lena")
        try:
            assert amy.window is not None and lena.window is not None
            assert isinstance(lena.lead, LeadController)
            amy_inbox = DesktopDriver(amy.controller).inbox  # type: ignore[arg-type]
            await wait_until(lambda: amy_inbox.row_of(desk.mine.id) >= 0)
            assert amy_inbox.row_of(conversation_id) < 0

            lead_action(lena.window, "Team…").trigger()
            view = lena.lead.view
            await wait_until(
                lambda: view.isVisible() and view.queue_model.row_of(conversation_id) >= 0
            )
            await wait_until(lambda: view.agents_model.row_of(amy_id) >= 0)
            assert view.team is not None and view.team["id"] == desk.cast.team_a.id

            # Drag the queued conversation onto amy (the drag's data, dropped on her row).
            queued = view.queue_model.summary_of(conversation_id)
            assert queued is not None
            customer = queued["customer_name"]
            row = view.queue_model.index(view.queue_model.row_of(conversation_id))
            dragged = view.queue_model.mimeData([row])
            target = view.agents_model.index(view.agents_model.row_of(amy_id), 0)
            assert view.agents_model.canDropMimeData(
                dragged, Qt.DropAction.CopyAction, -1, -1, target
            )
            assert view.agents_model.dropMimeData(dragged, Qt.DropAction.CopyAction, -1, -1, target)
            dialog = view.reason_dialog
            assert dialog is not None and dialog.isVisible()
            dialog.reason.setText(REASON)
            QTest.keyClick(dialog.reason, Qt.Key.Key_Return)

            # The lead's queue loses it; amy's "mine" inbox gains it through the live event.
            await wait_until(lambda: view.queue_model.row_of(conversation_id) < 0)
            await wait_until(lambda: amy_inbox.row_of(conversation_id) >= 0)
            await wait_until(lambda: view.notice.text() == "1 conversation(s) moved.")
            summary = amy_inbox.summary_at(amy_inbox.row_of(conversation_id))
            assert summary["assignee_id"] == amy_id
            await wait_until(
                lambda: (view.agents_model.agent(amy_id) or {}).get("open", 0) >= 2  # mine + it
            )

            # The server says the same: amy's mine view, and the timeline's assignment line.
            assert amy.session is not None
            page: dict[str, Any] = await amy.session.request("inbox.list", view="mine", limit=50)
            assert conversation_id in [item["id"] for item in page["items"]]
            detail = await amy.session.request("conversation.get", conversation_id=conversation_id)
            notes = [
                m
                for m in detail["messages"]
                if m["direction"] == "note" and m["meta"].get("kind") == "assignment"
            ]
            assert len(notes) == 1
            assert notes[0]["meta"]["to"] == amy_id and notes[0]["meta"]["reason"] == REASON
            assert notes[0]["meta"]["by"] == desk.cast.lead_a.id

            # The same drag again, now stale, onto alan: a conflict, shown; nothing moves.
            alan = view.agents_model.index(view.agents_model.row_of(desk.cast.agent_a2.id), 0)
            assert view.agents_model.dropMimeData(dragged, Qt.DropAction.CopyAction, -1, -1, alan)
            stale = view.reason_dialog
            assert stale is not None and stale.question.text() == f"Move {customer} to Alan?"
            stale.accept()
            await wait_until(lambda: "meanwhile" in view.notice.text())
            assert view.notice.text() == (
                f"{customer} was moved by someone else meanwhile; now with Amy."
            )
            again = await amy.session.request("conversation.get", conversation_id=conversation_id)
            assert again["conversation"]["assignee_id"] == amy_id
        finally:
            await close(lena)
            await close(amy)

    qasync_loop.run_until_complete(scenario())


def test_leads_get_a_lead_menu_and_agents_do_not(
    qasync_loop: asyncio.AbstractEventLoop, server: ServerThread, tmp_path: Path
) -> None:
    async def scenario() -> None:
        amy = await signed_in(server, "amy", tmp_path / "amy")
        lena = await signed_in(server, "lena", tmp_path / "lena")
        try:
            assert amy.window is not None and lena.window is not None
            assert amy.lead is None and "&Lead" not in menu_titles(amy.window)
            assert lena.lead is not None and "&Lead" in menu_titles(lena.window)
            for text in ("Team…", "Dashboard…", "Audit log…"):
                assert lead_action(lena.window, text).isEnabled()
            assert not lena.lead.view.isVisible()  # opened from the menu only
        finally:
            await close(lena)
            await close(amy)

    qasync_loop.run_until_complete(scenario())
