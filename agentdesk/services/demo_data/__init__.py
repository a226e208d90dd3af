"""The pieces of the demo desk that `agentdesk.services.seed` puts together."""
