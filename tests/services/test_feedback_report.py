"""The product team's feedback report: who is in it, what it says and what it never says."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from agentdesk.db.engine import Database
from agentdesk.db.models import Channel, ConversationStatus, MessageDirection, Priority
from agentdesk.services.feedback_report import (
    CSV_COLUMNS,
    Category,
    FeedbackReport,
    feedback_report,
    period_of,
    scrub,
    summary_text,
    write_csv,
)
from tests.helpers.desk import NOW, DeskBuilder

PERIOD = period_of(date(2026, 11, 1), date(2026, 11, 2))


def build_report(database: Database) -> tuple[FeedbackReport, dict[str, int]]:
    with database.write() as session:
        desk = DeskBuilder(session)
        complaint = desk.conversation(
            tags=["complaint", "escalated"], priority=Priority.HIGH, channel=Channel.EMAIL
        )
        desk.message(complaint, "我要投诉，电话 13800138000，邮箱 a.b@example.cn")
        desk.message(complaint, "we are on it", direction=MessageDirection.OUT)
        desk.message(complaint, "还没解决")
        bug = desk.conversation(tags=["feedback"], status=ConversationStatus.RESOLVED)
        desk.message(bug, "note first", direction=MessageDirection.NOTE)
        desk.message(bug, "The app crashes when I open bills")
        in_app = desk.conversation(channel=Channel.FEEDBACK)
        desk.message(in_app, "【功能建议】希望支持深色模式")
        untagged = desk.conversation(tags=["password"])
        desk.message(untagged, "忘记密码")
        later = desk.conversation(tags=["complaint"], last_message_at=NOW + timedelta(days=1))
        desk.message(later, "too late for this report")
        ids = {
            "complaint": complaint.id,
            "bug": bug.id,
            "in_app": in_app.id,
            "untagged": untagged.id,
            "later": later.id,
        }
    with database.read() as session:
        return feedback_report(session, since=PERIOD[0], until=PERIOD[1]), ids


def test_the_report_holds_complaints_and_feedback_of_the_period(any_db: Database) -> None:
    report, ids = build_report(any_db)
    rows = {row.conversation_id: row for row in report.rows}
    assert list(rows) == [ids["complaint"], ids["bug"], ids["in_app"]]
    complaint = rows[ids["complaint"]]
    assert complaint.category is Category.COMPLAINT
    assert complaint.channel is Channel.EMAIL
    assert complaint.priority is Priority.HIGH
    assert complaint.tags == ("complaint", "escalated")
    assert complaint.first_message == "我要投诉，电话 [phone]，邮箱 [email]"
    bug = rows[ids["bug"]]
    assert bug.category is Category.TECHNICAL
    assert bug.status is ConversationStatus.RESOLVED
    assert bug.first_message == "The app crashes when I open bills"
    in_app = rows[ids["in_app"]]
    assert in_app.category is Category.OTHER
    assert in_app.tags == ()
    assert in_app.language.value == "zh"
    assert report.resolved() == 1


def test_custom_tags_narrow_the_report(sqlite_db: Database) -> None:
    build_report(sqlite_db)
    with sqlite_db.read() as session:
        report = feedback_report(session, since=PERIOD[0], until=PERIOD[1], tags=["password"])
    assert [row.first_message for row in report.rows] == [
        "【功能建议】希望支持深色模式",
        "忘记密码",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call +8613800138000 now", "call [phone] now"),
        ("手机13800138000谢谢", "手机[phone]谢谢"),
        ("手机 138 0013 8000", "手机 [phone]"),
        ("mail me: Xiao.Ming+1@mail.example.com.cn", "mail me: [email]"),
        ("卡号6222020200112233445已冻结", "卡号[account]已冻结"),
        ("account 6222 0202 0011 2233", "account [account]"),
        ("HK 9123 4567 or (415) 555-1234", "HK [phone] or [phone]"),
        ("paid 1250.00 on 2026-11-02, order TX000000000012", None),
    ],
)
def test_scrubbing_hides_phones_emails_and_accounts(text: str, expected: str | None) -> None:
    assert scrub(text) == (text if expected is None else expected)


def test_the_csv_round_trips_and_opens_in_excel(sqlite_db: Database, tmp_path: Path) -> None:
    report, ids = build_report(sqlite_db)
    path = tmp_path / "feedback.csv"
    assert write_csv(report, path) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        rows = list(reader)
    assert [int(row["conversation_id"]) for row in rows] == [
        ids["complaint"],
        ids["bug"],
        ids["in_app"],
    ]
    assert rows[0]["category"] == "complaint"
    assert rows[0]["tags"] == "complaint;escalated"
    assert rows[0]["first_message"] == "我要投诉，电话 [phone]，邮箱 [email]"
    assert rows[0]["created_at"].endswith("+00:00")
    assert "13800138000" not in raw.decode("utf-8-sig")
    buffer = io.StringIO()
    write_csv(report, buffer)
    assert buffer.getvalue().startswith("\ufeffconversation_id,")


def test_a_formula_in_a_message_is_made_inert(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        desk = DeskBuilder(session)
        desk.message(desk.conversation(tags=["bug"]), '=HYPERLINK("http://x")')
    with sqlite_db.read() as session:
        report = feedback_report(session, since=PERIOD[0], until=PERIOD[1])
    stream = io.StringIO()
    write_csv(report, stream)
    stream.seek(1)
    assert next(csv.DictReader(stream))["first_message"].startswith("'=")


def test_the_summary_counts_in_chinese_and_english(sqlite_db: Database) -> None:
    report, _ = build_report(sqlite_db)
    zh = summary_text(report, "zh")
    assert "2026-11-01 至 2026-11-02" in zh
    assert "共 3 个会话" in zh
    assert "投诉: 1 个" in zh and "技术反馈: 1 个" in zh and "其他反馈: 1 个" in zh
    assert "未解决 2 个，已解决 1 个" in zh
    assert "complaint: 1" in zh
    assert "我要投诉" in zh and "13800138000" not in zh
    en = summary_text(report, "en")
    assert "3 conversations" in en and "2 open, 1 resolved" in en
    assert "Complaints: 1" in en and "Email: 1" in en and "In-app feedback: 1" in en
    assert "The app crashes when I open bills" in en
    with pytest.raises(ValueError, match="fr"):
        summary_text(report, "fr")


def test_an_empty_period_still_reads(sqlite_db: Database) -> None:
    since, until = period_of(date(2020, 1, 1), date(2020, 2, 1))
    with sqlite_db.read() as session:
        report = feedback_report(session, since=since, until=until)
    assert report.rows == ()
    assert "0 conversations" in summary_text(report, "en")
    with pytest.raises(ValueError, match="end after"):
        period_of(date(2020, 2, 1), date(2020, 2, 1))
