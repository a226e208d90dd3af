"""The product team's periodic report of complaints and technical feedback, as CSV and prose."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from agentdesk.db.models import (
    Channel,
    Conversation,
    ConversationStatus,
    ConversationTag,
    Customer,
    Language,
    Message,
    MessageDirection,
    Priority,
)

#: The desk's clock for periods and the summary; the team and its customers live on it.
DESK_ZONE = ZoneInfo("Asia/Shanghai")


class Category(StrEnum):
    COMPLAINT = "complaint"
    TECHNICAL = "technical_feedback"
    OTHER = "other_feedback"


#: Tags that make a conversation a complaint; "escalated" is only ever put on complaints.
COMPLAINT_TAGS: frozenset[str] = frozenset({"complaint", "escalated"})
#: Tags agents and the seed use for bug reports and suggestions about the app.
TECHNICAL_TAGS: frozenset[str] = frozenset(
    {"feedback", "technical_feedback", "bug", "app_bug", "suggestion"}
)
DEFAULT_TAGS: frozenset[str] = COMPLAINT_TAGS | TECHNICAL_TAGS

CSV_COLUMNS: tuple[str, ...] = (
    "conversation_id",
    "created_at",
    "channel",
    "category",
    "status",
    "priority",
    "language",
    "first_message",
    "tags",
)

# Order matters: emails may hold digits, and an E.164 number would otherwise be read as an
# account number whose "+" is left behind.
_EDGE_BEFORE = r"(?<![0-9A-Za-z])"  # not \b: Chinese characters count as word characters
_EDGE_AFTER = r"(?![0-9A-Za-z])"
_SCRUBBERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"),
        "[email]",
    ),
    (re.compile(r"\+\d{1,3}(?:[ \-]?\d){6,13}" + _EDGE_AFTER), "[phone]"),
    (re.compile(_EDGE_BEFORE + r"\d(?:[ \-]?\d){11,18}" + _EDGE_AFTER), "[account]"),
    (
        re.compile(_EDGE_BEFORE + r"(?:86[ \-]?)?1[3-9]\d[ \-]?\d{4}[ \-]?\d{4}" + _EDGE_AFTER),
        "[phone]",
    ),
    # The national forms customers type for Hong Kong, US and UK numbers.
    (re.compile(r"\(\d{3}\)\s?\d{3}-\d{4}" + _EDGE_AFTER), "[phone]"),
    (re.compile(_EDGE_BEFORE + r"0\d{4} \d{6}" + _EDGE_AFTER), "[phone]"),
    (re.compile(_EDGE_BEFORE + r"[2-9]\d{3} \d{4}" + _EDGE_AFTER), "[phone]"),
)


def scrub(text: str) -> str:
    """Replace phone numbers, emails and account numbers by placeholders.

    The product team needs the customer's words, never who said them: a placeholder says
    a number was there without leaving the partial digits that masking shows agents.
    """
    for pattern, placeholder in _SCRUBBERS:
        text = pattern.sub(placeholder, text)
    return text


def category_of(tags: Iterable[str]) -> Category:
    """A complaint outranks feedback: it needs an answer, feedback only needs reading."""
    names = set(tags)
    if names & COMPLAINT_TAGS:
        return Category.COMPLAINT
    if names & TECHNICAL_TAGS:
        return Category.TECHNICAL
    return Category.OTHER


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    conversation_id: int
    created_at: datetime
    channel: Channel
    category: Category
    status: ConversationStatus
    priority: Priority
    language: Language
    first_message: str  # scrubbed
    tags: tuple[str, ...]

    def csv_row(self) -> dict[str, str]:
        return {
            "conversation_id": str(self.conversation_id),
            "created_at": self.created_at.astimezone(UTC).isoformat(),
            "channel": self.channel.value,
            "category": self.category.value,
            "status": self.status.value,
            "priority": self.priority.value,
            "language": self.language.value,
            "first_message": _inert(self.first_message),
            "tags": ";".join(self.tags),
        }


@dataclass(frozen=True, slots=True)
class FeedbackReport:
    since: datetime
    until: datetime
    rows: tuple[FeedbackRow, ...]

    def by_category(self) -> Counter[Category]:
        return Counter(row.category for row in self.rows)

    def by_channel(self) -> Counter[Channel]:
        return Counter(row.channel for row in self.rows)

    def resolved(self) -> int:
        return sum(row.status is ConversationStatus.RESOLVED for row in self.rows)

    def top_tags(self, count: int = 5) -> list[tuple[str, int]]:
        tally = Counter(tag for row in self.rows for tag in row.tags)
        return sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:count]


def period_of(first_day: date, end_day: date) -> tuple[datetime, datetime]:
    """Desk-local days → the UTC instants [since, until) the query compares with."""
    since = datetime.combine(first_day, time(0), DESK_ZONE).astimezone(UTC)
    until = datetime.combine(end_day, time(0), DESK_ZONE).astimezone(UTC)
    if until <= since:
        raise ValueError(f"the period must end after it starts: {first_day} to {end_day}")
    return since, until


def feedback_report(
    session: Session,
    *,
    since: datetime,
    until: datetime,
    tags: Iterable[str] = DEFAULT_TAGS,
) -> FeedbackReport:
    """Conversations created in [since, until) that are complaints or product feedback.

    Two queries whatever the size: conversations with all their tags, then the first
    customer message of each, both filtered in the database rather than by an id list.
    """
    wanted = sorted(set(tags))
    # Aliased: the outer query joins the tags too, and must keep all of them.
    wanted_tag = aliased(ConversationTag)
    matching = and_(
        Conversation.created_at >= since,
        Conversation.created_at < until,
        or_(
            Conversation.channel == Channel.FEEDBACK,
            exists()
            .where(
                wanted_tag.conversation_id == Conversation.id,
                wanted_tag.tag.in_(wanted),
            )
            .correlate(Conversation),
        ),
    )
    rows = session.execute(
        select(
            Conversation.id,
            Conversation.created_at,
            Conversation.channel,
            Conversation.status,
            Conversation.priority,
            Customer.language,
            ConversationTag.tag,
        )
        .join(Customer, Customer.id == Conversation.customer_id)
        .outerjoin(ConversationTag, ConversationTag.conversation_id == Conversation.id)
        .where(matching)
        .order_by(Conversation.created_at, Conversation.id, ConversationTag.tag)
    ).all()
    firsts: dict[int, str] = {cid: text for cid, text in session.execute(_first_messages(matching))}

    report: list[FeedbackRow] = []
    grouped: dict[int, list[str]] = {}
    heads: dict[int, tuple[datetime, Channel, ConversationStatus, Priority, Language]] = {}
    for cid, created_at, channel, status, priority, language, tag in rows:
        if cid not in grouped:
            grouped[cid] = []
            heads[cid] = (created_at, channel, status, priority, language)
        if tag is not None:
            grouped[cid].append(tag)
    for cid, conversation_tags in grouped.items():
        created_at, channel, status, priority, language = heads[cid]
        report.append(
            FeedbackRow(
                conversation_id=cid,
                created_at=created_at,
                channel=channel,
                category=category_of(conversation_tags),
                status=status,
                priority=priority,
                language=language,
                first_message=scrub(firsts.get(cid, "")),
                tags=tuple(conversation_tags),
            )
        )
    return FeedbackReport(since=since, until=until, rows=tuple(report))


def _first_messages(matching: ColumnElement[bool]) -> Select[int, str]:
    first_ids = (
        select(func.min(Message.id).label("id"))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Message.direction == MessageDirection.IN, matching)
        .group_by(Message.conversation_id)
        .subquery()
    )
    return select(Message.conversation_id, Message.text).join(
        first_ids, first_ids.c.id == Message.id
    )


def _inert(text: str) -> str:
    """Excel runs a cell that starts with = + - @ as a formula; customers write such text."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


