"""Asterisk CDR import: each call of a Master.csv file stored once, bad lines named, not fatal."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agentdesk.db.engine import Database
from agentdesk.db.models import CallDirection, CallOutcome
from agentdesk.services.calls import CallRecord, CallRecordError, normalize_number, record_call

DEFAULT_TIMEZONE = "Asia/Shanghai"
# Master.csv without a header, in the order cdr_csv writes it; the last two are optional.
COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)
REQUIRED_COLUMNS = 16
OUTCOMES = {
    "ANSWERED": CallOutcome.ANSWERED,
    "NO ANSWER": CallOutcome.MISSED,
    "BUSY": CallOutcome.MISSED,
    "FAILED": CallOutcome.ABANDONED,
}
INBOUND_CONTEXTS = ("from-external", "incoming")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class CdrError(Exception):
    """The import cannot start at all: the file or the settings, said in one line."""


@dataclass(frozen=True, slots=True)
class SkippedLine:
    line: int
    reason: str


@dataclass(slots=True)
class ImportSummary:
    """What one import did; `read` counts non-blank lines, so the four numbers add up."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: list[SkippedLine] = field(default_factory=list)

    def describe(self) -> str:
        lines = [
            f"read {self.read}, stored {self.stored}, duplicates {self.duplicates}, "
            f"skipped {len(self.skipped)}"
        ]
        lines += [f"line {s.line}: {s.reason}" for s in self.skipped]
        return "\n".join(lines)


def zone(name: str) -> ZoneInfo:
    """The PBX's time zone; a typo must stop the import, not shift every call."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CdrError(f"unknown time zone {name!r}") from None


def desk_lines(numbers: Iterable[str], region: str = "CN") -> frozenset[str]:
    """The desk's own numbers in E.164; one that is not a number is a setup mistake."""
    lines = set()
    for raw in numbers:
        number = normalize_number(raw, region)
        if number is None:
            raise CdrError(f"desk number {raw!r} is not a valid phone number")
        lines.add(number)
    return frozenset(lines)


def parse_row(
    row: Sequence[str], *, tz: ZoneInfo, desk_numbers: frozenset[str], region: str = "CN"
) -> CallRecord:
    """One CDR row as a call; raises CallRecordError naming what is wrong with it."""
    if not REQUIRED_COLUMNS <= len(row) <= len(COLUMNS):
        raise CallRecordError(
            f"expected {REQUIRED_COLUMNS} to {len(COLUMNS)} columns, found {len(row)}"
        )
    cells = dict(zip(COLUMNS, (cell.strip() for cell in row), strict=False))
    disposition = cells["disposition"].upper()
    outcome = OUTCOMES.get(disposition)
    if outcome is None:
        raise CallRecordError(f"unknown disposition {cells['disposition']!r}")
    started_at = _time(cells["start"], tz, "start")
    ended_at = _time(cells["end"], tz, "end")
    answered_at = None
    if outcome is CallOutcome.ANSWERED:
        answered_at = _time(cells["answer"], tz, "answer")
    src, dst = cells["src"], cells["dst"]
    context = cells["dcontext"].lower()
    inbound = normalize_number(dst, region) in desk_numbers or any(
        marker in context for marker in INBOUND_CONTEXTS
    )
    uniqueid = cells.get("uniqueid", "")
    if uniqueid and len(uniqueid) <= 64:
        call_id = uniqueid
    else:
        # Without a uniqueid the same call must still get the same id on every import.
        key = "\x1f".join((src, dst, cells["start"], cells["channel"], uniqueid))
        call_id = "cdr-" + hashlib.sha256(key.encode()).hexdigest()[:40]
    return CallRecord(
        call_id=call_id,
        direction=CallDirection.INBOUND if inbound else CallDirection.OUTBOUND,
        from_number=src,
        to_number=dst,
        started_at=started_at,
        answered_at=answered_at,
        ended_at=ended_at,
        outcome=outcome,
        notes=cells.get("userfield", ""),
    )


def _time(raw: str, tz: ZoneInfo, column: str) -> datetime:
    try:
        return datetime.strptime(raw, TIME_FORMAT).replace(tzinfo=tz)
    except ValueError:
        raise CallRecordError(f"{column} time {raw!r} is not YYYY-MM-DD HH:MM:SS") from None


def import_cdr(
    database: Database,
    path: Path,
    *,
    timezone: str = DEFAULT_TIMEZONE,
    desk_numbers: Iterable[str] = (),
    region: str = "CN",
) -> ImportSummary:
    """Import a Master.csv file; each row is its own unit of work.

    A PBX file is appended to for months and imported again and again, so a repeat
    counts as a duplicate, and one bad line is reported without costing the others."""
    tz = zone(timezone)
    own = desk_lines(desk_numbers, region)
    summary = ImportSummary()
    try:
        handle = path.open(encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        raise CdrError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        reader = csv.reader(handle)
        line = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                summary.read += 1
                summary.skipped.append(SkippedLine(reader.line_num, f"not CSV: {exc}"))
                continue
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            summary.read += 1
            try:
                record = parse_row(row, tz=tz, desk_numbers=own, region=region)
                with database.write() as session:
                    _, created = record_call(
                        session, record, desk_numbers=own, default_region=region
                    )
            except CallRecordError as exc:
                summary.skipped.append(SkippedLine(line, str(exc)))
                continue
            if created:
                summary.stored += 1
            else:
                summary.duplicates += 1
    return summary
