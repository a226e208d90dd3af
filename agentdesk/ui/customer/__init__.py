"""The customer side panel: account with audited reveals, transactions, and history."""

from agentdesk.ui.customer.panel import CustomerPanel
from agentdesk.ui.customer.transactions_model import TransactionFilter, TransactionsModel

__all__ = ["CustomerPanel", "TransactionFilter", "TransactionsModel"]
