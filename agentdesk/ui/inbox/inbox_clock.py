"""The inbox's short times: how long ago a row last moved, and how long its SLA has left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import Enum

from PySide6.QtCore import QCoreApplication, QDate, QLocale

AT_RISK = timedelta(hours=1)  # the server's `sla=at_risk` window


class SlaState(Enum):
    NONE = "none"  # no SLA on this conversation
    ON_TIME = "on_time"
    AT_RISK = "at_risk"  # due within the hour
    BREACHED = "breached"


def utc_now() -> datetime:
    return datetime.now(UTC)


def compact_duration(length: timedelta) -> str:
    """A non-negative length in at most four characters or so: 45s → <1m, 12m, 1h20m,
    5h, 3d."""
    minutes = int(length.total_seconds()) // 60
    if minutes < 1:
        return QCoreApplication.translate("InboxClock", "<1m")
    if minutes < 60:
        return QCoreApplication.translate("InboxClock", "{minutes}m").format(minutes=minutes)
    hours, rest = divmod(minutes, 60)
    if hours < 10 and rest:
        return QCoreApplication.translate("InboxClock", "{hours}h{minutes}m").format(
            hours=hours, minutes=rest
        )
    if hours < 48:
        return QCoreApplication.translate("InboxClock", "{hours}h").format(hours=hours)
    return QCoreApplication.translate("InboxClock", "{days}d").format(days=hours // 24)


def relative_age(then: datetime, now: datetime) -> str:
    """When the last message came, as the list shows it: now, 12m, 5h, 3d, then the date."""
    age = now - then
    if age < timedelta(minutes=1):  # includes a clock slightly behind the server's
        return QCoreApplication.translate("InboxClock", "now")
    if age < timedelta(days=7):
        return compact_duration(age)
    local = then.astimezone()
    date = QDate(local.year, local.month, local.day)
    return QLocale().toString(date, QLocale.FormatType.ShortFormat)


def sla_countdown(due: datetime | None, now: datetime) -> tuple[str, SlaState]:
    """What is left before the SLA is due ("12m"), or how far past it ("-12m"); "due"
    in the first minute past it."""
    if due is None:
        return "", SlaState.NONE
    left = due - now
    if left <= timedelta(0):
        if left > -timedelta(minutes=1):
            return QCoreApplication.translate("InboxClock", "due"), SlaState.BREACHED
        return QCoreApplication.translate("InboxClock", "-{overdue}").format(
            overdue=compact_duration(-left)
        ), SlaState.BREACHED
    if left < AT_RISK:
        return compact_duration(left), SlaState.AT_RISK
    return compact_duration(left), SlaState.ON_TIME
