"""`agentdesk screenshot`: the main views rendered offscreen with demo data, as PNG files."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import qasync
from PySide6.QtCore import QCoreApplication, QItemSelectionModel
from PySide6.QtWidgets import QApplication, QWidget

from agentdesk.ui import i18n
from agentdesk.ui.app import Desktop, Launch
from agentdesk.ui.customer.transactions_model import TRANSACTION_ROLE
from agentdesk.ui.driver import DesktopDriver, wait_until
from agentdesk.ui.lead.audit_view import AuditWindow
from agentdesk.ui.lead.dashboard import MONTH, DashboardWindow
from agentdesk.ui.signin.token_store import TokenStore

DEMO_USER, DEMO_LEAD, DEMO_PASSWORD = "agent.wang", "lead.li", "demo"
SIZE = (1600, 1000)
LEAD_SIZE = (1280, 800)


class _NoKeyring(TokenStore):
    """Screenshots never touch the user's keyring."""

    @property
    def available(self) -> bool:
        return False


async def _shoot(server: str, out_dir: Path, data_dir: Path) -> list[Path]:
    desktop = Desktop(
        Launch(server=server, username=DEMO_USER, password=DEMO_PASSWORD, data_dir=data_dir),
        tokens=_NoKeyring(),
    )
    welcome = await desktop.sign_in()
    assert welcome is not None
    desktop.show_main_window(welcome)
    assert desktop.controller is not None and desktop.window is not None
    window, controller = desktop.window, desktop.controller
    window.resize(*SIZE)
    driver = DesktopDriver(controller)
    await driver.choose_view("team")
    written: list[Path] = []

    def grab(name: str) -> None:
        QApplication.processEvents()
        path = out_dir / f"{name}.png"
        window.grab().save(str(path))
        written.append(path)

    for name, channel in (("inbox-chat", "chat"), ("email", "email"), ("call-log", "phone")):
        summary = driver.find_row(lambda row, c=channel: row["channel"] == c)  # type: ignore[misc]
        if summary is None:
            await driver.choose_view("all")
            summary = driver.find_row(lambda row, c=channel: row["channel"] == c)  # type: ignore[misc]
        if summary is not None:
            await driver.open(summary["id"])
            grab(name)

    await _failed_transaction(driver)
    grab("transactions-failed")

    if await _search_hit(driver, "密码"):
        grab("search")

    controller.open_picker()
    picker = controller.picker
    assert picker is not None
    await wait_until(picker.isVisible)
    picker.search_field.setText("密码")
    await asyncio.sleep(0.3)
    picker.grab().save(str(out_dir / "template-picker.png"))
    written.append(out_dir / "template-picker.png")
    picker.close()

    if desktop.session is not None:
        await desktop.session.stop()
    window.close()
    await desktop.outbox.close()
    written += await _shoot_lead(server, out_dir, data_dir)
    return written


async def _shoot_lead(server: str, out_dir: Path, data_dir: Path) -> list[Path]:
    """The team lead's windows: the team with its queue, the dashboard, the audit log."""
    desktop = Desktop(
        Launch(server=server, username=DEMO_LEAD, password=DEMO_PASSWORD, data_dir=data_dir),
        tokens=_NoKeyring(),
    )
    welcome = await desktop.sign_in()
    assert welcome is not None
    desktop.show_main_window(welcome)
    assert desktop.lead is not None and desktop.window is not None
    written: list[Path] = []

    async def shoot(name: str, widget: QWidget, ready: Callable[[], object]) -> None:
        widget.resize(*LEAD_SIZE)
        await wait_until(ready, 15)
        await asyncio.sleep(0.3)  # the last answer painted
        QApplication.processEvents()
        path = out_dir / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)
        widget.close()

    lead = desktop.lead
    lead.open()
    await shoot("lead-team", lead.view, lambda: lead.view.agents_model.rowCount() > 0)
    desktop.open_lead_window("dashboard")
    dashboard = desktop.lead_windows["dashboard"]
    assert isinstance(dashboard, DashboardWindow)
    dashboard.period_box.setCurrentIndex(dashboard.period_box.findData(MONTH))
    await shoot("lead-dashboard", dashboard, lambda: dashboard.agents_model.rowCount() > 0)
    desktop.open_lead_window("audit")
    audit = desktop.lead_windows["audit"]
    assert isinstance(audit, AuditWindow)
    await shoot("lead-audit-log", audit, lambda: audit.model.rowCount() > 0)
    if desktop.session is not None:
        await desktop.session.stop()
    desktop.window.close()
    await desktop.outbox.close()
    return written


async def _failed_transaction(driver: DesktopDriver) -> None:
    """Open a conversation whose customer has a failed transaction and choose it."""
    panel = driver.window.customer
    for row in range(driver.inbox.rowCount()):
        await driver.open(driver.inbox.summary_at(row)["id"])
        tab = panel.transactions
        for index in range(tab.proxy.rowCount()):
            transaction = tab.proxy.index(index, 0).data(TRANSACTION_ROLE)
            if transaction and transaction.get("status") == "failed":
                panel.tabs.setCurrentWidget(tab)
                tab.table.selectionModel().setCurrentIndex(
                    tab.proxy.index(index, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                answer = tab.suggestion_text
                await wait_until(answer.toPlainText, 10)
                return
        if row > 40:
            return


async def _search_hit(driver: DesktopDriver, query: str) -> bool:
    """Search the demo desk and open the first message found, scrolled to it and
    highlighted (the grab comes within the highlight's few seconds)."""
    await driver.search(query)
    model = driver.window.search_results.model
    for row in range(model.rowCount()):
        if model.hit_at(row)["kind"] == "message":
            await driver.open_hit(row)
            return True
    return False


def take_screenshots(server: str, out_dir: Path, data_dir: Path) -> list[Path]:
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)  # type: ignore[attr-defined]
    QCoreApplication.setOrganizationName("agentdesk-screenshots")
    i18n.install_translators(app, i18n.chosen_language())  # type: ignore[arg-type]
    loop = qasync.QEventLoop(app)
    executor = ThreadPoolExecutor(4, thread_name_prefix="desk-io")
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    with loop:
        written: list[Path] = loop.run_until_complete(_shoot(server, out_dir, data_dir))
    executor.shutdown(wait=True)
    return written
