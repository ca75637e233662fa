"""Turning per-token contributions into evidence spans a coach can read.

A head attributes its decision to tokens (see ``Head.contributions``); here
word pieces are summed into words and neighbouring words that push the same
way are merged into phrases, so evidence reads "third time my order is late"
rather than "##ird".
"""

from __future__ import annotations

import functools
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
    return batch_spans(contributions, offsets, np.array([len(offsets)]), top=top, min_share=min_share)[0]


def word_table(offsets: np.ndarray) -> tuple[list[int], list[int], list[int], list[int]] | None:
    """Word starts, ends, first and last token of one text's (T, 2) offsets; None without words."""
    return _word_table(np.ascontiguousarray(offsets, dtype=np.int64).tobytes(), len(offsets))


@functools.lru_cache(maxsize=4096)
def _word_table(raw: bytes, tokens: int) -> tuple[list[int], list[int], list[int], list[int]] | None:
    """Word starts, ends, first and last token of one text's offsets (cached: every label of a
    text asks for the same words)."""
    ws = words(np.frombuffer(raw, dtype=np.int64).reshape(tokens, 2))
    if not ws:
        return None
    return ([w[0] for w in ws], [w[1] for w in ws], [w[2][0] for w in ws], [w[2][-1] for w in ws])


def batch_spans(
    contributions: np.ndarray,
    offsets: np.ndarray,
    lengths: np.ndarray,
    *,
    top: int = 3,
    min_share: float = 0.2,
) -> list[list[Span]]:
    """:func:`spans` of many texts in one pass: what every decision of a batch needs.

    Args:
        contributions: (N,) token shares of text 0, then text 1, ...
        offsets: (N, 2) those tokens' character spans.
        lengths: (n,) tokens per text.
    """
    n = len(lengths)
    out: list[list[Span]] = [[] for _ in range(n)]
    text = np.repeat(np.arange(n), lengths)
    real = offsets[:, 1] > offsets[:, 0]  # [CLS], [SEP], padding carry no text
    if not real.any():
        return out
    shares = np.asarray(contributions, dtype=np.float64)[real]
    starts, ends, text = offsets[real, 0], offsets[real, 1], text[real]
    # A word: tokens that touch (one ends where the next starts) within one text.
    new = np.ones(len(starts), bool)
    new[1:] = (starts[1:] != ends[:-1]) | (text[1:] != text[:-1])
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(starts)) - 1
    scores = np.add.reduceat(shares, first)
    owner = text[first]
    best = np.full(n, -np.inf)
    np.maximum.at(best, owner, scores)
    keep = (scores >= min_share * best[owner]) & (best[owner] > 0)
    kept = np.flatnonzero(keep)
    if not len(kept):
        return out
    # Neighbouring kept words of one text make one phrase.
    opens = np.ones(len(kept), bool)
    opens[1:] = (kept[1:] != kept[:-1] + 1) | (owner[kept[1:]] != owner[kept[:-1]])
    heads = np.flatnonzero(opens)
    tails = np.append(heads[1:], len(kept)) - 1
    phrase_scores = np.add.reduceat(scores[kept], heads)
    phrase_text = owner[kept[heads]]
    phrase_start = starts[first[kept[heads]]]
    phrase_end = ends[last[kept[tails]]]
    order = np.lexsort((-phrase_scores, phrase_text))  # by text, strongest first (stable)
    for j in order.tolist():
        found = out[int(phrase_text[j])]
        if len(found) < top:
            found.append(Span(int(phrase_start[j]), int(phrase_end[j]), float(phrase_scores[j])))
    return out
