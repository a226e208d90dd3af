"""Masked account numbers, phones and emails keep what identifies a line, never whose it is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentdesk.services.masking import mask_account_number, mask_email, mask_phone


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("6222020200112233445", "**** **** 3445"),
        ("6222 0202 0011 2233 445", "**** **** 3445"),
        ("12345", "**** **** 2345"),
        ("1234", "****"),
        ("", "****"),
    ],
)
def test_an_account_number_keeps_its_last_four_digits(number: str, masked: str) -> None:
    assert mask_account_number(number) == masked


@given(st.text(alphabet="0123456789", min_size=5, max_size=32))
def test_a_masked_account_number_shows_four_digits_only(number: str) -> None:
    masked = mask_account_number(number)
    assert masked.endswith(number[-4:])
    assert sum(ch.isdigit() for ch in masked) == 4


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+8613800138000", "+86 138****8000"),
        ("+86 138 0013 8000", "+86 138****8000"),
        ("+862161234567", "+86 216***4567"),
        ("+14155552671", "+1 415***2671"),
        ("13800138000", "138****8000"),
        ("+85212345678", "+852 ****5678"),
        ("+86123", "+86 ****"),
        ("", "****"),
    ],
)
def test_a_phone_keeps_country_prefix_and_last_digits(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


@given(st.from_regex(r"\+86 ?1[3-9][0-9]{9}", fullmatch=True))
def test_a_masked_mobile_never_shows_the_middle_digits(number: str) -> None:
    digits = number.replace(" ", "").removeprefix("+86")
    masked = mask_phone(number)
    assert digits not in masked.replace(" ", "")
    assert masked.endswith(digits[-4:]) and "****" in masked


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("xiaoming@example.cn", "x***@example.cn"),
        ("a@example.cn", "***@example.cn"),
        ("not-an-address", "***"),
        ("@example.cn", "***"),
    ],
)
def test_an_email_keeps_its_domain(address: str, masked: str) -> None:
    assert mask_email(address) == masked
