"""The search box's syntax: words, phrases, phone fragments, filters, and hostile text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentdesk.services.search_query import SearchSyntaxError, parse_query


def test_words_phrases_and_filters() -> None:
    query = parse_query(
        '转账 失败 channel:email status:open after:2026-11-01 before:2026-11-20 "payment password"'
    )
    assert query.words == ["转账", "失败"]
    assert query.phrases == ["payment password"]
    assert (query.channel, query.status) == ("email", "open")
    assert (query.after, query.before) == (date(2026, 11, 1), date(2026, 11, 20))


def test_agent_transaction_and_amount_filters() -> None:
    query = parse_query("agent:agent.wang txn:tx000000012345 amount:¥1,234.50")
    assert query.agent == "agent.wang"
    assert query.txn == "TX000000012345"
    assert query.amount == Decimal("1234.50")
    assert not query.has_text and not query.is_empty


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [("138-0013", "1380013"), ("+86 138", None), ("(0755) 8888", None), ("8000", "8000")],
)
def test_phone_fragments_are_digits_however_written(typed: str, fragment: str | None) -> None:
    query = parse_query(f'"{typed}"' if " " in typed else typed)
    digits = "".join(ch for ch in typed if ch.isdigit())
    assert query.phone_fragments == [fragment or digits]
    assert query.words == [] and query.phrases == []


def test_full_width_and_case_are_folded() -> None:
    query = parse_query("ＦＡＩＬＥＤ Channel:EMAIL")
    assert query.words == ["failed"] and query.channel == "email"


@pytest.mark.parametrize(
    "hostile",
    [
        "' OR 1=1 --",
        '"unbalanced quote',
        "NEAR(密码 余额) AND NOT *",
        "column:secret ^boost {a b} (c)",
        "'; DROP TABLE messages; --",
        "http://example.com/a:b",
    ],
)
def test_hostile_queries_are_only_text(hostile: str) -> None:
    query = parse_query(hostile)
    assert query.channel is None and query.status is None and query.txn is None
    assert query.has_text


def test_only_quotes_is_an_empty_search_not_an_error() -> None:
    assert parse_query('"" "').is_empty


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("channel:fax", "channel: is one of"),
        ("status:closed", "status: is one of"),
        ("before:yesterday", "before: expects a day"),
        ("amount:lots", "amount: expects an amount"),
        ("amount:-5", "amount: expects an amount"),
        ("txn:'", "txn: expects a transaction id"),
        ("after:2026-11-20 before:2026-11-01", "after: must be a day before"),
    ],
)
def test_a_filter_that_cannot_mean_anything_says_what_would(typed: str, message: str) -> None:
    with pytest.raises(SearchSyntaxError, match=message):
        parse_query(typed)


@given(st.text(max_size=600))
def test_any_text_parses_or_is_refused_with_a_message(raw: str) -> None:
    try:
        query = parse_query(raw)
    except SearchSyntaxError as error:
        assert str(error)
        return
    assert len(query.words) + len(query.phrases) <= 20
    assert all(piece.strip() for piece in query.words + query.phrases)
