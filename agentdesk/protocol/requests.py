"""What a desktop may ask of the server: one pydantic model per request type."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

RequestId = Annotated[str, Field(min_length=1, max_length=64)]
ClientMessageId = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
EntityId = Annotated[int, Field(ge=1)]
Limit = Annotated[int, Field(ge=1, le=200)]
Text = Annotated[str, Field(min_length=1, max_length=100_000)]

Channel = Literal["chat", "email", "phone", "social", "feedback"]
Status = Literal["open", "pending", "snoozed", "resolved"]
Priority = Literal["low", "normal", "high", "urgent"]
View = Literal["mine", "unassigned", "team", "all"]
Language = Literal["zh", "en"]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: RequestId


class Auth(Request):
    """The first frame of every connection: a password login or a token, and a resume point."""

    type: Literal["auth"] = "auth"
    protocol: int = 1
    username: str | None = Field(default=None, max_length=64)
    password: str | None = Field(default=None, max_length=256)
    token: str | None = Field(default=None, max_length=128)
    resume_from: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_way_in(self) -> Auth:
        if (self.token is None) == (self.username is None or self.password is None):
            raise ValueError("give either a token or a username and password")
        return self


class Logout(Request):
    type: Literal["logout"] = "logout"


class InboxList(Request):
    type: Literal["inbox.list"] = "inbox.list"
    view: View = "mine"
    channel: Channel | None = None
    status: list[Status] | None = None
    priority: Priority | None = None
    sla: Literal["at_risk", "breached"] | None = None
    customer_id: EntityId | None = None  # one customer's conversations: their history
    cursor: str | None = Field(default=None, max_length=200)
    limit: Limit = 50


class InboxCounts(Request):
    type: Literal["inbox.counts"] = "inbox.counts"


class ConversationGet(Request):
    type: Literal["conversation.get"] = "conversation.get"
    conversation_id: EntityId
    message_limit: Limit = 200


class CustomerGet(Request):
    type: Literal["customer.get"] = "customer.get"
    customer_id: EntityId


class CustomerTransactions(Request):
    type: Literal["customer.transactions"] = "customer.transactions"
    customer_id: EntityId
    status: Literal["completed", "failed", "pending"] | None = None
    since: AwareDatetime | None = None
    until: AwareDatetime | None = None
    cursor: str | None = Field(default=None, max_length=200)
    limit: Limit = 50


class CustomerReveal(Request):
    """Show one masked field in full; every reveal is audited."""

    type: Literal["customer.reveal"] = "customer.reveal"
    customer_id: EntityId
    field: Literal["phone", "email", "account_number"]


class ReplySend(Request):
    """A reply to the customer; the same client_message_id twice stores one message."""

    type: Literal["reply.send"] = "reply.send"
    conversation_id: EntityId
    client_message_id: ClientMessageId
    text: Text
    html: str | None = Field(default=None, max_length=500_000)


class NoteAdd(Request):
    type: Literal["note.add"] = "note.add"
    conversation_id: EntityId
    client_message_id: ClientMessageId
    text: Text


class ConversationUpdate(Request):
    type: Literal["conversation.update"] = "conversation.update"
    conversation_id: EntityId
    version: int | None = Field(default=None, ge=1)
    status: Literal["open", "pending", "resolved"] | None = None
    priority: Priority | None = None
    add_tags: list[Annotated[str, Field(min_length=1, max_length=40)]] = []
    remove_tags: list[Annotated[str, Field(min_length=1, max_length=40)]] = []


class ConversationSnooze(Request):
    type: Literal["conversation.snooze"] = "conversation.snooze"
    conversation_id: EntityId
    until: AwareDatetime


class ConversationTake(Request):
    type: Literal["conversation.take"] = "conversation.take"
    conversation_id: EntityId


class ConversationAssign(Request):
    """Give a conversation to an agent; `version` guards against a concurrent move."""

    type: Literal["conversation.assign"] = "conversation.assign"
    conversation_id: EntityId
    agent_id: EntityId | None  # None hands it back to the queue
    version: int | None = Field(default=None, ge=1)
    reason: str = Field(default="", max_length=500)


class TemplatesList(Request):
    type: Literal["templates.list"] = "templates.list"


class TemplatesRender(Request):
    type: Literal["templates.render"] = "templates.render"
    # None: the answer for the failure reason of `transaction_id`
    key: str | None = Field(default=None, min_length=1, max_length=80)
    conversation_id: EntityId
    transaction_id: EntityId | None = None
    language: Language | None = None


class TemplatesSuggest(Request):
    type: Literal["templates.suggest"] = "templates.suggest"
    conversation_id: EntityId


class ConversationTyping(Request):
    """The agent is typing a reply: the customer's chat window shows it."""

    type: Literal["conversation.typing"] = "conversation.typing"
    conversation_id: EntityId


