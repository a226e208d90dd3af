"""Template files load whole or not at all; every refusal names the file and the template."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

import pytest
from sqlalchemy import func, select

from agentdesk.db.engine import Database
from agentdesk.db.models import Language, Template
from agentdesk.services.template_catalog import (
    PLACEHOLDERS,
    REQUIRED_KEYS,
    Placeholder,
    TemplateCatalog,
    TemplateError,
    TemplateText,
    default_templates_dir,
    load_templates,
    split_body,
)
from agentdesk.services.template_store import store_templates
from agentdesk.services.template_suggestions import KEYWORD_RULES, TEMPLATE_FOR_FAILURE


def entry(
    key: str,
    shortcut: str | None = None,
    *,
    zh: str = "{customer_name}您好",
    en: str = "Hello {customer_name}",
) -> str:
    return f'''
[[template]]
key = "{key}"
category = "general"
shortcut = "{shortcut or key}"

[template.zh]
title = "标题"
body = """{zh}"""

[template.en]
title = "Title"
body = """{en}"""
'''


def folder_with(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    return tmp_path


def refusal(folder: Path) -> str:
    with pytest.raises(TemplateError) as raised:
        load_templates(folder, required=())
    return str(raised.value)


def test_a_valid_folder_loads_in_file_order(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, a=entry("first") + entry("second"), b=entry("third"))
    catalog = load_templates(folder, required=())
    assert [t.key for t in catalog] == ["first", "second", "third"]
    first = catalog.get("first")
    assert first is not None and first.source == "a.toml"
    assert first.text(Language.EN) == TemplateText("Title", "Hello {customer_name}")
    assert first.placeholders == {"customer_name"}
    assert catalog.by_shortcut("third") is catalog.get("third")
    assert "second" in catalog and "fourth" not in catalog and len(catalog) == 3


def test_a_toml_syntax_error_names_file_and_template(tmp_path: Path) -> None:
    broken = entry("fine") + entry("broken").replace('shortcut = "broken"', "shortcut = broken")
    message = refusal(folder_with(tmp_path, password=broken))
    assert message.startswith("password.toml: template 'broken': not valid TOML")
    assert "line" in message


def test_an_unknown_placeholder_is_refused(tmp_path: Path) -> None:
    message = refusal(folder_with(tmp_path, bad=entry("balance", en="You have {balance}")))
    assert message.startswith("bad.toml: template 'balance' [en] body: unknown placeholder")
    assert "{balance}" in message and "customer_name" in message


def test_a_missing_language_is_refused(tmp_path: Path) -> None:
    text = entry("hello").split("[template.en]")[0]
    message = refusal(folder_with(tmp_path, bad=text))
    assert message.startswith("bad.toml: template 'hello': missing language 'en'")


def test_a_duplicate_shortcut_across_files_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, a=entry("one", "hi"), b=entry("two", "hi"))
    message = refusal(folder)
    assert message.startswith("b.toml: template 'two': duplicate shortcut 'hi'")
    assert "'one' in a.toml" in message


def test_a_duplicate_key_across_files_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, a=entry("same", "one"), b=entry("same", "two"))
    assert refusal(folder) == "b.toml: template 'same': duplicate key (also in a.toml)"


@pytest.mark.parametrize("field", ["key", "category", "shortcut"])
def test_a_missing_field_is_refused(tmp_path: Path, field: str) -> None:
    text = "\n".join(
        line for line in entry("hello").splitlines() if not line.startswith(f"{field} =")
    )
    message = refusal(folder_with(tmp_path, bad=text))
    where = "bad.toml: template #1" if field == "key" else "bad.toml: template 'hello'"
    assert message == f"{where}: missing field {field!r}"


def test_a_missing_title_or_body_is_refused(tmp_path: Path) -> None:
    text = entry("hello").replace('title = "Title"\n', "")
    assert refusal(folder_with(tmp_path, bad=text)) == (
        "bad.toml: template 'hello' [en]: missing field 'title'"
    )


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ("Hello {customer_name", "unbalanced '{' on line 1"),
        ("Hello }customer_name", "unbalanced '}' on line 1"),
        ("Hello\n{customer name}", "malformed placeholder '{customer name}' on line 2"),
        ("Hello {Customer_Name}", "malformed placeholder"),
        ("Hello {}", "malformed placeholder '{}'"),
        ("Hello {customer_name:>10}", "malformed placeholder"),
    ],
)
def test_malformed_placeholder_syntax_is_refused(tmp_path: Path, body: str, complaint: str) -> None:
    message = refusal(folder_with(tmp_path, bad=entry("hello", zh=body)))
    assert message.startswith("bad.toml: template 'hello' [zh] body: ")
    assert complaint in message


def test_both_languages_must_use_the_same_placeholders(tmp_path: Path) -> None:
    text = entry("hello", en="Hello {customer_name}, I am {agent_name}")
    message = refusal(folder_with(tmp_path, bad=text))
    assert message == (
        "bad.toml: template 'hello': zh and en must use the same placeholders; "
        "{agent_name} is only in en"
    )


def test_unknown_fields_and_braces_in_titles_are_refused(tmp_path: Path) -> None:
    typo = entry("hello").replace('category = "general"', 'category = "general"\nshortcat = "x"')
    assert refusal(folder_with(tmp_path, bad=typo)) == (
        "bad.toml: template 'hello': unknown field or language 'shortcat'"
    )
    braces = entry("hello").replace('title = "Title"', 'title = "Dear {customer_name}"')
    assert refusal(folder_with(tmp_path, bad=braces)) == (
        "bad.toml: template 'hello' [en]: a title is plain text, without braces or placeholders"
    )


def test_an_empty_or_absent_folder_is_refused(tmp_path: Path) -> None:
    assert "no template files" in refusal(tmp_path)
    assert "no such folder" in refusal(tmp_path / "nowhere")
    assert refusal(folder_with(tmp_path, empty="# nothing yet\n")) == (
        "empty.toml: no [[template]] entries"
    )


def test_the_keys_the_desk_relies_on_are_required(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, a=entry("greeting"))
    with pytest.raises(TemplateError, match="missing template 'txn_insufficient_balance'"):
        load_templates(folder)


def test_doubled_braces_are_literal() -> None:
    assert split_body("{{x}} {amount} }}") == ("{x} ", Placeholder("amount"), " }")
    assert split_body("{{{amount}}}") == ("{", Placeholder("amount"), "}")


def test_the_shipped_templates_load_cleanly() -> None:
    catalog = load_templates()
    assert load_templates(default_templates_dir()) == catalog
    keys = {template.key for template in catalog}
    assert set(REQUIRED_KEYS) <= keys
    assert set(TEMPLATE_FOR_FAILURE.values()) <= keys
    assert set(KEYWORD_RULES) <= keys, "a keyword rule points at no template"
    for template in catalog:
        assert set(template.texts) == {Language.ZH, Language.EN}
        assert template.placeholders <= set(PLACEHOLDERS)
    security = {t.key for t in catalog if t.category == "security"}
    assert {
        "security_strong_password",
        "security_two_step",
        "security_change_password",
        "security_public_wifi",
        "security_review_transactions",
    } <= security
    contact = catalog.get("contact_channels_hours")
    assert contact is not None
    for language in Language:
        assert "08:00" in contact.text(language).body and "24" in contact.text(language).body
    password = catalog.get("password_reset")
    assert password is not None and "忘记密码?" in password.text(Language.ZH).body


def _count(database: Database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Template)) or 0


def test_storing_the_catalog_is_idempotent_and_mirrors_the_files(any_db: Database) -> None:
    catalog = load_templates()
    with any_db.write() as session:
        assert store_templates(session, catalog) == 2 * len(catalog)
    with any_db.write() as session:
        assert store_templates(session, catalog) == 0
    assert _count(any_db) == 2 * len(catalog)

    greeting = catalog.get("greeting")
    assert greeting is not None
    retitled = dataclasses.replace(
        greeting,
        texts=MappingProxyType(
            {
                **greeting.texts,
                Language.EN: TemplateText("Hi there", greeting.texts[Language.EN].body),
            }
        ),
    )
    edited = TemplateCatalog(
        tuple(retitled if t.key == "greeting" else t for t in catalog if t.key != "closing")
    )
    with any_db.write() as session:
        assert store_templates(session, edited) == 1 + 2  # one title, two rows of "closing"
    with any_db.read() as session:
        row = session.scalar(
            select(Template).where(Template.key == "greeting", Template.language == Language.EN)
        )
        assert row is not None and row.title == "Hi there" and row.shortcut == "hi"
    assert _count(any_db) == 2 * (len(catalog) - 1)
