"""What a head reads: the shared encoder's output for a batch of texts.

One encoder pass produces, per text, the pooled sentence embedding and the
token vectors it was pooled from (with each token's character span). Heads
read these arrays; they never run the encoder themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np


class Packed(NamedTuple):
    """Every text's real tokens (those with a character span) one after another, no padding.

    Attributes:
        vectors: (N, d) token vectors of text 0, then text 1, ...
        offsets: (N, 2) character span of each token.
        rows: (N,) the text each token belongs to.
        cols: (N,) the token's position in its text (its column in the padded arrays).
    """

    vectors: np.ndarray
    offsets: np.ndarray
    rows: np.ndarray
    cols: np.ndarray

    def bounds(self, n: int) -> np.ndarray:
        """(n + 1,): text i's tokens are ``bounds[i]:bounds[i + 1]`` (of a batch of ``n`` texts)."""
        return np.concatenate([[0], np.cumsum(np.bincount(self.rows, minlength=n))]).astype(np.int64)


class TokenBatch:
    """Encoder output for ``n`` texts, padded to the longest.

    Attributes:
        pooled: (n, d) L2-normalised mean of each text's token vectors.
        vectors: (n, T, d) token vectors (last hidden states), zero padded.
        mask: (n, T) true where a real token is (specials included).
        offsets: (n, T, 2) character span of each token; (0, 0) for specials and padding.

    A batch made by :meth:`from_ragged` pads its token arrays only when something
    reads them: most heads read ``pooled`` alone, and evidence needs only the rows
    that fired (:meth:`take` of a ragged batch copies no token arrays).
    """

    def __init__(self, *, pooled: np.ndarray, vectors: np.ndarray, mask: np.ndarray,
                 offsets: np.ndarray) -> None:
        self.pooled = pooled
        self._padded: tuple[np.ndarray, np.ndarray, np.ndarray] | None = (vectors, mask, offsets)
        self._ragged: tuple[list[np.ndarray], list[np.ndarray], int] | None = None
        self._packed: Packed | None = None
        self._sum_norms: np.ndarray | None = None

    @property
    def vectors(self) -> np.ndarray:
        """(n, T, d) token vectors, zero padded."""
        return self._pad()[0]

    @property
    def mask(self) -> np.ndarray:
        """(n, T) true where a real token is."""
        return self._pad()[1]

    @property
    def offsets(self) -> np.ndarray:
        """(n, T, 2) character span of each token."""
        return self._pad()[2]

    def __len__(self) -> int:
        return int(self.pooled.shape[0])

    @classmethod
    def from_ragged(
        cls,
        *,
        pooled: np.ndarray,
        vectors: Sequence[np.ndarray],
        offsets: Sequence[np.ndarray],
    ) -> TokenBatch:
        """A batch of per-text token arrays, padded when first read."""
        pooled = np.asarray(pooled, dtype=np.float32)
        if len(vectors) != len(offsets):
            raise ValueError(f"{len(vectors)} token arrays for {len(offsets)} offset arrays")
        batch = cls.__new__(cls)
        batch.pooled = pooled
        batch._padded = None
        batch._ragged = (list(vectors), list(offsets), int(pooled.shape[1]) if pooled.ndim == 2 else 384)
        batch._packed = None
        batch._sum_norms = None
        return batch

    @property
    def width(self) -> int:
        """T: the token count of the longest text (the padded arrays' second axis)."""
        if self._padded is None and self._ragged is not None:
            return max((len(v) for v in self._ragged[0]), default=0)
        return int(self.mask.shape[1])

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Text ``i``'s own token vectors (T_i, d) and offsets (T_i, 2), unpadded."""
        if self._padded is None and self._ragged is not None:
            return self._ragged[0][i], self._ragged[1][i]
        length = int(self.mask[i].sum())  # a text's tokens are the first of its row
        return self.vectors[i, :length], self.offsets[i, :length]

    def packed(self) -> Packed:
        """Every text's real tokens concatenated, no padding (computed once per batch).

        Token-level heads run on these rows: padding every text to the longest
        would multiply their work by the longest length over the mean. Specials
        and padding (no character span) are left out: no evidence can point at them.
        """
        packed = self._packed
        if packed is not None:
            return packed
        if self._padded is None and self._ragged is not None:
            packed = _pack_ragged(*self._ragged)
        else:
            rows, cols = np.nonzero(self.mask)  # row-major: text by text, each text's tokens first
            packed = Packed(self.vectors[rows, cols], self.offsets[rows, cols], rows, cols)
            real = packed.offsets[:, 1] > packed.offsets[:, 0]
            if not real.all():
                packed = Packed(*(a[real] for a in packed))
        self._packed = packed  # concurrent callers may both build it: the results are equal
        return packed

    def sum_norms(self) -> np.ndarray:
        """(n,) length of each text's summed token vectors, specials included (computed once per batch).

        ``pooled`` is that sum divided by this length, so a token's share of a pooled
        feature is its vector over this norm.
        """
        norms = self._sum_norms
        if norms is None:
            if self._padded is None and self._ragged is not None:
                sums = [v.sum(axis=0, dtype=np.float32) for v in self._ragged[0]]
                norms = np.linalg.norm(np.array(sums, np.float32).reshape(len(self), -1), axis=1)
            else:
                norms = np.linalg.norm(self.vectors.sum(axis=1), axis=1)
            norms = np.maximum(norms, 1e-12).astype(np.float32)
            self._sum_norms = norms
        return norms

    def _pad(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        padded = self._padded
        if padded is not None:
            return padded
        assert self._ragged is not None
        vectors, offsets, dim = self._ragged
        n = len(vectors)
        width = max((len(v) for v in vectors), default=0)
        out = np.zeros((n, width, dim), dtype=np.float32)
        mask = np.zeros((n, width), dtype=bool)
        spans = np.zeros((n, width, 2), dtype=np.int32)
        for i, (v, o) in enumerate(zip(vectors, offsets, strict=True)):
            out[i, : len(v)] = v
            mask[i, : len(v)] = True
            spans[i, : len(o)] = o
        # Concurrent readers may both pad: the results are equal, and either one is kept.
        self._padded = (out, mask, spans)
        return self._padded

    @classmethod
    def empty(cls, dim: int = 384) -> TokenBatch:
        """A batch of no texts."""
        return cls(
            pooled=np.zeros((0, dim), np.float32),
            vectors=np.zeros((0, 0, dim), np.float32),
            mask=np.zeros((0, 0), bool),
            offsets=np.zeros((0, 0, 2), np.int32),
        )

    def take(self, rows: Sequence[int] | np.ndarray) -> TokenBatch:
        """A sub-batch, trimmed to its own longest text."""
        rows = np.asarray(rows, dtype=np.int64)
        if self._padded is None and self._ragged is not None:
            vectors, offsets, _ = self._ragged
            return TokenBatch.from_ragged(pooled=self.pooled[rows], vectors=[vectors[r] for r in rows],
                                          offsets=[offsets[r] for r in rows])
        mask = self.mask[rows]
        width = int(mask.sum(axis=1).max()) if len(rows) and mask.size else 0
        return TokenBatch(
            pooled=self.pooled[rows],
            vectors=self.vectors[rows, :width],
            mask=mask[:, :width],
            offsets=self.offsets[rows, :width],
        )


def _pack_ragged(vectors: Sequence[np.ndarray], offsets: Sequence[np.ndarray], dim: int) -> Packed:
    """Real tokens of per-text arrays, concatenated in one copy (specials have no character span)."""
    n = len(vectors)
    lengths = np.array([len(o) for o in offsets], dtype=np.int64)
    total = int(lengths.sum())
    if not total:
        return Packed(np.zeros((0, dim), np.float32), np.zeros((0, 2), np.int32),
                      np.zeros(0, np.int64), np.zeros(0, np.int64))
    spans = np.concatenate(offsets).astype(np.int32, copy=False)
    real = spans[:, 1] > spans[:, 0]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    all_rows = np.repeat(np.arange(n), lengths)
    rows, cols = all_rows[real], (np.arange(total) - starts[all_rows])[real]
    ends = starts + lengths - 1
    if (lengths >= 2).all() and not real[starts].any() and not real[ends].any() and real.sum() == total - 2 * n:
        # The usual case: each text's specials are its first and last rows; slices copy nothing.
        flat = np.concatenate([v[1:-1] for v in vectors])
    else:
        flat = np.concatenate(vectors)[real]
    return Packed(flat.astype(np.float32, copy=False), spans[real], rows, cols)
