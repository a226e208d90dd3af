"""Snoozes end by themselves, and the event log keeps only its retention window."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from agentdesk.db.engine import Database
from agentdesk.db.models import Conversation, ConversationStatus, Event
from agentdesk.services import events
from agentdesk.services.housekeeping import prune_old_events, wake_snoozed
from tests.helpers.desk import NOW, DeskBuilder, cast, event_log


def test_due_snoozes_reopen_with_an_event(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        due = desk.conversation(
            team=people.team_a,
            status=ConversationStatus.SNOOZED,
            snoozed_until=NOW - timedelta(minutes=1),
        )
        later = desk.conversation(
            team=people.team_a,
            status=ConversationStatus.SNOOZED,
            snoozed_until=NOW + timedelta(hours=1),
        )
    with any_db.write() as session:
        assert wake_snoozed(session, NOW) == 1
    with any_db.read() as session:
        assert session.get_one(Conversation, due.id).status is ConversationStatus.OPEN
        assert session.get_one(Conversation, later.id).status is ConversationStatus.SNOOZED
    assert [(e.type, e.conversation_id) for e in event_log(any_db)] == [
        ("conversation.updated", due.id)
    ]


def test_old_events_are_pruned_but_the_newest_stays(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        for index in range(3):
            events.record_event(session, "test", team_id=None, payload={"n": index})
    later = NOW + events.RETENTION + timedelta(days=3650)
    with sqlite_db.write() as session:
        assert prune_old_events(session, later) == 2
    with sqlite_db.read() as session:
        kept = session.scalars(select(Event.seq)).all()
        assert len(kept) == 1
        assert events.can_resume_from(session, kept[0])
        assert not events.can_resume_from(session, kept[0] - 2)
