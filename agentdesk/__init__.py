"""agentdesk: the desktop workstation of a digital-wallet support desk, with its server."""

__version__ = "0.1.0"
