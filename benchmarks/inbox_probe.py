"""The measuring side of the inbox benchmark, run as its own process per measurement group.

`python -m benchmarks.inbox_probe model FIRST.json SECOND.json` times the inbox list on
two views of conversation summaries; `python -m benchmarks.inbox_probe cold SERVER
USERNAME PASSWORD LAUNCHED_AT DATA_DIR` starts the desktop, signs in and waits for the
inbox. Each prints
one line, `RESULT {json}`, on stdout. A process of its own keeps the memory figures
clean (no benchmark harness, no data generator, nothing from the other group) and makes
the cold start really cold: nothing is imported before the clock starts.

Only the standard library is imported at module level; Qt and agentdesk are imported
inside the functions, after QT_QPA_PLATFORM is set, and (for `cold`) on the clock.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

RESULT = "RESULT "
LIST_SIZE = (420, 1000)  # an inbox column 1000 px high
SCROLL_FRAMES = 200
SCROLL_ROWS = 20  # one page of the list per frame
UPSERTS = 1000
UPSERTS_PER_FRAME = 16  # 1,000 events a second against 60 repaints a second
NEW_EVERY = 10  # one upsert in ten is a conversation not listed yet
PAGE = 100  # rows per `inbox.list` page, as the desktop asks (DeskController.PAGE)


def memory_mb() -> dict[str, float]:
    """Resident memory now (VmRSS) and at its peak (VmHWM), in MB, from /proc."""
    values: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024  # kB
    return values


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _emit(result: dict[str, Any]) -> None:
    print(RESULT + json.dumps(result), flush=True)


def _load(path: str) -> list[dict[str, Any]]:
    """Summaries as the desktop has them: parsed from JSON text, each value its own object."""
    items: list[dict[str, Any]] = json.loads(Path(path).read_text(encoding="utf-8"))
    return items


def _shield_singletons() -> None:
    """PySide6 6.12.0 on Python 3.11 loses references to None, True and False: one to
    None for every call of a method returning nothing (`QPainter.save()`,
    `beginInsertRows()`, ...) and for every None passed between a model's `data()` and
    Qt, one to True for every `Signal.emit()`; the symptoms of an abi3 wheel built for
    Python 3.12's immortal singletons. On 3.11 the process aborts ("deallocating None")
    once the lost references outnumber the real ones, which this probe reaches within
    seconds. So that it can measure, the probe gives each of them 2**30 extra
    references, as 3.12 would; it counts what is lost (`none_refs_lost_per_frame`).
    The desktop itself remains exposed."""
    import ctypes

    if sys.version_info < (3, 12):
        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 30  # ob_refcnt


def _percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def probe_model(first_path: str, second_path: str) -> dict[str, Any]:
    """The list on its own: open a 100,000-row view, scroll it, switch views, take events."""
    import gc

    import PySide6
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    import agentdesk.ui.app  # noqa: F401  (every UI module, as the desktop has them loaded)
    from agentdesk.ui.inbox.inbox_delegate import InboxDelegate
    from agentdesk.ui.inbox.inbox_view import InboxList

    _shield_singletons()
    app = QApplication([])
    view = InboxList()
    view.resize(*LIST_SIZE)
    view.show()
    app.processEvents()
    view.viewport().repaint()  # the empty list is on screen before the first page arrives
    model = view.model()
    baseline = memory_mb()

    # Rows painted per frame, counted by a wrapper that costs one call per row.
    painted = [0]
    paint = InboxDelegate.paint

    def counted(self: InboxDelegate, *args: Any) -> None:
        painted[0] += 1
        paint(self, *args)

    InboxDelegate.paint = counted  # type: ignore[method-assign]

    def frame() -> None:
        """One screen update: the pending layout and paint; when the layout only asked
        for the paint (it comes in the next pass of the loop), the paint synchronously."""
        before = painted[0]
        app.processEvents()
        if painted[0] == before:
            view.viewport().repaint()

    # (1) The view opens: 100,000 summaries are in; the model takes them and the list
    # paints its first screen.
    items = _load(first_path)
    count = len(items)
    gc.collect()
    loaded = memory_mb()
    began = time.perf_counter()
    model.reset(items, None)
    reset_done = time.perf_counter()
    frame()
    shown = time.perf_counter()
    del items  # the page's list goes; the rows keep their summaries, as in the desktop
    first_rows_painted = painted[0]
    if model.rowCount() != count or view.indexAt(QPoint(1, 1)).row() != 0:
        raise RuntimeError(f"the list does not show the rows: {model.rowCount()} of {count}")
    gc.collect()
    after_show = memory_mb()

    # (2) Scrolling: one page per frame down the list.
    bar = view.verticalScrollBar()
    row_height = view.sizeHintForRow(0)
    scroll: list[float] = []
    painted[0] = 0
    none_refs = sys.getrefcount(None)
    for _ in range(SCROLL_FRAMES):
        start = time.perf_counter()
        bar.setValue(bar.value() + SCROLL_ROWS * row_height)
        frame()
        scroll.append(time.perf_counter() - start)
    none_lost = none_refs - sys.getrefcount(None)
    rows_per_frame = painted[0] / SCROLL_FRAMES
    last_row = view.indexAt(QPoint(1, 1)).row()

    # (3) Switching views: another 100,000 rows replace these; then, as the desktop does
    # it, one 100-row page replaces another.
    second = _load(second_path)
    gc.collect()
    began_switch = time.perf_counter()
    model.reset(second, None)
    switch_reset = time.perf_counter()
    frame()
    switched = time.perf_counter()
    extra = second[-2 * PAGE :]
    del second
    model.reset(extra[:PAGE], "cursor")
    frame()
    began_page = time.perf_counter()
    model.reset(extra[PAGE:], "cursor")
    frame()
    page_switched = time.perf_counter()

    # (4) Live events on a 100,000-row view, at the top of the list: most move a listed
    # conversation to the top, some add a new one; the list repaints every 16 events.
    second = _load(second_path)
    model.reset(second, None)
    bar.setValue(0)
    frame()
    events = _live_events(second)
    del second
    gc.collect()
    upserts: list[float] = []
    frames: list[float] = []
    for number, summary in enumerate(events, 1):
        start = time.perf_counter()
        model.upsert(summary)
        upserts.append(time.perf_counter() - start)
        if number % UPSERTS_PER_FRAME == 0:
            start = time.perf_counter()
            frame()
            frames.append(time.perf_counter() - start)
    if model.rowCount() != count + UPSERTS // NEW_EVERY:
        raise RuntimeError(f"upserts left {model.rowCount()} rows")
    InboxDelegate.paint = paint  # type: ignore[method-assign]

    return {
        "rows": count,
        "pyside": PySide6.__version__,
        "row_height_px": row_height,
        "viewport_px": [view.viewport().width(), view.viewport().height()],
        "show_ms": _ms(shown - began),
        "show_reset_ms": _ms(reset_done - began),
        "show_paint_ms": _ms(shown - reset_done),
        "first_rows_painted": first_rows_painted,
        "scroll_median_ms": _ms(statistics.median(scroll)),
        "scroll_p95_ms": _ms(_percentile(scroll, 95)),
        "scroll_max_ms": _ms(max(scroll)),
        "scroll_rows_per_frame": rows_per_frame,
        "scroll_last_top_row": last_row,
        "none_refs_lost_per_frame": none_lost / SCROLL_FRAMES,
        "switch_ms": _ms(switched - began_switch),
        "switch_reset_ms": _ms(switch_reset - began_switch),
        "switch_page_ms": _ms(page_switched - began_page),
        "upsert_mean_us": round(statistics.fmean(upserts) * 1e6, 2),
        "upsert_median_us": round(statistics.median(upserts) * 1e6, 2),
        "upsert_p95_us": round(_percentile(upserts, 95) * 1e6, 2),
        "upsert_frames": len(frames),
        "upsert_frame_median_ms": _ms(statistics.median(frames)),
        "upsert_frame_max_ms": _ms(max(frames)),
        "upsert_busy_ms": _ms(sum(upserts) + sum(frames)),
        "memory_baseline_mb": round(baseline["VmRSS"], 1),
        "memory_loaded_mb": round(loaded["VmRSS"], 1),
        "memory_shown_mb": round(after_show["VmRSS"], 1),
        "memory_peak_mb": round(after_show["VmHWM"], 1),
    }


def _live_events(listed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Summaries as `conversation.updated` events carry them, newest last."""
    import random
    from datetime import UTC, datetime, timedelta

    rng = random.Random(11)
    now = datetime.now(UTC)
    next_id = max(item["id"] for item in listed) + 1
    events: list[dict[str, Any]] = []
    for number in range(UPSERTS):
        moment = (now + timedelta(milliseconds=number)).isoformat().replace("+00:00", "Z")
        if number % NEW_EVERY == NEW_EVERY - 1:
            summary = dict(rng.choice(listed), id=next_id, version=1)
            next_id += 1
        else:
            summary = dict(rng.choice(listed))
            summary["version"] += 1
        summary["last_message_at"] = moment
        summary["snippet"] = f"新消息 {number}: 请问我的转账什么时候到账？"
        events.append(summary)
    return events


