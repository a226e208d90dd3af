"""Fuzzy matching for the template picker: subsequence scores favouring runs and word starts."""

from __future__ import annotations

MATCH = 16
RUN_BONUS = 12  # the character directly follows the previous match
WORD_START_BONUS = 10  # doubled for the pattern's first character
MAX_GAP_PENALTY = 12  # per gap
MAX_LATE_PENALTY = 10
MAX_STARTS = 64  # occurrences of the first character tried, from the left


def fold(text: str) -> str:
    return text.casefold()


def _is_han(character: str) -> bool:
    code = ord(character)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF


def starts_word(text: str, position: int) -> bool:
    if position == 0:
        return True
    before, here = text[position - 1], text[position]
    if not before.isalnum():
        return True
    return _is_han(before) != _is_han(here)


def score_positions(text: str, positions: list[int]) -> int:
    score = 0
    previous = -2
    for order, position in enumerate(positions):
        score += MATCH
        if position == previous + 1:
            score += RUN_BONUS
        elif order:
            score -= min(position - previous - 1, MAX_GAP_PENALTY)
        if starts_word(text, position):
            score += WORD_START_BONUS * (2 if order == 0 else 1)
        previous = position
    return score - min(positions[0] // 8, MAX_LATE_PENALTY)


def _forward(pattern: str, text: str, start: int) -> list[int] | None:
    positions = [start]
    position = start
    for character in pattern[1:]:
        position = text.find(character, position + 1)
        if position < 0:
            return None
        positions.append(position)
    return positions


def _tighten(pattern: str, text: str, end: int, start: int) -> list[int]:
    """Matching backwards from the forward match's last character gives the latest
    positions for each earlier character: the shortest window ending there."""
    positions = [end]
    position = end
    for character in reversed(pattern[:-1]):
        position = text.rfind(character, start, position)
        positions.append(position)
    positions.reverse()
    return positions


def fuzzy_score(pattern: str, text: str, *, max_span: int | None = None) -> int | None:
    """The best score of `pattern` in `text` (both already folded), or None when the
    characters do not all appear in order, or only spread over more than `max_span`.

    The score rewards characters that follow each other (`pwr` in `pwreset`) and ones
    that begin a word, and takes a little off for gaps and a late start. Chinese has no
    spaces, so punctuation (`：`, `，`) or a change between Han and other characters also
    starts a word: in `交易失败：余额不足`, `余` begins one. Each occurrence of the first
    character is tried, with a few `str.find` calls each, so scoring every template on
    every keystroke stays well under a millisecond."""
    if not pattern:
        return 0
    best: int | None = None
    start = text.find(pattern[0])
    tries = 0
    while start >= 0 and tries < MAX_STARTS:
        tries += 1
        forward = _forward(pattern, text, start)
        if forward is None:
            break  # later starts cannot match either
        positions = _tighten(pattern, text, forward[-1], start)
        if max_span is None or positions[-1] - positions[0] < max_span:
            score = score_positions(text, positions)
            if best is None or score > best:
                best = score
        start = text.find(pattern[0], positions[0] + 1)
    return best
