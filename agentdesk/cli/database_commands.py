"""Commands that prepare a database: `db upgrade`, `seed`, `search reindex`, `templates check`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentdesk.cli.errors import CommandError, reported
from agentdesk.db.engine import Database, DatabaseError
from agentdesk.db.migrate import current_revision, head_revision, require_current, upgrade

AddDatabase = Callable[[argparse.ArgumentParser], None]


def open_database(url: str | None) -> Database:
    if not url:
        raise CommandError("no database: pass --database URL or set AGENTDESK_DATABASE_URL")
    with reported(DatabaseError):
        return Database(url)


def register(commands: Any, add_database: AddDatabase) -> None:
    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    db_upgrade = db_commands.add_parser("upgrade", help="apply migrations up to the newest")
    add_database(db_upgrade)
    db_upgrade.set_defaults(run=run_db_upgrade)
    db_current = db_commands.add_parser("current", help="print the schema's migration")
    add_database(db_current)
    db_current.set_defaults(run=run_db_current)

    seed = commands.add_parser("seed", help="fill an empty database with demo data")
    add_database(seed)
    seed.add_argument(
        "--scale",
        default="small",
        help="small (about 200 conversations), large (100,000) or a number of conversations",
    )
    seed.add_argument("--seed", type=int, default=0, help="the same seed gives the same data")
    seed.add_argument("--templates", type=Path, default=None, help="templates folder")
    seed.set_defaults(run=run_seed)

    search = commands.add_parser("search", help="the search index")
    search_commands = search.add_subparsers(dest="search_command", required=True, metavar="COMMAND")
    reindex = search_commands.add_parser(
        "reindex", help="rebuild the search index from the data (writers wait meanwhile)"
    )
    add_database(reindex)
    reindex.set_defaults(run=run_search_reindex)

    templates = commands.add_parser("templates", help="canned responses")
    template_commands = templates.add_subparsers(
        dest="templates_command", required=True, metavar="COMMAND"
    )
    check = template_commands.add_parser("check", help="validate the template files")
    check.add_argument("folder", type=Path, nargs="?", default=None)
    check.set_defaults(run=run_templates_check)


def run_db_upgrade(args: argparse.Namespace) -> int:
    database = open_database(args.database)
    try:
        with reported(DatabaseError):
            upgrade(database)
            print(f"{database.safe_url} is at migration {current_revision(database)}")
    finally:
        database.dispose()
    return 0


def run_db_current(args: argparse.Namespace) -> int:
    database = open_database(args.database)
    try:
        with reported(DatabaseError):
            database.check_connection()
            revision = current_revision(database)
    finally:
        database.dispose()
    print(f"{revision or 'empty'} (code head {head_revision()})")
    return 0


def parse_scale(raw: str) -> str | int:
    if raw in ("small", "large"):
        return raw
    try:
        count = int(raw)
    except ValueError:
        raise CommandError(f"--scale must be small, large or a number, not {raw!r}") from None
    if count < 1:
        raise CommandError("--scale must be at least 1 conversation")
    return count


def run_seed(args: argparse.Namespace) -> int:
    from agentdesk.services.seed import SeedError, seed_database
    from agentdesk.services.templates import TemplateError, load_templates, store_templates

    scale = parse_scale(args.scale)
    with reported(TemplateError):
        catalog = load_templates(args.templates)
    database = open_database(args.database)
    try:
        with reported(DatabaseError, SeedError):
            upgrade(database)
            summary = seed_database(
                database, scale=scale, seed=args.seed, progress=lambda line: print(line)
            )
            with database.write() as session:
                store_templates(session, catalog)
    finally:
        database.dispose()
    print(summary.describe())
    return 0


def run_search_reindex(args: argparse.Namespace) -> int:
    from agentdesk.services.search_index import reindex

    database = open_database(args.database)
    try:
        with reported(DatabaseError):
            require_current(database)
            done = reindex(database, progress=lambda source, n: print(f"{source}: {n}"))
    finally:
        database.dispose()
    counts = ", ".join(f"{n} {source}s" for source, n in done.documents.items())
    print(f"search index rebuilt in {done.seconds:.1f} s: {counts}")
    return 0


def run_templates_check(args: argparse.Namespace) -> int:
    from agentdesk.services.templates import TemplateError, load_templates

    with reported(TemplateError):
        catalog = load_templates(args.folder)
    print(f"{len(catalog)} templates in zh and en: ok", file=sys.stdout)
    return 0
