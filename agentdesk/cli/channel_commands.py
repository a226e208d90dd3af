"""Commands that feed channels from outside the server: `import-cdr` for the phone system."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from agentdesk.cli.database_commands import AddDatabase, open_database
from agentdesk.cli.errors import CommandError, reported
from agentdesk.db.engine import DatabaseError


def register(commands: Any, add_database: AddDatabase) -> None:
    cdr = commands.add_parser("import-cdr", help="import an Asterisk CDR CSV file (Master.csv)")
    cdr.add_argument("file", type=Path, metavar="FILE")
    add_database(cdr)
    cdr.add_argument(
        "--timezone",
        default="Asia/Shanghai",
        help="the PBX's time zone, in which the file's times are written",
    )
    cdr.add_argument(
        "--desk-number",
        dest="desk_numbers",
        action="append",
        default=[],
        metavar="NUMBER",
        help="one of the desk's own numbers; calls to it are inbound (repeatable)",
    )
    cdr.add_argument(
        "--region",
        default="CN",
        metavar="CC",
        help="country whose national number format the PBX writes (ISO code, default CN)",
    )
    cdr.set_defaults(run=run_import_cdr)


def run_import_cdr(args: argparse.Namespace) -> int:
    from agentdesk.db.migrate import require_current
    from agentdesk.services.cdr import CdrError, desk_lines, import_cdr, zone

    path: Path = args.file
    if not path.is_file():
        raise CommandError(f"no such file: {path}")
    # Settings are checked before the database is opened: a typo should cost nothing.
    with reported(CdrError):
        zone(args.timezone)
        desk_lines(args.desk_numbers, args.region)
    database = open_database(args.database)
    try:
        with reported(DatabaseError, CdrError):
            require_current(database)
            summary = import_cdr(
                database,
                path,
                timezone=args.timezone,
                desk_numbers=args.desk_numbers,
                region=args.region,
            )
    finally:
        database.dispose()
    print(summary.describe())
    return 0
