"""The sign-in dialog: server, username, password and "remember me"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class SignInDialog(QDialog):
    """Emits `sign_in_requested`; the controller answers with `failed()` or closes it.

    It is opened with `open()`, never `exec()`, so the asyncio loop keeps running."""

    sign_in_requested = Signal(str, str, str, bool)  # server, username, password, remember

    def __init__(
        self,
        server: str,
        username: str = "",
        *,
        keyring_available: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to agentdesk"))
        self.server = QLineEdit(server)
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember me on this computer"))
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        if not keyring_available:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.notice.setText(
                self.tr(
                    "No secure keyring is available on this computer, so agentdesk will "
                    "ask for your password next time instead of storing your session."
                )
            )
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus(Qt.FocusReason.OtherFocusReason)

    def _submit(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.failed(self.tr("Enter your username and password."))
            return
        self.set_busy(True)
        self.sign_in_requested.emit(
            self.server.text().strip(),
            self.username.text().strip(),
            self.password.text(),
            self.remember.isChecked(),
        )

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        if busy:
            self.error.hide()

    def failed(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.show()
        self.password.selectAll()
        self.password.setFocus()
