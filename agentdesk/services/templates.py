"""Canned responses as the desk uses them: one import for loading, filling and suggesting,
and the two requests an agent makes, checked against what that agent may see.

The work is split by concern: `template_catalog` (files, syntax, validation),
`template_store` (the table), `template_rendering` (values and filling) and
`template_suggestions` (what fits now).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.db.models import Language, Transaction, WalletAccount
from agentdesk.protocol.codes import ErrorCode
from agentdesk.protocol.payloads import RenderedOut, SuggestionOut
from agentdesk.services.actor import Actor
from agentdesk.services.errors import NotFound, ServiceError
from agentdesk.services.permissions import visible_conversation
from agentdesk.services.template_catalog import (
    LANGUAGES,
    PLACEHOLDERS,
    CannedResponse,
    TemplateCatalog,
    TemplateError,
    TemplateText,
    default_templates_dir,
    load_templates,
    placeholders_in,
)
from agentdesk.services.template_rendering import (
    Rendered,
    choose_language,
    render,
    render_context,
)
from agentdesk.services.template_store import store_templates
from agentdesk.services.template_suggestions import (
    SUGGESTION_LIMIT,
    TEMPLATE_FOR_FAILURE,
    Suggestion,
    main_account,
    suggest_templates,
)

__all__ = [
    "LANGUAGES",
    "PLACEHOLDERS",
    "TEMPLATE_FOR_FAILURE",
    "CannedResponse",
    "Rendered",
    "Suggestion",
    "TemplateCatalog",
    "TemplateError",
    "TemplateText",
    "choose_language",
    "default_templates_dir",
    "load_templates",
    "placeholders_in",
    "render",
    "render_context",
    "render_for_conversation",
    "store_templates",
    "suggest_for_agent",
    "suggest_templates",
]


def render_for_conversation(
    session: Session,
    actor: Actor,
    catalog: TemplateCatalog,
    key: str | None,
    conversation_id: int,
    *,
    transaction_id: int | None = None,
    language: Language | str | None = None,
) -> RenderedOut:
    """Fill template `key` for a conversation the agent may see, in the customer's language
    unless the agent picks one, quoting `transaction_id` when it is this customer's.

    Without a key, the answer for the transaction's failure reason is chosen: the agent
    picked a failed transaction and wants the matching FAQ answer."""
    conversation = visible_conversation(session, actor, conversation_id, "templates.render")
    if key is None:
        if transaction_id is None:
            raise ServiceError(ErrorCode.INVALID_REQUEST, "give a template key or a transaction")
        failed = _customer_transaction(session, conversation.customer_id, transaction_id)
        if failed.failure_code is None:
            raise ServiceError(ErrorCode.INVALID_STATE, "this transaction did not fail")
        key = TEMPLATE_FOR_FAILURE[failed.failure_code]
    template = catalog.get(key)
    if template is None:
        raise NotFound(f"template {key!r}")
    chosen = (
        Language(language)
        if language is not None
        else choose_language(conversation.customer.language, template.texts.keys())
    )
    transaction = (
        _customer_transaction(session, conversation.customer_id, transaction_id)
        if transaction_id is not None
        else None
    )
    context = render_context(
        chosen,
        customer=conversation.customer,
        agent=actor,
        conversation=conversation,
        account=(
            transaction.account
            if transaction is not None
            else main_account(session, conversation.customer_id)
        ),
        transaction=transaction,
    )
    return _rendered_out(render(template, chosen, context), transaction_id)


def suggest_for_agent(
    session: Session,
    actor: Actor,
    catalog: TemplateCatalog,
    conversation_id: int,
    *,
    limit: int = SUGGESTION_LIMIT,
) -> list[SuggestionOut]:
    """`suggest_templates` for a conversation the agent may see, signed with their name."""
    conversation = visible_conversation(session, actor, conversation_id, "templates.suggest")
    return [
        SuggestionOut(
            key=suggestion.key,
            reason=suggestion.reason,
            rendered=_rendered_out(suggestion.rendered, suggestion.transaction_id),
        )
        for suggestion in suggest_templates(
            session, conversation.id, catalog, agent=actor, limit=limit
        )
    ]


def _customer_transaction(session: Session, customer_id: int, transaction_id: int) -> Transaction:
    """Only the conversation's own customer's transaction may be quoted to them."""
    transaction = session.scalar(
        select(Transaction)
        .join(Transaction.account)
        .where(Transaction.id == transaction_id, WalletAccount.customer_id == customer_id)
    )
    if transaction is None:
        raise NotFound("transaction of this customer")
    return transaction


def _rendered_out(rendered: Rendered, transaction_id: int | None) -> RenderedOut:
    return RenderedOut(
        key=rendered.key,
        language=rendered.language.value,
        text=rendered.text,
        missing=list(rendered.missing),
        transaction_id=transaction_id,
    )
