"""Index terms: Chinese words found inside longer words, English words in any form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentdesk.services.search_terms import (
    GRAM_BREAK,
    codes,
    document_terms,
    index_text,
    stem,
    terms,
)


def contains(document: str, query: str) -> bool:
    """What the index will answer: every query term among the document's terms, in a row."""
    wanted, have = terms(query), terms(document)
    n = len(wanted)
    return bool(wanted) and any(have[i : i + n] == wanted for i in range(len(have) - n + 1))


@pytest.mark.parametrize("word", ["密码", "余额", "转账", "支付密码", "密码错误"])
def test_chinese_words_are_found_inside_longer_text(word: str) -> None:
    assert contains("提示支付密码错误，余额不足，转账失败", word)


def test_chinese_pairs_do_not_match_across_unrelated_text() -> None:
    assert not contains("提示支付密码错误", "密错")
    assert terms("转") == ["转"]


@pytest.mark.parametrize(
    ("forms", "root"),
    [
        (("fail", "failed", "failing", "fails"), "fail"),
        (("transfer", "transfers", "transferred", "transferring"), "transfer"),
        (("verify", "verifies", "verified"), "verify"),
        (("stop", "stopped", "stopping"), "stop"),
    ],
)
def test_english_forms_meet(forms: tuple[str, ...], root: str) -> None:
    assert {stem(form) for form in forms} == {root}


def test_words_that_only_look_plural_keep_their_s() -> None:
    assert stem("address") == "address" and stem("access") == "access"


def test_mixed_text_and_digits() -> None:
    assert terms("Payment FAILED 余额不足 TX000123 ¥1,234") == [
        "payment",
        "fail",
        "余额",
        "额不",
        "不足",
        "tx",
        "000123",
        "1",
        "234",
    ]
    assert index_text("转账 failed") == "转账 fail"


@given(st.text(max_size=300))
def test_any_text_gives_clean_terms(text: str) -> None:
    for term in terms(text):
        assert term and " " not in term and term == term.casefold()


def test_ids_of_letters_and_digits_are_also_kept_whole() -> None:
    text = "交易号 TX20260705D89ED2, 钱包 W-000123, code ab12, n12345, 2026 and words"
    assert codes(text) == ["tx20260705d89ed2", "n12345"]
    assert document_terms("TX20260705D89ED2")[-1] == "tx20260705d89ed2"
    # ...and never look like a digit gram (n and four digits) or a plain word.
    grams = {t for t in document_terms("138 0013 8000") if t.startswith("n")} - {GRAM_BREAK}
    assert all(len(g) == 5 for g in grams) and not set(codes("138 0013 8000"))
