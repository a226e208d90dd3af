"""`python -m benchmarks [names...]`: run benchmarks, save `.bench/<name>.json`, update the docs."""

from __future__ import annotations

import argparse
import sys
import traceback

from benchmarks.report import save_result, update_performance
from benchmarks.runner import ROOT, available, run_one

RESULTS = ROOT / ".bench"
DOCUMENT = ROOT / "docs" / "performance.md"


def main(argv: list[str] | None = None) -> int:
    names = available()
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all: {names})")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(names))
        return 0
    unknown = sorted(set(args.names) - set(names))
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}",
            file=sys.stderr,
        )
        return 2

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    failed = []
    for name in args.names or names:
        try:
            result = run_one(name, RESULTS / "work", log)
        except Exception:
            traceback.print_exc()
            failed.append(name)
            continue
        log(f"  wrote {save_result(result, RESULTS).relative_to(ROOT)}")
    update_performance(DOCUMENT, RESULTS)
    log(f"updated {DOCUMENT.relative_to(ROOT)}")
    if failed:
        log(f"failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
