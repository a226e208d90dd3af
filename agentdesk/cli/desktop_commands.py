"""Commands that open the desktop: `desktop`, `demo` and `screenshot`."""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from agentdesk.cli.errors import CommandError

DEMO_AGENT = "agent.wang"
LISTENING = re.compile(r"agentdesk listening on (wss?://\S+)")


def register(commands: Any) -> None:
    desktop = commands.add_parser("desktop", help="open the desktop app")
    desktop.add_argument("--server", default=None, help="ws://host:port (default: the last one)")
    desktop.set_defaults(run=run_desktop_command)
    demo = commands.add_parser(
        "demo", help="seed demo data, start a local server and open the desktop"
    )
    demo.add_argument("--data-dir", type=Path, default=None)
    demo.add_argument("--agent", default=DEMO_AGENT, help="demo agent to sign in as")
    demo.set_defaults(run=run_demo)
    shots = commands.add_parser("screenshot", help="render the main views to PNG files")
    shots.add_argument("out_dir", type=Path)
    shots.set_defaults(run=run_screenshot)


def run_desktop_command(args: argparse.Namespace) -> int:
    from agentdesk.ui.app import Launch, run_desktop

    return run_desktop(Launch(server=args.server))


def prepare_demo_database(folder: Path) -> str:
    """An SQLite file with demo data in `folder`, seeded once, times relative to now."""
    from sqlalchemy import func, select

    from agentdesk.db.engine import Database
    from agentdesk.db.migrate import upgrade
    from agentdesk.db.models import Conversation
    from agentdesk.db.types import utcnow
    from agentdesk.services.seed import seed_database
    from agentdesk.services.templates import load_templates, store_templates

    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    database = Database(url)
    try:
        upgrade(database)
        with database.read() as session:
            empty = session.scalar(select(func.count(Conversation.id))) == 0
        if empty:
            print("seeding demo data…", flush=True)
            seed_database(database, scale="small", seed=0, now=utcnow())
            with database.write() as session:
                store_templates(session, load_templates())
    finally:
        database.dispose()
    return url


@contextmanager
def local_server(database_url: str) -> Iterator[str]:
    """`agentdesk serve` on free loopback ports, for as long as the desktop runs: the agent
    protocol, the chat widget and webhooks over HTTP, and inbound mail over SMTP."""
    command = [sys.executable, "-m", "agentdesk.cli", "serve", "--database", database_url]
    command += ["--port", "0", "--http-port", "0", "--smtp-port", "0"]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and our own arguments
        command,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    # A SIGTERM to the desktop must still stop its server: turn it into SystemExit so the
    # `finally` below runs instead of the process vanishing and orphaning the server.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        line = process.stdout.readline()
        found = LISTENING.search(line)
        if found is None:
            raise CommandError(f"the demo server did not start: {line.strip() or 'no output'}")
        print(line.strip(), flush=True)
        for _other in ("http", "smtp"):
            other = process.stdout.readline()
            if other.startswith("agentdesk listening on http"):
                print(other.strip(), f"(chat widget: {other.split()[-1]}/chat/)", flush=True)
            else:
                print(other.strip(), flush=True)
        yield found.group(1)
    finally:
        signal.signal(signal.SIGTERM, previous)
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def run_demo(args: argparse.Namespace) -> int:
    import platformdirs

    from agentdesk.services.seed import DEMO_PASSWORD
    from agentdesk.ui.app import Launch, run_desktop

    folder = args.data_dir or platformdirs.user_data_path("agentdesk") / "demo"
    url = prepare_demo_database(folder)
    with local_server(url) as server:
        return run_desktop(
            Launch(
                server=server,
                username=args.agent,
                password=DEMO_PASSWORD,
                data_dir=folder / "desktop",
            )
        )


def run_screenshot(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    from agentdesk.ui.screenshots import take_screenshots

    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="agentdesk-shots-") as scratch:
        url = prepare_demo_database(Path(scratch))
        with local_server(url) as server:
            written = take_screenshots(server, args.out_dir, Path(scratch) / "desktop")
    for path in written:
        print(path)
    return 0
