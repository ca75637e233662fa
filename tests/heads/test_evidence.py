"""Token contributions become word and phrase spans."""

from __future__ import annotations

import numpy as np

from heartline.heads.evidence import Span, spans, words

TEXT = "my order is late again!!"
# [CLS] my order is late again ! ! [SEP]
OFFSETS = np.array([[0, 0], [0, 2], [3, 8], [9, 11], [12, 16], [17, 22], [22, 23], [23, 24], [0, 0]])


def test_words_join_touching_tokens_and_skip_specials() -> None:
    assert [(s, e) for s, e, _ in words(OFFSETS)] == [(0, 2), (3, 8), (9, 11), (12, 16), (17, 24)]


def test_neighbouring_strong_words_merge_into_one_phrase() -> None:
    c = np.array([5.0, 0.0, 0.1, 0.0, 1.0, 0.8, 0.3, 0.2, 5.0])
    found = spans(c, OFFSETS)
    assert found == [Span(12, 24, found[0].score)]
    assert TEXT[found[0].start : found[0].end] == "late again!!"
    assert np.isclose(found[0].score, 2.3)


def test_separate_phrases_are_ranked_and_capped() -> None:
    c = np.array([0, 0.9, 0, 0, 1.0, 0, 0, 0, 0])
    found = spans(c, OFFSETS, top=1)
    assert [TEXT[s.start : s.end] for s in found] == ["late"]
    assert [TEXT[s.start : s.end] for s in spans(c, OFFSETS)] == ["late", "my"]


def test_nothing_positive_means_no_evidence() -> None:
    assert spans(-np.ones(9), OFFSETS) == []
    assert spans(np.ones(2), np.zeros((2, 2), int)) == []
