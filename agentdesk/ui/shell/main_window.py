"""The main window: a shell that lays out the feature widgets, and nothing more."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from agentdesk.ui.composer.composer import Composer
from agentdesk.ui.conversation.timeline import ConversationView
from agentdesk.ui.customer.panel import CustomerPanel
from agentdesk.ui.inbox.inbox_view import InboxList
from agentdesk.ui.inbox.views_model import ViewsModel
from agentdesk.ui.search.results_view import SearchResults
from agentdesk.ui.search.search_box import SearchBox
from agentdesk.ui.shell.outbox_strip import OutboxStrip

BANNER_STYLE = "background:#b3261e;color:white;padding:6px;font-weight:bold;"


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, agent_name: str) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("agentdesk — %1").replace("%1", agent_name))
        self.resize(1440, 900)
        self.views_model = ViewsModel(self)
        self.views = QListView()
        self.views.setModel(self.views_model)
        self.views.setMaximumWidth(220)
        self.inbox = InboxList()
        self.inbox.setMinimumWidth(320)
        # Search results take the inbox's place while shown, beside the open conversation.
        self.search_results = SearchResults(closable=True)
        self.inbox_column = QStackedWidget()
        self.inbox_column.addWidget(self.inbox)
        self.inbox_column.addWidget(self.search_results)
        self.search_box = SearchBox(
            self.tr("Search conversations, calls, customers and transactions (Ctrl+F)")
        )
        self.search_box.setMinimumWidth(360)
        self.search_box.setMaximumWidth(720)
        self.search_bar = QToolBar(self.tr("Search"))
        self.search_bar.setObjectName("search")
        self.search_bar.setMovable(False)
        self.search_bar.setFloatable(False)
        self.search_bar.addWidget(self.search_box)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.search_bar)
        self.conversation = ConversationView()
        self.outbox = OutboxStrip()
        self.composer = Composer()
        self.customer = CustomerPanel()
        self.customer.setMinimumWidth(320)
        self.banner = QLabel()
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.hide()

        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.conversation)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.outbox)
        bottom_layout.addWidget(self.composer)
        middle.addWidget(bottom)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 1)

        columns = QSplitter(Qt.Orientation.Horizontal)
        columns.addWidget(self.views)
        columns.addWidget(self.inbox_column)
        columns.addWidget(middle)
        columns.addWidget(self.customer)
        columns.setStretchFactor(2, 3)
        columns.setSizes([180, 360, 620, 360])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(columns)
        self.setCentralWidget(central)
        self.connection_label = QLabel()
        self.statusBar().addPermanentWidget(self.connection_label)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()

    def show_search(self, shown: bool) -> None:
        """The search results in the inbox's column, or the inbox again."""
        self.inbox_column.setCurrentWidget(self.search_results if shown else self.inbox)

    def search_shown(self) -> bool:
        return self.inbox_column.currentWidget() is self.search_results

    def show_status(self, status: str) -> None:
        """The offline banner while disconnected; the state in the status bar always."""
        texts = {
            "online": self.tr("Online"),
            "connecting": self.tr("Reconnecting…"),
            "offline": self.tr("Offline"),
            "signed_out": self.tr("Signed out"),
        }
        self.connection_label.setText(texts.get(status, status))
        if status == "online":
            self.banner.hide()
            return
        if status == "signed_out":
            self.banner.setText(self.tr("Your session has ended. Sign in again."))
        else:
            self.banner.setText(
                self.tr("Offline: replies are kept and sent when the connection is back.")
            )
        self.banner.show()
