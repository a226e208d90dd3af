"""Replies, notes, updates, snoozes and assignments: idempotent, versioned, audited, announced."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.db.engine import Database
from agentdesk.db.models import Agent, Channel, Conversation, Message, MessageDirection
from agentdesk.db.models import ConversationStatus as S
from agentdesk.db.types import utcnow
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services import conversations
from agentdesk.services.actor import Actor
from agentdesk.services.errors import Conflict, ServiceError
from agentdesk.services.unit import perform, query
from tests.helpers.desk import Cast, DeskBuilder, audit_log, cast, event_log


@dataclass
class Desk:
    db: Database
    cast: Cast
    ids: dict[str, int]

    def do(self, work: Any, agent: Agent, name: str, *args: Any, **kwargs: Any) -> Any:
        return perform(self.db, work, Actor.of(agent), self.ids[name], *args, **kwargs)

    def row(self, name: str) -> Conversation:
        with self.db.read() as session:
            conversation = session.get_one(Conversation, self.ids[name])
            conversation.tags  # noqa: B018 - load before the session closes
            return conversation

    def messages(self, name: str) -> list[Message]:
        with self.db.read() as session:
            query = select(Message).where(Message.conversation_id == self.ids[name])
            return list(session.scalars(query.order_by(Message.id)))


@pytest.fixture
def desk(any_db: Database) -> Desk:
    with any_db.write() as session:
        build = DeskBuilder(session)
        c = cast(build)
        held = build.conversation(team=c.team_a, assignee=c.agent_a, channel=Channel.EMAIL)
        build.message(held, "my transfer failed")
        build.call(held, agent=c.agent_a)
        rows = {
            "held": held,
            "queue": build.conversation(team=c.team_a),
            "shared": build.conversation(),
            "other": build.conversation(team=c.team_a, assignee=c.agent_a2),
        }
    return Desk(any_db, c, {name: row.id for name, row in rows.items()})


def test_get_gives_the_latest_messages_oldest_first_and_masked_calls(any_db: Database) -> None:
    with any_db.write() as session:
        build = DeskBuilder(session)
        c = cast(build)
        conversation = build.conversation(team=c.team_a)
        for n in range(5):
            build.message(conversation, f"m{n}")
        build.call(conversation, from_number="+8613800138000", agent=c.agent_a)
    detail = query(any_db, conversations.get_conversation, Actor.of(c.agent_a), conversation.id, 3)
    assert [m.text for m in detail.messages] == ["m2", "m3", "m4"]
    assert detail.conversation.snippet == "m4"
    [call] = detail.calls
    assert "13800138000" not in call.from_number
    assert call.from_number.endswith("8000")
    assert call.agent_name == "Amy"


def test_a_reply_is_stored_announced_and_audited(desk: Desk) -> None:
    sent = desk.do(conversations.send_reply, desk.cast.agent_a, "held", "reply-0001", "On it", None)
    assert (sent.direction, sent.text, sent.author_name) == ("out", "On it", "Amy")
    row = desk.row("held")
    assert row.status is S.PENDING
    assert row.last_message_at == sent.created_at
    assert row.version == 2
    [created] = event_log(desk.db)
    assert (created.type, created.conversation_id) == ("message.created", desk.ids["held"])
    assert (created.team_id, created.agent_id) == (desk.cast.team_a.id, desk.cast.agent_a.id)
    assert created.payload["message"] == sent.model_dump(mode="json")
    assert created.payload["conversation"]["snippet"] == "On it"
    assert created.payload["conversation"]["version"] == 2
    assert [e.action for e in audit_log(desk.db)] == ["conversation.reply"]


def test_sending_the_same_client_id_twice_stores_one_reply(desk: Desk) -> None:
    first = desk.do(conversations.send_reply, desk.cast.agent_a, "held", "reply-0002", "Hi", None)
    again = desk.do(conversations.send_reply, desk.cast.agent_a, "held", "reply-0002", "Hi", None)
    assert again == first
    assert [m.text for m in desk.messages("held")] == ["my transfer failed", "Hi"]
    assert len(event_log(desk.db)) == 1
    assert len(audit_log(desk.db)) == 1
    assert desk.row("held").version == 2


def test_a_client_id_used_elsewhere_is_a_conflict(desk: Desk) -> None:
    desk.do(conversations.send_reply, desk.cast.agent_a, "held", "reply-0003", "Hi", None)
    with pytest.raises(Conflict) as refused:
        desk.do(conversations.send_reply, desk.cast.agent_a, "queue", "reply-0003", "Hi", None)
    assert refused.value.detail == {"client_message_id": "reply-0003"}
    with pytest.raises(Conflict):
        desk.do(conversations.add_note, desk.cast.agent_a, "held", "reply-0003", "Hi")


def test_a_concurrent_duplicate_falls_back_to_the_stored_reply(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other send committed between our look-up and our insert: the unique
    constraint fires inside a savepoint and the stored reply is returned."""
    first = desk.do(conversations.send_reply, desk.cast.agent_a, "held", "reply-0004", "Hi", None)
    real = conversations._sent_before
    calls: list[str] = []

    def miss_once(session: Session, *args: Any) -> Message | None:
        calls.append("lookup")
        return None if len(calls) == 1 else real(session, *args)

    monkeypatch.setattr(conversations, "_sent_before", miss_once)
    again = desk.do(conversations.send_reply, desk.cast.agent_a, "held", "reply-0004", "Hi", None)
    assert again == first
    assert calls == ["lookup", "lookup"]
    assert len(desk.messages("held")) == 2
    assert len(event_log(desk.db)) == 1


