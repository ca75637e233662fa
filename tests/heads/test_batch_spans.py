"""Evidence spans of a whole batch at once equal a plain per-text reading of the same rules."""

from __future__ import annotations

import numpy as np

from heartline.heads.evidence import batch_spans, words


def _reference(shares: np.ndarray, offsets: np.ndarray, top: int = 3) -> list[tuple[int, int, float]]:
    """The rules written out for one text: word scores, words of at least a fifth of the best,
    neighbours merged, strongest first."""
    scored = [(s, e, float(sum(shares[i] for i in idx))) for s, e, idx in words(offsets)]
    best = max((w[2] for w in scored), default=0.0)
    if best <= 0:
        return []
    phrases: list[list[tuple[int, int, float]]] = []
    previous_kept = False
    for word in scored:
        kept = word[2] >= 0.2 * best
        if kept and previous_kept:
            phrases[-1].append(word)
        elif kept:
            phrases.append([word])
        previous_kept = kept
    merged = [(p[0][0], p[-1][1], sum(w[2] for w in p)) for p in phrases]
    return sorted(merged, key=lambda m: -m[2])[:top]


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


def test_batch_spans_follow_the_rules_text_by_text() -> None:
    rng = np.random.default_rng(7)
    for _ in range(500):
        shares, offsets = _texts(rng, int(rng.integers(1, 7)))
        lengths = np.array([len(o) for o in offsets])
        got = batch_spans(np.concatenate(shares), np.concatenate(offsets), lengths, top=3)
        for text_shares, text_offsets, found in zip(shares, offsets, got, strict=True):
            want = _reference(text_shares.astype(np.float64), text_offsets)
            assert [(s.start, s.end) for s in found] == [(a, b) for a, b, _ in want]
            assert np.allclose([s.score for s in found], [score for _, _, score in want])


def test_texts_without_words_or_positive_shares_get_no_spans() -> None:
    offsets = np.array([[0, 0], [0, 3], [4, 6], [0, 0]], np.int32)
    assert batch_spans(np.array([1.0, -1.0, -2.0, 1.0]), offsets, np.array([0, 4])) == [[], []]
    assert batch_spans(np.zeros(0), np.zeros((0, 2), np.int32), np.array([0, 0])) == [[], []]
    found = batch_spans(np.array([0.0, 2.0, 0.1, 0.0]), offsets, np.array([4]))
    assert [(s.start, s.end) for s in found[0]] == [(0, 3)]  # 0.1 is under a fifth of the best word
