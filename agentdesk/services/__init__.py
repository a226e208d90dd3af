"""Domain rules of the support desk: inbox, conversations, customers, templates and more."""

from agentdesk.services import search_index as _search_index
from agentdesk.services import sla_tracking as _sla_tracking

# Every ORM change to a conversation recomputes its SLA due time (see sla_tracking).
_sla_tracking.install()
# ...and every ORM change to a searchable row rewrites its search document (see search_index).
_search_index.install()
