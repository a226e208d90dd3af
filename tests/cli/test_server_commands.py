"""`agentdesk agent ...` and `agentdesk serve` as operators use them."""

from __future__ import annotations

import io
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from agentdesk.cli import main
from agentdesk.db.engine import Database
from agentdesk.db.models import Agent, AgentSession, Role
from agentdesk.services.accounts import login, verify_password
from agentdesk.services.unit import perform
from tests.helpers.databases import sqlite_url
from tests.helpers.processes import ServeProcess


@pytest.fixture
def url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    database_url = sqlite_url(tmp_path)
    assert main(["db", "upgrade", "--database", database_url]) == 0
    capsys.readouterr()
    return database_url


def agent_command(monkeypatch: pytest.MonkeyPatch, password: str, *argv: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return main(["agent", *argv])


def test_agent_add_passwd_disable(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = agent_command(
        monkeypatch,
        "s3cret-pass",
        "add",
        "lead.li",
        "--role",
        "lead",
        "--team",
        "钱包支持",
        "--name",
        "李静",
        "--password-stdin",
        "--database",
        url,
    )
    assert code == 0
    database = Database(url)
    with database.read() as session:
        agent = session.scalars(select(Agent)).one()
        assert agent.role is Role.LEAD and agent.team is not None
        assert agent.team.name == "钱包支持" and agent.display_name == "李静"
        assert agent.password_hash.startswith("$argon2id$")
        assert verify_password(agent.password_hash, "s3cret-pass")
    perform(database, login, "lead.li", "s3cret-pass", "127.0.0.1")

    code = agent_command(
        monkeypatch, "an0ther-pass", "passwd", "lead.li", "--password-stdin", "--database", url
    )
    assert code == 0
    with database.read() as session:
        assert all(row.revoked_at is not None for row in session.scalars(select(AgentSession)))
    assert main(["agent", "disable", "lead.li", "--database", url]) == 0
    with database.read() as session:
        assert session.scalars(select(Agent.active)).one() is False
    database.dispose()


def test_agent_add_refuses_duplicates_and_short_passwords(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        agent_command(
            monkeypatch, "long-enough", "add", "amy", "--password-stdin", "--database", url
        )
        == 0
    )
    capsys.readouterr()
    assert (
        agent_command(
            monkeypatch, "long-enough", "add", "amy", "--password-stdin", "--database", url
        )
        == 2
    )
    assert "exists already" in capsys.readouterr().err
    assert (
        agent_command(monkeypatch, "short", "add", "bob", "--password-stdin", "--database", url)
        == 2
    )
    assert "at least 8 characters" in capsys.readouterr().err


def test_agent_commands_refuse_an_unmigrated_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = agent_command(
        monkeypatch,
        "long-enough",
        "add",
        "amy",
        "--password-stdin",
        "--database",
        sqlite_url(tmp_path),
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "agentdesk db upgrade" in err and err.count("\n") == 1


def test_serve_announces_serves_health_and_stops_on_sigterm(url: str) -> None:
    server = ServeProcess(url)
    server.start()
    try:
        health = urllib.request.urlopen(f"http://127.0.0.1:{server.port}/health", timeout=5).read()
        assert b'"status":"ok"' in health.replace(b" ", b"")
        assert server.terminate() == 0
    finally:
        server.kill()


def test_serve_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "agentdesk.cli",
            "serve",
            "--database",
            sqlite_url(tmp_path),
            "--port",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("agentdesk: ") and "agentdesk db upgrade" in result.stderr
    assert result.stderr.count("\n") == 1


def test_serve_refuses_a_bad_desk_settings_file(url: str, tmp_path: Path) -> None:
    settings = tmp_path / "hours.toml"
    settings.write_text('[hours]\nopens = "8am"\ncloses = "20:00"\n', encoding="utf-8")
    command = [sys.executable, "-m", "agentdesk.cli", "serve", "--database", url]
    command += ["--port", "0", "--desk-settings", str(settings)]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("agentdesk: ") and "hours.opens" in result.stderr
    assert result.stderr.count("\n") == 1


def test_serve_announces_its_http_and_smtp_listeners(url: str) -> None:
    import re
    import smtplib

    server = ServeProcess(url, None, "--http-port", "0", "--smtp-port", "0")
    server.start()
    try:
        assert server.process is not None and server.process.stdout is not None
        http = server.process.stdout.readline().strip()
        smtp = server.process.stdout.readline().strip()
        found_http = re.fullmatch(r"agentdesk listening on (http://127\.0\.0\.1:\d+)", http)
        found_smtp = re.fullmatch(r"agentdesk listening on smtp://127\.0\.0\.1:(\d+)", smtp)
        assert found_http is not None and found_smtp is not None, (http, smtp)
        page = urllib.request.urlopen(f"{found_http.group(1)}/chat/", timeout=5)
        assert page.status == 200 and b"<html" in page.read().lower()
        with smtplib.SMTP("127.0.0.1", int(found_smtp.group(1)), timeout=10) as client:
            assert client.noop()[0] == 250
        assert server.terminate() == 0
    finally:
        server.kill()
