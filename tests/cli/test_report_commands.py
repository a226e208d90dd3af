"""`agentdesk report feedback` on a seeded database: a summary on stdout, a CSV on disk."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from agentdesk.cli import main
from agentdesk.db.engine import Database
from tests.helpers.databases import sqlite_url

WHOLE = ["--since", "2000-01-01", "--until", "2100-01-01"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = sqlite_url(tmp_path_factory.mktemp("seeded"))
    assert main(["seed", "--database", url, "--scale", "small", "--seed", "3"]) == 0
    return url


def test_the_report_prints_a_summary_and_writes_the_csv(
    seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    out_csv = tmp_path / "feedback.csv"
    args = ["report", "feedback", "--database", seeded, *WHOLE, "--csv", str(out_csv)]
    assert main([*args, "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "Product feedback report" in out and "Complaints:" in out
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    with out_csv.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows
    assert f"wrote {len(rows)} rows to {out_csv}" in out
    assert {row["category"] for row in rows} >= {"complaint", "technical_feedback"}
    assert f"{len(rows)} conversations" in out
    assert main(["report", "feedback", "--database", seeded, *WHOLE]) == 0
    assert "产品反馈报告" in capsys.readouterr().out


def test_an_empty_period_reports_nothing(seeded: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    args = ["--since", "1990-01-01", "--until", "1990-02-01", "--language", "en"]
    assert main(["report", "feedback", "--database", seeded, *args]) == 0
    assert "0 conversations" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("since", "until", "complaint"),
    [
        ("2026-13-01", "2026-12-01", "--since"),
        ("2026-11-01", "tomorrow", "--until"),
        ("2026-11-02", "2026-11-01", "end after"),
    ],
)
def test_bad_dates_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], since: str, until: str, complaint: str
) -> None:
    url = sqlite_url(tmp_path)
    args = ["report", "feedback", "--database", url, "--since", since, "--until", until]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert complaint in err and err.count("\n") == 1
    assert not (tmp_path / "agentdesk.sqlite3").exists()


def test_a_bad_url_or_an_old_database_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "feedback", "--database", "mysql://nowhere/x", *WHOLE]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    url = sqlite_url(tmp_path)
    Database(url).dispose()
    assert main(["report", "feedback", "--database", url, *WHOLE]) == 2
    err = capsys.readouterr().err
    assert "agentdesk db upgrade" in err and err.count("\n") == 1


def test_an_unwritable_csv_is_one_line_and_exit_2(
    seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    out_csv = tmp_path / "missing" / "feedback.csv"
    args = ["report", "feedback", "--database", seeded, *WHOLE, "--csv", str(out_csv)]
    assert main(args) == 2
    assert capsys.readouterr().err.count("\n") == 1
