"""Domain rules of the support desk: inbox, conversations, customers, templates and more."""

from agentdesk.services import sla_tracking as _sla_tracking

# Every ORM change to a conversation recomputes its SLA due time (see sla_tracking).
_sla_tracking.install()
