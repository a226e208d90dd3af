"""`agentdesk import-cdr`: prints what it did; a bad file, URL or setting is one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from agentdesk.cli import main
from agentdesk.db.engine import Database
from agentdesk.db.models import CallLog
from tests.helpers.databases import sqlite_url

ROWS = (
    '"","13800138000","4008001234","from-pstn","","SIP/t-1","SIP/1001-2","Dial","",'
    '"2026-11-02 10:00:00","2026-11-02 10:00:08","2026-11-02 10:03:08",188,180,"ANSWERED",'
    '"DOCUMENTATION","1762048800.1",""\n'
    '"","13800138000","4008001234","from-pstn","","SIP/t-1"\n'
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def cdr_file(tmp_path: Path) -> Path:
    path = tmp_path / "Master.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def calls_in(url: str) -> int:
    database = Database(url)
    try:
        with database.read() as session:
            return session.scalar(select(func.count()).select_from(CallLog)) or 0
    finally:
        database.dispose()


def test_import_prints_the_summary_and_is_idempotent(
    sqlite_db: Database, cdr_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(sqlite_db.url.render_as_string(hide_password=False))
    argv = ("import-cdr", str(cdr_file), "--database", url, "--desk-number", "+864008001234")
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "read 2, stored 1, duplicates 0, skipped 1",
        "line 2: expected 16 to 18 columns, found 6",
    ]
    code, out, _ = run(capsys, *argv, "--timezone", "Asia/Hong_Kong")
    assert code == 0 and out.startswith("read 2, stored 0, duplicates 1, skipped 1")
    assert calls_in(url) == 1


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (("--timezone", "Mars/Olympus"), "unknown time zone 'Mars/Olympus'"),
        (("--desk-number", "front desk"), "desk number 'front desk' is not a valid phone"),
    ],
)
def test_bad_settings_are_one_line_and_exit_2(
    sqlite_db: Database,
    cdr_file: Path,
    capsys: pytest.CaptureFixture[str],
    extra: tuple[str, ...],
    expected: str,
) -> None:
    url = str(sqlite_db.url.render_as_string(hide_password=False))
    code, out, err = run(capsys, "import-cdr", str(cdr_file), "--database", url, *extra)
    assert (code, out) == (2, "")
    assert err.startswith("agentdesk: ") and err.count("\n") == 1 and expected in err
    assert calls_in(url) == 0


def test_a_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.csv"
    code, _, err = run(capsys, "import-cdr", str(missing), "--database", sqlite_url(tmp_path))
    assert code == 2 and err == f"agentdesk: no such file: {missing}\n"
    assert not (tmp_path / "agentdesk.sqlite3").exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://root@127.0.0.1/x", "unsupported database"),
        ("postgresql://postgres@127.0.0.1:1/none", "cannot connect"),
    ],
)
def test_a_bad_url_is_one_line_and_exit_2(
    cdr_file: Path, capsys: pytest.CaptureFixture[str], url: str, expected: str
) -> None:
    code, _, err = run(capsys, "import-cdr", str(cdr_file), "--database", url)
    assert code == 2 and err.startswith("agentdesk: ") and err.count("\n") == 1
    assert expected in err


def test_an_unmigrated_database_is_refused(
    tmp_path: Path, cdr_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path)
    empty = Database(url)
    empty.check_connection()  # an empty file with no schema
    empty.dispose()
    code, _, err = run(capsys, "import-cdr", str(cdr_file), "--database", url)
    assert code == 2 and "agentdesk db upgrade" in err and err.count("\n") == 1