@contextmanager
def _opened(target: str | Path | TextIO) -> Iterator[TextIO]:
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8-sig", newline="") as stream:
            yield stream
    else:
        target.write("\ufeff")
        yield target


def write_csv(report: FeedbackReport, target: str | Path | TextIO) -> int:
    """UTF-8 with a BOM, because Excel reads a CSV without one as the local code page and
    garbles Chinese. Returns the number of data rows."""
    with _opened(target) as stream:
        writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in report.rows:
            writer.writerow(row.csv_row())
    return len(report.rows)


_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "产品反馈报告",
        "period": "统计期间：{since} 至 {until}（不含）",
        "total": "共 {count} 个会话",
        "categories": "按类别",
        "channels": "按渠道",
        "states": "处理状态：未解决 {open} 个，已解决 {resolved} 个",
        "tags": "最常见标签",
        "examples": "客户原话示例",
        "none": "（无）",
        "unit": "{count} 个",
        Category.COMPLAINT: "投诉",
        Category.TECHNICAL: "技术反馈",
        Category.OTHER: "其他反馈",
        Channel.CHAT: "在线聊天",
        Channel.EMAIL: "邮件",
        Channel.PHONE: "电话",
        Channel.SOCIAL: "社交媒体",
        Channel.FEEDBACK: "应用内反馈",
    },
    "en": {
        "title": "Product feedback report",
        "period": "Period: {since} to {until} (exclusive)",
        "total": "{count} conversations",
        "categories": "By category",
        "channels": "By channel",
        "states": "Status: {open} open, {resolved} resolved",
        "tags": "Top tags",
        "examples": "In the customers' words",
        "none": "(none)",
        "unit": "{count}",
        Category.COMPLAINT: "Complaints",
        Category.TECHNICAL: "Technical feedback",
        Category.OTHER: "Other feedback",
        Channel.CHAT: "Chat",
        Channel.EMAIL: "Email",
        Channel.PHONE: "Phone",
        Channel.SOCIAL: "Social media",
        Channel.FEEDBACK: "In-app feedback",
    },
}

