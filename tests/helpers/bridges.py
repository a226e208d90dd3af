"""A stand-in for the desktop's request bridge in window tests: no server, no loop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def _no_answer(kind: str, fields: dict[str, Any]) -> Any:
    raise AssertionError(f"no answer set for {kind}")


@dataclass
class AnsweringBridge:
    """Answers at once with `answer(kind, fields)` (an exception is passed to on_error),
    or, with `hold`, keeps the calls for the test to answer later. Subclasses give
    `answer` the default their windows need."""

    answer: Callable[[str, dict[str, Any]], Any] = _no_answer
    hold: bool = False
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    held: list[tuple[Callable[[Any], None], Callable[[Exception], None]]] = field(
        default_factory=list
    )

    def call(
        self,
        kind: str,
        fields: dict[str, Any] | None = None,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.calls.append((kind, dict(fields or {})))
        assert on_result is not None and on_error is not None
        if self.hold:
            self.held.append((on_result, on_error))
            return
        try:
            result = self.answer(kind, dict(fields or {}))
        except Exception as error:
            on_error(error)
        else:
            on_result(result)
