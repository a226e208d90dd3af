"""Event fan-out under load (DESIGN.md): 50 desks, 200 customer messages/s, replies."""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
from pathlib import Path

from agentdesk.db.engine import Database
from agentdesk.db.migrate import upgrade
from agentdesk.services.seed import seed_database
from benchmarks.fanout_load import (
    CONNECTIONS,
    INCOMING_PER_SECOND,
    REPLIERS,
    REPLIES_PER_SECOND,
    LoadResult,
    run_load,
    serving,
)
from benchmarks.postgres import server_url, throwaway_database
from benchmarks.report import Figure

SCALE = 2000  # conversations: enough to spread the writes, quick to seed
DELIVERY_P99_MS = 50.0
REPLY_P99_MS = 30.0
# Customer processes, each writing its share one message after another. SQLite takes
# one writer at a time anyway; a PostgreSQL write is 5-8 ms of round trips here, so one
# process alone could not keep up with 200 a second.
SQLITE_WRITERS = 1
POSTGRES_WRITERS = 2


def _log(backend: str, line: str) -> None:
    print(f"  [{backend}] {line}", file=sys.stderr, flush=True)


def _seconds() -> float:
    """AGENTDESK_BENCH_SECONDS: a short run to debug the harness, the default to measure."""
    return float(os.environ.get("AGENTDESK_BENCH_SECONDS", "30"))


def _percentiles(values: list[float]) -> dict[int, float]:
    """p50, p95 and p99 in milliseconds (numpy-free: statistics.quantiles in 0.1 % steps)."""
    if len(values) < 2:
        raise RuntimeError(f"too few samples to take percentiles of: {len(values)}")
    cuts = statistics.quantiles(values, n=1000, method="inclusive")
    return {p: round(cuts[p * 10 - 1] * 1000, 2) for p in (50, 95, 99)}


def _prepare(url: str, backend: str) -> None:
    database = Database(url)
    try:
        upgrade(database)
        summary = seed_database(database, scale=SCALE)
        _log(backend, f"seeded {summary.tables['conversations']:,} conversations")
    finally:
        database.dispose()


def _measure(url: str, backend: str, workdir: Path, writers: int) -> LoadResult:
    _prepare(url, backend)
    log_path = workdir / f"serve-{backend.lower()}.log"
    with serving(url, log_path) as server:
        _log(backend, f"server {server.url} (pid {server.pid}); load for {_seconds():g} s")
        result = asyncio.run(run_load(server, url, workdir, _seconds(), writers))
        code = server.stop()
    log = server.log().strip()
    if log:
        _log(backend, f"server log ({len(log.splitlines())} lines):\n{log[-3000:]}")
    _log(backend, f"server exited with {code}")
    return result


def _figures(result: LoadResult, backend: str) -> list[Figure]:
    latencies = [value for desk in result.desks for value in desk.latencies]
    delivery = _percentiles(latencies)
    replies = _percentiles(result.reply_seconds)
    written = result.written
    offsets = [row[3] for row in written]
    rate = (len(written) - 1) / (offsets[-1] - offsets[0])
    expected = sum(desk.may_see(row[1], row[2]) for desk in result.desks for row in written)
    missing = sum(
        1
        for desk in result.desks
        for row in written
        if desk.may_see(row[1], row[2]) and row[0] not in desk.seen
    )
    ids = {row[0] for row in written}
    watchers = [desk for desk in result.desks if desk.role in ("lead", "admin")]
    lost = max(len(ids - desk.seen) for desk in watchers)
    wall = result.wall_seconds
    writes = _percentiles([row[4] for row in written])
    load = (
        f"{CONNECTIONS} desks over the {backend} server on loopback, "
        f"{INCOMING_PER_SECOND:g} customer messages/s for {_seconds():g} s; "
        "time from just before the customer message's write transaction (so the commit "
        "counts) to the desk's reader parsing the event"
    )
    ours = result.server_cpu + result.writer["cpu"] + result.client_cpu + result.database_cpu
    cpu = (
        f"{os.cpu_count()} CPUs shared, in % of one CPU: server "
        f"{100 * result.server_cpu / wall:.0f}, customers {100 * result.writer['cpu'] / wall:.0f}, "
        f"desks {100 * result.client_cpu / wall:.0f}"
        + (f", PostgreSQL {100 * result.database_cpu / wall:.0f}" if result.database_cpu else "")
        + f", other processes {100 * max(0.0, result.machine_cpu - ours) / wall:.0f}"
    )
    return [
        Figure(f"delivery p50 ({backend})", "ms", delivery[50], description=load),
        Figure(f"delivery p95 ({backend})", "ms", delivery[95]),
        Figure(f"delivery p99 ({backend})", "ms", delivery[99], DELIVERY_P99_MS, "<", cpu),
        Figure(
            f"reply acknowledged p50 ({backend})",
            "ms",
            replies[50],
            description=f"`reply.send` request to result, {REPLIES_PER_SECOND:g}/s from "
            f"{REPLIERS} agents into their own conversations, during the load; "
            f"{len(result.reply_seconds):,} acknowledged, {result.reply_errors} failed",
        ),
        Figure(f"reply acknowledged p99 ({backend})", "ms", replies[99], REPLY_P99_MS, "<"),
        Figure(
            f"incoming rate ({backend})",
            "msg/s",
            round(rate, 1),
            INCOMING_PER_SECOND * 0.95,
            ">=",
            f"{len(written):,} messages, one write unit each, due at absolute times, "
            f"from {result.writer['processes']} customer process(es); "
            f"write p50 {writes[50]:.1f} ms, p99 {writes[99]:.1f} ms, "
            f"worst lag behind schedule {result.writer['late'] * 1000:.0f} ms",
        ),
        Figure(
            f"event deliveries ({backend})",
            "",
            len(latencies),
            description=f"{expected:,} expected by the visibility rules; "
            f"{result.dropped} desks disconnected, "
            f"{sum(desk.resyncs for desk in result.desks)} resyncs",
        ),
        Figure(
            f"events lost ({backend})",
            "",
            lost,
            0,
            "==",
            f"messages written minus those seen, for the worst of {len(watchers)} "
            "lead and admin desks (they see every event)",
        ),
        Figure(
            f"deliveries missing ({backend})",
            "",
            missing,
            0,
            "==",
            "over all desks: events their agent may see that never arrived",
        ),
    ]


def run(workdir: Path) -> list[Figure]:
    sqlite = f"sqlite:///{workdir / 'fanout.sqlite3'}"
    figures = _figures(_measure(sqlite, "SQLite", workdir, SQLITE_WRITERS), "SQLite")
    base = server_url()
    if base is not None:
        with throwaway_database(base) as url:
            result = _measure(url, "PostgreSQL", workdir, POSTGRES_WRITERS)
            figures += _figures(result, "PostgreSQL")
    return figures
