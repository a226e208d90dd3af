"""The `agentdesk` command line: one entry point for operators, scripts and the demo."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from agentdesk.cli import (
    channel_commands,
    database_commands,
    desktop_commands,
    report_commands,
    server_commands,
)
from agentdesk.cli.errors import CommandError

DATABASE_ENV = "AGENTDESK_DATABASE_URL"


def add_database_option(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """`--database URL`, falling back to AGENTDESK_DATABASE_URL."""
    default = os.environ.get(DATABASE_ENV)
    parser.add_argument(
        "--database",
        metavar="URL",
        default=default,
        required=required and default is None,
        help=f"sqlite:///path or postgresql://user@host/db (default: ${DATABASE_ENV})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agentdesk", description="The workstation of a digital-wallet support desk."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    database_commands.register(commands, add_database_option)
    server_commands.register(commands, add_database_option)
    desktop_commands.register(commands)
    channel_commands.register(commands, add_database_option)
    report_commands.register(commands, add_database_option)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.run(args)
    except CommandError as exc:
        print(f"agentdesk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return result


if __name__ == "__main__":
    sys.exit(main())
