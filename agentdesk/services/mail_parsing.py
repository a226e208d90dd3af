"""Turns raw inbound support email into a ParsedEmail without ever raising or dropping it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import unquote_to_bytes

import nh3

from agentdesk.services.mail_charsets import decode_bytes, decode_header_value, repair

MiB = 1024 * 1024

_TICKET_TAG = re.compile(r"\[#(\d{1,9})\]")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[ -]?(reply|response)|out of (the )?office|自动回复|自動回覆|自動回復"
    r"|autoreply|auto:|abwesenheitsnotiz)",
    re.IGNORECASE,
)
_BOUNCE_SENDERS = ("mailer-daemon", "postmaster")
_ENCODED_PARAM = re.compile(r'(?:file)?name\s*=\s*"?(=\?[^"]+?\?=)"?', re.IGNORECASE)
_RFC2231_PARAM = re.compile(r"(?:file)?name\*\s*=\s*([^';\s]*)'[^']*'([^;\s]+)", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
)

# Only tags whose rendering cannot fetch anything; images survive only as cid: references.
_TAGS = set(nh3.ALLOWED_TAGS)
_URL_SCHEMES = {"http", "https", "mailto", "cid"}


@dataclass(frozen=True)
class Attachment:
    """One attached file; data is None when a size limit kept it out of storage."""

    filename: str | None
    content_type: str
    size: int
    data: bytes | None
    rejected_reason: str | None = None


@dataclass(frozen=True)
class ParsedEmail:
    """Everything the desk needs from one inbound email, raw bytes always included."""

    message_id: str
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str
    from_address: str | None
    from_name: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    date: datetime | None
    text: str
    html: str | None
    attachments: tuple[Attachment, ...]
    ticket_number: int | None
    is_auto_reply: bool
    is_bounce: bool
    malformed: bool
    problems: tuple[str, ...]
    raw: bytes


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Keep image sources only for cid: parts and links only for web and mail addresses.

    A remote image is a tracking pixel; a cid: image is a part of this same message.
    """
    lowered = value.strip().lower()
    if tag == "img" and attribute == "src":
        return value if lowered.startswith("cid:") else None
    return None if lowered.startswith("cid:") else value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    url_schemes=_URL_SCHEMES,
    url_relative="deny",  # a relative or //host URL would resolve to somewhere remote
    attribute_filter=_attribute_filter,
    link_rel="noopener noreferrer",
)


def sanitize_html(html: str) -> str:
    """Sanitize email HTML so showing it runs nothing and loads nothing remote."""
    return _CLEANER.clean(html)


class _TextExtractor(HTMLParser):
    """Collects visible text, with line breaks where block elements end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text for HTML-only mail, so search and previews work without rendering."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _Headers:
    """Raw header access: the stdlib's decoded views mangle mislabelled Chinese charsets."""

    def __init__(self, message: Message, problems: list[str]) -> None:
        self._items: dict[str, list[str]] = {}
        for name, value in message.raw_items():
            self._items.setdefault(name.lower(), []).append(str(value))
        self._problems = problems

    def raw(self, name: str) -> str | None:
        values = self._items.get(name.lower())
        return values[0] if values else None

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        return None if value is None else decode_header_value(value, self._problems, name)

    def addresses(self, name: str) -> list[tuple[str | None, str]]:
        found: list[tuple[str | None, str]] = []
        for value in self._items.get(name.lower(), []):
            unfolded = " ".join(repair(value, self._problems, name).split())
            for display, address in getaddresses([unfolded]):
                address = address.strip()
                if not address or any(c.isspace() or ord(c) < 32 for c in address):
                    continue
                label = decode_header_value(display, self._problems, name) if display else None
                found.append((label or None, address))
        return found


def _ids(value: str | None) -> list[str]:
    return _MESSAGE_ID.findall(value or "")


def _filename(part: Message, headers: _Headers, problems: list[str]) -> str | None:
    """Decode a filename from raw parameters first, so gb2312 names survive intact."""
    for header in ("content-disposition", "content-type"):
        raw = headers.raw(header) or ""
        raw = " ".join(repair(raw, problems, "filename").split())
        if match := _ENCODED_PARAM.search(raw):
            return decode_header_value(match.group(1), problems, "filename")
        if match := _RFC2231_PARAM.search(raw):
            data = unquote_to_bytes(match.group(2).strip('"'))
            return decode_bytes(data, match.group(1) or None, problems, "filename")
    name = part.get_filename()
    return decode_header_value(str(name), problems, "filename") if name else None


def _payload_bytes(part: Message) -> bytes:
    """Decoded transfer encoding; message/* parts keep their inner messages as bytes."""
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload
    inner = part.get_payload()
    if isinstance(inner, list):
        return b"".join(sub.as_bytes() for sub in inner if isinstance(sub, Message))
    return str(inner or "").encode("utf-8", errors="surrogateescape")


