"""Benchmark figures, their JSON files in `.bench/`, and the generated docs/performance.md.

Everything here is pure (no timing, no databases) so the report can be tested alone.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MARKER = "<!-- generated below by `python -m benchmarks`: edit only above this line -->"
DEFAULT_INTRO = """# Performance

The numbers agentdesk holds itself to (DESIGN.md, "Numbers we hold ourselves to"),
measured by the benchmarks in `benchmarks/`. Run them with `make bench` or
`.venv/bin/python -m benchmarks [names...]`; each run writes `.bench/<name>.json` and
regenerates everything below the marker from all the JSON files present.
Benchmarks are measurements, not timed tests: a missed target is reported, not failed.
"""

_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
}


@dataclass(frozen=True)
class Figure:
    """One measured number, with the target it should meet (if any)."""

    name: str
    unit: str
    value: float
    target: float | None = None
    target_op: str | None = None  # "<", "<=", ">", ">=" or "=="
    description: str = ""

    def __post_init__(self) -> None:
        if (self.target is None) != (self.target_op is None):
            raise ValueError(f"{self.name}: give both target and target_op, or neither")
        if self.target_op is not None and self.target_op not in _OPERATORS:
            raise ValueError(f"{self.name}: unknown target_op {self.target_op!r}")

    @property
    def met(self) -> bool | None:
        if self.target is None or self.target_op is None:
            return None
        return _OPERATORS[self.target_op](self.value, self.target)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "met": self.met}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        return cls(
            name=data["name"],
            unit=data["unit"],
            value=data["value"],
            target=data.get("target"),
            target_op=data.get("target_op"),
            description=data.get("description", ""),
        )


@dataclass(frozen=True)
class BenchmarkResult:
    """One run of one benchmark: what was measured, when, and on what machine."""

    benchmark: str
    when: str  # ISO 8601, UTC
    machine: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "when": self.when,
            "machine": self.machine,
            "figures": [figure.to_json() for figure in self.figures],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BenchmarkResult:
        return cls(
            benchmark=data["benchmark"],
            when=data["when"],
            machine=dict(data.get("machine", {})),
            figures=[Figure.from_json(item) for item in data.get("figures", [])],
        )


def save_result(result: BenchmarkResult, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{result.benchmark}.json"
    path.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    return path


def load_results(folder: Path) -> list[BenchmarkResult]:
    """Every `*.json` result in `folder`, by benchmark name."""
    if not folder.is_dir():
        return []
    results = [
        BenchmarkResult.from_json(json.loads(path.read_text()))
        for path in sorted(folder.glob("*.json"))
    ]
    return sorted(results, key=lambda result: result.benchmark)


def format_value(value: float, unit: str) -> str:
    if float(value).is_integer() and abs(value) >= 1:
        number = f"{int(value):,}"
    elif abs(value) >= 100:
        number = f"{value:,.0f}"
    elif abs(value) >= 10:
        number = f"{value:.1f}"
    else:
        number = f"{value:.3g}"
    return f"{number} {unit}".strip()


def _target(figure: Figure) -> str:
    if figure.target is None or figure.target_op is None:
        return "—"
    return f"{figure.target_op} {format_value(figure.target, figure.unit)}"


def _met(figure: Figure) -> str:
    return {True: "yes", False: "**no**", None: "—"}[figure.met]


def _when(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_results(results: Iterable[BenchmarkResult]) -> str:
    """The generated part of performance.md: one section and table per benchmark, by name."""
    sections: list[str] = []
    for result in sorted(results, key=lambda result: result.benchmark):
        machine = result.machine
        lines = [
            f"## {result.benchmark}",
            "",
            f"Measured {_when(result.when)} on {machine.get('platform', 'an unknown platform')}, "
            f"{machine.get('cpu_count', '?')} CPUs ({machine.get('cpu_model', 'unknown CPU')}), "
            f"Python {machine.get('python', '?')}.",
            "",
            "| figure | measured | target | met? |",
            "|---|---:|---:|:---:|",
        ]
        for figure in result.figures:
            lines.append(
                f"| {_cell(figure.name)} | {format_value(figure.value, figure.unit)} "
                f"| {_target(figure)} | {_met(figure)} |"
            )
        described = [figure for figure in result.figures if figure.description]
        if described:
            lines.append("")
            lines.extend(f"- *{figure.name}*: {figure.description}" for figure in described)
        sections.append("\n".join(lines))
    if not sections:
        sections.append("No benchmark results yet: run `python -m benchmarks`.")
    return "\n\n".join(sections) + "\n"


def _generated_sections(generated: str) -> dict[str, str]:
    """The sections below the marker of an earlier page, by benchmark name."""
    sections: dict[str, str] = {}
    for part in re.split(r"(?m)^(?=## )", generated):
        if part.startswith("## "):
            name = part[3:].split("\n", 1)[0].strip()
            sections[name] = part.strip()
    return sections


def render_performance(existing: str | None, results: Iterable[BenchmarkResult]) -> str:
    """performance.md: the hand-written part of `existing` above the marker, then results.

    A section of `existing` whose benchmark has no result now (`.bench/` is not kept in
    git, and one benchmark may be run alone) stays as it was, with its own date."""
    results = list(results)
    kept: dict[str, str] = {}
    if existing is None:
        intro = DEFAULT_INTRO
    elif MARKER in existing:
        intro, generated = existing.split(MARKER, 1)
        fresh = {result.benchmark for result in results}
        kept = {k: v for k, v in _generated_sections(generated).items() if k not in fresh}
    else:
        intro = existing  # a page written by hand before any run: keep all of it
    if not kept:
        return f"{intro.rstrip()}\n\n{MARKER}\n\n{render_results(results)}"
    sections = dict(kept)
    if results:
        sections.update(_generated_sections(render_results(results)))
    body = "\n\n".join(sections[name] for name in sorted(sections))
    return f"{intro.rstrip()}\n\n{MARKER}\n\n{body}\n"


def update_performance(document: Path, results_folder: Path) -> str:
    existing = document.read_text() if document.exists() else None
    rendered = render_performance(existing, load_results(results_folder))
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_text(rendered)
    return rendered
