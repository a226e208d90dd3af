"""The moving parts of the fan-out benchmark: a server process, customer processes, 50 desks."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import json
import multiprocessing
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from agentdesk.client.connection import AgentClient, RequestError
from agentdesk.db.engine import Database
from agentdesk.db.models import Conversation
from agentdesk.protocol.frames import EventFrame, ResyncFrame
from agentdesk.services.inbound import receive_customer_message
from agentdesk.services.seed import DEMO_AGENTS, DEMO_PASSWORD

CONNECTIONS = 50
INCOMING_PER_SECOND = 200.0
REPLIES_PER_SECOND = 10.0
REPLIERS = 5
TAIL_SECONDS = 10.0  # how long stragglers may take after the last write
LISTENING = "agentdesk listening on "


def cpu_seconds(pid: int, *, reaped: bool = False) -> float:
    """User plus system CPU time of another process, from /proc (no psutil here); with
    `reaped`, also that of its children that have exited."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> float:
    """CPU seconds of the local PostgreSQL processes (0 when it runs elsewhere): its
    backends come and go, so the postmaster's reaped children count too."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                total += cpu_seconds(int(entry.name), reaped=True)
    return total


class ServeProcess:
    """`agentdesk serve` as a child process, as operators run it, so that the server has
    its own interpreter and GIL and the load generators cannot flatter or slow it."""

    def __init__(self, database_url: str, log_path: Path) -> None:
        self.database_url = database_url
        self.log_path = log_path
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self, timeout: float = 60.0) -> None:
        command = [
            sys.executable,
            "-m",
            "agentdesk.cli",
            "serve",
            "--database",
            self.database_url,
            "--port",
            "0",
            "--requests-per-second",
            "1000",
        ]
        # stderr goes to a file and stdout is drained by a thread: a full pipe would
        # stall the server in the middle of the measurement.
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        lines: queue.Queue[str] = queue.Queue()
        stdout = self.process.stdout
        assert stdout is not None

        def drain() -> None:
            for line in stdout:
                lines.put(line)

        threading.Thread(target=drain, name="serve-stdout", daemon=True).start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(queue.Empty):
                line = lines.get(timeout=0.2)
                if line.startswith(LISTENING + "ws://"):
                    self.url = line.removeprefix(LISTENING).strip()
                    return
        self.stop()
        raise RuntimeError(f"agentdesk serve did not start:\n{self.log()}")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def stop(self) -> int | None:
        """SIGTERM (the graceful stop), then SIGKILL if it is still there after 20 s."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
            return None


