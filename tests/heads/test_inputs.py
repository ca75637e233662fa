"""TokenBatch: packed real tokens are the same however the batch was built."""

from __future__ import annotations

import numpy as np

from heartline.heads.inputs import TokenBatch


def _ragged(spans: list[list[tuple[int, int]]]) -> TokenBatch:
    rng = np.random.default_rng(0)
    vectors = [rng.normal(size=(len(s), 4)).astype(np.float32) for s in spans]
    offsets = [np.array(s, np.int32).reshape(-1, 2) for s in spans]
    return TokenBatch.from_ragged(pooled=np.zeros((len(spans), 4), np.float32), vectors=vectors, offsets=offsets)


def _assert_same_as_padded(batch: TokenBatch) -> None:
    padded = TokenBatch(pooled=batch.pooled, vectors=batch.vectors, mask=batch.mask, offsets=batch.offsets)
    for got, want in zip(batch.packed(), padded.packed(), strict=True):
        np.testing.assert_array_equal(got, want)


def test_usual_texts_pack_their_real_tokens_in_order() -> None:
    # Specials first and last (no span), as the engine lays texts out; an empty text adds nothing.
    batch = _ragged([[(0, 0), (0, 2), (3, 5), (0, 0)], [(0, 0), (0, 0)], [(0, 0), (0, 4), (0, 0)]])
    packed = batch.packed()
    assert packed.rows.tolist() == [0, 0, 2]
    assert packed.cols.tolist() == [1, 2, 1]
    assert packed.offsets.tolist() == [[0, 2], [3, 5], [0, 4]]
    _assert_same_as_padded(batch)


def test_irregular_texts_fall_back_to_a_mask() -> None:
    # A span-less token inside a text, and a text with no specials at all.
    batch = _ragged([[(0, 0), (0, 2), (0, 0), (3, 5), (0, 0)], [(0, 3), (4, 6)]])
    packed = batch.packed()
    assert packed.rows.tolist() == [0, 0, 1, 1]
    assert packed.cols.tolist() == [1, 3, 0, 1]
    _assert_same_as_padded(batch)
