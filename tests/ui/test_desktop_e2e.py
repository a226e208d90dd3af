"""The desktop end to end against a real server on loopback: sign in, open a conversation,
insert a canned response, send it and see it acknowledged; remembered sessions; sign-out."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from agentdesk.db.engine import Database
from agentdesk.db.models import AgentSession, Message, MessageDirection
from agentdesk.ui.app import Desktop, Launch
from agentdesk.ui.driver import DesktopDriver, wait_until
from agentdesk.ui.signin.token_store import TokenStore
from tests.helpers.server import ServerThread, running_server
from tests.server.conftest import CATALOG, PASSWORD, Desk, build_desk


class MemoryKeyring(KeyringBackend):
    """A secure-looking keyring that keeps secrets in memory, for tests."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def desk(sqlite_db: Database) -> Desk:
    return build_desk(sqlite_db)


@pytest.fixture
def server(desk: Desk) -> Iterator[ServerThread]:
    with running_server(desk.database.url.render_as_string(hide_password=False), CATALOG) as s:
        yield s


async def close(desktop: Desktop) -> None:
    if desktop.session is not None:
        await desktop.session.stop()
    if desktop.window is not None:
        desktop.window.close()
    await desktop.outbox.close()


def test_sign_in_open_insert_send_acknowledged(
    qasync_loop: asyncio.AbstractEventLoop, server: ServerThread, desk: Desk, tmp_path: Path
) -> None:
    async def scenario() -> None:
        launch = Launch(server=server.url, username="amy", password=PASSWORD, data_dir=tmp_path)
        desktop = Desktop(launch, tokens=TokenStore(MemoryKeyring()))
        welcome = await desktop.sign_in()
        assert welcome is not None and welcome["agent"]["username"] == "amy"
        desktop.show_main_window(welcome)
        assert desktop.controller is not None and desktop.window is not None
        window, driver = desktop.window, DesktopDriver(desktop.controller)
        await driver.inbox_loaded()
        assert driver.find_row(lambda row: row["id"] == desk.mine.id) is not None
        await driver.open(desk.mine.id)
        await wait_until(lambda: desktop.controller.templates.rowCount() > 0)  # type: ignore[union-attr]

        desktop.controller.insert_template("greeting", "zh")  # type: ignore[union-attr]
        await wait_until(lambda: "王小明" in window.composer.text())
        text = window.composer.text()
        assert "{" not in text and window.composer.can_send()
        QTest.keyClick(
            window.composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )

        def stored() -> list[Message]:
            with desk.database.read() as session:
                return list(
                    session.scalars(
                        select(Message).where(
                            Message.conversation_id == desk.mine.id,
                            Message.direction == MessageDirection.OUT,
                        )
                    )
                )

        await wait_until(lambda: len(stored()) == 1)
        entries = await desktop.outbox.for_conversation(desk.mine.id)
        await wait_until(lambda: desktop.outbox is not None)
        for _ in range(100):
            entries = await desktop.outbox.for_conversation(desk.mine.id)
            if entries and entries[0].state == "sent":
                break
            await asyncio.sleep(0.05)
        assert [entry.state for entry in entries] == ["sent"]
        assert entries[0].message_id == stored()[0].id and stored()[0].text == text
        assert window.composer.text() == ""
        # the server's event put the reply into the open conversation's timeline
        await wait_until(
            lambda: window.conversation.card_for("message", stored()[0].id) is not None
        )
        await close(desktop)

    qasync_loop.run_until_complete(scenario())


def test_remember_me_keeps_the_token_in_the_keyring_and_sign_out_revokes_it(
    qasync_loop: asyncio.AbstractEventLoop, server: ServerThread, desk: Desk, tmp_path: Path
) -> None:
    keyring = MemoryKeyring()

    async def first_run() -> None:
        desktop = Desktop(Launch(server=server.url, data_dir=tmp_path), tokens=TokenStore(keyring))
        signing_in = asyncio.ensure_future(desktop.sign_in())
        dialog = await _dialog()
        assert dialog.remember.isEnabled()
        dialog.username.setText("amy")
        dialog.password.setText(PASSWORD)
        dialog.remember.setChecked(True)
        dialog.buttons.accepted.emit()
        welcome = await asyncio.wait_for(signing_in, 10)
        assert welcome is not None
        assert list(keyring.secrets.values()) == [desktop.session.token]  # type: ignore[union-attr]
        await close(desktop)

    async def second_run() -> None:
        desktop = Desktop(Launch(server=server.url, data_dir=tmp_path), tokens=TokenStore(keyring))
        welcome = await asyncio.wait_for(desktop.sign_in(), 10)  # no dialog: the token
        assert welcome is not None and welcome["agent"]["username"] == "amy"
        desktop.show_main_window(welcome)
        await desktop.sign_out()
        assert keyring.secrets == {}
        with desk.database.read() as session:
            assert all(row.revoked_at is not None for row in session.scalars(select(AgentSession)))
        await desktop.outbox.close()

    qasync_loop.run_until_complete(first_run())
    qasync_loop.run_until_complete(second_run())


def test_without_a_secure_keyring_the_dialog_says_so(
    qasync_loop: asyncio.AbstractEventLoop, server: ServerThread, tmp_path: Path
) -> None:
    from keyring.backends.fail import Keyring as NoKeyring

    async def scenario() -> None:
        desktop = Desktop(
            Launch(server=server.url, data_dir=tmp_path), tokens=TokenStore(NoKeyring())
        )
        signing_in = asyncio.ensure_future(desktop.sign_in())
        dialog = await _dialog()
        assert not dialog.remember.isEnabled() and "keyring" in dialog.notice.text()
        dialog.username.setText("amy")
        dialog.password.setText("wrong password")
        dialog.buttons.accepted.emit()
        await wait_until(dialog.error.isVisible)
        assert "wrong username or password" in dialog.error.text()
        dialog.reject()
        assert await asyncio.wait_for(signing_in, 10) is None
        await desktop.outbox.close()

    qasync_loop.run_until_complete(scenario())


async def _dialog():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from agentdesk.ui.signin.dialog import SignInDialog

    found: list[SignInDialog] = []

    def visible() -> bool:
        found[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SignInDialog) and w.isVisible()
        ]
        return bool(found)

    await wait_until(visible)
    return found[0]
