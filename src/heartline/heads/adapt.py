"""From the encoder's ``EncodedBatch`` to the :class:`TokenBatch` heads read."""

from __future__ import annotations

from typing import Any

import numpy as np

from heartline.errors import ModelError
from heartline.heads.inputs import TokenBatch


def token_batch(encoded: Any) -> TokenBatch:
    """Convert an ``EncodedBatch`` made ``with_tokens=True`` (padded or per-text arrays)."""
    if isinstance(encoded, TokenBatch):
        return encoded
    pooled = np.asarray(encoded.embeddings, dtype=np.float32)
    vectors = _first(encoded, "token_vectors", "tokens")
    offsets = _first(encoded, "token_offsets", "offsets")
    if vectors is None or offsets is None:
        raise ModelError(
            "heads need token vectors and offsets from the encoder",
            hint="encode with with_tokens=True",
        )
    if isinstance(vectors, np.ndarray) and vectors.ndim == 3:
        mask = _first(encoded, "mask", "attention_mask")
        lengths = (np.asarray(mask).sum(axis=1) if mask is not None else [vectors.shape[1]] * len(vectors))
        vectors = [vectors[i, : int(n)] for i, n in enumerate(lengths)]
        offsets = [np.asarray(offsets)[i, : int(n)] for i, n in enumerate(lengths)]
    return TokenBatch.from_ragged(pooled=pooled, vectors=list(vectors), offsets=list(offsets))


def _first(obj: Any, *names: str) -> Any:
    for name in names:
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return None
