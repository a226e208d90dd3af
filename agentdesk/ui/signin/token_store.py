"""Remembered sessions live in the system keyring, never in a plain file."""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

log = logging.getLogger(__name__)
SERVICE = "agentdesk"
# Backends that would keep the token without protecting it, or not at all.
INSECURE = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt.file")


def _account(server: str, username: str) -> str:
    return f"{username}@{server}"


def backend_is_secure(backend: KeyringBackend | None = None) -> bool:
    backend = backend or keyring.get_keyring()
    module = type(backend).__module__
    if any(module.startswith(prefix) for prefix in INSECURE):
        return False
    return float(getattr(backend, "priority", 0) or 0) > 0


class TokenStore:
    """Blocking calls (D-Bus, Keychain): run them off the GUI thread."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self.backend = backend or keyring.get_keyring()

    @property
    def available(self) -> bool:
        return backend_is_secure(self.backend)

    def save(self, server: str, username: str, token: str) -> bool:
        if not self.available:
            return False
        try:
            self.backend.set_password(SERVICE, _account(server, username), token)
        except KeyringError as exc:
            log.warning("could not save the session in the keyring: %s", exc)
            return False
        return True

    def load(self, server: str, username: str) -> str | None:
        if not self.available:
            return None
        try:
            return self.backend.get_password(SERVICE, _account(server, username))
        except KeyringError:
            return None

    def delete(self, server: str, username: str) -> None:
        if not self.available:
            return
        with contextlib.suppress(KeyringError):
            self.backend.delete_password(SERVICE, _account(server, username))
