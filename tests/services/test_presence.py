"""Presence: one row per desktop connection, derived online/away/offline, stale rows swept,
every change announced, and chats handed back when an agent goes offline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from agentdesk.db.engine import Database
from agentdesk.db.models import (
    AgentPresence,
    AuditEntry,
    Channel,
    Conversation,
    ConversationStatus,
    Message,
    Team,
)
from agentdesk.db.types import utcnow
from agentdesk.services import assignment, presence
from agentdesk.services.unit import perform, query
from tests.helpers.desk import Cast, DeskBuilder, cast, event_log

SERVER, OTHER = "server-one", "server-two"


@dataclass
class Desk:
    db: Database
    cast: Cast
    chats: list[int]  # amy's open and pending chats
    kept: list[int]  # amy's email and resolved chat: never handed back


@pytest.fixture
def desk(any_db: Database) -> Desk:
    with any_db.write() as session:
        build = DeskBuilder(session)
        c = cast(build)
        chats = [
            build.conversation(team=c.team_a, assignee=c.agent_a).id,
            build.conversation(
                team=c.team_a, assignee=c.agent_a, status=ConversationStatus.PENDING
            ).id,
        ]
        kept = [
            build.conversation(team=c.team_a, assignee=c.agent_a, channel=Channel.EMAIL).id,
            build.conversation(
                team=c.team_a, assignee=c.agent_a, status=ConversationStatus.RESOLVED
            ).id,
        ]
    return Desk(any_db, c, chats, kept)


def presence_now(desk: Desk, agent_id: int) -> str:
    return query(desk.db, presence.presence_of, [agent_id])[agent_id]


def announced(desk: Desk) -> list[tuple[int, str, int | None]]:
    return [
        (e.payload["agent_id"], e.payload["presence"], e.payload["team_id"])
        for e in event_log(desk.db)
        if e.type == "presence.changed"
    ]


def rows(desk: Desk) -> list[AgentPresence]:
    with desk.db.read() as session:
        return list(session.scalars(select(AgentPresence).order_by(AgentPresence.id)))


def set_return_chats(desk: Desk, on: bool = True, mode: str = "off") -> None:
    with desk.db.write() as session:
        session.execute(
            update(Team)
            .where(Team.id == desk.cast.team_a.id)
            .values(return_chats_when_offline=on, assignment_mode=mode)
        )


def assignees(desk: Desk, ids: list[int]) -> list[int | None]:
    with desk.db.read() as session:
        return [session.get_one(Conversation, i).assignee_id for i in ids]


def test_online_while_any_connection_is_away_when_all_are_offline_without(desk: Desk) -> None:
    amy, team = desk.cast.agent_a.id, desk.cast.team_a.id
    assert presence_now(desk, amy) == "offline"
    first = perform(desk.db, presence.connect, amy, SERVER)
    assert (first.before, first.after, first.changed) == ("offline", "online", True)
    second = perform(desk.db, presence.connect, amy, OTHER)
    assert not second.changed and second.row_id != first.row_id
    perform(desk.db, presence.set_status, amy, OTHER, second.row_id, "away")
    assert presence_now(desk, amy) == "online"  # the first desktop is still online
    away = perform(desk.db, presence.set_status, amy, SERVER, first.row_id, "away")
    assert away.after == "away" and presence_now(desk, amy) == "away"
    assert not perform(desk.db, presence.disconnect, first.row_id).changed
    assert presence_now(desk, amy) == "away"
    gone = perform(desk.db, presence.disconnect, second.row_id)
    assert (gone.before, gone.after) == ("away", "offline")
    assert rows(desk) == []
    assert announced(desk) == [(amy, "online", team), (amy, "away", team), (amy, "offline", team)]
    changed = [e for e in event_log(desk.db) if e.type == "presence.changed"]
    assert {(e.team_id, e.agent_id) for e in changed} == {(team, amy)}  # the team sees them


def test_set_status_brings_back_a_row_a_sweep_took(desk: Desk) -> None:
    amy = desk.cast.agent_a.id
    row = perform(desk.db, presence.connect, amy, SERVER).row_id
    with desk.db.write() as session:
        session.execute(update(AgentPresence).values(seen_at=utcnow() - timedelta(minutes=5)))
    assert [c.after for c in perform(desk.db, presence.sweep)] == ["offline"]
    again = perform(desk.db, presence.set_status, amy, SERVER, row, "online")
    assert again.after == "online"
    assert [(r.id, r.agent_id, r.server_id, r.status) for r in rows(desk)] == [
        (again.row_id, amy, SERVER, "online")
    ]


def test_stale_rows_do_not_count_and_are_swept_once(desk: Desk) -> None:
    amy, alan, team = desk.cast.agent_a.id, desk.cast.agent_a2.id, desk.cast.team_a.id
    start = utcnow() - timedelta(seconds=90)
    perform(desk.db, presence.connect, amy, OTHER, now=start)  # a process that died
    perform(desk.db, presence.connect, alan, OTHER, now=start)
    perform(desk.db, presence.connect, alan, SERVER)  # alan is also on a live process
    perform(desk.db, presence.connect, alan, OTHER, "away")  # and the other one is alive
    now = utcnow()
    assert presence_now(desk, amy) == "offline"  # no fresh row: offline before any sweep
    assert presence_now(desk, alan) == "online"
    swept = perform(desk.db, presence.sweep, now=now)
    assert [(c.agent_id, c.before, c.after) for c in swept] == [(amy, "online", "offline")]
    assert sorted((r.agent_id, r.status) for r in rows(desk)) == [
        (alan, "away"),
        (alan, "online"),
    ]
    assert perform(desk.db, presence.sweep, now=now) == []  # nothing left to sweep
    assert announced(desk)[-1] == (amy, "offline", team)
    assert [a for a in announced(desk) if a[1] == "offline"] == [(amy, "offline", team)]


def test_a_heartbeat_keeps_a_process_rows_fresh(desk: Desk) -> None:
    amy = desk.cast.agent_a.id
    start = utcnow() - timedelta(seconds=100)
    perform(desk.db, presence.connect, amy, SERVER, now=start)
    perform(desk.db, presence.connect, desk.cast.agent_a2.id, OTHER, now=start)
    assert perform(desk.db, presence.heartbeat, SERVER, now=start + timedelta(seconds=50)) == 1
    swept = perform(desk.db, presence.sweep, now=start + timedelta(seconds=70))
    assert [c.agent_id for c in swept] == [desk.cast.agent_a2.id]  # only the other process's
    assert [r.server_id for r in rows(desk)] == [SERVER]


def test_going_offline_hands_open_chats_back_to_the_queue(desk: Desk) -> None:
    amy, team = desk.cast.agent_a.id, desk.cast.team_a.id
    set_return_chats(desk)
    row = perform(desk.db, presence.connect, amy, SERVER).row_id
    perform(desk.db, presence.set_status, amy, SERVER, row, "away")
    assert assignees(desk, desk.chats) == [amy, amy]  # away keeps them
    gone = perform(desk.db, presence.disconnect, row)
    assert gone.returned == desk.chats
    assert assignees(desk, desk.chats) == [None, None]
    assert assignees(desk, desk.kept) == [amy, amy]  # an email, a resolved chat: kept
    with desk.db.read() as session:
        for chat in desk.chats:
            note = session.scalars(
                select(Message).where(Message.conversation_id == chat).order_by(Message.id)
            ).all()[-1]
            assert note.text == "returned to the queue: agent went offline"
            assert note.author_agent_id is None
            assert note.meta == {
                "kind": "assignment",
                "from": amy,
                "to": None,
                "by": None,
                "reason": "agent went offline",
            }
            assert session.get_one(Conversation, chat).version == 2
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "conversation.assign")
        ).all()
    assert sorted(int(e.target_id) for e in entries) == desk.chats
    assert {e.actor_agent_id for e in entries} == {None}
    events = event_log(desk.db)
    assert [e.type for e in events][-3:] == [
        "presence.changed",
        "conversation.assigned",
        "conversation.assigned",
    ]
    moved = [e for e in events if e.type == "conversation.assigned"]
    assert [(e.conversation_id, e.payload["from"], e.payload["to"]) for e in moved] == [
        (chat, amy, None) for chat in desk.chats
    ]
    assert {e.team_id for e in moved} == {team}


def test_without_the_team_setting_chats_stay(desk: Desk) -> None:
    amy = desk.cast.agent_a.id
    row = perform(desk.db, presence.connect, amy, SERVER).row_id
    assert perform(desk.db, presence.disconnect, row).returned == []
    assert assignees(desk, desk.chats) == [amy, amy]
    assert not [e for e in event_log(desk.db) if e.type == "conversation.assigned"]


def test_a_crashed_process_returns_chats_and_auto_assignment_gives_them_out(desk: Desk) -> None:
    amy, alan = desk.cast.agent_a.id, desk.cast.agent_a2.id
    set_return_chats(desk, mode="round_robin")
    perform(desk.db, presence.connect, amy, OTHER, now=utcnow() - timedelta(minutes=2))
    perform(desk.db, presence.connect, alan, SERVER)
    [change] = perform(desk.db, presence.sweep)
    assert (change.agent_id, change.after, change.returned) == (amy, "offline", desk.chats)
    assert assignees(desk, desk.chats) == [None, None]
    given = perform(desk.db, assignment.assign_round)
    assert sorted(s.id for s in given) == desk.chats
    assert assignees(desk, desk.chats) == [alan, alan]
