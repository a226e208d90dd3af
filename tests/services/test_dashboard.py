"""The leads' dashboard figures: exact numbers on a small desk, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    Agent,
    Channel,
    Conversation,
    ConversationStatus,
    Message,
    MessageDirection,
    Team,
)
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services.actor import Actor
from agentdesk.services.dashboard import dashboard_stats
from agentdesk.services.errors import ServiceError
from agentdesk.services.unit import query
from tests.helpers.desk import Cast, DeskBuilder, audit_log, cast

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: int, hour: int = 0, minute: int = 0, month: int = 10) -> datetime:
    """A desk-local (UTC+8) time in 2026."""
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


SINCE = local(30)  # 2026-10-29 16:00 UTC
UNTIL = local(2, month=11)  # three local days: 10-30, 10-31 and 11-01


@dataclass(frozen=True)
class Seeded:
    people: Cast
    team_a: int
    team_b: int


class Seeder:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.desk = DeskBuilder(session)

    def conversation(
        self,
        team: Team | None,
        created: datetime,
        *,
        channel: Channel = Channel.CHAT,
        status: ConversationStatus = ConversationStatus.OPEN,
        assignee: Agent | None = None,
        first_response: timedelta | None = None,
        breached: datetime | None = None,
    ) -> Conversation:
        conversation = self.desk.conversation(
            team=team, assignee=assignee, channel=channel, status=status, last_message_at=created
        )
        if first_response is not None:
            conversation.first_response_at = created + first_response
        conversation.sla_breached_at = breached
        self.session.flush()
        return conversation

    def line(self, conversation: Conversation, at: datetime, by: Agent, **meta: Any) -> None:
        self.session.add(
            Message(
                conversation_id=conversation.id,
                direction=MessageDirection.NOTE,
                text=str(meta),
                author_agent_id=by.id,
                meta={**meta, "by": by.id},
                created_at=at,
            )
        )
        self.session.flush()

    def status(
        self, conversation: Conversation, at: datetime, by: Agent, old: str, new: str
    ) -> None:
        self.line(conversation, at, by, kind="status", **{"from": old, "to": new})

    def assignment(self, conversation: Conversation, at: datetime, by: Agent, to: Agent) -> None:
        self.line(conversation, at, by, kind="assignment", **{"from": None, "to": to.id})


def seed(database: Database) -> Seeded:
    """Team A: c1..c7 and c9; team B: c8. Times are desk-local."""
    with database.write() as session:
        s = Seeder(session)
        people = cast(s.desk)
        a, b = people.team_a, people.team_b
        amy, alan, lena = people.agent_a, people.agent_a2, people.lead_a
        resolved = ConversationStatus.RESOLVED
        # c1: created exactly at the period's start; answered after 60 s, resolved after 1 h.
        c1 = s.conversation(
            a, SINCE, status=resolved, assignee=amy, first_response=timedelta(seconds=60)
        )
        s.assignment(c1, SINCE + timedelta(seconds=30), lena, amy)
        s.status(c1, SINCE + timedelta(hours=1), amy, "open", "resolved")
        # c2: 10-31 07:00 local is 10-30 in UTC; counts on the local day 10-31.
        c2 = s.conversation(
            a,
            local(31, 7),
            channel=Channel.EMAIL,
            status=resolved,
            assignee=alan,
            first_response=timedelta(seconds=120),
            breached=local(31, 8),
        )
        s.assignment(c2, local(31, 7, 1), lena, alan)
        s.status(c2, local(31, 9), alan, "pending", "resolved")
        # c3: phone, held by amy, breached.
        c3 = s.conversation(
            a,
            local(1, 12, month=11),
            channel=Channel.PHONE,
            assignee=amy,
            first_response=timedelta(seconds=300),
            breached=local(1, 13, month=11),
        )
        s.assignment(c3, local(1, 12, 1, month=11), lena, amy)
        # c4: unanswered, in the queue.
        s.conversation(a, local(1, 15, month=11))
        # c5: created before the period, pending in the queue, breached in the period.
        s.conversation(a, local(20), status=ConversationStatus.PENDING, breached=local(30, 12))
        # c6: created the day before; resolved before the period, reopened, resolved twice
        # in it: the last resolution in the period counts (a day after creation).
        c6 = s.conversation(a, local(29, 12), status=resolved, assignee=amy)
        s.assignment(c6, local(29, 12, 5), lena, amy)
        s.status(c6, local(29, 18), amy, "open", "resolved")
        s.status(c6, local(29, 20), amy, "resolved", "open")
        s.status(c6, local(30, 11), amy, "open", "resolved")
        s.status(c6, local(30, 11, 30), amy, "resolved", "open")
        s.status(c6, local(30, 12), amy, "open", "resolved")
        # c7: created exactly at the period's end (outside), resolved after it.
        c7 = s.conversation(a, UNTIL, status=resolved, assignee=amy, breached=UNTIL)
        s.assignment(c7, UNTIL, lena, amy)
        s.status(c7, UNTIL + timedelta(hours=1), amy, "open", "resolved")
        # c9: an old conversation alan has snoozed.
        s.conversation(a, local(10), status=ConversationStatus.SNOOZED, assignee=alan)
        # c8: team B, all in the period.
        c8 = s.conversation(
            b,
            local(31, 10),
            channel=Channel.EMAIL,
            status=resolved,
            assignee=people.agent_b,
            first_response=timedelta(seconds=600),
            breached=local(31, 11),
        )
        s.assignment(c8, local(31, 10, 1), people.lead_b, people.agent_b)
        s.status(c8, local(31, 14), people.agent_b, "open", "resolved")
    return Seeded(people, a.id, b.id)


def stats(database: Database, agent: Agent, **kwargs: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {"since": SINCE, "until": UNTIL, **kwargs}
    with database.read() as session:
        return dashboard_stats(session, Actor.of(agent), **fields)


def by_day(figures: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {d["date"]: (d["created"], d["resolved"], d["breached"]) for d in figures["daily"]}


def test_a_leads_figures_for_their_team(any_db: Database) -> None:
    seeded = seed(any_db)
    figures = stats(any_db, seeded.people.lead_a)
    assert figures["team_id"] == seeded.team_a
    assert figures["timezone"] == "Asia/Shanghai"
    assert (figures["queue_size"], figures["open_total"]) == (2, 3)
    assert figures["breaches"] == 3
    assert figures["created"] == 4
    assert figures["resolved"] == 3
    assert figures["first_response"] == {"count": 3, "median_seconds": 120.0, "p90_seconds": 264.0}
    # 3600, 7200 and 86400 seconds; p90 = 7200 + 0.8 * (86400 - 7200)
    assert figures["resolution"] == {
        "count": 3,
        "median_seconds": 7200.0,
        "p90_seconds": 70560.0,
    }
    assert figures["per_channel"] == [
        {"channel": "chat", "created": 2},
        {"channel": "email", "created": 1},
        {"channel": "phone", "created": 1},
        {"channel": "social", "created": 0},
        {"channel": "feedback", "created": 0},
    ]
    people = seeded.people
    assert figures["per_agent"] == [
        {"agent_id": people.agent_a2.id, "display_name": "Alan", "assigned": 1, "held": 1,
         "resolved": 1},
        {"agent_id": people.agent_a.id, "display_name": "Amy", "assigned": 2, "held": 1,
         "resolved": 2},
        {"agent_id": people.lead_a.id, "display_name": "Lena", "assigned": 0, "held": 0,
         "resolved": 0},
    ]  # fmt: skip
    assert by_day(figures) == {
        "2026-10-30": (1, 2, 1),
        "2026-10-31": (1, 1, 1),
        "2026-11-01": (2, 0, 1),
    }


def test_an_admin_sees_every_team_or_one(any_db: Database) -> None:
    seeded = seed(any_db)
    everything = stats(any_db, seeded.people.admin)
    assert everything["team_id"] is None
    assert (everything["created"], everything["resolved"], everything["breaches"]) == (5, 4, 4)
    assert everything["first_response"]["count"] == 4
    assert everything["first_response"]["median_seconds"] == 210.0  # 60, 120, 300, 600
    assert by_day(everything)["2026-10-31"] == (2, 2, 2)
    names = [row["display_name"] for row in everything["per_agent"]]
    assert names == ["Alan", "Amy", "Bob", "Lena", "Luke", "Root"]
    bob = everything["per_agent"][2]
    assert (bob["assigned"], bob["held"], bob["resolved"]) == (1, 0, 1)

    team_b = stats(any_db, seeded.people.admin, team_id=seeded.team_b)
    assert team_b["team_id"] == seeded.team_b
    assert (team_b["created"], team_b["resolved"], team_b["breaches"]) == (1, 1, 1)
    assert team_b["first_response"] == {
        "count": 1,
        "median_seconds": 600.0,
        "p90_seconds": 600.0,
    }
    assert team_b["resolution"]["median_seconds"] == 4 * 3600.0
    assert (team_b["queue_size"], team_b["open_total"]) == (0, 0)
    assert [row["display_name"] for row in team_b["per_agent"]] == ["Bob", "Luke"]


def test_an_empty_period_has_no_durations(any_db: Database) -> None:
    seeded = seed(any_db)
    figures = stats(any_db, seeded.people.lead_a, since=local(1, month=9), until=local(2, month=9))
    assert figures["created"] == figures["resolved"] == figures["breaches"] == 0
    assert figures["first_response"] == {"count": 0, "median_seconds": None, "p90_seconds": None}
    assert figures["resolution"]["count"] == 0
    assert by_day(figures) == {"2026-09-01": (0, 0, 0)}
    assert (figures["queue_size"], figures["open_total"]) == (2, 3)  # the queue is now


def test_days_follow_the_desk_time_zone(any_db: Database) -> None:
    """A period given in UTC is still cut into Shanghai days, partial days included."""
    seeded = seed(any_db)
    since = datetime(2026, 10, 30, 0, 0, tzinfo=ZoneInfo("UTC"))  # 10-30 08:00 local
    until = datetime(2026, 10, 31, 0, 0, tzinfo=ZoneInfo("UTC"))  # 10-31 08:00 local
    figures = stats(any_db, seeded.people.lead_a, since=since, until=until)
    # c2 (10-30 23:00 UTC) lands on the local day 10-31; c1 (10-29 16:00 UTC) is outside.
    assert by_day(figures) == {"2026-10-30": (0, 1, 1), "2026-10-31": (1, 0, 0)}


def test_an_agent_is_forbidden_and_it_is_audited(any_db: Database) -> None:
    seeded = seed(any_db)
    with pytest.raises(ServiceError) as refused:
        query(any_db, dashboard_stats, Actor.of(seeded.people.agent_a), SINCE, UNTIL)
    assert refused.value.code == ErrorCode.FORBIDDEN
    denied = [e for e in audit_log(any_db) if e.action == "denied.dashboard.stats"]
    assert [e.actor_agent_id for e in denied] == [seeded.people.agent_a.id]


def test_a_lead_cannot_see_another_team(any_db: Database) -> None:
    seeded = seed(any_db)
    with pytest.raises(ServiceError) as refused:
        query(
            any_db,
            dashboard_stats,
            Actor.of(seeded.people.lead_a),
            SINCE,
            UNTIL,
            team_id=seeded.team_b,
        )
    assert refused.value.code == ErrorCode.FORBIDDEN
    denied = [e for e in audit_log(any_db) if e.action == "denied.dashboard.stats"]
    assert [(e.target_type, e.target_id) for e in denied] == [("team", str(seeded.team_b))]
    own = stats(any_db, seeded.people.lead_a, team_id=seeded.team_a)
    assert own["created"] == 4


def test_an_admin_asking_for_no_such_team(any_db: Database) -> None:
    seeded = seed(any_db)
    with pytest.raises(ServiceError) as refused:
        stats(any_db, seeded.people.admin, team_id=9999)
    assert refused.value.code == ErrorCode.NOT_FOUND


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        (UNTIL, SINCE, "end after it starts"),
        (SINCE, SINCE, "end after it starts"),
        (SINCE, SINCE + timedelta(days=366, seconds=1), "at most 366 days"),
    ],
    ids=["reversed", "empty", "too-long"],
)
def test_a_bad_period_is_an_invalid_request(
    sqlite_db: Database, since: datetime, until: datetime, message: str
) -> None:
    seeded = seed(sqlite_db)
    with pytest.raises(ServiceError, match=message) as refused:
        stats(sqlite_db, seeded.people.lead_a, since=since, until=until)
    assert refused.value.code == ErrorCode.INVALID_REQUEST


def test_a_whole_year_and_a_day_is_allowed(sqlite_db: Database) -> None:
    seeded = seed(sqlite_db)
    figures = stats(sqlite_db, seeded.people.lead_a, since=SINCE, until=SINCE + timedelta(days=366))
    assert len(figures["daily"]) == 366
    assert figures["created"] == 5  # c7, at the old period's end, is inside this one
