"""The inbox (DESIGN.md): 100,000 conversations open, scroll, switch and take live events;
the desktop starts cold to a usable inbox.

Everything is measured in child processes (`benchmarks.inbox_probe`), offscreen: one for
the list and its model, so that its memory is the list's and not this harness's, and
one per cold start, so that nothing is imported or warm in it before the clock starts.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from agentdesk.db.engine import Database
from agentdesk.db.migrate import upgrade
from agentdesk.protocol.payloads import ConversationSummary
from agentdesk.services.demo_data.names import (
    FIRST_NAMES,
    GIVEN_CHARACTERS,
    LAST_NAMES,
    MERCHANTS_CN,
    SURNAMES,
    WEIBO_HOBBIES,
)
from agentdesk.services.seed import DEMO_PASSWORD, seed_database
from benchmarks.fanout_load import serving
from benchmarks.inbox_probe import RESULT, SCROLL_FRAMES, SCROLL_ROWS, UPSERTS
from benchmarks.report import Figure

ROWS = 100_000
SEED_SCALE = 2000  # conversations on the server for the cold start: quick to seed
COLD_STARTS = 3
PROBE_TIMEOUT = 120.0
COLD_TIMEOUT = 60.0
DEMO_USER = ("agent.wang", DEMO_PASSWORD)

OPEN_SECONDS = 0.3
SCROLL_FRAME_MS = 8.0
SWITCH_SECONDS = 0.1
COLD_START_SECONDS = 2.0
MEMORY_MB = 300.0

CHANNELS = ("chat", "email", "phone", "social", "feedback")
CHANNEL_WEIGHTS = (45, 20, 15, 12, 8)
STATUSES = ("open", "pending", "snoozed")
STATUS_WEIGHTS = (70, 22, 8)
PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_WEIGHTS = (10, 65, 20, 5)
TAGS = ("vip", "转账", "退款", "账户冻结", "kyc", "password", "fraud", "投诉")
SNIPPETS_ZH = (
    "你好，我昨天转账 {amount} 元到{merchant}，到现在还没到账，请帮忙查一下",
    "我的账户被冻结了，无法付款，订单号 {order}",
    "为什么我的实名认证一直审核不通过？已经提交三次了",
    "付款失败但是钱已经扣了 {amount} 元，请尽快处理",
    "忘记支付密码了，怎么重置？手机号已经换了",
    "申请退款 {amount} 元，商户说已经退了，我这边没收到",
    "收到一条短信说我的钱包有异常登录，是你们发的吗？",
    "提现到银行卡一直显示处理中，流水号 {order}",
    "好的，谢谢，我再等等看",
    "绑定银行卡时提示“信息不一致”，该怎么办",
)
SNIPPETS_EN = (
    "Hi, I sent {amount} HKD to {merchant} yesterday and it still has not arrived",
    "My wallet was frozen after I changed my phone, reference {order}",
    "Why does my identity check keep failing? I have uploaded my ID three times",
    "The payment failed but {amount} USD was taken from my card",
    "I forgot my PIN and no longer have the old number",
    "Thanks, that worked!",
    "Someone logged in to my account from another device, please lock it",
    "Refund {order} shows completed but I do not see the money",
)
SUBJECTS_ZH = (
    "关于转账未到账的问题",
    "账户冻结申诉",
    "退款申请",
    "实名认证问题",
    "投诉：客服回复太慢",
)
SUBJECTS_EN = ("Transfer not received", "Account frozen", "Refund request", "Re: your ticket")


def _log(line: str) -> None:
    print(f"  [inbox] {line}", file=sys.stderr, flush=True)


def _wire_time(moment: datetime) -> str:
    """As `model_dump(mode="json")` writes an aware UTC datetime (checked below)."""
    return moment.isoformat().replace("+00:00", "Z")


def _customer(rng: random.Random, channel: str) -> str:
    if rng.random() < 0.7:
        surname = rng.choice(SURNAMES)[0]
        given = "".join(rng.choice(GIVEN_CHARACTERS)[0] for _ in range(rng.choice((1, 2))))
        if channel == "social" and rng.random() < 0.5:
            return f"{surname}{given}{rng.choice(WEIBO_HOBBIES)}"
        return surname + given
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _snippet(rng: random.Random, chinese: bool) -> str:
    template = rng.choice(SNIPPETS_ZH if chinese else SNIPPETS_EN)
    return template.format(
        amount=f"{rng.randint(10, 50_000):,}.{rng.randint(0, 99):02d}",
        merchant=rng.choice(MERCHANTS_CN),
        order=f"TP{rng.randint(10**11, 10**12 - 1)}",
    )


def make_summaries(seed: int, first_id: int, now: datetime) -> list[dict[str, Any]]:
    """ROWS ConversationSummary dicts in `inbox.list` order, as the wire carries them:
    Chinese and English customers, snippets with amounts and references, a third
    unassigned, SLAs due from two hours ago to a day ahead, the last message within 30 days."""
    rng = random.Random(seed)
    agents = [
        (100 + number, rng.choice(SURNAMES)[0] + rng.choice(GIVEN_CHARACTERS)[0])
        for number in range(40)
    ]
    ages = sorted(rng.uniform(0, 30 * 86400) for _ in range(ROWS))
    items: list[dict[str, Any]] = []
    for number, age in enumerate(ages):
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        name = _customer(rng, channel)
        chinese = not name.isascii()
        last = now - timedelta(seconds=age)
        created = last - timedelta(seconds=rng.uniform(0, 7 * 86400))
        assigned = rng.random() < 0.67
        agent_id, agent_name = rng.choice(agents) if assigned else (None, None)
        due = now + timedelta(minutes=rng.uniform(-120, 24 * 60)) if rng.random() < 0.6 else None
        subjects = SUBJECTS_ZH if chinese else SUBJECTS_EN
        items.append(
            {
                "id": first_id + ROWS - number,  # newer conversations have higher ids
                "channel": channel,
                "status": status,
                "priority": rng.choices(PRIORITIES, PRIORITY_WEIGHTS)[0],
                "subject": rng.choice(subjects) if channel == "email" else "",
                "snippet": _snippet(rng, chinese),
                "customer_id": rng.randint(1, 60_000),
                "customer_name": name,
                "assignee_id": agent_id,
                "assignee_name": agent_name,
                "team_id": rng.randint(1, 4),
                "tags": rng.sample(TAGS, rng.choice((0, 0, 1, 2))),
                "sla_due_at": None if due is None else _wire_time(due),
                "snoozed_until": (
                    _wire_time(now + timedelta(hours=rng.uniform(1, 48)))
                    if status == "snoozed"
                    else None
                ),
                "created_at": _wire_time(created),
                "last_message_at": _wire_time(last),
                "version": rng.randint(1, 30),
            }
        )
    for item in items[:200]:  # the wire's shape exactly, or the figures mean nothing
        dumped = ConversationSummary.model_validate(item).model_dump(mode="json")
        if dumped != item:
            raise RuntimeError(f"not a wire ConversationSummary: {item} != {dumped}")
    return items


def _run_probe(args: list[str], timeout: float) -> dict[str, Any]:
    """Run `python -m benchmarks.inbox_probe ARGS` and return its RESULT."""
    process = subprocess.run(
        [sys.executable, "-m", "benchmarks.inbox_probe", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=Path(__file__).resolve().parents[1],
    )
    for line in process.stdout.splitlines():
        if line.startswith(RESULT):
            result: dict[str, Any] = json.loads(line.removeprefix(RESULT))
            return result
    raise RuntimeError(
        f"inbox probe {args[0]} exited with {process.returncode} and no result:\n"
        f"{process.stderr[-3000:]}"
    )


def _cold_start(server: str, workdir: Path, number: int) -> tuple[float, dict[str, Any]]:
    """One desktop process from launch to rows on screen; the parent's clock stops when
    the child reports, before it tidies up and exits."""
    home = workdir / f"desk-{number}"
    (home / "config").mkdir(parents=True)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),  # its QSettings, not the user's
        "XDG_DATA_HOME": str(home),
    }
    command = [sys.executable, "-m", "benchmarks.inbox_probe", "cold", server, *DEMO_USER]
    log_path = home / "stderr.log"
    launched_at = time.time()
    began = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [*command, repr(launched_at), str(home / "data")],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
            env=env,
        )
    watchdog = threading.Timer(COLD_TIMEOUT, process.kill)  # a hung child ends the read
    watchdog.start()
    try:
        assert process.stdout is not None
        for line in process.stdout:  # until the child reports, or exits without a word
            if line.startswith(RESULT):
                wall = time.perf_counter() - began
                result: dict[str, Any] = json.loads(line.removeprefix(RESULT))
                break
        else:
            process.wait()
            raise RuntimeError(
                f"cold start failed ({process.returncode}):\n{log_path.read_text()[-3000:]}"
            )
        process.stdout.read()
        result["exit_code"] = process.wait()  # after tidying up: 0 unless it crashed
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    return wall, result


def _measure_cold_starts(workdir: Path) -> list[tuple[float, dict[str, Any]]]:
    url = f"sqlite:///{workdir / 'inbox.sqlite3'}"
    database = Database(url)
    try:
        upgrade(database)
        summary = seed_database(database, scale=SEED_SCALE)
        _log(f"seeded {summary.tables['conversations']:,} conversations")
    finally:
        database.dispose()
    runs: list[tuple[float, dict[str, Any]]] = []
    with serving(url, workdir / "serve.log") as server:
        _log(f"server {server.url} (pid {server.pid})")
        for number in range(COLD_STARTS):
            wall, result = _cold_start(server.url, workdir, number)
            _log(
                f"cold start {number + 1}: {wall:.2f} s, {result['rows']} rows, "
                f"exit code {result['exit_code']}"
            )
            runs.append((wall, result))
    return runs


def _model_figures(result: dict[str, Any]) -> list[Figure]:
    rows = f"{result['rows']:,}"
    width, height = result["viewport_px"]
    where = (
        f"an InboxList (QListView + InboxDelegate) {width}×{height} px offscreen, "
        f"rows {result['row_height_px']} px high"
    )
    return [
        Figure(
            f"inbox shows {rows} rows",
            "s",
            round(result["show_ms"] / 1000, 3),
            OPEN_SECONDS,
            "<",
            f"`InboxModel.reset()` with {rows} ConversationSummary dicts already parsed from "
            f"JSON, then the pending layout and a synchronous repaint of {where}: "
            f"reset {result['show_reset_ms']:.0f} ms (rows built, parsed times, sorted), "
            f"layout and paint {result['show_paint_ms']:.0f} ms, "
            f"{result['first_rows_painted']} rows painted",
        ),
        Figure(
            "scroll frame, median",
            "ms",
            round(result["scroll_median_ms"], 2),
            SCROLL_FRAME_MS,
            "<",
            f"{SCROLL_FRAMES} frames, each moving the scroll bar down {SCROLL_ROWS} rows "
            f"and repainting the viewport synchronously over {rows} rows "
            f"({result['scroll_rows_per_frame']:.0f} rows painted per frame, "
            f"worst frame {result['scroll_max_ms']:.1f} ms)",
        ),
        Figure("scroll frame, p95", "ms", round(result["scroll_p95_ms"], 2), SCROLL_FRAME_MS, "<"),
        Figure(
            f"switch view, {rows} rows to {rows}",
            "s",
            round(result["switch_ms"] / 1000, 3),
            SWITCH_SECONDS,
            "<",
            f"`reset()` with another {rows} summaries replacing the shown ones (whose rows "
            f"and summaries are freed in it), then layout and repaint; reset alone "
            f"{result['switch_reset_ms']:.0f} ms",
        ),
        Figure(
            "switch view, one 100-row page",
            "ms",
            round(result["switch_page_ms"], 2),
            SWITCH_SECONDS * 1000,
            "<",
            "what the desktop does on a view change: the new view's first `inbox.list` page "
            "(100 rows) replaces the old one, then layout and repaint (server round trip "
            "not included)",
        ),
        Figure(
            "live upsert, model call",
            "µs",
            round(result["upsert_mean_us"], 1),
            description=f"mean of {UPSERTS:,} `InboxModel.upsert()` calls on {rows} rows "
            f"shown at the top of the list, 90 % moving a listed conversation to the top, "
            f"10 % adding one; median {result['upsert_median_us']:.0f} µs, "
            f"p95 {result['upsert_p95_us']:.0f} µs",
        ),
        Figure(
            "1,000 upserts/s, busy time per second",
            "ms",
            round(result["upsert_busy_ms"], 1),
            description=f"the same {UPSERTS:,} upserts plus a layout and repaint after "
            f"every 16 (60 frames a second at 1,000 events/s): all the list's work for "
            f"one second of events; frame median {result['upsert_frame_median_ms']:.1f} ms, "
            f"worst {result['upsert_frame_max_ms']:.1f} ms",
        ),
        Figure(
            "references to None lost per scroll frame",
            "",
            round(result["none_refs_lost_per_frame"]),
            0,
            "==",
            f"{sys.version.split()[0]} with PySide6 {result['pyside']}: `sys.getrefcount(None)` "
            "before and after the scroll frames. Anything above 0 is a binding that drops "
            "references (every method returning nothing, every None between `data()` and "
            "Qt); on Python 3.11 the process aborts with 'deallocating None' once the lost "
            "references outnumber the real ones, so the probe pins None, True and False "
            "first (see `benchmarks/inbox_probe.py`)",
        ),
        Figure(
            f"resident memory, {rows} rows shown",
            "MB",
            round(result["memory_shown_mb"]),
            MEMORY_MB,
            "<",
            f"VmRSS of the probe process (Qt, every agentdesk.ui module, the list) with "
            f"{rows} rows shown; {result['memory_baseline_mb']:.0f} MB before any data, "
            f"{result['memory_loaded_mb']:.0f} MB with the summaries parsed, "
            f"peak {result['memory_peak_mb']:.0f} MB",
        ),
    ]


def _cold_figures(runs: list[tuple[float, dict[str, Any]]]) -> list[Figure]:
    walls = [wall for wall, _ in runs]
    middle = sorted(runs, key=lambda run: run[0])[len(runs) // 2][1]
    return [
        Figure(
            "cold start to a usable inbox",
            "s",
            round(statistics.median(walls), 2),
            COLD_START_SECONDS,
            "<",
            f"median of {len(runs)} new processes ({', '.join(f'{w:.2f}' for w in walls)} s), "
            "timed by the parent from launch until the child reports its inbox painted with "
            f"rows: `python -m benchmarks.inbox_probe cold` imports the UI, creates the "
            f"QApplication with the zh_CN translations and a qasync loop, signs in as "
            f"agent.wang through `Desktop` against `agentdesk serve` on loopback "
            f"({SEED_SCALE:,} seeded conversations, SQLite) and shows the main window "
            f"until its first inbox.list page is in ({middle['rows']} rows); the median "
            f"run's own clock, from launch: interpreter {middle['interpreter']:.2f} s, "
            f"imports {middle['imported']:.2f} s, QApplication {middle['application']:.2f} s, "
            f"signed in {middle['signed_in']:.2f} s, window {middle['window']:.2f} s, "
            f"inbox {middle['inbox']:.2f} s; exit codes after tidying up "
            f"{', '.join(str(result['exit_code']) for _, result in runs)}",
        ),
    ]


def run(workdir: Path) -> list[Figure]:
    now = datetime.now(UTC)
    began = time.perf_counter()
    first, second = workdir / "view-a.json", workdir / "view-b.json"
    for path, seed, first_id in ((first, 1, 0), (second, 2, ROWS)):
        path.write_text(json.dumps(make_summaries(seed, first_id, now), ensure_ascii=False))
    _log(f"wrote 2 × {ROWS:,} summaries in {time.perf_counter() - began:.1f} s")
    model = _run_probe(["model", str(first), str(second)], PROBE_TIMEOUT)
    figures = _model_figures(model)
    figures += _cold_figures(_measure_cold_starts(workdir))
    return figures