def test_email_html_is_sanitized(desk: Desk) -> None:
    html = '<p onclick="steal()">Hi<script>alert(1)</script> <a href="file:///etc/passwd">x</a></p>'
    sent = desk.do(conversations.send_reply, desk.cast.agent_a, "held", "reply-0005", "Hi", html)
    assert sent.html is not None
    for unsafe in ("script", "onclick", "file:"):
        assert unsafe not in sent.html
    assert desk.messages("held")[-1].html == sent.html


def test_a_reply_on_an_unassigned_conversation_assigns_the_replier(desk: Desk) -> None:
    desk.do(conversations.send_reply, desk.cast.agent_a, "shared", "reply-0006", "Hello", None)
    row = desk.row("shared")
    assert (row.assignee_id, row.team_id) == (desk.cast.agent_a.id, desk.cast.team_a.id)
    reply, entry = desk.messages("shared")[-2:]
    assert (reply.direction, reply.text) == (MessageDirection.OUT, "Hello")
    me = desk.cast.agent_a.id
    assert entry.meta == {"kind": "assignment", "from": None, "to": me, "by": me, "reason": "reply"}


def test_a_note_changes_nothing_but_the_timeline(desk: Desk) -> None:
    before = desk.row("queue")
    note = desk.do(conversations.add_note, desk.cast.agent_a, "queue", "note-00001", "call back")
    again = desk.do(conversations.add_note, desk.cast.agent_a, "queue", "note-00001", "call back")
    assert note == again
    assert note.direction == "note"
    after = desk.row("queue")
    assert (after.status, after.assignee_id, after.last_message_at) == (
        before.status,
        None,
        before.last_message_at,
    )
    assert [e.type for e in event_log(desk.db)] == ["message.created"]


def test_update_changes_status_priority_and_tags_with_a_new_version(desk: Desk) -> None:
    summary = desk.do(
        conversations.update_conversation,
        desk.cast.agent_a,
        "held",
        version=1,
        status="resolved",
        priority="urgent",
        add_tags=["refund", "vip"],
    )
    assert (summary.status, summary.priority, summary.tags) == (
        "resolved",
        "urgent",
        ["refund", "vip"],
    )
    assert summary.version == 2
    tags_only = desk.do(
        conversations.update_conversation, desk.cast.agent_a, "held", version=2, remove_tags=["vip"]
    )
    assert (tags_only.tags, tags_only.version) == (["refund"], 3)
    assert desk.row("held").version == 3
    events = event_log(desk.db)
    assert [e.type for e in events] == ["conversation.updated"] * 2
    assert events[-1].payload["conversation"] == tags_only.model_dump(mode="json")
    assert audit_log(desk.db)[0].detail == {
        "status": ["open", "resolved"],
        "priority": ["normal", "urgent"],
        "added_tags": ["refund", "vip"],
    }


