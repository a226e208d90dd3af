"""`agentdesk report feedback`: complaints and product feedback for the product team."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import Any

from agentdesk.cli.database_commands import AddDatabase, open_database
from agentdesk.cli.errors import CommandError, reported
from agentdesk.db.engine import DatabaseError


def register(commands: Any, add_database: AddDatabase) -> None:
    report = commands.add_parser("report", help="periodic reports")
    report_commands = report.add_subparsers(dest="report_command", required=True, metavar="COMMAND")
    feedback = report_commands.add_parser(
        "feedback", help="complaints and technical feedback: a summary and a CSV file"
    )
    add_database(feedback)
    feedback.add_argument("--since", required=True, metavar="YYYY-MM-DD", help="first day")
    feedback.add_argument(
        "--until", required=True, metavar="YYYY-MM-DD", help="the day after the last"
    )
    feedback.add_argument("--csv", type=Path, default=None, metavar="OUT.csv")
    feedback.add_argument("--language", choices=("zh", "en"), default="zh")
    feedback.set_defaults(run=run_feedback)


def parse_day(raw: str, option: str) -> date:
    try:
        return datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(f"{option} must be a day as YYYY-MM-DD, not {raw!r}") from None


def run_feedback(args: argparse.Namespace) -> int:
    from agentdesk.db.migrate import require_current
    from agentdesk.services.feedback_report import (
        feedback_report,
        period_of,
        summary_text,
        write_csv,
    )

    # Dates are checked before the database is opened: a typo should cost nothing.
    first_day = parse_day(args.since, "--since")
    end_day = parse_day(args.until, "--until")
    with reported(ValueError):
        since, until = period_of(first_day, end_day)
    database = open_database(args.database)
    try:
        with reported(DatabaseError):
            require_current(database)
            with database.read() as session:
                report = feedback_report(session, since=since, until=until)
    finally:
        database.dispose()
    print(summary_text(report, args.language), end="")
    if args.csv is not None:
        with reported(OSError):
            count = write_csv(report, args.csv)
        print(f"wrote {count} rows to {args.csv}")
    return 0
