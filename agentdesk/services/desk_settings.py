"""The operator's file of opening hours, holiday overrides and SLA targets.

One TOML file (resources/desk/hours_and_sla.toml is the default) so a support manager can
change a target or add a company closure without touching code; a mistake in it stops the
server at start with the key that is wrong, never at the first conversation it would hit.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from agentdesk.db.models.enums import Channel
from agentdesk.services.business_hours import BusinessCalendar, OpenHours
from agentdesk.services.sla import ChannelSla, SlaPolicy, SlaTarget

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class DeskSettingsError(ValueError):
    """The settings file says something that cannot be used; the message names the key."""


@dataclass(frozen=True)
class DeskSettings:
    calendar: BusinessCalendar
    policy: SlaPolicy


def default_settings_path() -> Path:
    """`resources/desk/hours_and_sla.toml` of the repository; the package is installed editable."""
    return Path(__file__).resolve().parents[2] / "resources" / "desk" / "hours_and_sla.toml"


def load_desk_settings(path: Path | None = None) -> DeskSettings:
    path = path or default_settings_path()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DeskSettingsError(f"{path}: cannot read it: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DeskSettingsError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return parse_desk_settings(document)
    except DeskSettingsError as exc:
        raise DeskSettingsError(f"{path}: {exc}") from exc


def parse_desk_settings(document: dict[str, Any]) -> DeskSettings:
    hours = _table(document, "hours")
    try:
        opening = OpenHours(_clock(hours, "opens"), _clock(hours, "closes"))
    except ValueError as exc:
        raise DeskSettingsError(f"hours: {exc}") from exc
    weekdays = hours.get("weekdays", list(WEEKDAYS[:5]))
    unknown = [d for d in weekdays if d not in WEEKDAYS]
    if unknown:
        raise DeskSettingsError(f"hours.weekdays: unknown day {unknown[0]!r}")
    week = tuple(opening if day in weekdays else None for day in WEEKDAYS)
    try:
        calendar = BusinessCalendar(
            timezone=str(hours.get("timezone", "Asia/Shanghai")),
            week=week,
            workday_hours=opening,
            holiday_country=hours.get("holiday_country") or None,
            extra_closed=_dates(hours, "extra_closed"),
            extra_open=_dates(hours, "extra_open"),
        )
    except (ValueError, KeyError) as exc:
        raise DeskSettingsError(f"hours: {exc}") from exc
    sla = _table(document, "sla")
    channels = {channel: _channel(sla, channel) for channel in Channel}
    return DeskSettings(calendar, SlaPolicy(**{c.value: s for c, s in channels.items()}))


def _table(document: dict[str, Any], key: str) -> dict[str, Any]:
    value = document.get(key, {})
    if not isinstance(value, dict):
        raise DeskSettingsError(f"{key}: expected a table")
    return value


def _clock(table: dict[str, Any], key: str) -> time:
    try:
        return time.fromisoformat(str(table[key]))
    except KeyError as exc:
        raise DeskSettingsError(f"hours.{key}: missing") from exc
    except ValueError as exc:
        raise DeskSettingsError(f"hours.{key}: expected HH:MM, got {table[key]!r}") from exc


def _dates(table: dict[str, Any], key: str) -> frozenset[date]:
    try:
        return frozenset(date.fromisoformat(str(day)) for day in table.get(key, []))
    except ValueError as exc:
        raise DeskSettingsError(f"hours.{key}: {exc}") from exc


def _channel(sla: dict[str, Any], channel: Channel) -> ChannelSla:
    table = sla.get(channel.value)
    if not isinstance(table, dict):
        raise DeskSettingsError(f"sla.{channel.value}: missing")
    business = table.get("business_hours", True)
    if not isinstance(business, bool):
        raise DeskSettingsError(f"sla.{channel.value}.business_hours: expected true or false")
    targets = []
    for key in ("first_response_minutes", "next_response_minutes"):
        minutes = table.get(key)
        if not isinstance(minutes, int | float) or isinstance(minutes, bool) or minutes <= 0:
            raise DeskSettingsError(f"sla.{channel.value}.{key}: expected a positive number")
        targets.append(SlaTarget(timedelta(minutes=minutes), business_hours=business))
    return ChannelSla(first_response=targets[0], next_response=targets[1])
