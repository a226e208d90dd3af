"""The one exception the command line turns into a line on stderr and exit code 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class CommandError(Exception):
    """Bad input or an unusable environment, said in one line."""


@contextmanager
def reported(*kinds: type[Exception]) -> Iterator[None]:
    """Turn the listed exceptions into CommandError with their own message, first line only."""
    try:
        yield
    except kinds as exc:
        message = str(exc).strip().splitlines()
        raise CommandError(message[0] if message else type(exc).__name__) from exc
