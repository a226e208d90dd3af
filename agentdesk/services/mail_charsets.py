"""Charset decoding for inbound email that tolerates mislabelled Chinese charsets."""

from __future__ import annotations

import codecs
import re
from email.header import decode_header

# Mail clients label GBK text as "gb2312"; gb18030 is a strict superset of both, so decoding
# with it never loses a character that the sender's client could have produced.
_ALIASES = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "big5": "big5hkscs",  # Hong Kong senders mix HKSCS characters into "big5" text
    "x-big5": "big5hkscs",
    "us-ascii": "utf-8",  # 8-bit bytes under an ascii label are nearly always UTF-8
    "ascii": "utf-8",
    "unknown-8bit": "utf-8",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_FOLD = re.compile(r"\r?\n(?=[ \t])")


def _codec(charset: str | None) -> str | None:
    """Map a declared charset to a Python codec, or None when Python does not know it."""
    if not charset:
        return None
    name = charset.strip().strip('"').lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def decode_bytes(data: bytes, charset: str | None, problems: list[str], where: str) -> str:
    """Decode with the declared charset, then gb18030, then lossy UTF-8, noting any fallback.

    Mail must never be dropped because a sender lied about its encoding, so the last
    step always succeeds; the problem note lets an agent know the text may be damaged.
    """
    declared = _codec(charset)
    candidates = [declared] if declared else ["utf-8"]
    if charset and declared is None:
        problems.append(f"{where}: unknown charset {charset!r}")
    for fallback in ("gb18030", "utf-8"):
        if fallback not in candidates:
            candidates.append(fallback)
    for index, codec in enumerate(candidates):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if index > 0:
            problems.append(f"{where}: not valid {charset or 'utf-8'}, decoded as {codec}")
        return text
    problems.append(f"{where}: undecodable bytes replaced")
    return data.decode("utf-8", errors="replace")


def repair(text: str, problems: list[str], where: str) -> str:
    """Turn surrogate-escaped raw bytes (undeclared 8-bit headers) back into real text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", errors="surrogateescape")
        return decode_bytes(raw, None, problems, where)
    return text


def decode_header_value(value: str, problems: list[str], where: str) -> str:
    """Decode RFC 2047 encoded-words ourselves so gb2312/gbk labels get the gb18030 treatment.

    The standard library would decode "gb2312" words with the narrow codec and turn
    every GBK-only character into a replacement mark.
    """
    value = _FOLD.sub(" ", repair(value, problems, where))
    try:
        chunks = decode_header(value)
    except Exception:  # a malformed encoded-word must not lose the rest of the header
        problems.append(f"{where}: bad encoded-word")
        chunks = [(value, None)]
    pieces: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            pieces.append(chunk)
        else:
            pieces.append(decode_bytes(chunk, charset, problems, where))
    text = "".join(pieces)
    if _CONTROL.search(text.strip("\r\n")) or "\r" in text.strip() or "\n" in text.strip():
        problems.append(f"{where}: control characters removed (possible header injection)")
    return " ".join(_CONTROL.sub(" ", text).replace("\r", " ").replace("\n", " ").split())
