"""Finding and running benchmark modules (`bench_<name>.py`), with the machine they ran on."""

from __future__ import annotations

import importlib
import os
import pkgutil
import platform
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, cast

from benchmarks.report import BenchmarkResult, Figure, format_value

PREFIX = "bench_"
PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent


class Benchmark(Protocol):
    def run(self, workdir: Path) -> list[Figure]: ...


def available() -> list[str]:
    """Names of the benchmarks in this package: `bench_seed.py` is "seed"."""
    return sorted(
        module.name.removeprefix(PREFIX)
        for module in pkgutil.iter_modules([str(PACKAGE)])
        if module.name.startswith(PREFIX)
    )


def load(name: str) -> Benchmark:
    return cast(Benchmark, importlib.import_module(f"benchmarks.{PREFIX}{name}"))


def machine_info() -> dict[str, object]:
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": _memory_gb(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        pages, page_size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None
    return round(pages * page_size / 2**30, 1)


def run_one(name: str, work_root: Path, log: Callable[[str], None]) -> BenchmarkResult:
    """Run one benchmark in a fresh work folder that is removed afterwards."""
    workdir = work_root / name
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    when = datetime.now(UTC).isoformat(timespec="seconds")
    log(f"benchmark {name}: running")
    try:
        figures = load(name).run(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if not any(work_root.iterdir()):
            work_root.rmdir()
    for figure in figures:
        verdict = {True: "met", False: "MISSED", None: "no target"}[figure.met]
        log(f"  {figure.name}: {format_value(figure.value, figure.unit)} ({verdict})")
    return BenchmarkResult(benchmark=name, when=when, machine=machine_info(), figures=figures)