EXAMPLES_PER_CATEGORY = 3
EXAMPLE_LENGTH = 120


def summary_text(report: FeedbackReport, language: str = "zh") -> str:
    """What a product manager reads before opening the CSV: sizes, trends and voices."""
    if language not in _WORDS:
        raise ValueError(f"no summary language {language!r}: zh or en")
    words = _WORDS[language]
    by_category = report.by_category()
    by_channel = report.by_channel()
    resolved = report.resolved()
    lines = [
        words["title"],
        words["period"].format(since=_day(report.since), until=_day(report.until)),
        words["total"].format(count=len(report.rows)),
        words["states"].format(open=len(report.rows) - resolved, resolved=resolved),
        "",
        words["categories"],
    ]
    lines += [f"  {words[c]}: {words['unit'].format(count=by_category[c])}" for c in Category]
    lines += ["", words["channels"]]
    lines += [
        f"  {words[c]}: {words['unit'].format(count=by_channel[c])}"
        for c in Channel
        if by_channel[c]
    ] or [f"  {words['none']}"]
    lines += ["", words["tags"]]
    lines += [f"  {tag}: {count}" for tag, count in report.top_tags()] or [f"  {words['none']}"]
    lines += ["", words["examples"]]
    for category in Category:
        examples = [
            r.first_message for r in report.rows if r.category is category and r.first_message
        ]
        if not examples:
            continue
        lines.append(f"  {words[category]}")
        lines += [f"    - {_clip(text)}" for text in examples[:EXAMPLES_PER_CATEGORY]]
    return "\n".join(lines) + "\n"


def _day(instant: datetime) -> str:
    local = instant.astimezone(DESK_ZONE)
    if local.timetz().replace(tzinfo=None) == time(0):
        return local.strftime("%Y-%m-%d")
    return local.strftime("%Y-%m-%d %H:%M")


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= EXAMPLE_LENGTH:
        return flat
    return flat[: EXAMPLE_LENGTH - 1] + "…"


__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_TAGS",
    "Category",
    "FeedbackReport",
    "FeedbackRow",
    "category_of",
    "feedback_report",
    "period_of",
    "scrub",
    "summary_text",
    "write_csv",
]
