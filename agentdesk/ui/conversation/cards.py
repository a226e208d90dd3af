"""Timeline cards: chat and social bubbles, private notes, assignment lines and call logs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from agentdesk.ui.conversation.formatting import (
    format_clock,
    format_duration,
    format_moment,
    platform_name,
    status_name,
)

HIGHLIGHT_BORDER = "2px solid #1a73e8"
CUSTOMER_BUBBLE = ("#f1f3f4", "#dadce0")
AGENT_BUBBLE = ("#d2e3fc", "#aecbfa")
NOTE_COLOURS = ("#fff4c2", "#e6c200")
CALL_COLOURS = ("#ffffff", "#c7c7c7")
BADGE_STYLE = "background:#5f6368;color:white;border-radius:6px;padding:0 6px;font-size:small;"
BUBBLE_SHARE = 0.75  # of the row's width, so a long message still reads as one side's


def plain_label(text: str, *, bold: bool = False, small: bool = False) -> QLabel:
    """A label that never interprets its text: customer text as rich text could load files."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    styles = []
    if bold:
        styles.append("font-weight:bold;")
    if small:
        styles.append("color:#5f6368;font-size:small;")
    if styles:
        label.setStyleSheet("".join(styles))
    return label


def delivery_words(status: str, attempts: int) -> str:
    if status == "sent":
        return QCoreApplication.translate("TimelineCard", "Sent")
    if status == "failed":
        return QCoreApplication.translate("TimelineCard", "Not delivered")
    if status == "uncertain":
        return QCoreApplication.translate(
            "TimelineCard", "Delivery unknown, check before sending again"
        )
    if status == "sending":
        return QCoreApplication.translate("TimelineCard", "Sending…")
    if attempts:
        words = QCoreApplication.translate("TimelineCard", "Retrying (attempt {n})")
        return words.format(n=attempts + 1)
    return QCoreApplication.translate("TimelineCard", "Queued")


