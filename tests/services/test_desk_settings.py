"""The operator's hours-and-SLA file: the shipped one, overrides, and mistakes named."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agentdesk.db.models import Channel, ConversationStatus
from agentdesk.services.desk_settings import (
    DeskSettingsError,
    load_desk_settings,
    parse_desk_settings,
)
from agentdesk.services.sla import DEFAULT_CALENDAR, DEFAULT_POLICY, next_due

SH = ZoneInfo("Asia/Shanghai")


def test_the_shipped_file_says_what_the_built_in_defaults_say() -> None:
    settings = load_desk_settings()
    assert settings.policy == DEFAULT_POLICY
    assert settings.calendar == DEFAULT_CALENDAR


def _document(**overrides: object) -> dict[str, object]:
    sla = {c.value: {"first_response_minutes": 60, "next_response_minutes": 30} for c in Channel}
    document: dict[str, object] = {
        "hours": {"timezone": "Asia/Shanghai", "opens": "09:00", "closes": "18:00"},
        "sla": sla,
    }
    document.update(overrides)
    return document


def test_a_company_closure_and_a_social_target_change_the_due_time() -> None:
    document = _document()
    document["hours"]["extra_closed"] = ["2026-11-25"]  # type: ignore[index]
    document["sla"]["social"] = {  # type: ignore[index]
        "first_response_minutes": 30,
        "next_response_minutes": 15,
    }
    settings = parse_desk_settings(document)
    assert date(2026, 11, 25) in settings.calendar.extra_closed
    due = next_due(
        Channel.SOCIAL,
        opened_at=datetime(2026, 11, 24, 17, 50, tzinfo=SH),
        waiting_since=datetime(2026, 11, 24, 17, 50, tzinfo=SH),
        status=ConversationStatus.OPEN,
        first_response_at=None,
        calendar=settings.calendar,
        policy=settings.policy,
    )
    # 10 minutes on Tuesday (closes 18:00), Wednesday closed, 20 minutes on Thursday.
    assert due == datetime(2026, 11, 26, 9, 20, tzinfo=SH)
    assert settings.policy.social.next_response.duration == timedelta(minutes=15)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"hours": {"opens": "8am", "closes": "20:00"}}, "hours.opens"),
        ({"hours": {"opens": "20:00", "closes": "08:00"}}, "hours"),
        ({"hours": {"opens": "08:00", "closes": "20:00", "weekdays": ["funday"]}}, "funday"),
        ({"hours": {"opens": "08:00", "closes": "20:00", "timezone": "Mars/Base"}}, "hours"),
        ({"hours": {"opens": "08:00", "closes": "20:00", "extra_open": ["2026-13-01"]}}, "extra"),
        ({"sla": {}}, "sla.chat: missing"),
    ],
)
def test_a_mistake_is_named(change: dict[str, object], named: str) -> None:
    with pytest.raises(DeskSettingsError, match=named):
        parse_desk_settings(_document(**change))


def test_a_negative_target_is_refused() -> None:
    document = _document()
    document["sla"]["chat"]["first_response_minutes"] = -5  # type: ignore[index]
    with pytest.raises(DeskSettingsError, match=r"sla\.chat\.first_response_minutes"):
        parse_desk_settings(document)


def test_an_unreadable_file_names_itself(tmp_path: Path) -> None:
    broken = tmp_path / "hours.toml"
    broken.write_text("[hours\n", encoding="utf-8")
    with pytest.raises(DeskSettingsError, match=r"hours\.toml: not valid TOML"):
        load_desk_settings(broken)
    with pytest.raises(DeskSettingsError, match="cannot read"):
        load_desk_settings(tmp_path / "absent.toml")
