"""Starting the desktop: Qt and asyncio on one loop (qasync), sign-in, then the main window."""

from __future__ import annotations

import asyncio
import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
import qasync
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from agentdesk.client import RequestError
from agentdesk.client.outbox import Outbox
from agentdesk.client.session import DeskSession
from agentdesk.ui import i18n
from agentdesk.ui.bridge import DeskBridge
from agentdesk.ui.lead.lead_controller import LeadController, may_lead
from agentdesk.ui.shell.desk import DeskController
from agentdesk.ui.shell.main_window import MainWindow
from agentdesk.ui.signin.dialog import SignInDialog
from agentdesk.ui.signin.token_store import TokenStore

log = logging.getLogger(__name__)
DEFAULT_SERVER = "ws://127.0.0.1:8765"


@dataclass
class Launch:
    """How the desktop starts: a server, and for the demo the credentials to use."""

    server: str | None = None
    username: str | None = None
    password: str | None = None
    data_dir: Path | None = None


class Desktop:
    """One running desktop: signs in, shows the main window, signs out."""

    def __init__(self, launch: Launch, *, tokens: TokenStore | None = None) -> None:
        self.launch = launch
        self.settings = QSettings()
        self.tokens = tokens or TokenStore()
        data_dir = launch.data_dir or platformdirs.user_data_path("agentdesk")
        data_dir.mkdir(parents=True, exist_ok=True)
        self.outbox = Outbox(data_dir / "outbox.sqlite3")
        self.session: DeskSession | None = None
        self.window: MainWindow | None = None
        self.controller: DeskController | None = None
        self.bridge: DeskBridge | None = None
        self.lead: LeadController | None = None  # leads and admins only
        self.lead_windows: dict[str, QWidget] = {}  # the dashboard and the audit log
        self.closed = asyncio.Event()
        self.server = launch.server or str(self.settings.value("desk/server", DEFAULT_SERVER))
        self.username = launch.username or str(self.settings.value("desk/username", ""))

    async def run(self) -> int:
        welcome = await self.sign_in()
        if welcome is None:
            await self.outbox.close()
            return 0
        self.show_main_window(welcome)
        await self.closed.wait()
        if self.session is not None:
            await self.session.stop()
        await self.outbox.close()
        return 0

    async def sign_in(self) -> dict[str, Any] | None:
        if self.launch.username and self.launch.password:
            return await self._start(self.launch.username, self.launch.password, None)
        if self.username:
            token = await asyncio.to_thread(self.tokens.load, self.server, self.username)
            if token:
                try:
                    return await self._start(self.username, None, token)
                except (RequestError, OSError) as exc:
                    log.info("remembered session not accepted: %s", exc)
                    await asyncio.to_thread(self.tokens.delete, self.server, self.username)
        return await self._dialog()

    async def _start(
        self, username: str, password: str | None, token: str | None, server: str | None = None
    ) -> dict[str, Any]:
        session = DeskSession(
            server or self.server, self.outbox, username=username, password=password, token=token
        )
        welcome = await session.start()
        self.session = session
        return welcome

    async def _dialog(self) -> dict[str, Any] | None:
        answer: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
        dialog = SignInDialog(self.server, self.username, keyring_available=self.tokens.available)

        async def attempt(server: str, username: str, password: str, remember: bool) -> None:
            try:
                welcome = await self._start(username, password, None, server)
            except RequestError as exc:
                dialog.failed(exc.message)
                return
            except OSError as exc:
                dialog.failed(
                    QCoreApplication.translate("Desktop", "Cannot reach the server: %1").replace(
                        "%1", str(exc)
                    )
                )
                return
            self.server, self.username = server, username
            self.settings.setValue("desk/server", server)
            self.settings.setValue("desk/username", username)
            if remember and self.session is not None and self.session.token:
                await asyncio.to_thread(self.tokens.save, server, username, self.session.token)
            if not answer.done():
                answer.set_result(welcome)
            dialog.accept()

        tasks: set[asyncio.Task[None]] = set()

        def requested(server: str, username: str, password: str, remember: bool) -> None:
            task = asyncio.ensure_future(attempt(server, username, password, remember))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

        dialog.sign_in_requested.connect(requested)

        def cancelled() -> None:
            if not answer.done():
                answer.set_result(None)

        dialog.rejected.connect(cancelled)
        dialog.open()
        return await answer

    def show_main_window(self, welcome: dict[str, Any]) -> None:
        assert self.session is not None
        window = MainWindow(welcome["agent"]["display_name"])
        bridge = DeskBridge(self.session, window)
        self.controller = DeskController(window, bridge, welcome)
        self.bridge = bridge
        if may_lead(welcome["agent"]):
            self.lead = LeadController(window, bridge, welcome["agent"])
        self._menus(window)
        window.closed.connect(self.closed.set)
        self.window = window
        window.show()
        self.controller.start()

    def _menus(self, window: MainWindow) -> None:
        account = window.menuBar().addMenu(QCoreApplication.translate("Desktop", "&Account"))
        sign_out = QAction(QCoreApplication.translate("Desktop", "Sign out"), window)
        sign_out.triggered.connect(lambda: asyncio.ensure_future(self.sign_out()))
        account.addAction(sign_out)
        language = window.menuBar().addMenu(QCoreApplication.translate("Desktop", "&Language"))
        group = QActionGroup(window)
        current = i18n.chosen_language(self.settings)
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, window, checkable=True, checked=code == current)
            action.triggered.connect(lambda _=False, c=code: self._switch_language(c))
            group.addAction(action)
            language.addAction(action)
        if self.lead is not None:
            self._lead_menu(window, self.lead)

    def _lead_menu(self, window: MainWindow, lead: LeadController) -> None:
        menu = window.menuBar().addMenu(QCoreApplication.translate("Desktop", "&Lead"))
        team = QAction(QCoreApplication.translate("Desktop", "Team…"), window)
        team.triggered.connect(lead.open)
        dashboard = QAction(QCoreApplication.translate("Desktop", "Dashboard…"), window)
        dashboard.triggered.connect(lambda: self.open_lead_window("dashboard"))
        audit = QAction(QCoreApplication.translate("Desktop", "Audit log…"), window)
        audit.triggered.connect(lambda: self.open_lead_window("audit"))
        for action in (team, dashboard, audit):
            menu.addAction(action)

    def open_lead_window(self, which: str) -> None:
        """The dashboard or the audit log, made on first use and shown again afterwards."""
        assert self.bridge is not None and self.window is not None
        shown = self.lead_windows.get(which)
        if shown is None:
            # Imported here: these windows load pyqtgraph and are for leads only.
            if which == "dashboard":
                from agentdesk.ui.lead.dashboard import DashboardWindow

                shown = DashboardWindow(self.bridge, self.window)
            else:
                from agentdesk.ui.lead.audit_view import AuditWindow

                shown = AuditWindow(self.bridge, self.window)
            self.lead_windows[which] = shown
        if shown.isVisible():
            shown.raise_()
        shown.show()
        shown.activateWindow()

    def _switch_language(self, code: str) -> None:
        i18n.set_language(code, self.settings)
        box = QMessageBox(self.window)
        box.setText(
            QCoreApplication.translate(
                "Desktop", "The new language is used from the next start of agentdesk."
            )
        )
        box.open()

    async def sign_out(self) -> None:
        """Revoke the token on the server and forget it here."""
        if self.session is not None:
            await self.session.stop(logout=True)
            await asyncio.to_thread(self.tokens.delete, self.server, self.username)
        if self.window is not None:
            self.window.close()


def run_desktop(launch: Launch) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    # The desktop ends when its main window closes (`Desktop.closed`), after it has
    # stopped the session and closed the outbox; Qt quitting by itself would stop the
    # loop before that clean-up.
    app.setQuitOnLastWindowClosed(False)  # type: ignore[attr-defined]
    QCoreApplication.setOrganizationName("agentdesk")
    QCoreApplication.setApplicationName("agentdesk")
    i18n.install_translators(app, i18n.chosen_language())  # type: ignore[arg-type]
    loop = qasync.QEventLoop(app)
    # Keyring and outbox calls go to plain threads (qasync's default executor uses
    # QThreads, which Qt reports as destroyed while running when the app exits).
    executor = ThreadPoolExecutor(4, thread_name_prefix="desk-io")
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            return int(loop.run_until_complete(Desktop(launch).run()))
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
