"""Opening a conversation is announced to colleagues who may see it, and stores nothing."""

from __future__ import annotations

import pytest

from agentdesk.db.engine import Database
from agentdesk.services import conversations
from agentdesk.services.errors import NotFound
from tests.helpers.desk import DeskBuilder, audit_log, cast, event_log


def test_viewing_is_an_event_for_the_team_only(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        conversation = desk.conversation(team=people.team_a, assignee=people.agent_a)
    with any_db.write() as session:
        conversations.viewing(session, DeskBuilder.actor(people.agent_a2), conversation.id, True)
    [event] = event_log(any_db)
    assert event.type == "conversation.viewing" and event.team_id == people.team_a.id
    assert event.payload == {"agent_id": people.agent_a2.id, "name": "Alan", "viewing": True}
    with any_db.write() as session, pytest.raises(NotFound):
        conversations.viewing(session, DeskBuilder.actor(people.agent_b), conversation.id, True)
    assert len(event_log(any_db)) == 1
    assert audit_log(any_db) == []  # nothing changed, so nothing to audit
