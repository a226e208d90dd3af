"""Qt tests run offscreen, with their own settings file and no real keyring."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


@pytest.fixture(autouse=True, scope="session")
def _private_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings written by the desktop go to a temporary folder, never the user's."""
    QCoreApplication.setOrganizationName("agentdesk-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


@pytest.fixture
def qasync_loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """The desktop's loop: asyncio running on Qt's event loop, as in the real app."""
    import qasync

    qapp.setQuitOnLastWindowClosed(False)  # closing a test's window must not stop the loop
    loop = qasync.QEventLoop(qapp, already_running=False)
    executor = ThreadPoolExecutor(4, thread_name_prefix="desk-io")
    loop.set_default_executor(executor)  # plain threads, as `run_desktop` uses
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        loop.run_until_complete(asyncio.sleep(0))
        executor.shutdown(wait=True)
        asyncio.set_event_loop(None)
        loop.close()  # while Qt is alive; a loop left to the collector closes too late


def settings_folder() -> Path:
    return Path(QSettings().fileName()).parent


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A shown top-level window without a layout to hold the widget under test (the
    offscreen platform warns when a layout changes a window's size limits, and a Qt
    warning fails the test). Feature folders size their own where it matters."""
    window = QWidget()
    window.resize(720, 900)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
