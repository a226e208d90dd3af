"""What an agent types into the search box, understood: words, phrases and filters.

`转账 失败 channel:email after:2026-11-01 "payment password"` is two words, one phrase and
two filters. The parser never fails on free text: quotes that do not close, FTS operators,
SQL fragments and punctuation are only text to look for, and the search layer binds every
piece as a parameter. Only a filter whose value cannot mean anything (`before:yesterday`,
`channel:fax`) is an error, with a message that says what would be understood.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

CHANNELS = ("chat", "email", "phone", "social", "feedback")
STATUSES = ("open", "pending", "snoozed", "resolved")
FIELDS = ("channel", "agent", "status", "before", "after", "txn", "amount")
MAX_QUERY = 500  # characters; a longer query is cut, not refused
MAX_PIECES = 20  # words and phrases; more say nothing a search can use
PHONE_FRAGMENT = 4  # digits: the shortest run of a phone number that is looked up

_PIECE = re.compile(r'"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)|(?P<stray>")')
_FIELD = re.compile(rf"^(?P<name>{'|'.join(FIELDS)}):(?P<value>.*)$", re.IGNORECASE)
_DIGITS_ONLY = re.compile(r"^[\d\s()+\-.]+$")


class SearchSyntaxError(ValueError):
    """A filter the search cannot use; the message is shown to the agent as it is."""


@dataclass
class SearchQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    phone_fragments: list[str] = field(default_factory=list)
    channel: str | None = None
    agent: str | None = None
    status: str | None = None
    before: date | None = None
    after: date | None = None
    txn: str | None = None
    amount: Decimal | None = None

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases or self.phone_fragments)

    @property
    def is_empty(self) -> bool:
        filters = (self.channel, self.agent, self.status, self.before, self.after)
        return (
            not self.has_text
            and self.txn is None
            and self.amount is None
            and all(value is None for value in filters)
        )


def normalize_text(text: str) -> str:
    """Full-width forms folded (Ｅｍａｉｌ → email), case folded, control characters out."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] != "C" or ch in "\t ")


def parse_query(raw: str) -> SearchQuery:
    """Words, phrases, phone fragments and filters of one search box entry."""
    query = SearchQuery()
    text = normalize_text(raw[:MAX_QUERY])
    number: list[str] = []  # a phone number typed in groups: 138 0013 8000

    def end_number() -> None:
        if number:
            _add_text(query, " ".join(number), phrase=False)
            number.clear()

    for match in _PIECE.finditer(text):
        if match.group("phrase") is not None:
            end_number()
            phrase = " ".join(match.group("phrase").split())
            if phrase:
                _add_text(query, phrase, phrase=True)
            continue
        piece = match.group("word") or match.group("stray") or ""
        if _DIGITS_ONLY.match(piece) and any(ch.isdigit() for ch in piece):
            number.append(piece)
            continue
        end_number()
        found = _FIELD.match(piece)
        if found is not None and found.group("value"):
            _set_filter(query, found.group("name").lower(), found.group("value"))
        else:
            _add_text(query, piece, phrase=False)
    end_number()
    query.words = query.words[:MAX_PIECES]
    query.phrases = query.phrases[: MAX_PIECES - len(query.words)]
    if query.before is not None and query.after is not None and query.after >= query.before:
        raise SearchSyntaxError("after: must be a day before before:")
    return query


def _add_text(query: SearchQuery, text: str, *, phrase: bool) -> None:
    digits = re.sub(r"\D", "", text)
    if _DIGITS_ONLY.match(text) and len(digits) >= PHONE_FRAGMENT:
        # 138-0013, (0755) 8888 and +86 138 all look up the digits, however written.
        query.phone_fragments.append(digits)
        return
    cleaned = text.strip("'\"`")
    if not cleaned.strip():
        return
    (query.phrases if phrase else query.words).append(cleaned)


def _set_filter(query: SearchQuery, name: str, value: str) -> None:
    if name == "channel":
        if value not in CHANNELS:
            raise SearchSyntaxError(f"channel: is one of {', '.join(CHANNELS)}")
        query.channel = value
    elif name == "status":
        if value not in STATUSES:
            raise SearchSyntaxError(f"status: is one of {', '.join(STATUSES)}")
        query.status = value
    elif name == "agent":
        query.agent = value[:64]
    elif name in ("before", "after"):
        try:
            day = date.fromisoformat(value)
        except ValueError as exc:
            raise SearchSyntaxError(f"{name}: expects a day like 2026-11-01") from exc
        setattr(query, name, day)
    elif name == "txn":
        if not re.fullmatch(r"[0-9a-z\-]{4,40}", value):
            raise SearchSyntaxError("txn: expects a transaction id like TX000000012345")
        query.txn = value.upper()
    elif name == "amount":
        try:
            amount = Decimal(value.replace(",", "").lstrip("¥$€"))
        except InvalidOperation as exc:
            raise SearchSyntaxError("amount: expects an amount like 1234.50") from exc
        if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -4:  # type: ignore[operator]
            raise SearchSyntaxError("amount: expects an amount like 1234.50")
        query.amount = amount
