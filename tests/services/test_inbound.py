"""An inbound customer message is stored once, reopens the conversation and is announced."""

from __future__ import annotations

from agentdesk.db.engine import Database
from agentdesk.db.models import Conversation, ConversationStatus, Message
from agentdesk.services.inbound import receive_customer_message
from tests.helpers.desk import DeskBuilder, cast, event_log


def test_a_repeated_delivery_is_stored_once_and_reopens(any_db: Database) -> None:
    with any_db.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        conversation = desk.conversation(
            team=people.team_a, assignee=people.agent_a, status=ConversationStatus.PENDING
        )
    for _ in range(2):
        with any_db.write() as session:
            stored = receive_customer_message(
                session, conversation.id, "还是转不出去", external_id="wechat-msg-1"
            )
    with any_db.read() as session:
        current = session.get_one(Conversation, conversation.id)
        assert current.status is ConversationStatus.OPEN
        assert current.last_message_at == stored.created_at
        texts = [m.text for m in session.query(Message).filter_by(conversation_id=current.id)]
    assert texts == ["还是转不出去"]
    events = event_log(any_db)
    assert [e.type for e in events] == ["message.created"]
    assert events[0].agent_id == people.agent_a.id and events[0].team_id == people.team_a.id
