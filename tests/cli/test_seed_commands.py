"""`agentdesk seed` and `agentdesk templates check` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from agentdesk.cli import main
from agentdesk.db.engine import Database
from agentdesk.db.models import Channel, Conversation, FailureCode, Template, Transaction
from tests.helpers.databases import sqlite_url


def test_seed_small_fills_every_channel_and_failure_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path)
    assert main(["seed", "--database", url, "--scale", "small", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "seeded 200 conversations" in out
    database = Database(url)
    with database.read() as session:
        channels = set(session.scalars(select(Conversation.channel).distinct()))
        codes = set(session.scalars(select(Transaction.failure_code).distinct()))
        templates = session.scalar(select(func.count(Template.id)))
    database.dispose()
    assert channels == set(Channel)
    assert set(FailureCode) <= codes
    assert templates and templates > 0
    # a second seed refuses, one line, and changes nothing
    assert main(["seed", "--database", url, "--scale", "small"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_malformed_template_folder_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "templates"
    bad.mkdir()
    (bad / "broken.toml").write_text('[[template]]\nkey = "x"\nshortcut = ', encoding="utf-8")
    url = sqlite_url(tmp_path)
    assert main(["seed", "--database", url, "--templates", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("agentdesk: broken.toml") and err.count("\n") == 1
    assert not (tmp_path / "agentdesk.sqlite3").exists()
    assert main(["templates", "check", str(bad)]) == 2
    assert main(["templates", "check"]) == 0


@pytest.mark.parametrize("scale", ["tiny", "0", "-3"])
def test_a_bad_scale_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], scale: str
) -> None:
    assert main(["seed", "--database", sqlite_url(tmp_path), "--scale", scale]) == 2
    assert "--scale" in capsys.readouterr().err
    assert not (tmp_path / "agentdesk.sqlite3").exists()
