"""Signing in: the dialog and the keyring that remembers a session."""
