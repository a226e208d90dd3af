"""A lead's overview of their team, team settings, and moving several conversations at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from agentdesk.db.engine import Database
from agentdesk.db.models import Agent, AuditEntry, Conversation, ConversationStatus, Team
from agentdesk.db.types import utcnow
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services import conversations, leads, presence
from agentdesk.services.actor import Actor
from agentdesk.services.errors import ServiceError
from agentdesk.services.unit import perform, query
from tests.helpers.desk import NOW, Cast, DeskBuilder, audit_log, cast, event_log


@dataclass
class Desk:
    db: Database
    cast: Cast
    ids: dict[str, int]

    def row(self, name: str) -> Conversation:
        with self.db.read() as session:
            return session.get_one(Conversation, self.ids[name])


@pytest.fixture
def desk(any_db: Database) -> Desk:
    now = utcnow()
    with any_db.write() as session:
        build = DeskBuilder(session)
        c = cast(build)
        amy, a = c.agent_a, c.team_a
        rows = {
            "amy_old": build.conversation(team=a, assignee=amy),
            "amy_risky": build.conversation(
                team=a, assignee=amy, sla_due_at=now + timedelta(minutes=10)
            ),
            "amy_late": build.conversation(
                team=a,
                assignee=amy,
                status=ConversationStatus.PENDING,
                sla_due_at=now - timedelta(minutes=5),
            ),
            "amy_calm": build.conversation(
                team=a, assignee=amy, sla_due_at=now + timedelta(hours=2)
            ),
            "amy_snoozed": build.conversation(
                team=a, assignee=amy, status=ConversationStatus.SNOOZED, sla_due_at=now
            ),
            "alan": build.conversation(team=a, assignee=c.agent_a2),
            "queue_new": build.conversation(team=a),
            "queue_old": build.conversation(team=a),
            "queue_done": build.conversation(team=a, status=ConversationStatus.RESOLVED),
            "team_b": build.conversation(team=c.team_b, assignee=c.agent_b),
            "team_b_queue": build.conversation(team=c.team_b),
        }
        rows["amy_old"].waiting_since = now - timedelta(hours=3)
        rows["amy_risky"].waiting_since = now - timedelta(hours=1)
        rows["queue_old"].waiting_since = NOW - timedelta(days=5)  # before queue_new's message
        c.agent_a.capacity = 6
        ids = {name: row.id for name, row in rows.items()}
    return Desk(any_db, c, ids)


def actor(agent: Agent) -> Actor:
    return Actor.of(agent)


def refused(work: Any, db: Database, *args: Any, **kwargs: Any) -> ServiceError:
    with pytest.raises(ServiceError) as refusal:
        perform(db, work, *args, **kwargs)
    return refusal.value


def test_the_overview_shows_presence_load_risk_and_the_queue(desk: Desk) -> None:
    c = desk.cast
    perform(desk.db, presence.connect, c.agent_a.id, "server")
    row = perform(desk.db, presence.connect, c.agent_a2.id, "server").row_id
    perform(desk.db, presence.set_status, c.agent_a2.id, "server", row, "away")
    seen = query(desk.db, leads.overview, actor(c.lead_a))
    assert seen["team"] == {
        "id": c.team_a.id,
        "name": "A",
        "assignment_mode": "off",
        "return_chats_when_offline": False,
    }
    people = {person["id"]: person for person in seen["agents"]}
    assert set(people) == {c.agent_a.id, c.agent_a2.id, c.lead_a.id}
    amy = people[c.agent_a.id]
    old = desk.row("amy_old").waiting_since
    assert old is not None
    assert amy == {
        "id": c.agent_a.id,
        "display_name": "Amy",
        "role": "agent",
        "presence": "online",
        "open": 4,  # open and pending; not the snoozed one
        "capacity": 6,
        "oldest_waiting_at": old.isoformat(),
        "at_risk": 2,  # due in 10 minutes, and overdue
    }
    alan, lena = people[c.agent_a2.id], people[c.lead_a.id]
    assert (alan["presence"], alan["open"], alan["at_risk"]) == ("away", 1, 0)
    assert alan["oldest_waiting_at"] is None
    assert (lena["role"], lena["presence"], lena["open"]) == ("lead", "offline", 0)
    queue = seen["queue"]
    assert queue["count"] == 2
    assert [item["id"] for item in queue["items"]] == [desk.ids["queue_old"], desk.ids["queue_new"]]
    queue_old = desk.row("queue_old").waiting_since
    assert queue_old is not None and queue["oldest_waiting_at"] == queue_old.isoformat()
    assert queue["items"][0]["version"] == desk.row("queue_old").version


def test_the_queue_lists_the_first_100_of_many(desk: Desk) -> None:
    with desk.db.write() as session:
        build = DeskBuilder(session)
        team = session.get_one(Team, desk.cast.team_a.id)
        customer = build.customer()
        for _ in range(120):
            build.conversation(team=team, customer=customer)
    queue = query(desk.db, leads.overview, actor(desk.cast.admin), desk.cast.team_a.id)["queue"]
    assert queue["count"] == 122 and len(queue["items"]) == 100
    assert queue["items"][0]["id"] == desk.ids["queue_old"]


def test_only_the_team_lead_and_admins_see_the_overview(desk: Desk) -> None:
    c = desk.cast
    admin = query(desk.db, leads.overview, actor(c.admin), c.team_b.id)
    assert admin["team"]["id"] == c.team_b.id
    assert [i["id"] for i in admin["queue"]["items"]] == [desk.ids["team_b_queue"]]
    for who, team in ((c.agent_a, None), (c.agent_a, c.team_a.id), (c.lead_b, c.team_a.id)):
        with pytest.raises(ServiceError) as refusal:
            query(desk.db, leads.overview, actor(who), team)
        assert refusal.value.code is ErrorCode.FORBIDDEN
    denied = [e for e in audit_log(desk.db) if e.action == "denied.lead.overview"]
    assert [(e.actor_agent_id, e.target_type) for e in denied] == [
        (c.agent_a.id, "team"),
        (c.agent_a.id, "team"),
        (c.lead_b.id, "team"),
    ]
    with pytest.raises(ServiceError) as missing:
        query(desk.db, leads.overview, actor(c.admin), None)  # the admin is in no team
    assert missing.value.code is ErrorCode.INVALID_REQUEST


def test_a_lead_changes_the_team_settings_audited_and_announced(desk: Desk) -> None:
    c = desk.cast
    team = perform(
        desk.db,
        leads.update_team,
        actor(c.lead_a),
        c.team_a.id,
        assignment_mode="balanced",
        return_chats_when_offline=True,
    )
    assert (team["assignment_mode"], team["return_chats_when_offline"]) == ("balanced", True)
    [entry] = [e for e in audit_log(desk.db) if e.action == "team.update"]
    assert entry.actor_agent_id == c.lead_a.id and entry.detail == {
        "assignment_mode": ["off", "balanced"],
        "return_chats_when_offline": [False, True],
    }
    [event] = event_log(desk.db)
    assert (event.type, event.team_id, event.payload) == (
        "team.updated",
        c.team_a.id,
        {"team": team},
    )
    same = perform(
        desk.db, leads.update_team, actor(c.admin), c.team_a.id, assignment_mode="balanced"
    )
    assert same == team and len(event_log(desk.db)) == 1  # nothing changed, nothing said
    for who in (c.lead_b, c.agent_a):
        refusal = refused(
            leads.update_team, desk.db, actor(who), c.team_a.id, assignment_mode="off"
        )
        assert refusal.code is ErrorCode.FORBIDDEN
    with desk.db.read() as session:
        assert session.get_one(Team, c.team_a.id).assignment_mode == "balanced"
    bad = refused(leads.update_team, desk.db, actor(c.admin), c.team_a.id, assignment_mode="x")
    assert bad.code is ErrorCode.INVALID_REQUEST


def test_assign_many_moves_each_on_its_own_and_reports_the_rest(desk: Desk) -> None:
    c, ids = desk.cast, desk.ids
    perform(desk.db, conversations.assign, actor(c.lead_a), ids["queue_new"], c.agent_a.id)
    before = len(event_log(desk.db))
    answer = perform(
        desk.db,
        leads.assign_many,
        actor(c.lead_a),
        [ids["queue_old"], ids["queue_new"], ids["team_b"], ids["amy_old"]],
        c.agent_a2.id,
        versions={str(ids["queue_new"]): 1, str(ids["amy_old"]): desk.row("amy_old").version},
        reason="Amy is at lunch",
    )
    assert [s["id"] for s in answer["assigned"]] == [ids["queue_old"], ids["amy_old"]]
    assert {s["assignee_id"] for s in answer["assigned"]} == {c.agent_a2.id}
    [conflict] = answer["conflicts"]
    assert {k: conflict[k] for k in ("conversation_id", "assignee_id", "version")} == {
        "conversation_id": ids["queue_new"],
        "assignee_id": c.agent_a.id,  # who has it now
        "version": 2,
    }
    assert answer["refused"] == [
        {
            "conversation_id": ids["team_b"],
            "code": "forbidden",
            "message": "a lead assigns only their own team's work",
        }
    ]
    assert desk.row("queue_new").assignee_id == c.agent_a.id  # not overwritten
    assert desk.row("team_b").assignee_id == c.agent_b.id
    events = event_log(desk.db)[before:]
    assert [(e.conversation_id, e.payload["from"], e.payload["to"]) for e in events] == [
        (ids["queue_old"], None, c.agent_a2.id),
        (ids["amy_old"], c.agent_a.id, c.agent_a2.id),
    ]
    assert {e.payload["message"]["meta"]["reason"] for e in events} == {"Amy is at lunch"}
    denied = [e for e in audit_log(desk.db) if e.action == "denied.conversation.assign"]
    assert [(e.actor_agent_id, e.target_id) for e in denied] == [(c.lead_a.id, str(ids["team_b"]))]


def test_an_agent_cannot_reassign_another_agents_conversation(desk: Desk) -> None:
    c, ids = desk.cast, desk.ids
    single = refused(
        conversations.assign, desk.db, actor(c.agent_a2), ids["amy_old"], c.agent_a2.id
    )
    assert single.code is ErrorCode.FORBIDDEN
    answer = perform(
        desk.db,
        leads.assign_many,
        actor(c.agent_a2),
        [ids["amy_old"], ids["queue_old"]],
        c.agent_a2.id,
    )
    assert [r["conversation_id"] for r in answer["refused"]] == [ids["amy_old"]]
    assert answer["refused"][0]["code"] == "forbidden"
    assert [s["id"] for s in answer["assigned"]] == [ids["queue_old"]]  # taking one is fine
    assert desk.row("amy_old").assignee_id == c.agent_a.id


def test_a_lead_cannot_touch_another_teams_conversations(desk: Desk) -> None:
    c, ids = desk.cast, desk.ids
    for target in (c.agent_b.id, c.agent_a.id, None):
        single = refused(conversations.assign, desk.db, actor(c.lead_a), ids["team_b"], target)
        assert single.code is ErrorCode.FORBIDDEN
    answer = perform(
        desk.db,
        leads.assign_many,
        actor(c.lead_b),
        [ids["amy_old"], ids["queue_old"]],
        c.agent_b.id,
    )
    assert answer["assigned"] == [] and answer["conflicts"] == []
    assert [r["code"] for r in answer["refused"]] == ["forbidden", "forbidden"]
    giving = perform(desk.db, leads.assign_many, actor(c.lead_a), [ids["queue_old"]], c.agent_b.id)
    assert giving["refused"][0]["message"] == "a lead assigns only to their own team"
    assert desk.row("amy_old").assignee_id == c.agent_a.id
    assert desk.row("queue_old").assignee_id is None
    assert desk.row("team_b").assignee_id == c.agent_b.id
    with desk.db.read() as session:
        denied = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "denied.conversation.assign")
        ).all()
    assert len(denied) == 6
