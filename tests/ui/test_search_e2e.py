"""Search end to end against a real server on loopback: the agent types a query into the
main window's box, the server's hits are listed with their matches marked, a filter the
server cannot understand is explained in its words, and choosing a hit opens the
conversation scrolled to the message, highlighted."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from agentdesk.db.models import Message
from agentdesk.services.inbound import receive_customer_message
from agentdesk.ui.app import Desktop, Launch
from agentdesk.ui.driver import DesktopDriver, wait_until
from agentdesk.ui.search.hits_model import MARK_STYLE, ROW_ROLE
from agentdesk.ui.signin.token_store import TokenStore
from tests.helpers.server import ServerThread
from tests.server.conftest import PASSWORD, Desk
from tests.ui.test_desktop_e2e import MemoryKeyring, close, desk, server

__all__ = ["desk", "server"]  # the fixtures, shared with the desktop end-to-end tests


def test_search_lists_the_servers_hits_and_opens_the_message(
    qasync_loop: asyncio.AbstractEventLoop, server: ServerThread, desk: Desk, tmp_path: Path
) -> None:
    with desk.database.read() as session:
        wanted = session.scalars(
            select(Message.id).where(Message.conversation_id == desk.mine.id)
        ).one()
    with desk.database.write() as session:  # the hit is far above the newest message
        for n in range(40):
            receive_customer_message(session, desk.mine.id, f"还在吗?第 {n} 次问了。" * 4)

    async def scenario() -> None:
        launch = Launch(server=server.url, username="amy", password=PASSWORD, data_dir=tmp_path)
        desktop = Desktop(launch, tokens=TokenStore(MemoryKeyring()))
        welcome = await desktop.sign_in()
        assert welcome is not None
        desktop.show_main_window(welcome)
        assert desktop.controller is not None and desktop.window is not None
        window, driver = desktop.window, DesktopDriver(desktop.controller)
        try:
            await driver.inbox_loaded()
            results = window.search_results

            # A filter the server refuses: its message, as it is.
            window.search_box.setText("转账 channel:fax")
            QTest.keyClick(window.search_box, Qt.Key.Key_Return)
            await wait_until(results.failed)
            assert results.status_text() == (
                "channel: is one of chat, email, phone, social, feedback"
            )

            window.search_box.setText("转账")
            QTest.keyClick(window.search_box, Qt.Key.Key_Return)
            await wait_until(lambda: results.model.rowCount() > 0)
            assert window.search_shown() and not results.failed()
            hits = [results.model.hit_at(r) for r in range(results.model.rowCount())]
            found = [h for h in hits if h["kind"] == "message" and h["message_id"] == wanted]
            assert len(found) == 1 and found[0]["conversation_id"] == desk.mine.id
            row = hits.index(found[0])
            document = results.delegate.document(results.model.index(row, 0), 400)
            assert "我的转账失败了" in document.toPlainText()
            marked = results.model.index(row, 0).data(ROW_ROLE).snippet_html
            assert f'<span style="{MARK_STYLE}">转账</span>' in marked

            results.list.setCurrentIndex(results.model.index(row, 0))  # the agent picks it
            view = window.conversation
            await wait_until(lambda: (view.card_for("message", wanted) or None) is not None)
            card = view.card_for("message", wanted)
            assert card is not None
            await wait_until(card.is_highlighted)
            await asyncio.sleep(0.3)  # the layout has settled
            newest = view.cards()[-1]
            assert newest is not card
            assert desktop.controller.conversation is not None
            assert desktop.controller.conversation["id"] == desk.mine.id
            viewport = view.scroll_area.viewport()
            shown = QRect(card.mapTo(viewport, QPoint(0, 0)), card.size())
            assert shown.intersects(viewport.rect())
            newest_at = QRect(newest.mapTo(viewport, QPoint(0, 0)), newest.size())
            assert not newest_at.intersects(viewport.rect())  # scrolled away from the bottom
            assert window.search_shown()  # the hits stay for the next choice
        finally:
            await close(desktop)

    qasync_loop.run_until_complete(scenario())
