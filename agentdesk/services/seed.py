"""Deterministic demo data for the support desk: `seed_database` and the summary it returns.

The same seed gives the same rows, byte for byte, on a fresh database: every value comes
from one `random.Random(seed)` and a fixed reference time, never from the clock. The one
exception is `agents.password_hash`: argon2 salts are random by design, and a demo hash
with a predictable salt would teach the wrong habit, so comparisons leave that column out.

Demo accounts (`DEMO_AGENTS`) all sign in with the password `demo` (`DEMO_PASSWORD`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import insert, select

from agentdesk.db.engine import Database
from agentdesk.db.models import Agent, AuditEntry, Conversation, Customer, Role, Team
from agentdesk.services import search_index
from agentdesk.services.demo_data.customers import CustomerFactory, DemoCustomer
from agentdesk.services.demo_data.planning import Planner
from agentdesk.services.demo_data.staff import (
    DEMO_AGENTS,
    DEMO_PASSWORD,
    TEAMS,
    DemoAgent,
    Roster,
    StaffMember,
)
from agentdesk.services.demo_data.threads import ThreadWriter
from agentdesk.services.demo_data.writer import BulkWriter, next_ids

__all__ = [
    "DEMO_AGENTS",
    "DEMO_PASSWORD",
    "SCALES",
    "DemoAgent",
    "SeedError",
    "SeedSummary",
    "conversation_count",
    "reference_now",
    "seed_database",
]

SCALES: dict[str, int] = {"small": 200, "large": 100_000}
MESSAGES_PER_CONVERSATION = 10
# Monday 2 November 2026, 10:00 in Shanghai: the desk's "now" for seed 0.
REFERENCE_NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


class SeedError(ValueError):
    """Demo data cannot be written: a bad scale, or a database that already has data."""


@dataclass(frozen=True)
class SeedSummary:
    """What a seed wrote: rows per table, conversations per channel, failed transactions
    per failure code. Everything but `elapsed_seconds` is the same for the same seed."""

    seed: int
    conversations: int
    now: datetime
    tables: dict[str, int]
    channels: dict[str, int]
    failure_codes: dict[str, int]
    elapsed_seconds: float = field(compare=False)

    @property
    def total_rows(self) -> int:
        return sum(self.tables.values())

    def describe(self) -> str:
        """A few lines for the terminal: what was written and how fast."""

        def listing(counts: dict[str, int]) -> str:
            return ", ".join(f"{name} {count:,}" for name, count in counts.items())

        return "\n".join(
            (
                f"seeded {self.conversations:,} conversations (seed {self.seed}, "
                f"now {self.now:%Y-%m-%d %H:%M} UTC) in {self.elapsed_seconds:.1f} s",
                f"rows: {listing(self.tables)}",
                f"channels: {listing(self.channels)}",
                f"failed transactions: {listing(self.failure_codes)}",
                "demo agents sign in with password "
                f"{DEMO_PASSWORD!r}: {', '.join(agent.username for agent in DEMO_AGENTS)}",
            )
        )


def conversation_count(scale: str | int) -> int:
    """Conversations for a scale: "small", "large" or a positive whole number."""
    if isinstance(scale, str) and scale.strip().isdigit():
        scale = int(scale)
    if isinstance(scale, int) and not isinstance(scale, bool):
        if scale < 1:
            raise SeedError(f"scale must be at least 1 conversation, not {scale}")
        return scale
    if scale in SCALES:
        return SCALES[scale]
    raise SeedError(f"unknown scale {scale!r}: use small, large or a number of conversations")


def reference_now(seed: int) -> datetime:
    """The demo's fixed "now" for a seed: a Monday morning, one week later per seed (mod 52)."""
    return REFERENCE_NOW + timedelta(weeks=seed % 52)


