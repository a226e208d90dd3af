"""The agentdesk server: the agent protocol over websockets, health, and event fan-out."""