class _Walker:
    """Collects bodies and attachments from one message tree."""

    def __init__(self, max_attachment: int, max_total: int, problems: list[str]) -> None:
        self.text: str | None = None
        self.html: str | None = None
        self.attachments: list[Attachment] = []
        self._kept = 0
        self._max_attachment = max_attachment
        self._max_total = max_total
        self._problems = problems

    def walk(self, part: Message, depth: int = 0) -> None:
        if depth > 50:
            self._problems.append("MIME nesting too deep; inner parts skipped")
            return
        self._problems.extend(f"{type(d).__name__}: {d}" for d in part.defects)
        content_type = part.get_content_type()
        payload = part.get_payload()
        if part.is_multipart() and content_type.startswith("multipart/"):
            for sub in payload if isinstance(payload, list) else []:
                if isinstance(sub, Message):
                    self.walk(sub, depth + 1)
            return
        headers = _Headers(part, self._problems)
        disposition = (part.get_content_disposition() or "").lower()
        filename = _filename(part, headers, self._problems)
        is_body = content_type in {"text/plain", "text/html"} and disposition != "attachment"
        wanted = is_body and (filename is None or disposition == "inline")
        if wanted and self._add_body(part, content_type):
            return
        self._add_attachment(part, content_type, filename)

    def _add_body(self, part: Message, content_type: str) -> bool:
        """Take the first plain and first HTML body; later ones are kept as attachments."""
        if (self.text if content_type == "text/plain" else self.html) is not None:
            return False
        body = decode_bytes(
            _payload_bytes(part), part.get_content_charset(), self._problems, content_type
        )
        if content_type == "text/plain":
            self.text = body
        else:
            self.html = body
        return True

    def _add_attachment(self, part: Message, content_type: str, filename: str | None) -> None:
        data = _payload_bytes(part)
        size = len(data)
        reason: str | None = None
        if size > self._max_attachment:
            reason = f"attachment larger than {self._max_attachment} bytes"
        elif self._kept + size > self._max_total:
            reason = f"attachments together larger than {self._max_total} bytes"
        else:
            self._kept += size
        self.attachments.append(
            Attachment(filename, content_type, size, None if reason else data, reason)
        )


def _is_auto_reply(headers: _Headers, subject: str) -> bool:
    """Auto-replies must not reopen tickets or trigger our own auto-replies (mail loops)."""
    auto_submitted = (headers.raw("auto-submitted") or "").strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return True
    if (headers.raw("precedence") or "").strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return True
    if headers.raw("x-autoreply") is not None or headers.raw("x-autorespond") is not None:
        return True
    return bool(_AUTO_SUBJECT.match(subject))


def _is_bounce(message: Message, from_address: str | None) -> bool:
    local = (from_address or "").split("@", 1)[0].lower()
    if local in _BOUNCE_SENDERS:
        return True
    report_type = str(message.get_param("report-type", "") or "").lower()
    return message.get_content_type() == "multipart/report" and report_type == "delivery-status"


def _date(headers: _Headers, problems: list[str]) -> datetime | None:
    value = headers.text("date")
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        problems.append(f"date: unparseable {value[:80]!r}")
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _generated_id(raw: bytes) -> str:
    """Stable across redelivery, so a message without Message-ID is still stored once."""
    return f"<{hashlib.sha256(raw).hexdigest()}@agentdesk.invalid>"


def _parse(raw: bytes, max_attachment: int, max_total: int, problems: list[str]) -> ParsedEmail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    headers = _Headers(message, problems)
    if not headers.raw("from") and not headers.raw("message-id"):
        problems.append("no From or Message-ID header")
    walker = _Walker(max_attachment, max_total, problems)
    walker.walk(message)
    ids = _ids(headers.raw("message-id"))
    if headers.raw("message-id") and not ids:
        problems.append("message-id: not in <id> form")
    subject = headers.text("subject") or ""
    senders = headers.addresses("from")
    from_name, from_address = senders[0] if senders else (None, None)
    tag = _TICKET_TAG.search(subject)
    html = sanitize_html(walker.html) if walker.html is not None else None
    text = walker.text if walker.text is not None else html_to_text(html or "")
    reply_to = _ids(headers.raw("in-reply-to"))
    return ParsedEmail(
        message_id=ids[0] if ids else _generated_id(raw),
        in_reply_to=reply_to[0] if reply_to else None,
        references=tuple(_ids(headers.raw("references"))),
        subject=subject,
        from_address=from_address,
        from_name=from_name,
        to=tuple(address for _, address in headers.addresses("to")),
        cc=tuple(address for _, address in headers.addresses("cc")),
        date=_date(headers, problems),
        text=text,
        html=html,
        attachments=tuple(walker.attachments),
        ticket_number=int(tag.group(1)) if tag else None,
        is_auto_reply=_is_auto_reply(headers, subject),
        is_bounce=_is_bounce(message, from_address),
        malformed=bool(problems),
        problems=tuple(dict.fromkeys(problems)),
        raw=raw,
    )


def parse_email(
    raw: bytes, *, max_attachment_bytes: int = 10 * MiB, max_total_bytes: int = 25 * MiB
) -> ParsedEmail:
    """Parse inbound mail; bad input yields malformed=True with problems, never an exception.

    The data-safety rule is that mail which cannot be parsed is stored raw and flagged,
    so any failure inside the parser falls back to a record built around the raw bytes.
    """
    raw = bytes(raw)
    problems: list[str] = []
    try:
        return _parse(raw, max_attachment_bytes, max_total_bytes, problems)
    except Exception as error:  # the last line of defence for the never-drop rule
        problems.append(f"parser failed: {type(error).__name__}: {error}")
    return ParsedEmail(
        message_id=_generated_id(raw),
        in_reply_to=None,
        references=(),
        subject="",
        from_address=None,
        from_name=None,
        to=(),
        cc=(),
        date=None,
        text=raw.decode("utf-8", errors="replace"),
        html=None,
        attachments=(),
        ticket_number=None,
        is_auto_reply=False,
        is_bounce=False,
        malformed=True,
        problems=tuple(dict.fromkeys(problems)),
        raw=raw,
    )
