"""A status change leaves a line in the timeline, announced with the change."""

from __future__ import annotations

from sqlalchemy import select

from agentdesk.db.engine import Database
from agentdesk.db.models import Message, MessageDirection
from agentdesk.services.actor import Actor
from agentdesk.services.conversations import update_conversation
from agentdesk.services.unit import perform
from tests.helpers.desk import DeskBuilder, cast, event_log


def test_resolving_writes_a_status_line(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        conversation = desk.conversation(team=people.team_a, assignee=people.agent_a)
    actor = Actor.of(people.agent_a)
    perform(any_db, update_conversation, actor, conversation.id, status="resolved")
    perform(any_db, update_conversation, actor, conversation.id, priority="high")
    with any_db.read() as session:
        lines = session.scalars(
            select(Message).where(Message.direction == MessageDirection.NOTE)
        ).all()
    assert [line.meta for line in lines] == [
        {"kind": "status", "from": "open", "to": "resolved", "by": people.agent_a.id}
    ]
    events = event_log(any_db)
    assert events[0].payload["message"]["id"] == lines[0].id
    assert "message" not in events[1].payload
