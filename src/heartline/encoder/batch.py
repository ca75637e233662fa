"""What one encoder pass produces: the thing every analysis head reads.

Arrays are made read-only, so an ``EncodedBatch`` can be shared between
heads, threads and requests without copying, and duplicate texts can share
one ``TokenVectors``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DIM = 384


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class TokenVectors:
    """One text's token vectors, for attributing a head's score to spans of text.

    The sentence embedding is ``mean / ‖mean‖`` with ``mean`` the average of
    the last hidden states over ``pooled_count`` tokens, ``[CLS]`` and
    ``[SEP]`` included. For a linear head ``w``, token i therefore adds
    exactly ``w·h_i / (pooled_count · mean_norm)`` to ``w·embedding``; the two
    special tokens add the rest (``special_sum``), see ``contributions``.

    Attributes:
        vectors: (k, 384) float32 last hidden states of the text's word pieces,
            special tokens dropped.
        offsets: (k, 2) int32 ``[start, end)`` character offsets into the text;
            ``text[start:end]`` is the piece (lower-cased and accent-stripped
            by the model, so compare case-insensitively).
        pooled_count: tokens averaged into the embedding (k + 2).
        mean_norm: ‖mean‖ before normalisation.
        special_sum: (384,) sum of the ``[CLS]`` and ``[SEP]`` hidden states.
    """

    vectors: np.ndarray
    offsets: np.ndarray
    pooled_count: int
    mean_norm: float
    special_sum: np.ndarray

    def __post_init__(self) -> None:
        for array in (self.vectors, self.offsets, self.special_sum):
            _frozen(array)

    def contributions(self, weights: np.ndarray) -> np.ndarray:
        """Per-token share of ``weights · embedding`` (k,), for a linear head.

        ``contributions(w).sum() + special_contribution(w) == w · embedding``
        up to float rounding.
        """
        scale = 1.0 / (self.pooled_count * self.mean_norm)
        return np.asarray((self.vectors @ np.asarray(weights, np.float32)) * scale)

    def special_contribution(self, weights: np.ndarray) -> float:
        """The share of ``weights · embedding`` that comes from ``[CLS]`` and ``[SEP]``."""
        scale = 1.0 / (self.pooled_count * self.mean_norm)
        return float(self.special_sum @ np.asarray(weights, np.float32) * scale)


@dataclass(frozen=True, eq=False)
class EncodedBatch:
    """Texts with their sentence embeddings (and optionally token vectors).

    Attributes:
        texts: the texts, in the caller's order.
        embeddings: (n, 384) float32, L2-normalised mean-pooled embeddings,
            the same as sentence-transformers' all-MiniLM-L6-v2 up to int8 error.
        token_counts: (n,) tokens the model saw per text, specials included;
            equal to the encoder's ``max_tokens`` means the text was truncated.
        tokens: per-text token vectors when asked for (``with_tokens=True``).
    """

    texts: tuple[str, ...]
    embeddings: np.ndarray
    token_counts: np.ndarray
    tokens: tuple[TokenVectors, ...] | None = None

    def __post_init__(self) -> None:
        if self.embeddings.shape != (len(self.texts), DIM):
            raise ValueError(
                f"embeddings must be ({len(self.texts)}, {DIM}), got {self.embeddings.shape}"
            )
        if self.tokens is not None and len(self.tokens) != len(self.texts):
            raise ValueError("tokens must hold one TokenVectors per text")
        _frozen(self.embeddings)
        _frozen(self.token_counts)

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def token_vectors(self) -> tuple[np.ndarray, ...] | None:
        """Per-text (k, 384) token vectors, or None without ``with_tokens``."""
        return None if self.tokens is None else tuple(t.vectors for t in self.tokens)

    @property
    def token_offsets(self) -> tuple[np.ndarray, ...] | None:
        """Per-text (k, 2) character offsets, or None without ``with_tokens``."""
        return None if self.tokens is None else tuple(t.offsets for t in self.tokens)