def test_an_update_on_a_stale_version_is_a_conflict(desk: Desk) -> None:
    desk.do(conversations.update_conversation, desk.cast.agent_a, "held", priority="high")
    with pytest.raises(Conflict) as refused:
        desk.do(
            conversations.update_conversation,
            desk.cast.agent_a,
            "held",
            version=1,
            status="resolved",
        )
    assert refused.value.code is ErrorCode.CONFLICT
    assert refused.value.detail == {"version": 2, "assignee_id": desk.cast.agent_a.id}
    assert desk.row("held").status is S.OPEN


def test_an_update_that_changes_nothing_writes_nothing(desk: Desk) -> None:
    summary = desk.do(
        conversations.update_conversation,
        desk.cast.agent_a,
        "held",
        status="open",
        remove_tags=["absent"],
    )
    assert summary.version == 1
    assert event_log(desk.db) == [] and audit_log(desk.db) == []


def test_snooze(desk: Desk) -> None:
    until = utcnow() + timedelta(hours=2)
    summary = desk.do(conversations.snooze, desk.cast.agent_a, "held", until)
    assert (summary.status, summary.snoozed_until) == ("snoozed", until)
    with pytest.raises(ServiceError) as refused:
        desk.do(conversations.snooze, desk.cast.agent_a, "held", utcnow() - timedelta(minutes=1))
    assert refused.value.code is ErrorCode.INVALID_REQUEST
    woken = desk.do(conversations.update_conversation, desk.cast.agent_a, "held", status="open")
    assert (woken.status, woken.snoozed_until) == ("open", None)


def test_take(desk: Desk) -> None:
    taken = desk.do(conversations.take, desk.cast.agent_a, "queue")
    assert (taken.assignee_id, taken.assignee_name, taken.version) == (
        desk.cast.agent_a.id,
        "Amy",
        2,
    )
    assert desk.do(conversations.take, desk.cast.agent_a, "queue") == taken  # already mine
    with pytest.raises(Conflict) as refused:
        desk.do(conversations.take, desk.cast.agent_a2, "queue")
    assert refused.value.detail == {"assignee_id": desk.cast.agent_a.id, "version": 2}
    [assigned] = event_log(desk.db)
    assert assigned.type == "conversation.assigned"
    assert (assigned.payload["from"], assigned.payload["to"]) == (None, desk.cast.agent_a.id)
    assert assigned.agent_id == desk.cast.agent_a.id


def test_a_lead_reassigns_and_the_timeline_says_who_when_and_why(desk: Desk) -> None:
    lead, amy, alan = desk.cast.lead_a, desk.cast.agent_a, desk.cast.agent_a2
    moved = desk.do(conversations.assign, lead, "held", alan.id, version=1, reason="Amy is out")
    assert (moved.assignee_id, moved.version) == (alan.id, 2)
    entry = desk.messages("held")[-1]
    assert entry.direction is MessageDirection.NOTE
    assert entry.author_agent_id == lead.id
    assert entry.meta == {
        "kind": "assignment",
        "from": amy.id,
        "to": alan.id,
        "by": lead.id,
        "reason": "Amy is out",
    }
    [assigned] = event_log(desk.db)
    assert (assigned.payload["from"], assigned.payload["to"]) == (amy.id, alan.id)
    assert assigned.payload["message"]["meta"]["reason"] == "Amy is out"
    assert assigned.payload["conversation"] == moved.model_dump(mode="json")
    assert [e.action for e in audit_log(desk.db)] == ["conversation.assign"]


