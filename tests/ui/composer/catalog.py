"""TemplateOut dicts as `templates.list` sends them: the real catalog, or a few made up."""

from __future__ import annotations

from typing import Any

from agentdesk.protocol.payloads import TemplateOut
from agentdesk.services.template_catalog import LANGUAGES, load_templates


def catalog_templates() -> list[dict[str, Any]]:
    """Every template of `resources/templates`, in both languages, in wire form."""
    return [
        TemplateOut(
            key=template.key,
            language=language.value,
            title=template.text(language).title,
            category=template.category,
            shortcut=template.shortcut,
            body=template.text(language).body,
        ).model_dump(mode="json")
        for template in load_templates()
        for language in LANGUAGES
    ]


def template(key: str, language: str, title: str, shortcut: str, body: str) -> dict[str, Any]:
    return TemplateOut(
        key=key, language=language, title=title, category="general", shortcut=shortcut, body=body
    ).model_dump(mode="json")
