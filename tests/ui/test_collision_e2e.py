"""Collision, end to end: who else is in a conversation, who types there, and a reply held
until the agent has seen what the customer wrote meanwhile."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from agentdesk.client import AgentClient
from agentdesk.db.models import Message, MessageDirection
from agentdesk.services.inbound import receive_customer_message
from agentdesk.ui.app import Desktop, Launch
from agentdesk.ui.driver import DesktopDriver, wait_until
from agentdesk.ui.inbox.inbox_model import InboxRole
from agentdesk.ui.signin.token_store import TokenStore
from tests.helpers.server import ServerThread
from tests.server.conftest import PASSWORD, Desk
from tests.ui.test_desktop_e2e import MemoryKeyring, close, desk, server

__all__ = ["desk", "server"]  # the fixtures, shared with the desktop end-to-end tests


def test_colleagues_in_the_conversation_and_a_reply_held_for_new_messages(
    qasync_loop: asyncio.AbstractEventLoop, server: ServerThread, desk: Desk, tmp_path: Path
) -> None:
    async def scenario() -> None:
        launch = Launch(server=server.url, username="amy", password=PASSWORD, data_dir=tmp_path)
        desktop = Desktop(launch, tokens=TokenStore(MemoryKeyring()))
        welcome = await desktop.sign_in()
        assert welcome is not None
        desktop.show_main_window(welcome)
        assert desktop.controller is not None and desktop.window is not None
        window, driver = desktop.window, DesktopDriver(desktop.controller)
        await driver.inbox_loaded()
        await driver.open(desk.mine.id)

        # Alan (same team) opens the same conversation and starts typing.
        alan = AgentClient(server.url, username="alan", password=PASSWORD)
        await alan.connect()
        await alan.request("conversation.viewing", conversation_id=desk.mine.id, viewing=True)
        await wait_until(lambda: "Alan" in window.conversation.header.viewers.text())
        model = window.inbox.model()
        row = model.index(model.row_of(desk.mine.id), 0)
        await wait_until(lambda: bool(model.data(row, InboxRole.Viewers)))
        assert [name for _i, name, _t in model.data(row, InboxRole.Viewers)] == ["Alan"]
        await alan.request("conversation.typing", conversation_id=desk.mine.id)
        await wait_until(lambda: "typing" in window.conversation.header.viewers.text())

        # The customer writes while Amy drafts her answer.
        window.composer.insert_text("您好，请稍等，我查一下")
        with desk.database.write() as session:
            receive_customer_message(session, desk.mine.id, "我又试了一次，还是失败")
        await wait_until(
            lambda: any("还是失败" in card.search_text for card in window.conversation.cards())
        )
        QTest.keyClick(
            window.composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
        # Held: the warning says why, the text is still there, the new message is shown.
        assert "new message" in window.composer.warning()
        assert window.composer.text() == "您好，请稍等，我查一下"
        highlighted = [c for c in window.conversation.cards() if c.is_highlighted()]
        assert len(highlighted) == 1 and "还是失败" in highlighted[0].search_text

        def replies() -> list[Message]:
            with desk.database.read() as session:
                return list(
                    session.scalars(
                        select(Message).where(
                            Message.conversation_id == desk.mine.id,
                            Message.direction == MessageDirection.OUT,
                        )
                    )
                )

        assert replies() == []
        # Having seen it, Amy sends: now it goes.
        QTest.keyClick(
            window.composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
        await wait_until(lambda: len(replies()) == 1)
        assert window.composer.warning() == ""

        # Alan leaves: Amy's desktop stops showing him.
        await alan.request("conversation.viewing", conversation_id=desk.mine.id, viewing=False)
        await wait_until(lambda: window.conversation.header.viewers.text() == "")
        await wait_until(lambda: not model.data(row, InboxRole.Viewers))
        await alan.close()
        await close(desktop)

    qasync_loop.run_until_complete(scenario())


def test_both_agents_hear_of_a_reassignment(
    qasync_loop: asyncio.AbstractEventLoop, server: ServerThread, desk: Desk, tmp_path: Path
) -> None:
    async def scenario() -> None:
        launch = Launch(server=server.url, username="amy", password=PASSWORD, data_dir=tmp_path)
        desktop = Desktop(launch, tokens=TokenStore(MemoryKeyring()))
        welcome = await desktop.sign_in()
        assert welcome is not None
        desktop.show_main_window(welcome)
        assert desktop.controller is not None and desktop.window is not None
        window, driver = desktop.window, DesktopDriver(desktop.controller)
        await driver.inbox_loaded()
        status = window.statusBar()
        lena = AgentClient(server.url, username="lena", password=PASSWORD)
        await lena.connect()
        await lena.request(
            "conversation.assign",
            conversation_id=desk.mine.id,
            agent_id=desk.cast.agent_a2.id,
            reason="Alan knows this merchant",
        )
        await wait_until(lambda: "was moved to Alan" in status.currentMessage())
        assert status.currentMessage() == "王小明 was moved to Alan (Alan knows this merchant)"
        await wait_until(lambda: window.inbox.model().row_of(desk.mine.id) < 0)
        await lena.request(
            "conversation.assign", conversation_id=desk.unassigned.id, agent_id=desk.cast.agent_a.id
        )
        await wait_until(lambda: "New conversation for you" in status.currentMessage())
        await wait_until(lambda: window.inbox.model().row_of(desk.unassigned.id) >= 0)
        await lena.close()
        await close(desktop)

    qasync_loop.run_until_complete(scenario())
