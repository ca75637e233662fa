"""EncodedBatch and TokenVectors: shape checks, read-only arrays, attribution maths."""

from __future__ import annotations

import numpy as np
import pytest

from heartline.encoder.batch import EncodedBatch, TokenVectors


def _tokens(rng: np.random.Generator, k: int) -> tuple[TokenVectors, np.ndarray]:
    hidden = rng.normal(size=(k + 2, 384)).astype(np.float32)  # [CLS] + k pieces + [SEP]
    mean = hidden.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    tokens = TokenVectors(
        vectors=hidden[1:-1].copy(),
        offsets=np.array([[i, i + 1] for i in range(k)], np.int32).reshape(-1, 2),
        pooled_count=k + 2,
        mean_norm=norm,
        special_sum=hidden[0] + hidden[-1],
    )
    return tokens, mean / norm


def test_contributions_split_a_linear_score_exactly() -> None:
    rng = np.random.default_rng(0)
    tokens, embedding = _tokens(rng, 7)
    weights = rng.normal(size=384).astype(np.float32)
    parts = tokens.contributions(weights)
    assert parts.shape == (7,)
    assert parts.sum() + tokens.special_contribution(weights) == pytest.approx(
        float(weights @ embedding), rel=1e-5
    )


def test_batch_checks_shapes_and_freezes_arrays() -> None:
    with pytest.raises(ValueError, match="embeddings must be"):
        EncodedBatch(
            texts=("a",), embeddings=np.zeros((2, 384), np.float32), token_counts=np.zeros(1)
        )
    tokens, embedding = _tokens(np.random.default_rng(1), 3)
    with pytest.raises(ValueError, match="one TokenVectors per text"):
        EncodedBatch(
            texts=("a", "b"),
            embeddings=np.zeros((2, 384), np.float32),
            token_counts=np.zeros(2, np.int32),
            tokens=(tokens,),
        )
    batch = EncodedBatch(
        texts=("abc",),
        embeddings=embedding[None].astype(np.float32),
        token_counts=np.array([5], np.int32),
        tokens=(tokens,),
    )
    assert len(batch) == 1
    assert batch.token_vectors is not None and batch.token_vectors[0] is tokens.vectors
    assert batch.token_offsets is not None and batch.token_offsets[0].tolist() == [
        [0, 1],
        [1, 2],
        [2, 3],
    ]
    for array in (batch.embeddings, batch.token_counts, tokens.vectors, tokens.offsets):
        assert not array.flags.writeable