@contextlib.contextmanager
def serving(database_url: str, log_path: Path) -> Iterator[ServeProcess]:
    server = ServeProcess(database_url, log_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def write_messages(
    database_url: str, seconds: float, part: int, parts: int, result_path: str, ready: Any, go: Any
) -> None:
    """Customers: every `parts`-th of `INCOMING_PER_SECOND` inbound messages, one after
    another, each in its own write unit and due at an absolute time, so a slow write is
    caught up on instead of drifting the rate.

    Runs in a process of its own: the writes do not share a GIL with the desks, nor with
    each other when there are several parts. Writes what it did to `result_path`."""
    result: dict[str, Any] = {"written": [], "late": 0.0}
    try:
        database = Database(database_url)
        with database.read() as session:
            ids = list(session.scalars(select(Conversation.id).order_by(Conversation.id)))
        rng = random.Random(7)
        targets = [rng.choice(ids) for _ in range(round(seconds * INCOMING_PER_SECOND))]
        gc.collect()
        gc.freeze()  # no 30 ms full collections of the imports in the middle of a write
        ready.set()
        if not go.wait(120):
            raise RuntimeError("never told to start")
        cpu, start = time.process_time(), time.monotonic()
        for number in range(part, len(targets), parts):
            pause = start + number / INCOMING_PER_SECOND - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            else:
                result["late"] = max(result["late"], -pause)
            began = time.monotonic()
            meta = {"bench_sent_at": time.time()}  # before the write: its wait counts
            with database.write() as session:
                text = f"benchmark message {number}"
                message = receive_customer_message(session, targets[number], text, meta=meta)
                conversation = session.get_one(Conversation, targets[number])
                team, assignee = conversation.team_id, conversation.assignee_id
            done = time.monotonic()
            result["written"].append([message.id, team, assignee, began - start, done - began])
        result["cpu"] = time.process_time() - cpu
        database.dispose()
    except BaseException as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
        ready.set()
    Path(result_path).write_text(json.dumps(result))


@dataclass
class Desk:
    """One connected desktop and what it received."""

    client: AgentClient
    role: str = ""
    team_id: int | None = None
    agent_id: int = 0
    seen: set[int] = field(default_factory=set)
    latencies: list[float] = field(default_factory=list)
    resyncs: int = 0

    def on_event(self, frame: EventFrame) -> None:
        """Stamped here, in the client's reader right after parsing, not when a consumer
        gets round to the queue: the figure is the server's, not this loop's backlog."""
        received = time.time()
        if frame.name != "message.created":
            return
        message = frame.data["message"]
        sent = message["meta"].get("bench_sent_at")
        if sent is not None:
            self.latencies.append(received - sent)
            self.seen.add(message["id"])

    def may_see(self, team_id: int | None, assignee_id: int | None) -> bool:
        """The protocol's rule (docs/protocol.md, Events), to know what should arrive."""
        if self.role in ("lead", "admin"):
            return True
        return team_id in (None, self.team_id) or assignee_id == self.agent_id

    async def drain(self) -> None:
        """Empty the client's event queue as a desktop would, so it does not grow."""
        while True:
            item = await self.client.events.get()
            if isinstance(item, ResyncFrame):
                self.resyncs += 1


@dataclass
class LoadResult:
    """Everything the figures are made of, kept raw so they can be cut several ways."""

    desks: list[Desk]
    written: list[list[Any]]  # message id, team id, assignee id, offset s, write s
    writer: dict[str, Any]
    reply_seconds: list[float]
    reply_errors: int
    wall_seconds: float
    client_cpu: float
    server_cpu: float
    machine_cpu: float  # CPU seconds, all processes on the machine
    database_cpu: float
    dropped: int


async def _connect(url: str, desks: list[Desk]) -> None:
    """50 desks over the demo accounts: one password sign-in per account (argon2 is slow
    on purpose), then the account's token for its other connections. Each joins `desks`
    as soon as it is connected, so a failure halfway still closes the ones before."""
    tokens: dict[str, str] = {}
    for index in range(CONNECTIONS):
        username = DEMO_AGENTS[index % len(DEMO_AGENTS)].username
        if username in tokens:
            client = AgentClient(url, token=tokens[username])
        else:
            client = AgentClient(url, username=username, password=DEMO_PASSWORD)
        desk = Desk(client)
        client.on_event = desk.on_event
        welcome = await asyncio.wait_for(client.connect(), 30)
        desks.append(desk)
        tokens[username] = welcome["token"]
        agent = welcome["agent"]
        desk.role, desk.team_id, desk.agent_id = agent["role"], agent["team_id"], agent["id"]


async def _choose_repliers(desks: list[Desk]) -> list[tuple[Desk, list[int]]]:
    """Agents with conversations of their own: replying there is always allowed and
    never reassigns anything, so the visibility of incoming events stays fixed."""
    chosen: list[tuple[Desk, list[int]]] = []
    accounts: set[int] = set()
    for desk in desks:
        if desk.role != "agent" or desk.agent_id in accounts:
            continue
        page = await asyncio.wait_for(desk.client.request("inbox.list", view="mine"), 30)
        mine = [item["id"] for item in page["items"] if item["assignee_id"] == desk.agent_id]
        if mine:
            chosen.append((desk, mine))
            accounts.add(desk.agent_id)
        if len(chosen) == REPLIERS:
            break
    if not chosen:
        raise RuntimeError("no demo agent has a conversation of their own to reply to")
    return chosen


async def _reply(
    desk: Desk, mine: list[int], slot: int, stop: asyncio.Event, rtts: list[float]
) -> int:
    """Replies at absolute deadlines; returns how many were refused or failed."""
    loop = asyncio.get_running_loop()
    interval = REPLIERS / REPLIES_PER_SECOND
    start = loop.time() + slot / REPLIES_PER_SECOND
    errors = 0
    for number in itertools.count():
        pause = start + number * interval - loop.time()
        if pause > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), pause)
        if stop.is_set():
            return errors
        fields = {
            "conversation_id": mine[number % len(mine)],
            "client_message_id": f"bench-{os.getpid()}-{desk.agent_id}-{slot}-{number}",
            "text": f"Thanks, we are looking into it ({number}).",
        }
        began = time.perf_counter()
        try:
            await asyncio.wait_for(desk.client.request("reply.send", **fields), 10)
        except (RequestError, TimeoutError):
            errors += 1
            continue
        rtts.append(time.perf_counter() - began)
    return errors


