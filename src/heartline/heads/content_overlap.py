"""How much of the customer's own wording an agent reply gives back.

Mirroring (behaviour guidelines: "restates this customer's specific problem or
request back to them") is measured against what the customer said, not against
a phrase list. Besides the embedding pair, the mirroring decision reads a soft
token overlap computed from the one shared encoder pass: for each *content*
word of the reply (stop words, handles and links left out), the best cosine
between its token vectors and any token of the customer's message. Contextual
vectors of the same or an inflected word ("charged" / "charge") match closely,
paraphrases less so. Only the reply's text is needed (to tell content words
from stop words); the customer side is read from its token vectors, which is
all an analyser receives.
"""

from __future__ import annotations

import itertools
import re

import numpy as np

from heartline.heads.evidence import word_table
from heartline.heads.inputs import TokenBatch

FEATURES = ("mean_match", "share_matched", "matched_words", "second_person")
"""Names of the values :func:`features_of` returns, in order."""

MATCH = 0.7
"""Cosine at which a reply word counts as the customer's word (same lemma, similar use)."""

_NOISE = re.compile(r"^(https?://|@|\^|#|www\.)")
_SECOND_PERSON = re.compile(r"\b(you|your|you've|you're|you'd|yours)\b", re.I)
_STRIP = ".,!?;:()[]\"'*-–—…"

# Function words and customer-service boilerplate carry no problem content.
STOP_WORDS = frozenset(
    ["a", "about", "above", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "i'm", "i've", "if", "in", "into", "is", "it", "it's", "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "that's", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "we're", "we've", "we'll", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "you're", "you've", "your", "yours", "yourself", "hi", "hello", "hey", "thanks", "thank", "please", "sorry", "help", "us", "let", "know", "get", "got", "also", "still", "really", "one", "like", "can't", "don't", "didn't", "won't", "i'll", "i'd", "you'd", "that'll", "there's", "dm", "message", "team", "hear", "happy", "glad", "understand", "apologise", "apologize", "apologies", "inconvenience"]
)


def content_word_tokens(text: str, offsets: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The reply's content words as (start, end, first token, last token)."""
    table = word_table(offsets)
    if table is None:
        return []
    out = []
    for start, end, first, last in zip(*table, strict=True):
        word = text[start:end].lower().strip(_STRIP)
        if len(word) > 1 and word not in STOP_WORDS and not _NOISE.match(word) and not word.isdigit():
            out.append((start, end, first, last))
    return out


def word_matches(reply: str, reply_tokens: np.ndarray, reply_offsets: np.ndarray,
                 customer_tokens: np.ndarray) -> list[tuple[int, int, float]]:
    """Each reply content word with its best cosine to any customer token."""
    return _matches(reply, _unit(reply_tokens.astype(np.float32)), reply_offsets,
                    _unit(customer_tokens.astype(np.float32)))


def _matches(reply: str, mine: np.ndarray, offsets: np.ndarray, cust: np.ndarray) -> list[tuple[int, int, float]]:
    """:func:`word_matches` of token vectors already scaled to unit length."""
    cw = content_word_tokens(reply, offsets)
    if not cw or not len(cust):
        return [(s, e, 0.0) for s, e, _, _ in cw]
    best = (mine @ cust.T).max(axis=1)  # each reply token's best cosine to a customer token
    # A word's tokens are contiguous: its mean best match is a difference of running sums.
    running = [0.0, *itertools.accumulate(best.astype(np.float64).tolist())]
    return [(s, e, (running[b + 1] - running[a]) / (b - a + 1)) for s, e, a, b in cw]


def features_of(reply: str, matches: list[tuple[int, int, float]]) -> np.ndarray:
    """The :data:`FEATURES` of one reply from its :func:`word_matches`."""
    sims = np.array([m for _, _, m in matches], dtype=np.float32)
    hit = sims >= MATCH
    return np.array(
        [
            float(sims.mean()) if len(sims) else 0.0,
            float(hit.mean()) if len(sims) else 0.0,
            min(int(hit.sum()), 8) / 8.0,
            min(len(_SECOND_PERSON.findall(reply)), 4) / 4.0,
        ],
        dtype=np.float32,
    )


def batch_matches(replies: list[str], reply_batch: TokenBatch,
                  customer_batch: TokenBatch) -> list[list[tuple[int, int, float]]]:
    """:func:`word_matches` of aligned replies and the customer messages they answer."""
    # Both sides' real tokens (views into the packed batches; small arrays stay in cache).
    reply, customer = reply_batch.packed(), customer_batch.packed()
    r_bounds = reply.bounds(len(replies)).tolist()
    c_bounds = customer.bounds(len(replies)).tolist()
    out = []
    for i, text in enumerate(replies):
        r = slice(r_bounds[i], r_bounds[i + 1])
        out.append(_matches(text, _unit(reply.vectors[r]), reply.offsets[r],
                            _unit(customer.vectors[c_bounds[i]:c_bounds[i + 1]])))
    return out


def batch_overlap(replies: list[str], reply_batch: TokenBatch, customer_batch: TokenBatch, *,
                  matches: list[list[tuple[int, int, float]]] | None = None) -> np.ndarray:
    """(n, len(FEATURES)) features for aligned replies and the customer messages they answer.

    ``matches``: their :func:`batch_matches`, where the caller has them already.
    """
    if matches is None:
        matches = batch_matches(replies, reply_batch, customer_batch)
    out = np.zeros((len(replies), len(FEATURES)), np.float32)
    for i, text in enumerate(replies):
        out[i] = features_of(text, matches[i])
    return out


def echoed(matches: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """The spans of :func:`word_matches` that echo the customer's words."""
    return [(s, e) for s, e, m in matches if m >= MATCH]


def _unit(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = x / np.maximum(np.sqrt(np.einsum("ij,ij->i", x, x)), 1e-12)[:, None]
    return out
