"""TemplateModel and TemplateFilter: Qt's model rules, and fuzzy ranking in English and Chinese."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.ui.composer.fuzzy_match import fold, fuzzy_score
from agentdesk.ui.composer.template_filter import TemplateFilter
from agentdesk.ui.composer.template_model import TemplateModel, TemplateRole
from tests.ui.composer.catalog import catalog_templates, template


@pytest.fixture
def templates() -> TemplateModel:
    model = TemplateModel()
    model.set_templates(catalog_templates())
    return model


@pytest.fixture
def search(templates: TemplateModel) -> TemplateFilter:
    found = TemplateFilter()
    found.setSourceModel(templates)
    return found


def ranked(search: TemplateFilter, pattern: str) -> list[tuple[str, str]]:
    search.set_pattern(pattern)
    return [
        (
            search.index(row, 0).data(TemplateRole.Key),
            search.index(row, 0).data(TemplateRole.Language),
        )
        for row in range(search.rowCount())
    ]


def test_model_rows_and_roles(qtmodeltester: ModelTester, templates: TemplateModel) -> None:
    qtmodeltester.check(templates)  # type: ignore[no-untyped-call]
    row = templates.row_of("password_reset", "zh")
    index = templates.index(row)
    assert index.data() == "重置登录密码 · /pwreset · zh"
    assert index.data(TemplateRole.Shortcut) == "pwreset"
    assert index.data(TemplateRole.Language) == "zh"
    assert index.data(TemplateRole.Template)["key"] == "password_reset"
    assert "{customer_name}" in index.data(TemplateRole.Body)
    assert templates.title_of("password_reset", "en") == "Reset the login password"
    assert templates.title_of("password_reset", "fr") in {
        "重置登录密码",
        "Reset the login password",
    }
    assert templates.title_of("nothing", "en") is None
    assert sorted(templates.languages_of("greeting")) == ["en", "zh"]


def test_set_templates_replaces_and_keeps_one_per_language(qtmodeltester: ModelTester) -> None:
    model = TemplateModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    first = template("hi", "en", "Hi", "hi", "Hello {customer_name}")
    model.set_templates([first, template("hi", "en", "Hello", "hi", "Hi"), first])
    assert model.rowCount() == 1
    assert model.template_at(0) == first
    assert model.template_at(5) is None


def test_filter_passes_the_model_tester(qtmodeltester: ModelTester, search: TemplateFilter) -> None:
    qtmodeltester.check(search)  # type: ignore[no-untyped-call]
    search.set_pattern("pwr")
    search.set_pattern("")
    search.set_pattern("余额")
    search.set_pattern("no such template anywhere")
    assert search.rowCount() == 0


def test_pwr_finds_password_reset_by_its_shortcut(search: TemplateFilter) -> None:
    found = ranked(search, "pwr")
    assert {key for key, _ in found[:2]} == {"password_reset"}


def test_chinese_words_find_the_insufficient_balance_template(search: TemplateFilter) -> None:
    found = ranked(search, "余额")
    assert found[0] == ("txn_insufficient_balance", "zh")
    # The English version follows, found by its Chinese title.
    assert found[1] == ("txn_insufficient_balance", "en")


def test_english_title_words_and_a_leading_slash(search: TemplateFilter) -> None:
    assert ranked(search, "insufficient")[0][0] == "txn_insufficient_balance"
    assert ranked(search, "/hi")[0][0] == "greeting"
    assert ranked(search, "reset pass")[0] == ("password_reset", "en")
    assert ranked(search, "GREETING")[0] == ("greeting", "en")


def test_every_word_must_match(search: TemplateFilter) -> None:
    assert ranked(search, "greeting zzzz") == []


def test_empty_pattern_keeps_every_template_in_order(
    search: TemplateFilter, templates: TemplateModel
) -> None:
    found = ranked(search, "")
    assert len(found) == templates.rowCount()
    assert found[0] == ("greeting", "zh")


def test_preferred_language_wins_ties(search: TemplateFilter) -> None:
    search.set_preferred_language("en")
    assert ranked(search, "pwr")[0] == ("password_reset", "en")
    assert ranked(search, "")[0] == ("greeting", "en")
    search.set_preferred_language("zh")
    assert ranked(search, "pwr")[0] == ("password_reset", "zh")


def test_new_templates_are_searched(
    qtbot: QtBot, search: TemplateFilter, templates: TemplateModel
) -> None:
    templates.set_templates(
        [template("refund", "en", "Refund timeline", "refund", "Refunds take 3 days.")]
    )
    assert ranked(search, "rft") == [("refund", "en")]
    assert ranked(search, "pwr") == []


def test_runs_and_word_starts_score_higher() -> None:
    assert (fuzzy_score("pwr", "pwreset") or 0) > (fuzzy_score("pwr", "password") or 0)
    assert (fuzzy_score("余额", "交易失败：余额不足") or 0) > (
        fuzzy_score("余额", "余下的金额") or 0
    )
    assert (fuzzy_score("lp", "login password") or 0) > (fuzzy_score("lp", "help") or 0)
    assert fuzzy_score("xyz", "password") is None
    assert fuzzy_score("", "anything") == 0
    assert fuzzy_score("ab", "a" + "-" * 50 + "b", max_span=10) is None
    assert fuzzy_score("ab", "a" + "-" * 50 + "ab", max_span=10) is not None


@given(st.text(max_size=8), st.text(max_size=60))
def test_a_match_means_a_subsequence(pattern: str, text: str) -> None:
    pattern, text = fold(pattern), fold(text)
    characters = iter(text)
    is_subsequence = all(character in characters for character in pattern)
    assert (fuzzy_score(pattern, text) is not None) == is_subsequence