def probe_cold(
    server: str, username: str, password: str, launched_at: float, data_dir: str
) -> dict[str, Any]:
    """The desktop from nothing to an inbox with rows, signed in as the demo agent."""
    started = time.time()
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import qasync
    from keyring.backends.null import Keyring
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from agentdesk.ui import i18n
    from agentdesk.ui.app import Desktop, Launch
    from agentdesk.ui.driver import DesktopDriver
    from agentdesk.ui.signin.token_store import TokenStore

    stamps = {"interpreter": started, "imported": time.time()}
    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)
    QCoreApplication.setOrganizationName("agentdesk-bench")
    QCoreApplication.setApplicationName("agentdesk")
    i18n.install_translators(app, "zh_CN")  # agents in mainland China
    loop = qasync.QEventLoop(app)
    executor = ThreadPoolExecutor(4, thread_name_prefix="desk-io")
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    stamps["application"] = time.time()
    answer: dict[str, Any] = {}

    async def start() -> None:
        launch = Launch(server, username, password, Path(data_dir))
        desktop = Desktop(launch, tokens=TokenStore(Keyring()))  # the user's keyring untouched
        welcome = await desktop.sign_in()
        if welcome is None:
            raise RuntimeError("sign-in refused")
        stamps["signed_in"] = time.time()
        desktop.show_main_window(welcome)
        assert desktop.controller is not None and desktop.window is not None
        stamps["window"] = time.time()
        await DesktopDriver(desktop.controller).inbox_loaded()
        desktop.window.inbox.viewport().repaint()  # the rows on screen, not only in the model
        stamps["inbox"] = time.time()
        answer["rows"] = desktop.window.inbox.model().rowCount()
        answer.update({name: round(moment - launched_at, 4) for name, moment in stamps.items()})
        _emit(answer)  # the parent stops its clock here; tidying up is not timed
        if desktop.session is not None:
            await desktop.session.stop()
        desktop.window.close()
        await desktop.outbox.close()

    with loop:
        loop.run_until_complete(start())
    executor.shutdown(wait=True)
    return answer


def main(argv: list[str]) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if argv[:1] == ["model"] and len(argv) == 3:
        _emit(probe_model(argv[1], argv[2]))
        return 0
    if argv[:1] == ["cold"] and len(argv) == 6:
        probe_cold(argv[1], argv[2], argv[3], float(argv[4]), argv[5])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
