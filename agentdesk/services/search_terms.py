"""The terms text is indexed and searched by: Chinese as overlapping character pairs,
English as stems, digits as they are.

Chinese has no spaces between words, so a word index cannot find 密码 inside 支付密码错误.
Overlapping pairs (支付 付密 密码 码错 错误) can: every two-character word, and every longer
word (as the run of its pairs), is found wherever it stands. English words are reduced to
a simple stem so fail, failed, failing and fails meet. The same function makes the terms
of a document and of a query, so both sides always agree; the database keeps them in a
column of its own (FTS5 on SQLite, tsvector on PostgreSQL), written with the message.
"""

from __future__ import annotations

import re
import unicodedata

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[a-z]+|\d+")
# Longest first, so "failing" loses "ing" and "fails" loses "s".
_SUFFIXES = ("ingly", "edly", "ing", "ied", "ies", "ed", "es", "ly", "s")
_MIN_STEM = 3


def stem(word: str) -> str:
    """fail, failed, failing, fails → fail; transfers → transfer; password stays."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if suffix == "s" and base.endswith("s"):
                return word  # "address", "access": not a plural
            if len(base) > _MIN_STEM and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # "stopped" → "stop"
            return base
    return word


def terms(text: str) -> list[str]:
    """The index terms of `text`, in order, repeats kept (ranking counts them)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    found: list[str] = []
    for run in _RUN.findall(folded):
        if run[0].isdigit():
            found.append(run)
        elif run[0].isascii():
            found.append(stem(run))
        elif len(run) == 1:
            found.append(run)
        else:
            found.extend(run[i : i + 2] for i in range(len(run) - 1))
    return found


def index_text(text: str) -> str:
    """The terms joined by spaces: what the index column holds for a document."""
    return " ".join(terms(text))
