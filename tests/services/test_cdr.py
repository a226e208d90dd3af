"""Asterisk CDR files import once per call, in the PBX's own time, skipping bad lines by number."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from agentdesk.db.engine import Database
from agentdesk.db.models import CallDirection, CallLog, CallOutcome, Customer, Message
from agentdesk.services.cdr import CdrError, SkippedLine, import_cdr, parse_row
from tests.helpers.desk import event_log

DESK = "+864008001234"
# Master.csv as cdr_csv writes it: no header, quoted, optional uniqueid and userfield.
ANSWERED_IN = (
    '"","13800138000","4008001234","from-pstn","""Xiao Ming"" <13800138000>",'
    '"SIP/trunk-00000001","SIP/1001-00000002","Dial","SIP/1001,30","2026-11-02 10:00:00",'
    '"2026-11-02 10:00:08","2026-11-02 10:03:08",188,180,"ANSWERED","DOCUMENTATION",'
    '"1762048800.1",""'
)
SAMPLE_LINES = [
    ANSWERED_IN,  # line 1
    '"","1001","13900139000","from-internal","""Agent"" <1001>","SIP/1001-00000003",'
    '"SIP/trunk-00000004","Dial","SIP/trunk/13900139000","2026-11-02 11:00:00","",'
    '"2026-11-02 11:00:30",30,0,"NO ANSWER","DOCUMENTATION","1762052400.2",""',
    ANSWERED_IN,  # line 3: the PBX wrote it twice
    '"","13700137000","s","from-external","","SIP/trunk-5","","Hangup","","not a time",'
    '"","2026-11-02 12:00:30",30,0,"BUSY","DOCUMENTATION","1762056000.3",""',
    "",  # line 5: blank, not counted
    '"","13700137000","s","incoming","","SIP/trunk-6","","Hangup",""',
    '"","0085291234567","4008001234","from-pstn","","SIP/trunk-7","","Queue","support",'
    '"2026-11-02 13:00:00","","2026-11-02 13:01:00",60,0,"BUSY","DOCUMENTATION"',
    '"","13600136000","4008001234","from-pstn","","SIP/trunk-8","","Queue","support",'
    '"2026-11-02 14:00:00","","2026-11-02 14:00:05",5,0,"CONGESTION","DOCUMENTATION",'
    '"1762060800.5",""',
]
SAMPLE = "\n".join(SAMPLE_LINES) + "\n"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "Master.csv"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def count(database: Database, model: type[object]) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_import_counts_and_reimport_stores_nothing(sqlite_db: Database, sample: Path) -> None:
    summary = import_cdr(sqlite_db, sample, desk_numbers=["400 800 1234"])
    assert (summary.read, summary.stored, summary.duplicates) == (7, 3, 1)
    assert summary.skipped == [
        SkippedLine(4, "start time 'not a time' is not YYYY-MM-DD HH:MM:SS"),
        SkippedLine(6, "expected 16 to 18 columns, found 9"),
        SkippedLine(8, "unknown disposition 'CONGESTION'"),
    ]
    assert count(sqlite_db, CallLog) == 3 and count(sqlite_db, Message) == 3
    events = len(event_log(sqlite_db))

    again = import_cdr(sqlite_db, sample, desk_numbers=["400 800 1234"])
    assert (again.read, again.stored, again.duplicates, len(again.skipped)) == (7, 0, 4, 3)
    assert count(sqlite_db, CallLog) == 3 and len(event_log(sqlite_db)) == events
    assert "read 7, stored 0, duplicates 4, skipped 3" in again.describe()


def test_imported_calls_carry_direction_outcome_and_utc_times(
    sqlite_db: Database, sample: Path
) -> None:
    import_cdr(sqlite_db, sample, desk_numbers=[DESK])
    with sqlite_db.read() as session:
        calls = {c.call_id: c for c in session.scalars(select(CallLog))}
        phones = set(session.scalars(select(Customer.phone)))
    answered = calls["1762048800.1"]
    assert answered.direction is CallDirection.INBOUND
    assert answered.outcome is CallOutcome.ANSWERED and answered.duration_seconds == 180
    assert answered.started_at == datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # Shanghai is +8
    outbound = calls["1762052400.2"]
    assert outbound.direction is CallDirection.OUTBOUND
    assert outbound.outcome is CallOutcome.MISSED and outbound.to_number == "+8613900139000"
    (busy,) = [c for c in calls.values() if c.call_id.startswith("cdr-")]
    assert busy.outcome is CallOutcome.MISSED and busy.from_number == "+85291234567"
    assert phones == {"+8613800138000", "+8613900139000", "+85291234567"}


def test_london_times_follow_summer_time(sqlite_db: Database, tmp_path: Path) -> None:
    row = (
        '"","07911123456","02079460000","from-external","","SIP/t-1","","Dial","",'
        '"{start}","{start}","{end}",60,60,"ANSWERED","DOCUMENTATION","{uid}",""\n'
    )
    path = tmp_path / "gb.csv"
    path.write_text(
        row.format(start="2026-07-01 09:00:00", end="2026-07-01 09:01:00", uid="s.1")
        + row.format(start="2026-12-01 09:00:00", end="2026-12-01 09:01:00", uid="w.1"),
        encoding="utf-8",
    )
    summary = import_cdr(sqlite_db, path, timezone="Europe/London", region="GB")
    assert (summary.stored, summary.skipped) == (2, [])
    with sqlite_db.read() as session:
        calls = {c.call_id: c for c in session.scalars(select(CallLog))}
    assert calls["s.1"].started_at == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)  # BST
    assert calls["w.1"].started_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # GMT
    assert calls["s.1"].from_number == "+447911123456"  # UK national form, region GB
    assert calls["s.1"].direction is CallDirection.INBOUND
    assert calls["s.1"].customer_id == calls["w.1"].customer_id is not None


def test_a_hash_id_is_stable_without_uniqueid() -> None:
    row = [
        "", "13800138000", "4008001234", "from-pstn", "", "SIP/t-1", "", "Dial", "",
        "2026-11-02 10:00:00", "", "2026-11-02 10:00:30", "30", "0", "NO ANSWER", "DOCUMENTATION",
    ]  # fmt: skip
    tz = ZoneInfo("Asia/Shanghai")
    first = parse_row(row, tz=tz, desk_numbers=frozenset())
    assert first.call_id == parse_row(list(row), tz=tz, desk_numbers=frozenset()).call_id
    assert first.call_id.startswith("cdr-") and len(first.call_id) <= 64
    assert first.direction is CallDirection.OUTBOUND  # no desk numbers, no inbound context
    changed = [*row[:9], "2026-11-02 10:00:01", *row[10:]]
    assert parse_row(changed, tz=tz, desk_numbers=frozenset()).call_id != first.call_id


def test_bad_settings_stop_the_import_before_anything(sqlite_db: Database, sample: Path) -> None:
    with pytest.raises(CdrError, match="time zone"):
        import_cdr(sqlite_db, sample, timezone="Mars/Olympus")
    with pytest.raises(CdrError, match="desk number"):
        import_cdr(sqlite_db, sample, desk_numbers=["not a number"])
    with pytest.raises(CdrError, match="cannot read"):
        import_cdr(sqlite_db, sample.with_name("missing.csv"))
    assert count(sqlite_db, CallLog) == 0
