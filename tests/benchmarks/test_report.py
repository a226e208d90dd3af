"""The benchmark report: figures and targets, JSON results, and the generated performance page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.report import (
    MARKER,
    BenchmarkResult,
    Figure,
    format_value,
    load_results,
    render_performance,
    save_result,
    update_performance,
)
from benchmarks.runner import available

MACHINE = {"cpu_count": 2, "cpu_model": "Test CPU", "python": "3.11.7", "platform": "Linux-test"}


def sample(name: str = "seed", seconds: float = 29.5) -> BenchmarkResult:
    return BenchmarkResult(
        benchmark=name,
        when="2026-11-24T14:50:07+00:00",
        machine=MACHINE,
        figures=[
            Figure("large seed on SQLite", "s", seconds, 180, "<", "fresh file | analyzed"),
            Figure("rows written per second (SQLite)", "rows/s", 53_000),
            Figure("messages written (SQLite)", "", 1_000_000, 1_000_000, "=="),
        ],
    )


def test_a_figure_knows_whether_it_met_its_target() -> None:
    assert Figure("t", "s", 29.5, 180, "<").met is True
    assert Figure("t", "s", 200, 180, "<").met is False
    assert Figure("t", "ms", 50, 50, "<=").met is True
    assert Figure("t", "", 3, 3, "==").met is True
    assert Figure("t", "MB", 420).met is None
    with pytest.raises(ValueError, match="both"):
        Figure("t", "s", 1, 2)
    with pytest.raises(ValueError, match="target_op"):
        Figure("t", "s", 1, 2, "~")


def test_results_round_trip_through_json(tmp_path: Path) -> None:
    path = save_result(sample(), tmp_path)
    assert path == tmp_path / "seed.json"
    data = json.loads(path.read_text())
    assert data["benchmark"] == "seed" and data["machine"]["cpu_count"] == 2
    assert data["figures"][0] == {
        "name": "large seed on SQLite",
        "unit": "s",
        "value": 29.5,
        "target": 180,
        "target_op": "<",
        "description": "fresh file | analyzed",
        "met": True,
    }
    assert load_results(tmp_path) == [sample()]
    assert load_results(tmp_path / "missing") == []


def test_the_page_keeps_its_hand_written_intro() -> None:
    intro = "# Performance\n\nWritten by hand: how we measure.\n"
    first = render_performance(intro, [sample(seconds=40.0)])
    assert first.startswith(intro.rstrip())
    assert first.count(MARKER) == 1
    again = render_performance(first, [sample(seconds=29.5), sample("search", 0.01)])
    assert again.startswith(intro.rstrip() + "\n\n" + MARKER)
    assert "40.0 s" not in again and "29.5 s" in again
    assert again.index("## search") < again.index("## seed")  # by name


def test_the_page_has_a_table_per_benchmark() -> None:
    page = render_performance(None, [sample(), sample(seconds=200.0, name="slow")])
    assert page.startswith("# Performance")
    seed = page[page.index("## seed") :]
    assert "| figure | measured | target | met? |" in seed
    assert "| large seed on SQLite | 29.5 s | < 180 s | yes |" in seed
    assert "| rows written per second (SQLite) | 53,000 rows/s | — | — |" in seed
    assert "| messages written (SQLite) | 1,000,000 | == 1,000,000 | yes |" in seed
    assert "Measured 2026-11-24 14:50 UTC on Linux-test, 2 CPUs (Test CPU)" in seed
    assert "fresh file \\| analyzed" not in seed  # descriptions sit below the table
    assert "- *large seed on SQLite*: fresh file | analyzed" in seed
    assert "| large seed on SQLite | 200 s | < 180 s | **no** |" in page


def test_a_page_without_marker_is_kept_whole() -> None:
    page = render_performance("# Notes\n\nOld text.", [])
    assert page.startswith("# Notes\n\nOld text.\n\n" + MARKER)
    assert "No benchmark results yet" in page


def test_update_writes_the_page_from_every_result(tmp_path: Path) -> None:
    results, document = tmp_path / ".bench", tmp_path / "docs" / "performance.md"
    save_result(sample(), results)
    save_result(sample("fanout"), results)
    update_performance(document, results)
    page = document.read_text()
    assert "## fanout" in page and "## seed" in page
    document.write_text(page.replace("# Performance", "# Performance\n\nOur own words."))
    update_performance(document, results)
    assert "Our own words." in document.read_text()


def test_values_read_well() -> None:
    assert format_value(29.456, "s") == "29.5 s"
    assert format_value(3.14159, "ms") == "3.14 ms"
    assert format_value(53_123.4, "rows/s") == "53,123 rows/s"
    assert format_value(100_000, "") == "100,000"


def test_benchmarks_are_found_by_module_name() -> None:
    assert "seed" in available()
