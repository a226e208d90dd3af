"""The conversation pane: a channel-aware timeline and a safe view of email HTML."""

from agentdesk.ui.conversation.safe_browser import SafeTextBrowser, sanitize_email_html
from agentdesk.ui.conversation.timeline import ConversationView

__all__ = ["ConversationView", "SafeTextBrowser", "sanitize_email_html"]
