"""Commands that run the server and manage agent accounts: `serve`, `agent add|passwd|disable`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from agentdesk.cli.database_commands import AddDatabase, open_database
from agentdesk.cli.errors import CommandError, reported
from agentdesk.db.engine import DatabaseError
from agentdesk.db.migrate import require_current
from agentdesk.db.models import Role
from agentdesk.services.errors import ServiceError


def register(commands: Any, add_database: AddDatabase) -> None:
    serve = commands.add_parser("serve", help="run the agentdesk server")
    add_database(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    serve.add_argument(
        "--http-port",
        type=int,
        default=None,
        help="customer-facing HTTP: chat widget and webhooks (0 picks a free port)",
    )
    serve.add_argument(
        "--smtp-port",
        type=int,
        default=None,
        help="inbound email over SMTP; the desk's MX forwards to it (0 picks a free port)",
    )
    serve.add_argument(
        "--allowed-origin",
        action="append",
        default=[],
        help="a page that may open the chat widget's websocket (repeatable)",
    )
    serve.add_argument(
        "--desk-settings",
        type=Path,
        default=None,
        help="opening hours, holiday overrides and SLA targets "
        "(default: resources/desk/hours_and_sla.toml)",
    )
    serve.add_argument("--tls-cert", type=Path)
    serve.add_argument("--tls-key", type=Path)
    serve.add_argument("--max-frame-bytes", type=int, default=1 << 20)
    serve.add_argument(
        "--requests-per-second", type=float, default=50.0, help="per connection (burst: 2x)"
    )
    serve.add_argument("--log-level", default="WARNING")
    serve.set_defaults(run=run_serve)

    agent = commands.add_parser("agent", help="agent accounts")
    agent_commands = agent.add_subparsers(dest="agent_command", required=True, metavar="COMMAND")
    add = agent_commands.add_parser("add", help="create an account")
    add.add_argument("username")
    add.add_argument("--role", choices=[role.value for role in Role], default="agent")
    add.add_argument("--team", default=None)
    add.add_argument("--name", default=None, help="display name (default: the username)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add_database(add)
    add.set_defaults(run=run_agent_add)
    passwd = agent_commands.add_parser("passwd", help="set a password; signs the agent out")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")
    add_database(passwd)
    passwd.set_defaults(run=run_agent_passwd)
    disable = agent_commands.add_parser("disable", help="disable an account; signs it out")
    disable.add_argument("username")
    add_database(disable)
    disable.set_defaults(run=run_agent_disable)


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise CommandError("the passwords differ")
    if not password:
        raise CommandError("an empty password")
    return password


def _with_database(args: argparse.Namespace, work: Any, *work_args: Any) -> None:
    from agentdesk.services.unit import perform

    database = open_database(args.database)
    try:
        with reported(DatabaseError, ServiceError):
            require_current(database)
            perform(database, work, *work_args)
    finally:
        database.dispose()


def run_agent_add(args: argparse.Namespace) -> int:
    from agentdesk.services import accounts

    password = read_password(args.password_stdin)

    def add(session: Any) -> None:
        accounts.add_agent(
            session,
            username=args.username,
            display_name=args.name or args.username,
            role=Role(args.role),
            team_name=args.team,
            password=password,
        )

    _with_database(args, add)
    print(f"agent {args.username} added ({args.role})")
    return 0


def run_agent_passwd(args: argparse.Namespace) -> int:
    from agentdesk.services import accounts

    password = read_password(args.password_stdin)
    _with_database(args, accounts.set_password, args.username, password)
    print(f"password of {args.username} changed; its sessions are signed out")
    return 0


def run_agent_disable(args: argparse.Namespace) -> int:
    from agentdesk.services import accounts

    _with_database(args, accounts.disable_agent, args.username)
    print(f"agent {args.username} disabled")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from agentdesk.server.app import AgentServer, run_forever
    from agentdesk.server.config import ChannelSettings, ServerConfig
    from agentdesk.services.desk_settings import DeskSettingsError
    from agentdesk.services.templates import TemplateError

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    if (args.tls_cert is None) != (args.tls_key is None):
        raise CommandError("--tls-cert and --tls-key go together")
    open_database(args.database).dispose()  # one clear line for a bad URL
    channels = ChannelSettings.from_environment()
    if args.allowed_origin:
        channels = replace(
            channels, allowed_origins=(*channels.allowed_origins, *args.allowed_origin)
        )
    config = ServerConfig(
        database_url=args.database,
        host=args.host,
        port=args.port,
        http_port=args.http_port,
        smtp_port=args.smtp_port,
        channels=channels,
        desk_settings=args.desk_settings,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        max_frame_bytes=args.max_frame_bytes,
        requests_per_second=args.requests_per_second,
        request_burst=max(1, int(args.requests_per_second * 2)),
    )
    with reported(DatabaseError, TemplateError, DeskSettingsError, OSError):
        server = AgentServer(config)
        asyncio.run(run_forever(server))
    return 0
