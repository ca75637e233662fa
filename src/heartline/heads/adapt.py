"""From the encoder's ``EncodedBatch`` to the :class:`TokenBatch` heads read."""

from __future__ import annotations

from typing import Any

import numpy as np

from heartline.errors import ModelError
from heartline.heads.inputs import TokenBatch

_SPECIAL = np.zeros((1, 2), dtype=np.int32)


def token_batch(encoded: Any) -> TokenBatch:
    """Convert an ``EncodedBatch`` made with ``with_tokens=True``.

    The encoder drops ``[CLS]`` and ``[SEP]`` from the token vectors and keeps
    their sum; they come back as two pseudo-tokens of half that sum each (with
    no character span), so the mean over the batch's tokens is exactly the
    mean the sentence embedding was normalised from.
    """
    if isinstance(encoded, TokenBatch):
        return encoded
    if encoded.tokens is None:
        raise ModelError("heads need token vectors from the encoder", hint="encode with with_tokens=True")
    pairs = [text_tokens(tv) for tv in encoded.tokens]
    return TokenBatch.from_ragged(pooled=np.asarray(encoded.embeddings, np.float32),
                                  vectors=[v for v, _ in pairs], offsets=[o for _, o in pairs])


def text_tokens(tv: Any) -> tuple[np.ndarray, np.ndarray]:
    """One text's token vectors and offsets as heads read them (specials as two halves)."""
    half = (np.asarray(tv.special_sum, np.float32) / 2.0)[None, :]
    return (np.concatenate([half, tv.vectors, half]),
            np.concatenate([_SPECIAL, np.asarray(tv.offsets, np.int32), _SPECIAL]))
