"""Times, durations and channel words as an agent reads them, in the desktop's locale."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale


def parse_moment(value: object) -> datetime | None:
    """A wire time (ISO 8601 text from `model_dump(mode="json")`) as an aware UTC datetime.

    A naive time is taken as UTC, which is how the server writes them; anything that is
    not a time gives None rather than an exception, so one odd field never blanks a view.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def epoch_seconds(value: object) -> float:
    """A sort key for wire times; a missing time sorts first."""
    moment = parse_moment(value)
    return moment.timestamp() if moment is not None else 0.0


def local_datetime(value: object) -> QDateTime | None:
    """The wire time in the desktop's local time zone."""
    moment = parse_moment(value)
    if moment is None:
        return None
    return QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000))


def format_moment(value: object) -> str:
    """Date and time in the locale's short format, local time; empty when unknown."""
    local = local_datetime(value)
    if local is None:
        return ""
    return QLocale().toString(local, QLocale.FormatType.ShortFormat)


def format_clock(value: object) -> str:
    """Only the local time of day, for lines whose date is obvious from their place."""
    local = local_datetime(value)
    if local is None:
        return ""
    return QLocale().toString(local.time(), QLocale.FormatType.ShortFormat)


def format_date(value: object) -> str:
    local = local_datetime(value)
    if local is None:
        return ""
    return QLocale().toString(local.date(), QLocale.FormatType.ShortFormat)


def format_duration(seconds: object) -> str:
    """`mm:ss`, and `h:mm:ss` past an hour; a call log never holds negative durations."""
    total = max(0, int(seconds)) if isinstance(seconds, int | float) else 0
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def channel_name(channel: str) -> str:
    names = {
        "chat": QCoreApplication.translate("Channel", "Chat"),
        "email": QCoreApplication.translate("Channel", "Email"),
        "phone": QCoreApplication.translate("Channel", "Phone"),
        "social": QCoreApplication.translate("Channel", "Social"),
        "feedback": QCoreApplication.translate("Channel", "Feedback"),
    }
    return names.get(channel, channel)


def platform_name(platform: str) -> str:
    names = {
        "facebook": QCoreApplication.translate("Channel", "Facebook"),
        "x": QCoreApplication.translate("Channel", "X"),
        "weibo": QCoreApplication.translate("Channel", "Weibo"),
        "wechat": QCoreApplication.translate("Channel", "WeChat"),
    }
    return names.get(platform, platform)


def status_name(status: str) -> str:
    names = {
        "open": QCoreApplication.translate("ConversationStatus", "Open"),
        "pending": QCoreApplication.translate("ConversationStatus", "Pending"),
        "snoozed": QCoreApplication.translate("ConversationStatus", "Snoozed"),
        "resolved": QCoreApplication.translate("ConversationStatus", "Resolved"),
    }
    return names.get(status, status)


def priority_name(priority: str) -> str:
    names = {
        "low": QCoreApplication.translate("Priority", "Low"),
        "normal": QCoreApplication.translate("Priority", "Normal"),
        "high": QCoreApplication.translate("Priority", "High"),
        "urgent": QCoreApplication.translate("Priority", "Urgent"),
    }
    return names.get(priority, priority)
