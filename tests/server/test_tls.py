"""`--tls-cert` and `--tls-key`: the protocol over wss with a certificate the client trusts."""

from __future__ import annotations

import ssl
import subprocess
from pathlib import Path

import pytest

from agentdesk.client import AgentClient
from tests.helpers.server import running_server
from tests.server.conftest import CATALOG, PASSWORD, Desk

pytestmark = pytest.mark.asyncio


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "desk.pem", folder / "desk.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


async def test_sign_in_over_tls(desk: Desk, tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    url = desk.database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, tls_cert=cert, tls_key=key) as server:
        assert server.url.startswith("wss://")
        trust = ssl.create_default_context(cafile=str(cert))
        client = AgentClient(server.url, username="amy", password=PASSWORD, ssl=trust)
        welcome = await client.connect()
        assert welcome["agent"]["username"] == "amy"
        await client.close()
        untrusting = AgentClient(
            server.url, username="amy", password=PASSWORD, ssl=ssl.create_default_context()
        )
        with pytest.raises(ssl.SSLError):
            await untrusting.connect()
