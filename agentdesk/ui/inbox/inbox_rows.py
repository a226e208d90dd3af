"""One inbox row as the model keeps it: the server's summary with its times parsed once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

# The inbox order is last_message_at descending, then id descending, like `inbox.list`;
# as an ascending key: (-microseconds since the epoch, -id). Integers, so ties between
# equal timestamps are exact and the key compares fast.
InboxOrderKey = tuple[int, int]


def parse_timestamp(value: object) -> datetime | None:
    """A summary's time as an aware UTC datetime. The wire has ISO 8601 text
    (`model_dump(mode="json")`); a naive time is taken as UTC, as the server writes."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        moment = datetime.fromisoformat(value)
    elif isinstance(value, datetime):
        moment = value
    else:
        raise TypeError(f"not a timestamp: {value!r}")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def order_key(last_message_at: datetime, conversation_id: int) -> InboxOrderKey:
    return (-((last_message_at - _EPOCH) // _MICROSECOND), -conversation_id)


@dataclass(slots=True)
class ConversationRow:
    """What painting and sorting a row need, computed when the summary arrives so
    that `data()` only looks things up. Treated as immutable; not frozen because a
    frozen dataclass's __init__ costs a third of building 100,000 rows."""

    summary: Mapping[str, Any]
    id: int
    channel: str
    customer_name: str
    subject: str
    snippet: str
    status: str
    priority: str
    assignee_name: str | None
    version: int
    last_message_at: datetime
    sla_due_at: datetime | None
    tooltip: str
    key: InboxOrderKey

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any]) -> ConversationRow:
        """Trusts the ConversationSummary schema (the protocol validates it); this runs
        100,000 times when a large view opens, so it does the least it can."""
        conversation_id: int = summary["id"]
        last_message_at = parse_timestamp(summary["last_message_at"])
        if last_message_at is None:
            raise ValueError(f"conversation {conversation_id} has no last_message_at")
        subject: str = summary["subject"]
        snippet: str = summary["snippet"]
        due = summary["sla_due_at"]
        return cls(
            summary,
            conversation_id,
            summary["channel"],
            summary["customer_name"],
            subject,
            snippet,
            summary["status"],
            summary["priority"],
            summary["assignee_name"],
            summary["version"],
            last_message_at,
            None if due is None else parse_timestamp(due),
            f"{subject}\n{snippet}" if subject and snippet else subject or snippet,
            order_key(last_message_at, conversation_id),
        )

    def is_older_than(self, other: ConversationRow) -> bool:
        """Whether this copy of the conversation predates `other`: a page fetched before
        a live event can arrive after it, and must not undo it."""
        return (self.version, self.last_message_at) < (other.version, other.last_message_at)


def rows_in_order(summaries: Iterable[Mapping[str, Any]]) -> list[ConversationRow]:
    """Rows sorted in inbox order, one per conversation (the last copy wins)."""
    by_id = {row.id: row for row in map(ConversationRow.from_summary, summaries)}
    return sorted(by_id.values(), key=row_key)


def row_key(row: ConversationRow) -> InboxOrderKey:
    return row.key