def machine_busy() -> float:
    """Busy CPU seconds of the whole machine so far, from /proc/stat: what is left after
    our own processes is somebody else's load on the same CPUs."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


class Writers:
    """The customer processes, started together and told to go at the same moment."""

    def __init__(self, database_url: str, workdir: Path, seconds: float, parts: int) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a process with threads
        self.go = context.Event()
        self.ready = [context.Event() for _ in range(parts)]
        self.paths = [workdir / f"writer-{part}.json" for part in range(parts)]
        self.processes = [
            context.Process(
                target=write_messages,
                args=(database_url, seconds, part, parts, str(path), ready, self.go),
                name=f"fanout-writer-{part}",
                daemon=True,
            )
            for part, (path, ready) in enumerate(zip(self.paths, self.ready, strict=True))
        ]
        self.deadline = seconds * 3 + 60

    def start(self) -> None:
        for process in self.processes:
            process.start()

    async def wait_ready(self) -> None:
        for _ in range(240):  # imports and the list of conversations, bounded
            if all(ready.is_set() for ready in self.ready):
                return
            if not all(process.is_alive() for process in self.processes):
                break
            await asyncio.sleep(0.5)
        raise RuntimeError("a writer process did not get ready")

    async def join(self) -> dict[str, Any]:
        """Wait for every part, then merge what they wrote, in the order it was due."""
        for process in self.processes:
            await asyncio.to_thread(process.join, self.deadline)
            if process.is_alive():
                raise RuntimeError(f"{process.name} did not finish in {self.deadline:.0f} s")
        reports = [json.loads(path.read_text()) for path in self.paths]
        for report in reports:
            if "error" in report:
                raise RuntimeError(f"a writer failed: {report['error']}")
        return {
            "written": sorted((r for p in reports for r in p["written"]), key=lambda r: r[3]),
            "cpu": sum(report["cpu"] for report in reports),
            "late": max(report["late"] for report in reports),
            "processes": len(reports),
        }

    def kill(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.kill()
                process.join(10)


async def run_load(
    server: ServeProcess, database_url: str, workdir: Path, seconds: float, writers: int
) -> LoadResult:
    """Connect the desks, start the customers and the repliers, wait for the stragglers,
    disconnect. Everything is bounded: a stuck part raises instead of hanging the run."""
    desks: list[Desk] = []
    drains: list[asyncio.Task[None]] = []
    customers = Writers(database_url, workdir, seconds, writers)
    stop = asyncio.Event()
    rtts: list[float] = []
    # Full collections of what this process already holds (the seed's imports and
    # caches) would pause the desks mid-measurement; freezing it leaves the collector
    # only what the load itself creates.
    gc.collect()
    gc.freeze()
    try:
        await _connect(server.url, desks)
        drains = [asyncio.create_task(desk.drain()) for desk in desks]
        customers.start()
        repliers = await _choose_repliers(desks)
        await customers.wait_ready()
        wall, busy, database_cpu = time.monotonic(), machine_busy(), postgres_cpu()
        client_cpu, server_cpu = time.process_time(), cpu_seconds(server.pid)
        customers.go.set()
        replies = [
            asyncio.create_task(_reply(desk, mine, slot, stop, rtts))
            for slot, (desk, mine) in enumerate(repliers)
        ]
        report = await customers.join()
        stop.set()
        reply_errors = sum(await asyncio.gather(*replies))
        wall = time.monotonic() - wall
        client_cpu = time.process_time() - client_cpu
        server_cpu = cpu_seconds(server.pid) - server_cpu
        busy = machine_busy() - busy
        database_cpu = postgres_cpu() - database_cpu
        written = {row[0] for row in report["written"]}
        watchers = [desk for desk in desks if desk.role in ("lead", "admin")]
        for _ in range(int(TAIL_SECONDS / 0.05)):  # stragglers, bounded
            if not any(written - desk.seen for desk in watchers):
                break
            await asyncio.sleep(0.05)
        dropped = sum(1 for desk in desks if desk.client.closed.is_set())
    finally:
        stop.set()
        customers.kill()
        gc.unfreeze()
        for task in drains:
            task.cancel()
        await asyncio.gather(*drains, return_exceptions=True)
        await asyncio.gather(
            *(asyncio.wait_for(desk.client.close(), 10) for desk in desks), return_exceptions=True
        )
    return LoadResult(
        desks=desks,
        written=report["written"],
        writer=report,
        reply_seconds=rtts,
        reply_errors=reply_errors,
        wall_seconds=wall,
        client_cpu=client_cpu,
        server_cpu=server_cpu,
        machine_cpu=busy,
        database_cpu=database_cpu,
        dropped=dropped,
    )