def test_assigning_to_nobody_returns_it_to_the_queue(desk: Desk) -> None:
    back = desk.do(conversations.assign, desk.cast.agent_a, "held", None, reason="wrong desk")
    assert (back.assignee_id, back.team_id) == (None, desk.cast.team_a.id)
    assert desk.messages("held")[-1].meta["to"] is None
    assert desk.do(conversations.assign, desk.cast.lead_a, "held", None).version == back.version


def test_an_assign_on_a_stale_version_is_a_conflict(desk: Desk) -> None:
    desk.do(conversations.assign, desk.cast.lead_a, "held", desk.cast.agent_a2.id)
    with pytest.raises(Conflict) as refused:
        desk.do(conversations.assign, desk.cast.lead_a, "held", None, version=1)
    assert refused.value.detail == {"version": 2, "assignee_id": desk.cast.agent_a2.id}


def test_an_admin_moves_work_across_teams(desk: Desk) -> None:
    moved = desk.do(conversations.assign, desk.cast.admin, "held", desk.cast.agent_b.id)
    assert (moved.assignee_id, moved.team_id) == (desk.cast.agent_b.id, desk.cast.team_b.id)


def test_assigning_to_a_missing_or_disabled_agent_is_refused(desk: Desk) -> None:
    with pytest.raises(ServiceError) as missing:
        desk.do(conversations.assign, desk.cast.lead_a, "held", 98765)
    assert missing.value.code is ErrorCode.NOT_FOUND
    with desk.db.write() as session:
        gone = DeskBuilder(session).agent(team=session.merge(desk.cast.team_a), active=False)
    with pytest.raises(ServiceError) as disabled:
        desk.do(conversations.assign, desk.cast.lead_a, "held", gone.id)
    assert disabled.value.code is ErrorCode.INVALID_STATE


def test_a_failed_unit_of_work_leaves_no_change_event_or_audit(desk: Desk) -> None:
    def reply_then_fail(session: Session, actor: Actor) -> None:
        conversations.send_reply(session, actor, desk.ids["queue"], "reply-0007", "Hi", None)
        conversations.assign(session, actor, desk.ids["held"], None)
        raise RuntimeError("the server died before the commit")

    with pytest.raises(RuntimeError):
        perform(desk.db, reply_then_fail, Actor.of(desk.cast.agent_a))
    assert event_log(desk.db) == [] and audit_log(desk.db) == []
    assert len(desk.messages("queue")) == 0
    assert desk.row("held").assignee_id == desk.cast.agent_a.id


def test_a_refusal_after_a_change_rolls_the_change_back(desk: Desk) -> None:
    def reply_then_overreach(session: Session, actor: Actor) -> None:
        conversations.send_reply(session, actor, desk.ids["queue"], "reply-0008", "Hi", None)
        conversations.assign(session, actor, desk.ids["other"], actor.agent_id)

    with pytest.raises(ServiceError):
        perform(desk.db, reply_then_overreach, Actor.of(desk.cast.agent_a))
    assert event_log(desk.db) == []
    assert [e.action for e in audit_log(desk.db)] == ["denied.conversation.assign"]
    assert len(desk.messages("queue")) == 0


def test_two_concurrent_sends_of_one_reply_store_it_once(postgres: Database) -> None:
    """Real concurrency on PostgreSQL: the second send waits for the first's row lock,
    hits the unique client id, and acknowledges the stored reply."""
    with postgres.write() as session:
        build = DeskBuilder(session)
        c = cast(build)
        conversation_id = build.conversation(team=c.team_a, assignee=c.agent_a).id
    actor = Actor.of(c.agent_a)
    second: list[Any] = []

    def send_again() -> None:
        second.append(
            perform(postgres, conversations.send_reply, actor, conversation_id, "race-0001", "Hi")
        )

    with postgres.write() as session:
        first = conversations.send_reply(session, actor, conversation_id, "race-0001", "Hi")
        racer = threading.Thread(target=send_again)
        racer.start()
        racer.join(0.5)
        assert racer.is_alive()  # waiting for this transaction
    racer.join(10)
    assert second == [first]
    assert len(event_log(postgres)) == 1
    with postgres.read() as session:
        assert session.query(Message).count() == 1
