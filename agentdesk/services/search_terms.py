"""The terms text is indexed and searched by: Chinese as overlapping character pairs,
English as stems, digits as they are, and numbers also as 4-digit grams.

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


# Digits written as one number, whatever the formatting: +86 138-0013-8000, (0755) 8888 1234,
# 1,234.50. Letters end a number; so does any other punctuation.
_NUMBER = re.compile(r"\d(?:[\d\s().,+\-]*\d)?")
GRAM = 4  # digits in a phone-fragment gram: the shortest fragment that is looked up
MAX_NUMBER = 32  # digits of one number that get grams; longer runs are not phone numbers
# Between two numbers' grams, so a fragment never matches across them. A letter and one
# digit: terms() never makes it (letters and digits are separate terms), and neither does
# digit_grams() (always a letter and four digits).
GRAM_BREAK = "n0"


def numbers(text: str) -> list[str]:
    """The digit strings of `text` (separators dropped), each at least GRAM digits long."""
    folded = unicodedata.normalize("NFKC", text)
    found = (re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(folded))
    return [digits[:MAX_NUMBER] for digits in found if len(digits) >= GRAM]


def digit_grams(digits: str) -> list[str]:
    """Overlapping 4-digit pieces of one number, as index terms: 13800 → n1380 n3800.

    A phone number is found by any fragment of four or more digits: the fragment's own
    grams stand in a row among the number's grams (a phrase query)."""
    return ["n" + digits[i : i + GRAM] for i in range(len(digits) - GRAM + 1)]


_CODE = re.compile(r"[a-z0-9]+")
MIN_CODE = 6  # shorter codes would meet digit grams ("n" and four digits) and common words


def codes(text: str) -> list[str]:
    """Ids written with letters and digits together, whole: tx20260623a3f9c1, w000123.

    terms() splits them (tx 20260623 a 3 f 9 c 1), which finds the whole id as a phrase
    but makes its beginning an expensive prefix of a one-letter term; kept whole, the
    beginning of an id is a cheap prefix of one rare term (`txn:`)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [
        run
        for run in _CODE.findall(folded)
        if len(run) >= MIN_CODE and not run.isdigit() and not run.isalpha()
    ]


def document_terms(text: str) -> list[str]:
    """Everything a document is indexed by: its terms, then every number's digit grams,
    then its letter-and-digit ids whole."""
    found = terms(text)
    for digits in numbers(text):
        found.append(GRAM_BREAK)
        found.extend(digit_grams(digits))
    found.extend(codes(text))
    return found


def index_text(text: str) -> str:
    """The document's terms joined by spaces: what the SQLite index holds for it."""
    return " ".join(document_terms(text))