def customer_count(conversations: int) -> int:
    return max(12, conversations * 3 // 10)


def seed_database(
    database: Database,
    *,
    scale: str | int,
    seed: int = 0,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> SeedSummary:
    """Fill an empty, migrated database with a believable wallet support desk."""
    started = time.perf_counter()
    count = conversation_count(scale)
    moment = reference_now(seed) if now is None else now
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise SeedError("now must be an aware datetime")
    # Inside the generator times are naive UTC: cheaper to format by the million.
    now_utc = moment.astimezone(UTC).replace(tzinfo=None)
    report = progress or (lambda _line: None)
    _refuse_if_seeded(database)

    rng = random.Random(seed)
    ids = next_ids(database)
    team_ids, staff, staff_written = _write_staff(database, now_utc)
    writer = BulkWriter(database)
    report(f"staff: {staff_written['teams']} teams, {staff_written['agents']} agents written")

    factory = CustomerFactory(rng, writer, now_utc)
    customers = factory.make(customer_count(count), ids)
    report(f"customers: {len(customers)} with accounts and transactions")

    plans = Planner(rng, customers, now_utc).plan(count, count * MESSAGES_PER_CONVERSATION)
    threads = ThreadWriter(rng, writer, Roster(staff), team_ids, ids, now_utc)
    step = max(1, count // 10)
    for index, plan in enumerate(plans, start=1):
        threads.write(plan)
        if index % step == 0 or index == count:
            written = threads.next_message - ids["messages"]
            report(f"conversations: {index}/{count}, messages: {written}")
    writer.flush()
    audit_count = _write_audit(database, rng, staff, customers[:20], ids, now_utc, seed, count)
    report("indexes: analyzing")
    writer.finish()
    # The bulk rows bypassed the ORM, so the search index is built from them in one go.
    indexed = search_index.reindex(database)
    report(f"search: {sum(indexed.documents.values())} documents in {indexed.seconds:.1f} s")

    tables = {**staff_written, **writer.counts}
    tables["audit_entries"] = audit_count
    tables["search_docs"] = sum(indexed.documents.values())
    return SeedSummary(
        seed=seed,
        conversations=count,
        now=now_utc.replace(tzinfo=UTC),
        tables=tables,
        channels=dict(sorted(threads.channels.items())),
        failure_codes={code.value: n for code, n in factory.failure_counts.items()},
        elapsed_seconds=time.perf_counter() - started,
    )


def _refuse_if_seeded(database: Database) -> None:
    with database.read() as session:
        for model, what in ((Conversation, "conversations"), (Customer, "customers")):
            if session.scalar(select(model.id).limit(1)) is not None:
                raise SeedError(
                    f"{database.safe_url} already has {what}: demo data goes into an empty database"
                )


def _write_staff(
    database: Database, now: datetime
) -> tuple[dict[str, int], list[StaffMember], dict[str, int]]:
    """Teams and demo agents through Core: ids by team name, the staff, and rows written.

    A team or agent that already exists by name is used as it is (an operator may have
    created `admin` before seeding); its password is left alone.
    """
    aware_now = now.replace(tzinfo=UTC)
    written = {"teams": 0, "agents": 0}
    with database.write() as session:
        team_ids = dict(session.execute(select(Team.name, Team.id)).all())
        for name, zone in TEAMS:
            if name not in team_ids:
                created = aware_now - timedelta(days=720)
                team_ids[name] = session.execute(
                    insert(Team)
                    .values(name=name, timezone=zone, created_at=created)
                    .returning(Team.id)
                ).scalar_one()
                written["teams"] += 1
        existing = dict(session.execute(select(Agent.username, Agent.id)).all())
        password_hash: str | None = None
        staff: list[StaffMember] = []
        for number, demo in enumerate(DEMO_AGENTS):
            agent_id = existing.get(demo.username)
            if agent_id is None:
                # One argon2id hash for every demo account: hashing costs ~0.1 s each.
                password_hash = password_hash or PasswordHasher().hash(DEMO_PASSWORD)
                agent_id = session.execute(
                    insert(Agent)
                    .values(
                        username=demo.username,
                        display_name=demo.display_name,
                        role=demo.role,
                        team_id=team_ids[demo.team] if demo.team else None,
                        password_hash=password_hash,
                        language=demo.language,
                        capacity=demo.capacity,
                        active=True,
                        created_at=aware_now - timedelta(days=700 - 20 * number),
                    )
                    .returning(Agent.id)
                ).scalar_one()
                written["agents"] += 1
            staff.append(
                StaffMember(agent_id, demo.display_name, demo.role, demo.team, demo.language)
            )
    return team_ids, staff, written


def _write_audit(
    database: Database,
    rng: random.Random,
    staff: list[StaffMember],
    customers: list[DemoCustomer],
    ids: dict[str, int],
    now: datetime,
    seed: int,
    conversations: int,
) -> int:
    """A few entries so the audit view is not empty: revealed numbers and the seed itself."""
    aware_now = now.replace(tzinfo=UTC)
    admin = next(member for member in staff if member.role is Role.ADMIN)
    agents = [member for member in staff if member.team is not None]
    reveals = sorted(
        (
            aware_now - timedelta(minutes=rng.randrange(10, 60 * 24 * 14)),
            rng.choice(agents).id,
            "phone" if index % 2 == 0 else "account_number",
            customer.id,
            f"10.20.{rng.randrange(1, 9)}.{rng.randrange(2, 250)}",
        )
        for index, customer in enumerate(customers)
    )
    rows: list[dict[str, object]] = [
        {
            "at": at,
            "actor_agent_id": actor,
            "action": "customer.reveal",  # as agentdesk.services.customers.reveal writes it
            "target_type": "customer",
            "target_id": str(customer_id),
            "detail": {"field": field},
            "address": address,
        }
        for at, actor, field, customer_id, address in reveals
    ]
    rows.append(
        {
            "at": aware_now,
            "actor_agent_id": admin.id,
            "action": "demo.seed",
            "target_type": "database",
            "target_id": "",
            "detail": {"seed": seed, "conversations": conversations},
            "address": "127.0.0.1",
        }
    )
    for offset, row in enumerate(rows):
        row["id"] = ids["audit_entries"] + offset
    with database.write() as session:
        session.execute(insert(AuditEntry), rows)
    return len(rows)
