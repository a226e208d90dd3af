"""Request handlers: each protocol request becomes one service call on a database thread."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from agentdesk.db.models import CallDirection, CallOutcome
from agentdesk.protocol import requests as rq
from agentdesk.protocol.payloads import AgentOut, TemplateOut, Welcome
from agentdesk.server.units import DatabaseUnits
from agentdesk.services import (
    accounts,
    calls,
    conversations,
    customers,
    identity,
    inbox,
    templates,
)
from agentdesk.services.accounts import SignIn

if TYPE_CHECKING:
    from agentdesk.db.engine import Database
    from agentdesk.server.connection import AgentConnection
    from agentdesk.services.template_catalog import TemplateCatalog

Handler = Callable[["Handlers", "AgentConnection", Any], Awaitable[Any]]
HANDLERS: dict[str, Handler] = {}


def handles(kind: type[rq.Request]) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[kind.model_fields["type"].default] = function
        return function

    return register


def dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [dump(item) for item in value]
    return value


class Handlers(DatabaseUnits):
    def __init__(
        self,
        database: Database,
        run_in_db: Callable[..., Awaitable[Any]],
        wake_fanout: Callable[[], None],
        catalog: TemplateCatalog,
        server_name: str,
        wake_outbound: Callable[[], None] = lambda: None,
    ) -> None:
        self.database = database
        self.run_in_db = run_in_db
        self.wake_fanout = wake_fanout
        self.catalog = catalog
        self.server_name = server_name
        self.wake_outbound = wake_outbound  # a reply by email or social leaves at once

    async def sign_in(self, request: rq.Auth, address: str) -> SignIn:
        if request.token is not None:
            result: SignIn = await self.change(accounts.resume, request.token, address)
        else:
            assert request.username is not None and request.password is not None
            result = await self.change(accounts.login, request.username, request.password, address)
        return result

    def welcome(self, sign_in: SignIn, last_seq: int) -> Any:
        actor = sign_in.actor
        return Welcome(
            agent=AgentOut(
                id=actor.agent_id,
                username=actor.username,
                display_name=actor.display_name,
                role=actor.role.value,
                team_id=actor.team_id,
                language=actor.language,
            ),
            token=sign_in.token,
            token_expires_at=sign_in.expires_at,
            last_seq=last_seq,
            server=self.server_name,
        ).model_dump(mode="json")

    async def handle(self, connection: AgentConnection, request: rq.Request) -> Any:
        handler = HANDLERS[request.type]  # type: ignore[attr-defined]
        return dump(await handler(self, connection, request))


@handles(rq.Logout)
async def _logout(h: Handlers, c: AgentConnection, r: rq.Logout) -> Any:
    await h.change(accounts.logout, c.actor, c.token)
    return {"signed_out": True}


@handles(rq.InboxList)
async def _inbox_list(h: Handlers, c: AgentConnection, r: rq.InboxList) -> Any:
    return await h.read(
        inbox.list_inbox,
        c.actor,
        view=r.view,
        channel=r.channel,
        status=r.status,
        priority=r.priority,
        sla=r.sla,
        customer_id=r.customer_id,
        cursor=r.cursor,
        limit=r.limit,
    )


@handles(rq.InboxCounts)
async def _inbox_counts(h: Handlers, c: AgentConnection, r: rq.InboxCounts) -> Any:
    return await h.read(inbox.inbox_counts, c.actor)


@handles(rq.ConversationGet)
async def _conversation_get(h: Handlers, c: AgentConnection, r: rq.ConversationGet) -> Any:
    return await h.read(conversations.get_conversation, c.actor, r.conversation_id, r.message_limit)


@handles(rq.CustomerGet)
async def _customer_get(h: Handlers, c: AgentConnection, r: rq.CustomerGet) -> Any:
    return await h.read(customers.get_customer, c.actor, r.customer_id)


@handles(rq.CustomerTransactions)
async def _transactions(h: Handlers, c: AgentConnection, r: rq.CustomerTransactions) -> Any:
    return await h.read(
        customers.list_transactions,
        c.actor,
        r.customer_id,
        status=r.status,
        since=r.since,
        until=r.until,
        cursor=r.cursor,
        limit=r.limit,
    )


@handles(rq.CustomerReveal)
async def _reveal(h: Handlers, c: AgentConnection, r: rq.CustomerReveal) -> Any:
    return await h.change(customers.reveal, c.actor, r.customer_id, r.field)


@handles(rq.ReplySend)
async def _reply(h: Handlers, c: AgentConnection, r: rq.ReplySend) -> Any:
    sent = await h.change(
        conversations.send_reply, c.actor, r.conversation_id, r.client_message_id, r.text, r.html
    )
    h.wake_outbound()
    return sent


@handles(rq.NoteAdd)
async def _note(h: Handlers, c: AgentConnection, r: rq.NoteAdd) -> Any:
    return await h.change(
        conversations.add_note, c.actor, r.conversation_id, r.client_message_id, r.text
    )


@handles(rq.ConversationUpdate)
async def _update(h: Handlers, c: AgentConnection, r: rq.ConversationUpdate) -> Any:
    return await h.change(
        conversations.update_conversation,
        c.actor,
        r.conversation_id,
        version=r.version,
        status=r.status,
        priority=r.priority,
        add_tags=r.add_tags,
        remove_tags=r.remove_tags,
    )


@handles(rq.ConversationSnooze)
async def _snooze(h: Handlers, c: AgentConnection, r: rq.ConversationSnooze) -> Any:
    return await h.change(conversations.snooze, c.actor, r.conversation_id, r.until)


@handles(rq.ConversationTake)
async def _take(h: Handlers, c: AgentConnection, r: rq.ConversationTake) -> Any:
    return await h.change(conversations.take, c.actor, r.conversation_id)


@handles(rq.ConversationAssign)
async def _assign(h: Handlers, c: AgentConnection, r: rq.ConversationAssign) -> Any:
    return await h.change(
        conversations.assign,
        c.actor,
        r.conversation_id,
        r.agent_id,
        version=r.version,
        reason=r.reason,
    )


@handles(rq.TemplatesList)
async def _templates_list(h: Handlers, c: AgentConnection, r: rq.TemplatesList) -> Any:
    return [
        TemplateOut(
            key=template.key,
            language=language.value,
            title=text.title,
            category=template.category,
            shortcut=template.shortcut,
            body=text.body,
        )
        for template in h.catalog
        for language, text in template.texts.items()
    ]


@handles(rq.TemplatesRender)
async def _templates_render(h: Handlers, c: AgentConnection, r: rq.TemplatesRender) -> Any:
    return await h.read(
        templates.render_for_conversation,
        c.actor,
        h.catalog,
        r.key,
        r.conversation_id,
        transaction_id=r.transaction_id,
        language=r.language,
    )


@handles(rq.TemplatesSuggest)
async def _templates_suggest(h: Handlers, c: AgentConnection, r: rq.TemplatesSuggest) -> Any:
    return await h.read(templates.suggest_for_agent, c.actor, h.catalog, r.conversation_id)


@handles(rq.ConversationTyping)
async def _typing(h: Handlers, c: AgentConnection, r: rq.ConversationTyping) -> Any:
    await h.change(conversations.typing, c.actor, r.conversation_id)
    return {"ok": True}


@handles(rq.CustomerMatches)
async def _matches(h: Handlers, c: AgentConnection, r: rq.CustomerMatches) -> Any:
    return await h.read(identity.open_matches, c.actor, r.conversation_id)


@handles(rq.CustomerMatchDecide)
async def _decide(h: Handlers, c: AgentConnection, r: rq.CustomerMatchDecide) -> Any:
    return await h.change(identity.decide_match, c.actor, r.match_id, r.same_person)


@handles(rq.CallLogAdd)
async def _call_log(h: Handlers, c: AgentConnection, r: rq.CallLogAdd) -> Any:
    return await h.change(
        calls.log_call,
        c.actor,
        r.conversation_id,
        direction=CallDirection(r.direction),
        outcome=CallOutcome(r.outcome),
        started_at=r.started_at,
        duration_seconds=r.duration_seconds,
        number=r.number,
        notes=r.notes,
        client_message_id=r.client_message_id,
    )


@handles(rq.ConversationViewing)
async def _viewing(h: Handlers, c: AgentConnection, r: rq.ConversationViewing) -> Any:
    await h.change(conversations.viewing, c.actor, r.conversation_id, r.viewing)
    return {"ok": True}
