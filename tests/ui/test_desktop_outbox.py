"""A reply typed while the server is down survives a restart of the desktop and of the
server, and is stored exactly once when both are back."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select

from agentdesk.db.engine import Database
from agentdesk.db.models import Message, MessageDirection
from agentdesk.ui.app import Desktop, Launch
from agentdesk.ui.driver import DesktopDriver, wait_until
from agentdesk.ui.signin.token_store import TokenStore
from tests.helpers.processes import ServeProcess
from tests.server.conftest import PASSWORD, Desk, build_desk
from tests.ui.test_desktop_e2e import MemoryKeyring

pytestmark = pytest.mark.slow


@pytest.fixture
def desk(sqlite_db: Database) -> Desk:
    return build_desk(sqlite_db)


def replies(desk: Desk) -> list[str]:
    with desk.database.read() as session:
        return list(
            session.scalars(
                select(Message.text).where(
                    Message.conversation_id == desk.mine.id,
                    Message.direction == MessageDirection.OUT,
                )
            )
        )


def test_outbox_survives_desktop_and_server_restarts(
    qasync_loop: asyncio.AbstractEventLoop, desk: Desk, tmp_path: Path
) -> None:
    url = desk.database.url.render_as_string(hide_password=False)
    keyring = MemoryKeyring()
    server = ServeProcess(url)
    server.start()
    text = "您好,我们已收到您的问题,正在处理。"

    async def before_crash() -> None:
        desktop = Desktop(
            Launch(server=server.url, username="amy", password=PASSWORD, data_dir=tmp_path),
            tokens=TokenStore(keyring),
        )
        welcome = await desktop.sign_in()
        assert welcome is not None and desktop.session is not None
        keyring.set_password("agentdesk", f"amy@{server.url}", desktop.session.token or "")
        desktop.show_main_window(welcome)
        window, driver = desktop.window, DesktopDriver(desktop.controller)  # type: ignore[arg-type]
        assert window is not None
        await driver.inbox_loaded()
        await driver.open(desk.mine.id)
        server.kill()
        await wait_until(window.banner.isVisible)
        window.composer.insert_text(text)
        window.composer.send()
        await wait_until(lambda: window.outbox.count() == 1)
        entries = await desktop.outbox.pending()
        assert [(e.text, e.state) for e in entries] == [(text, "pending")]
        # the desktop "crashes": no flush, no sign-out; the outbox file is all that is left
        await desktop.session.stop()
        window.close()
        await desktop.outbox.close()

    qasync_loop.run_until_complete(before_crash())
    assert replies(desk) == []

    restarted = ServeProcess(url, server.port)
    restarted.start()
    try:

        async def after_restart() -> None:
            desktop = Desktop(
                Launch(server=restarted.url, username="amy", data_dir=tmp_path),
                tokens=TokenStore(keyring),
            )
            welcome = await asyncio.wait_for(desktop.sign_in(), 15)  # the remembered token
            assert welcome is not None
            await wait_until(lambda: replies(desk) == [text], 15)
            for _ in range(100):
                if not await desktop.outbox.pending():
                    break
                await asyncio.sleep(0.05)
            assert await desktop.outbox.pending() == []
            assert desktop.session is not None
            await desktop.session.stop()
            await desktop.outbox.close()

        qasync_loop.run_until_complete(after_restart())
    finally:
        restarted.kill()
    assert replies(desk) == [text]
