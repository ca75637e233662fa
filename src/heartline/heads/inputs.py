"""What a head reads: the shared encoder's output for a batch of texts.

One encoder pass produces, per text, the pooled sentence embedding and the
token vectors it was pooled from (with each token's character span). Heads
read these arrays; they never run the encoder themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TokenBatch:
    """Encoder output for ``n`` texts, padded to the longest.

    Attributes:
        pooled: (n, d) L2-normalised mean of each text's token vectors.
        vectors: (n, T, d) token vectors (last hidden states), zero padded.
        mask: (n, T) true where a real token is (specials included).
        offsets: (n, T, 2) character span of each token; (0, 0) for specials and padding.
    """

    pooled: np.ndarray
    vectors: np.ndarray
    mask: np.ndarray
    offsets: np.ndarray

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
        """Pad per-text token arrays into one batch."""
        n = len(vectors)
        dim = int(pooled.shape[1]) if pooled.ndim == 2 else 384
        width = max((len(v) for v in vectors), default=0)
        padded = np.zeros((n, width, dim), dtype=np.float32)
        mask = np.zeros((n, width), dtype=bool)
        spans = np.zeros((n, width, 2), dtype=np.int32)
        for i, (v, o) in enumerate(zip(vectors, offsets, strict=True)):
            padded[i, : len(v)] = v
            mask[i, : len(v)] = True
            spans[i, : len(o)] = o
        return cls(pooled=np.asarray(pooled, dtype=np.float32), vectors=padded, mask=mask, offsets=spans)

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
        mask = self.mask[rows]
        width = int(mask.sum(axis=1).max()) if len(rows) and mask.size else 0
        return TokenBatch(
            pooled=self.pooled[rows],
            vectors=self.vectors[rows, :width],
            mask=mask[:, :width],
            offsets=self.offsets[rows, :width],
        )
