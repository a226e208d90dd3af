"""Domain rules of the support desk: inbox, conversations, customers, templates and more."""