class TimelineCard(QWidget):
    """One timeline entry. `surface` is the framed part that highlighting outlines."""

    def __init__(
        self, key: tuple[str, int], search_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.search_text = search_text.casefold()
        self.surface = QFrame(self)
        self.surface.setObjectName("surface")
        self._colours = ("transparent", "transparent")
        self._highlighted = False
        self.delivery_label: QLabel | None = None
        self.delivery_status = ""

    def set_colours(self, background: str, border: str) -> None:
        self._colours = (background, border)
        self._restyle()

    def set_highlighted(self, on: bool) -> None:
        self._highlighted = on
        self._restyle()

    def is_highlighted(self) -> bool:
        return self._highlighted

    def set_delivery(self, delivery: Mapping[str, Any]) -> None:
        """A line under a reply: queued, sent, retrying or failed (with the reason)."""
        if self.delivery_label is None:
            layout = self.surface.layout()
            if not isinstance(layout, QVBoxLayout):
                return
            self.delivery_label = plain_label("", small=True)
            layout.addWidget(self.delivery_label)
        status = str(delivery.get("status") or "")
        words = delivery_words(status, int(delivery.get("attempts") or 0))
        error = str(delivery.get("error") or "")
        if error and status in ("failed", "uncertain", "queued"):
            words = f"{words}: {error}"
        self.delivery_label.setText(words)
        failed = status in ("failed", "uncertain")
        self.delivery_label.setStyleSheet(
            "color:#b3261e;font-size:small;" if failed else "color:#5f6368;font-size:small;"
        )
        self.delivery_status = status

    def _restyle(self) -> None:
        background, border = self._colours
        outline = HIGHLIGHT_BORDER if self._highlighted else f"1px solid {border}"
        self.surface.setStyleSheet(
            f"#surface {{ background:{background}; border:{outline}; border-radius:8px; }}"
        )


class MessageBubble(TimelineCard):
    """A chat or social message: the customer's on the left, the desk's on the right."""

    def __init__(
        self, message: Mapping[str, Any], customer_name: str, parent: QWidget | None = None
    ) -> None:
        text = str(message.get("text") or "")
        super().__init__(("message", int(message["id"])), text, parent)
        self.outgoing = message.get("direction") == "out"
        meta = message.get("meta") or {}
        author = (
            str(message.get("author_name") or self.tr("Agent")) if self.outgoing else customer_name
        )
        self.badge: QLabel | None = None
        bubble = QVBoxLayout(self.surface)
        bubble.setContentsMargins(10, 6, 10, 6)
        bubble.setSpacing(2)
        top = QHBoxLayout()
        top.addWidget(plain_label(author, bold=True))
        words = self._badge_words(meta)
        if words:
            self.badge = QLabel(words)
            self.badge.setTextFormat(Qt.TextFormat.PlainText)
            self.badge.setStyleSheet(BADGE_STYLE)
            top.addWidget(self.badge)
        top.addStretch(1)
        top.addWidget(plain_label(format_moment(message.get("created_at")), small=True))
        bubble.addLayout(top)
        self.text_label = plain_label(text)
        bubble.addWidget(self.text_label)
        self.set_colours(*(AGENT_BUBBLE if self.outgoing else CUSTOMER_BUBBLE))
        self.surface.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        if self.outgoing:
            row.addStretch(1)
        row.addWidget(self.surface)
        if not self.outgoing:
            row.addStretch(1)

    def _badge_words(self, meta: Mapping[str, Any]) -> str:
        """Where a social or feedback message came from, as its sender would name it."""
        platform = meta.get("platform")
        if isinstance(platform, str) and platform:
            handle = meta.get("handle")
            return platform_name(platform) + (f" · {handle}" if handle else "")
        if meta.get("source") == "in_app_feedback":
            rating = meta.get("rating")
            stars = f" · {'★' * rating}" if isinstance(rating, int) and 0 < rating <= 5 else ""
            return self.tr("In-app feedback") + stars
        return ""

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.surface.setMaximumWidth(max(120, int(event.size().width() * BUBBLE_SHARE)))
        super().resizeEvent(event)


class FramedCard(TimelineCard):
    """A full-width card: a column of lines on a coloured surface."""

    def __init__(
        self, key: tuple[str, int], search_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(key, search_text, parent)
        row = QVBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.surface)
        self.column = QVBoxLayout(self.surface)
        self.column.setContentsMargins(10, 6, 10, 6)
        self.column.setSpacing(2)


class NoteCard(FramedCard):
    """A private note: yellow and labelled, so nobody mistakes it for something sent."""

    def __init__(self, message: Mapping[str, Any], parent: QWidget | None = None) -> None:
        text = str(message.get("text") or "")
        super().__init__(("message", int(message["id"])), text, parent)
        top = QHBoxLayout()
        self.title = plain_label(self.tr("Private note"), bold=True)
        top.addWidget(self.title)
        top.addWidget(plain_label(str(message.get("author_name") or ""), small=True))
        top.addStretch(1)
        top.addWidget(plain_label(format_moment(message.get("created_at")), small=True))
        self.column.addLayout(top)
        self.column.addWidget(plain_label(text))
        self.set_colours(*NOTE_COLOURS)


class TimelineLine(TimelineCard):
    """A thin centred line in the timeline for something that happened to the thread."""

    def __init__(self, message: Mapping[str, Any], words: str, parent: QWidget | None) -> None:
        super().__init__(("message", int(message["id"])), "", parent)
        self.search_text = words.casefold()
        self.text_label = plain_label(words, small=True)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        line = QHBoxLayout(self.surface)
        line.setContentsMargins(8, 0, 8, 0)
        line.addWidget(self.text_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.surface)


class StatusLine(TimelineLine):
    """Who set which status, when."""

    def __init__(self, message: Mapping[str, Any], parent: QWidget | None = None) -> None:
        meta = message.get("meta") or {}
        by = str(message.get("author_name") or QCoreApplication.translate("StatusLine", "System"))
        words = QCoreApplication.translate("StatusLine", "{by} set the status to {status}")
        words = words.format(by=by, status=status_name(str(meta.get("to") or "")))
        super().__init__(message, words + " · " + format_clock(message.get("created_at")), parent)


class AssignmentLine(TimelineLine):
    """A hand-over: who moved it, to whom, why, when."""

    def __init__(
        self, message: Mapping[str, Any], names: Mapping[int, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(message, self._words(message, names), parent)

    @staticmethod
    def _words(message: Mapping[str, Any], names: Mapping[int, str]) -> str:
        meta = message.get("meta") or {}
        by_id = meta.get("by")
        by_name = names.get(by_id, "") if isinstance(by_id, int) else ""
        by = str(
            message.get("author_name")
            or by_name
            or QCoreApplication.translate("AssignmentLine", "System")
        )
        to_id = meta.get("to")
        if to_id is None:
            words = QCoreApplication.translate(
                "AssignmentLine", "{by} returned this to the queue"
            ).format(by=by)
        elif to_id == meta.get("by"):
            words = QCoreApplication.translate("AssignmentLine", "{by} took this").format(by=by)
        else:
            to = (
                (names.get(to_id) if isinstance(to_id, int) else None)
                or str(meta.get("to_name") or "")
                or _named_in(message)
            )
            words = QCoreApplication.translate(
                "AssignmentLine", "{by} assigned this to {to}"
            ).format(by=by, to=to)
        reason = str(meta.get("reason") or "").strip()
        if reason:
            words += " — " + reason
        return words + " · " + format_clock(message.get("created_at"))


def _named_in(message: Mapping[str, Any]) -> str:
    """The assignee's name from the server's own note text, "assigned to <name>"."""
    text = str(message.get("text") or "")
    prefix = "assigned to "
    return text[len(prefix) :] if text.startswith(prefix) else "?"


class CallCard(FramedCard):
    """A phone call from the call log: direction, number, when, how long, how it ended."""

    def __init__(self, call: Mapping[str, Any], parent: QWidget | None = None) -> None:
        notes = str(call.get("notes") or "")
        super().__init__(("call", int(call["id"])), notes, parent)
        inbound = call.get("direction") == "inbound"
        number = str(call.get("from_number" if inbound else "to_number") or "")
        title = self.tr("Incoming call") if inbound else self.tr("Outgoing call")
        top = QHBoxLayout()
        top.addWidget(plain_label("☎ " + title, bold=True))
        top.addWidget(plain_label(number))
        top.addStretch(1)
        top.addWidget(plain_label(format_moment(call.get("started_at")), small=True))
        self.column.addLayout(top)
        facts = self.tr("Duration {duration} · {outcome} · Agent: {agent}").format(
            duration=format_duration(call.get("duration_seconds")),
            outcome=self._outcome(str(call.get("outcome") or "")),
            agent=str(call.get("agent_name") or self.tr("nobody")),
        )
        self.facts = plain_label(facts, small=True)
        self.column.addWidget(self.facts)
        if notes:
            self.column.addWidget(plain_label(notes))
        self.search_text = " ".join((number, facts, notes)).casefold()
        self.set_colours(*CALL_COLOURS)

    def _outcome(self, outcome: str) -> str:
        words = {
            "answered": self.tr("Answered"),
            "missed": self.tr("Missed"),
            "voicemail": self.tr("Voicemail"),
            "abandoned": self.tr("Abandoned"),
            "callback": self.tr("Callback requested"),
        }
        return words.get(outcome, outcome)
