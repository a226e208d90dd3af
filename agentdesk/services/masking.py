"""Masking of phone numbers, emails and account numbers in everything an agent is shown."""

from __future__ import annotations

import phonenumbers

HIDDEN = "****"


def mask_account_number(number: str) -> str:
    """`6222 0202 0011 2233 445` → `**** **** 3445`.

    The last four digits are what customers quote to tell their accounts apart; a number
    of four characters or fewer is hidden whole, since its "last four" would be all of it.
    """
    compact = "".join(number.split())
    if len(compact) <= 4:
        return HIDDEN
    return f"{HIDDEN} {HIDDEN} {compact[-4:]}"


def mask_phone(number: str) -> str:
    """`+8613800138000` → `+86 138****8000`, the form Chinese receipts and SMS use.

    The country code and the operator prefix say which line it is without saying whose;
    a short national number keeps only its last digits, so at most half is ever shown.
    """
    compact = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    country, national = _split_country(compact)
    digits = national.lstrip("+")
    if len(digits) <= 4:
        return f"{country} {HIDDEN}".strip()
    head = 3 if len(digits) >= 10 else 0
    tail = 4 if len(digits) >= 8 else 2
    masked = digits[:head] + "*" * (len(digits) - head - tail) + digits[-tail:]
    return f"{country} {masked}".strip()


def _split_country(compact: str) -> tuple[str, str]:
    """`+8613800138000` → (`+86`, `13800138000`); a number without `+` has no country."""
    if not compact.startswith("+"):
        return "", compact
    try:
        parsed = phonenumbers.parse(compact, None)
    except phonenumbers.NumberParseException:
        return "+", compact[1:]
    country = str(parsed.country_code)
    return f"+{country}", compact[1 + len(country) :]


def mask_email(address: str) -> str:
    """`xiaoming@example.cn` → `x***@example.cn`: the domain helps, the mailbox stays private."""
    local, at, domain = address.strip().partition("@")
    if not at or not local or not domain:
        return "***"
    first = local[0] if len(local) > 1 else ""
    return f"{first}***@{domain}"
