"""Tests of the customer side panel: account, transactions and history."""
