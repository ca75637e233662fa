"""Turning per-token contributions into evidence spans a coach can read.

A head attributes its decision to tokens (see ``Head.contributions``); here
word pieces are summed into words and neighbouring words that push the same
way are merged into phrases, so evidence reads "third time my order is late"
rather than "##ird".
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Span(NamedTuple):
    """A stretch of the input text that drove a decision.

    Attributes:
        start: first character (inclusive).
        end: last character (exclusive).
        score: summed contribution to the decision's logit (higher: stronger).
    """

    start: int
    end: int
    score: float


def words(offsets: np.ndarray) -> list[tuple[int, int, list[int]]]:
    """Group tokens into words: (start, end, token indices); specials are skipped.

    Tokens that touch (one ends where the next starts) belong to one word, so
    word pieces and trailing punctuation stay with their word.
    """
    out: list[tuple[int, int, list[int]]] = []
    for i, (s, e) in enumerate(offsets.tolist()):
        if e <= s:  # [CLS], [SEP], padding
            continue
        if out and s == out[-1][1]:
            start, _, idx = out[-1]
            out[-1] = (start, e, [*idx, i])
        else:
            out.append((s, e, [i]))
    return out


def spans(
    contributions: np.ndarray,
    offsets: np.ndarray,
    *,
    top: int = 3,
    min_share: float = 0.2,
) -> list[Span]:
    """The phrases that pushed a decision up, strongest first.

    Args:
        contributions: (T,) each token's share of the logit.
        offsets: (T, 2) character span of each token.
        top: at most this many spans.
        min_share: a word counts when its contribution is at least this share
            of the strongest word's (and positive).
    """
    ws = words(offsets)
    if not ws:
        return []
    # A word's tokens are contiguous: its score is a difference of running sums.
    running = np.concatenate([[0.0], np.cumsum(contributions, dtype=np.float64)])
    first = np.fromiter((idx[0] for _, _, idx in ws), np.int64, len(ws))
    last = np.fromiter((idx[-1] for _, _, idx in ws), np.int64, len(ws))
    scores = running[last + 1] - running[first]
    best = scores.max()
    if best <= 0:
        return []
    keep = scores >= min_share * best
    found: list[Span] = []
    i = 0
    while i < len(ws):
        if not keep[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(ws) and keep[j + 1]:
            j += 1
        found.append(Span(ws[i][0], ws[j][1], float(scores[i : j + 1].sum())))
        i = j + 1
    found.sort(key=lambda s: -s.score)
    return found[:top]
