"""Evidence spans of a whole batch at once equal the spans of each text on its own."""

from __future__ import annotations

import numpy as np

from heartline.heads.evidence import batch_spans, spans


def _texts(rng: np.random.Generator, n: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    offsets, shares = [], []
    for length in rng.integers(0, 14, size=n):
        pos, spans_ = 0, []
        for t in range(length):
            if t in (0, length - 1) and rng.random() < 0.5:  # specials sit at a text's ends
                spans_.append((0, 0))
                continue
            gap, width = int(rng.integers(0, 2)), int(rng.integers(1, 4))  # touching pieces make a word
            spans_.append((pos + gap, pos + gap + width))
            pos += gap + width
        offsets.append(np.array(spans_, np.int32).reshape(-1, 2))
        shares.append(rng.normal(size=length).astype(np.float32) * (rng.random() < 0.8))
    return shares, offsets


def test_batch_spans_equal_per_text_spans() -> None:
    rng = np.random.default_rng(7)
    for _ in range(500):
        shares, offsets = _texts(rng, int(rng.integers(1, 7)))
        lengths = np.array([len(o) for o in offsets])
        got = batch_spans(np.concatenate(shares), np.concatenate(offsets), lengths, top=3)
        for text_shares, text_offsets, found in zip(shares, offsets, got, strict=True):
            want = spans(text_shares, text_offsets, top=3)
            assert [(s.start, s.end) for s in found] == [(s.start, s.end) for s in want]
            assert np.allclose([s.score for s in found], [s.score for s in want])


def test_texts_without_words_or_positive_shares_get_no_spans() -> None:
    offsets = np.array([[0, 0], [0, 3], [4, 6], [0, 0]], np.int32)
    assert batch_spans(np.array([1.0, -1.0, -2.0, 1.0]), offsets, np.array([0, 4])) == [[], []]
    assert batch_spans(np.zeros(0), np.zeros((0, 2), np.int32), np.array([0, 0])) == [[], []]
    found = batch_spans(np.array([0.0, 2.0, 0.1, 0.0]), offsets, np.array([4]))
    assert [(s.start, s.end) for s in found[0]] == [(0, 3)]  # 0.1 is under a fifth of the best word
