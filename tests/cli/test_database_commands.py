"""`agentdesk db`, `seed` and `search reindex`: on bad input one line on stderr, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from agentdesk.cli import main
from agentdesk.db.engine import Database
from agentdesk.db.migrate import head_revision
from agentdesk.db.models import Agent, Customer
from agentdesk.services import search_index
from agentdesk.services.actor import Actor
from agentdesk.services.search import search
from tests.helpers.databases import sqlite_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_db_upgrade_and_current(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = sqlite_url(tmp_path)
    code, out, _ = run(capsys, "db", "upgrade", "--database", url)
    assert code == 0 and head_revision() in out
    code, out, _ = run(capsys, "db", "current", "--database", url)
    assert code == 0 and out.startswith(head_revision())


def test_database_url_from_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTDESK_DATABASE_URL", sqlite_url(tmp_path))
    code, _out, _ = run(capsys, "db", "upgrade")
    assert code == 0 and (tmp_path / "agentdesk.sqlite3").exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://root@127.0.0.1/x", "unsupported database"),
        ("::not a url::", "not a database URL"),
        ("postgresql://postgres@127.0.0.1:1/none", "cannot connect"),
        ("sqlite:////no/such/folder/agentdesk.sqlite3", "does not exist"),
    ],
)
def test_bad_database_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], url: str, expected: str
) -> None:
    code, _, err = run(capsys, "db", "upgrade", "--database", url)
    assert code == 2
    assert expected in err
    assert err.count("\n") == 1 and err.startswith("agentdesk: ")


def test_newer_database_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path)
    assert run(capsys, "db", "upgrade", "--database", url)[0] == 0
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    code, _, err = run(capsys, "db", "upgrade", "--database", url)
    assert code == 2 and "newer than this agentdesk" in err
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "9999_future"
        )
    database.dispose()


def test_missing_database_option(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AGENTDESK_DATABASE_URL", raising=False)
    with pytest.raises(SystemExit) as exited:
        main(["db", "upgrade"])
    assert exited.value.code == 2


def test_the_entry_point_runs_as_a_program(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "agentdesk.cli", "db", "upgrade", "--database", "bad://x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "agentdesk: unsupported database 'bad': use sqlite:/// or postgresql://"
    )


def test_search_reindex_rebuilds_the_index_of_an_existing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path)
    assert run(capsys, "seed", "--database", url, "--scale", "12")[0] == 0
    database = Database(url)
    try:
        with database.write() as session:  # as a database from before the index would be
            session.execute(text("DELETE FROM search_index"))
            session.execute(text("DELETE FROM search_docs"))
            assert search_index.index_is_missing(session)
        code, out, _ = run(capsys, "search", "reindex", "--database", url)
        assert code == 0 and "search index rebuilt" in out
        with database.read() as session:
            assert not search_index.index_is_missing(session)
            admin = Actor.of(session.scalars(select(Agent).where(Agent.username == "admin")).one())
            phone = session.scalars(
                select(Customer.phone).where(Customer.phone.is_not(None))
            ).first()
            assert phone is not None
            hits = search(session, admin, phone[-6:]).hits
            assert "customer" in {hit.kind for hit in hits}
    finally:
        database.dispose()


def test_search_reindex_refuses_an_old_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "search", "reindex", "--database", sqlite_url(tmp_path))
    assert code == 2 and err.startswith("agentdesk: ")
