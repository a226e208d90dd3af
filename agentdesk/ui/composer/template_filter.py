"""Fuzzy search over the canned responses: filters a TemplateModel and ranks it by score."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QObject, QSortFilterProxyModel, Qt

from agentdesk.ui.composer.fuzzy_match import fold, fuzzy_score
from agentdesk.ui.composer.template_model import ModelIndex, TemplateModel

# What a match in each field is worth on top of its own score: a shortcut is typed on
# purpose, a title names the template, the same title in the other language helps an agent
# who searches in one language and answers in the other, a body only mentions things.
SHORTCUT_WEIGHT = 30
TITLE_WEIGHT = 20
OTHER_TITLE_WEIGHT = 5
BODY_WEIGHT = 0
BODY_SPAN_FACTOR = 3  # a body match may spread over at most 3 × the term's length
PREFERRED_LANGUAGE_BONUS = 1


@dataclass(frozen=True, slots=True)
class SearchTexts:
    """A row's folded texts, made once per template list, not per keystroke."""

    shortcut: str
    title: str
    other_titles: tuple[str, ...]
    body: str
    language: str


def term_score(term: str, texts: SearchTexts) -> int | None:
    scores = [
        (fuzzy_score(term, texts.shortcut), SHORTCUT_WEIGHT),
        (fuzzy_score(term, texts.title), TITLE_WEIGHT),
        *((fuzzy_score(term, title), OTHER_TITLE_WEIGHT) for title in texts.other_titles),
        (
            fuzzy_score(term, texts.body, max_span=BODY_SPAN_FACTOR * len(term)),
            BODY_WEIGHT,
        ),
    ]
    found = [score + weight for score, weight in scores if score is not None]
    return max(found) if found else None


def row_score(terms: list[str], texts: SearchTexts) -> int | None:
    """The sum of every term's best field score; None when a term matches nothing."""
    total = 0
    for term in terms:
        found = term_score(term, texts)
        if found is None:
            return None
        total += found
    return total


class TemplateFilter(QSortFilterProxyModel):
    """Rows whose title, shortcut or body (or title in the other language) match every
    word of the pattern, best first; ties keep the customer's language first, then the
    source order. Scores are computed in `set_pattern()`; `filterAcceptsRow()` and
    `lessThan()` only look them up."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self._texts: list[SearchTexts] = []
        self._scores: list[int | None] = []
        self._preferred_language: str | None = None
        self.setDynamicSortFilter(True)
        self.sort(0, Qt.SortOrder.AscendingOrder)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        if not isinstance(model, TemplateModel):
            raise TypeError("TemplateFilter searches a TemplateModel")
        previous = self.sourceModel()
        if isinstance(previous, TemplateModel):
            previous.modelReset.disconnect(self._reindex)
        super().setSourceModel(model)
        model.modelReset.connect(self._reindex)
        self._reindex()

    @property
    def pattern(self) -> str:
        return " ".join(self._terms)

    def set_pattern(self, text: str) -> None:
        """Search for `text`: words separated by spaces must all match; a leading "/"
        (as the picker shows shortcuts) is ignored."""
        terms = [term.lstrip("/") for term in fold(text).split()]
        self._terms = [term for term in terms if term]
        self._rescore()

    def set_preferred_language(self, language: str | None) -> None:
        """Rank the customer's language first among equal matches."""
        self._preferred_language = language
        self._rescore()

    def score_at(self, source_row: int) -> int | None:
        if 0 <= source_row < len(self._scores):
            return self._scores[source_row]
        return None

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        # Out of range only while the source resets, before `_reindex` has run.
        return source_row >= len(self._scores) or self._scores[source_row] is not None

    def lessThan(self, source_left: ModelIndex, source_right: ModelIndex) -> bool:
        left, right = source_left.row(), source_right.row()
        left_score, right_score = self.score_at(left) or 0, self.score_at(right) or 0
        if left_score != right_score:
            return left_score > right_score
        return left < right

    def _reindex(self) -> None:
        model = self.sourceModel()
        templates = []
        if isinstance(model, TemplateModel):
            templates = [model.template_at(row) or {} for row in range(model.rowCount())]
        titles: dict[str, list[tuple[str, str]]] = {}
        for template in templates:
            titles.setdefault(template["key"], []).append((template["language"], template["title"]))
        self._texts = [
            SearchTexts(
                shortcut=fold(template["shortcut"]),
                title=fold(template["title"]),
                other_titles=tuple(
                    fold(title)
                    for language, title in titles[template["key"]]
                    if language != template["language"]
                ),
                body=fold(template["body"]),
                language=template["language"],
            )
            for template in templates
        ]
        self._rescore()

    def _rescore(self) -> None:
        self._scores = [row_score(self._terms, texts) for texts in self._texts]
        if self._preferred_language is not None:
            for row, texts in enumerate(self._texts):
                score = self._scores[row]
                if score is not None and texts.language == self._preferred_language:
                    self._scores[row] = score + PREFERRED_LANGUAGE_BONUS
        self.invalidate()