class CustomerMatches(Request):
    """Customers who may be the same person as this conversation's customer."""

    type: Literal["customer.matches"] = "customer.matches"
    conversation_id: EntityId


class CustomerMatchDecide(Request):
    """An agent's answer to a possible match: the same person (merge) or not."""

    type: Literal["customer.match.decide"] = "customer.match.decide"
    match_id: EntityId
    same_person: bool


class CallLogAdd(Request):
    """A call the agent logs by hand (a callback from a mobile, a call the PBX missed)."""

    type: Literal["call.log"] = "call.log"
    conversation_id: EntityId
    direction: Literal["inbound", "outbound"]
    outcome: Literal["answered", "missed", "voicemail", "abandoned", "callback"]
    started_at: AwareDatetime
    duration_seconds: int = Field(default=0, ge=0, le=24 * 3600)
    number: str | None = Field(default=None, max_length=32)  # the customer's phone if None
    notes: str = Field(default="", max_length=10_000)
    client_message_id: ClientMessageId


class PresenceSet(Request):
    """The agent is at the desk (online) or stepped away (away); offline is disconnecting."""

    type: Literal["presence.set"] = "presence.set"
    status: Literal["online", "away"]


class LeadOverview(Request):
    """A lead's view of a team: its agents' presence and load, and the unassigned queue."""

    type: Literal["lead.overview"] = "lead.overview"
    team_id: EntityId | None = None  # None: the lead's own team


class ConversationAssignMany(Request):
    """Move several conversations to one agent (or back to the queue) with one reason.

    `versions` are the versions the lead saw; a conversation changed since is not moved
    and comes back in `conflicts` with its current assignee."""

    type: Literal["conversation.assign_many"] = "conversation.assign_many"
    conversation_ids: list[EntityId] = Field(min_length=1, max_length=200)
    agent_id: EntityId | None
    versions: dict[str, int] = {}
    reason: str = Field(default="", max_length=500)


class TeamUpdate(Request):
    """A lead sets how their team's new conversations are assigned."""

    type: Literal["team.update"] = "team.update"
    team_id: EntityId
    assignment_mode: Literal["off", "round_robin", "balanced"] | None = None
    return_chats_when_offline: bool | None = None


class ConversationViewing(Request):
    """The agent opened (true) or left (false) a conversation; colleagues see who is in it."""

    type: Literal["conversation.viewing"] = "conversation.viewing"
    conversation_id: EntityId
    viewing: bool


class DashboardStats(Request):
    """A lead's figures over a period: queue, breaches, response times, per agent and channel."""

    type: Literal["dashboard.stats"] = "dashboard.stats"
    since: AwareDatetime
    until: AwareDatetime
    team_id: EntityId | None = None  # None: the lead's own team (admins: every team)


class AuditList(Request):
    """The audit trail for leads and admins, newest first, filtered."""

    type: Literal["audit.list"] = "audit.list"
    agent_id: EntityId | None = None
    action: str | None = Field(default=None, max_length=64)
    conversation_id: EntityId | None = None
    since: AwareDatetime | None = None
    until: AwareDatetime | None = None
    cursor: str | None = Field(default=None, max_length=200)
    limit: Limit = 100


class SearchRun(Request):
    """Search everything the agent may see, or one customer's history (`customer_id`)."""

    type: Literal["search.query"] = "search.query"
    q: str = Field(max_length=2000)  # longer text is cut to the query limit, not refused
    customer_id: EntityId | None = None
    cursor: str | None = Field(default=None, max_length=200)
    limit: Annotated[int, Field(ge=1, le=100)] = 20


ClientRequest = Annotated[
    Auth
    | Logout
    | InboxList
    | InboxCounts
    | ConversationGet
    | CustomerGet
    | CustomerTransactions
    | CustomerReveal
    | ReplySend
    | NoteAdd
    | ConversationUpdate
    | ConversationSnooze
    | ConversationTake
    | ConversationAssign
    | TemplatesList
    | TemplatesRender
    | TemplatesSuggest
    | ConversationTyping
    | CustomerMatches
    | CustomerMatchDecide
    | CallLogAdd
    | PresenceSet
    | LeadOverview
    | ConversationAssignMany
    | TeamUpdate
    | ConversationViewing
    | DashboardStats
    | AuditList
    | SearchRun,
    Field(discriminator="type"),
]

REQUEST_TYPES: dict[str, type[Request]] = {
    model.model_fields["type"].default: model for model in Request.__subclasses__()
}
