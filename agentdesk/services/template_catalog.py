"""The canned-response catalog: reading the TOML files, refusing any that could send a mistake.

A support manager edits `resources/templates/*.toml`; each `[[template]]` has a `key`, a
`category`, a `shortcut` and a `[template.zh]` and a `[template.en]` table with `title` and
`body`. A body names what the desk fills in as `{placeholder}`, from the fixed set in
`PLACEHOLDERS`; `{{` and `}}` stand for literal braces, and a lone `{` or `}` is an error.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from agentdesk.db.models import Language

# The one list of what a body may ask for; `template_rendering.render_context` fills them.
PLACEHOLDERS: Mapping[str, str] = MappingProxyType(
    {
        "customer_name": "the customer's name",
        "agent_name": "the replying agent's display name",
        "ticket_id": "the conversation's number, e.g. #1234",
        "account_number_masked": "the wallet account number, last four digits only",
        "transaction_id": "the transaction's reference, as the customer sees it",
        "amount": "the transaction's amount with its currency, in the customer's locale",
        "transaction_time": "when the transaction was made, in Beijing time",
        "counterparty": "who the transaction was to or from",
        "failure_reason": "why the transaction failed, in words, in the customer's language",
    }
)
LANGUAGES = (Language.ZH, Language.EN)
# Keys the desk picks by name (one per transaction failure code, and the opening line): a
# folder without them would quietly stop suggesting the most common answers.
REQUIRED_KEYS = (
    "greeting",
    "txn_insufficient_balance",
    "txn_wrong_payment_password",
    "txn_network_error",
    "txn_security_limit",
    "txn_other_escalate",
)
REQUIRED_FIELDS = ("key", "category", "shortcut")
TEXT_FIELDS = ("title", "body")
_KEY = re.compile(r"[a-z][a-z0-9_]{0,79}")
_SHORTCUT = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_CATEGORY = re.compile(r"[a-z][a-z0-9_]{0,39}")
_TITLE_LENGTH = 200
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_KEY_LINE = re.compile(r"""^\s*key\s*=\s*["']([^"']*)["']""")


class TemplateError(ValueError):
    """A template file that must be fixed; the message names the file and the template."""


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str


Segment = str | Placeholder


@dataclass(frozen=True, slots=True)
class TemplateText:
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class CannedResponse:
    """One template in both languages; `placeholders` are those its bodies use."""

    key: str
    category: str
    shortcut: str
    texts: Mapping[Language, TemplateText]
    placeholders: frozenset[str]
    source: str  # the file it came from, for messages

    def text(self, language: Language) -> TemplateText:
        return self.texts[language]


@dataclass(frozen=True, slots=True)
class TemplateCatalog:
    """Every canned response, in file order, found by key or by shortcut."""

    templates: tuple[CannedResponse, ...]
    _by_key: Mapping[str, CannedResponse] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = MappingProxyType({template.key: template for template in self.templates})
        object.__setattr__(self, "_by_key", by_key)

    def __len__(self) -> int:
        return len(self.templates)

    def __iter__(self) -> Iterator[CannedResponse]:
        return iter(self.templates)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def get(self, key: str) -> CannedResponse | None:
        return self._by_key.get(key)

    def by_shortcut(self, shortcut: str) -> CannedResponse | None:
        return next((t for t in self.templates if t.shortcut == shortcut), None)


def default_templates_dir() -> Path:
    """`resources/templates/` of the repository; the package is installed editable."""
    return Path(__file__).resolve().parents[2] / "resources" / "templates"


def split_body(text: str, where: str = "template") -> tuple[Segment, ...]:
    """Literal text and placeholders, in order: the single definition of the syntax, so
    what the loader accepts is exactly what `render` fills."""
    segments: list[Segment] = []
    literal: list[str] = []
    position = 0
    for token in _TOKEN.finditer(text):
        literal.append(text[position : token.start()])
        position = token.end()
        matched = token.group(0)
        if matched in ("{{", "}}"):
            literal.append(matched[0])
            continue
        line = text.count("\n", 0, token.start()) + 1
        if token.group(1) is None:
            raise TemplateError(
                f"{where}: unbalanced {matched!r} on line {line}; "
                "write {{ or }} for a literal brace"
            )
        name = token.group(1)
        if not _NAME.fullmatch(name):
            raise TemplateError(
                f"{where}: malformed placeholder {matched!r} on line {line}; "
                "a placeholder is {name} in lower case"
            )
        if name not in PLACEHOLDERS:
            raise TemplateError(
                f"{where}: unknown placeholder {matched} on line {line}; "
                f"allowed: {', '.join(PLACEHOLDERS)}"
            )
        segments.extend(["".join(literal), Placeholder(name)])
        literal = []
    literal.append(text[position:])
    segments.append("".join(literal))
    return tuple(segment for segment in segments if segment != "")


def placeholders_in(text: str, where: str = "template") -> frozenset[str]:
    return frozenset(s.name for s in split_body(text, where) if isinstance(s, Placeholder))


def load_templates(
    folder: Path | None = None, *, required: Collection[str] = REQUIRED_KEYS
) -> TemplateCatalog:
    """Read every `*.toml` in `folder` (default: `default_templates_dir()`). All or
    nothing: the first problem raises TemplateError naming the file and the template, or
    the folder when a `required` key is in no file."""
    folder = default_templates_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        raise TemplateError(f"{folder}: no such folder of templates")
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise TemplateError(f"{folder}: no template files (*.toml)")
    templates: list[CannedResponse] = []
    key_files: dict[str, str] = {}
    shortcut_owners: dict[str, str] = {}
    for path in files:
        for template in _read_file(path):
            where = f"{path.name}: template {template.key!r}"
            if template.key in key_files:
                raise TemplateError(f"{where}: duplicate key (also in {key_files[template.key]})")
            owner = shortcut_owners.get(template.shortcut)
            if owner is not None:
                raise TemplateError(
                    f"{where}: duplicate shortcut {template.shortcut!r} (also used by {owner})"
                )
            key_files[template.key] = path.name
            shortcut_owners[template.shortcut] = f"{template.key!r} in {path.name}"
            templates.append(template)
    absent = [key for key in required if key not in key_files]
    if absent:
        raise TemplateError(f"{folder}: missing template {absent[0]!r}, which the desk relies on")
    return TemplateCatalog(tuple(templates))


def _read_file(path: Path) -> list[CannedResponse]:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path.name}: not UTF-8 text ({exc.reason})") from exc
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        near = _template_near(text, str(exc))
        where = f"{path.name}: template {near!r}" if near else path.name
        raise TemplateError(f"{where}: not valid TOML: {exc}") from exc
    unexpected = sorted(set(document) - {"template"})
    if unexpected:
        raise TemplateError(f"{path.name}: unknown table {unexpected[0]!r}; use [[template]]")
    entries = document.get("template")
    if not isinstance(entries, list) or not entries:
        raise TemplateError(f"{path.name}: no [[template]] entries")
    return [_parse(entry, path.name, index) for index, entry in enumerate(entries, 1)]


def _template_near(text: str, error: str) -> str | None:
    """The key of the `[[template]]` a TOML error's line falls in, so the message can
    point a manager at it; None when the parser gave no line."""
    found = re.search(r"at line (\d+)", error)
    if found is None:
        return None
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines[: int(found.group(1))]) if "[[template]]" in line]
    if not headers:
        return None
    for line in lines[headers[-1] + 1 :]:
        if "[[template]]" in line:
            break
        key = _KEY_LINE.match(line)
        if key:
            return key.group(1)
    return None


def _parse(entry: Any, source: str, index: int) -> CannedResponse:
    key = entry.get("key") if isinstance(entry, dict) else None
    where = (
        f"{source}: template {key!r}" if isinstance(key, str) else f"{source}: template #{index}"
    )
    if not isinstance(entry, dict):
        raise TemplateError(f"{where}: not a table; write [[template]]")
    for name in REQUIRED_FIELDS:
        value = entry.get(name)
        if value is None:
            raise TemplateError(f"{where}: missing field {name!r}")
        if not isinstance(value, str) or not value.strip():
            raise TemplateError(f"{where}: field {name!r} must be non-empty text")
    if not _KEY.fullmatch(entry["key"]):
        raise TemplateError(f"{where}: a key is up to 80 lower-case letters, digits and _")
    if not _SHORTCUT.fullmatch(entry["shortcut"]):
        raise TemplateError(f"{where}: a shortcut is up to 40 lower-case letters, digits, - and _")
    if not _CATEGORY.fullmatch(entry["category"]):
        raise TemplateError(f"{where}: a category is up to 40 lower-case letters, digits and _")
    unexpected = sorted(set(entry) - {*REQUIRED_FIELDS, *(lang.value for lang in LANGUAGES)})
    if unexpected:
        raise TemplateError(f"{where}: unknown field or language {unexpected[0]!r}")
    texts = {language: _text(entry.get(language.value), where, language) for language in LANGUAGES}
    used = {
        language: placeholders_in(texts[language].body, f"{where} [{language}] body")
        for language in LANGUAGES
    }
    zh, en = used[Language.ZH], used[Language.EN]
    if zh != en:
        only = sorted(zh - en) or sorted(en - zh)
        side = "zh" if zh - en else "en"
        raise TemplateError(
            f"{where}: zh and en must use the same placeholders; {{{only[0]}}} is only in {side}"
        )
    return CannedResponse(
        key=entry["key"],
        category=entry["category"],
        shortcut=entry["shortcut"],
        texts=MappingProxyType(texts),
        placeholders=zh,
        source=source,
    )


def _text(section: Any, template: str, language: Language) -> TemplateText:
    if section is None:
        raise TemplateError(
            f"{template}: missing language {language.value!r} "
            f"(add [template.{language.value}] with title and body)"
        )
    where = f"{template} [{language}]"
    if not isinstance(section, dict):
        raise TemplateError(f"{where}: must be a table with title and body")
    unexpected = sorted(set(section) - set(TEXT_FIELDS))
    if unexpected:
        raise TemplateError(f"{where}: unknown field {unexpected[0]!r}")
    for name in TEXT_FIELDS:
        value = section.get(name)
        if value is None:
            raise TemplateError(f"{where}: missing field {name!r}")
        if not isinstance(value, str) or not value.strip():
            raise TemplateError(f"{where}: field {name!r} must be non-empty text")
    title = " ".join(section["title"].split())
    if "{" in title or "}" in title:
        raise TemplateError(f"{where}: a title is plain text, without braces or placeholders")
    if len(title) > _TITLE_LENGTH:
        raise TemplateError(f"{where}: a title is at most {_TITLE_LENGTH} characters")
    return TemplateText(title=title, body=section["body"].strip())
