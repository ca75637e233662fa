"""The training-embedding cache: reused, keyed by texts and encoder, rebuilt when damaged."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from heartline.heads.inputs import TokenBatch
from heartline.training.embeddings import encode_cached, texts_key


class CountingEncoder:
    """A deterministic stand-in encoder that counts what it is asked to encode."""

    def __init__(self, id: str = "counting") -> None:
        self.id = id
        self.seen = 0

    def encode_chunk(self, texts: Sequence[str]) -> TokenBatch:
        self.seen += len(texts)
        vectors = [np.full((len(t.split()) + 2, 384), float(len(t)), np.float32) for t in texts]
        offsets = [np.array([[0, 0]] + [[i, i + 1] for i in range(len(t.split()))] + [[0, 0]]) for t in texts]
        pooled = np.stack([np.ones(384, np.float32) / np.sqrt(384) for _ in texts])
        return TokenBatch.from_ragged(pooled=pooled, vectors=vectors, offsets=offsets)


TEXTS = ["where is my order", "thanks!", "this is the third time it broke", "ok"]


def test_second_call_reads_the_cache(tmp_path: Path) -> None:
    enc = CountingEncoder()
    first = encode_cached(TEXTS, enc, cache_dir=tmp_path, batch_size=3)
    again = encode_cached(TEXTS, enc, cache_dir=tmp_path)
    assert enc.seen == len(TEXTS)
    assert np.array_equal(first.lengths, again.lengths)
    assert list(again.lengths) == [len(t.split()) + 2 for t in TEXTS]  # input order kept
    batch = again.token_batch([2])
    assert batch.vectors[0, 0, 0] == len(TEXTS[2])


def test_other_encoder_or_texts_do_not_share_entries(tmp_path: Path) -> None:
    a, b = CountingEncoder("a"), CountingEncoder("b")
    encode_cached(TEXTS, a, cache_dir=tmp_path)
    encode_cached(TEXTS, b, cache_dir=tmp_path)
    encode_cached(TEXTS[::-1], a, cache_dir=tmp_path)
    assert (a.seen, b.seen) == (2 * len(TEXTS), len(TEXTS))
    assert texts_key(["ab", "c"]) != texts_key(["a", "bc"])


def test_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    enc = CountingEncoder()
    encode_cached(TEXTS, enc, cache_dir=tmp_path)
    folder = next((tmp_path / "train-embeddings" / "counting").iterdir())
    (folder / "tokens.npy").write_bytes(b"not an array")
    again = encode_cached(TEXTS, enc, cache_dir=tmp_path)
    assert enc.seen == 2 * len(TEXTS)
    assert len(again) == len(TEXTS)


def test_half_written_cache_is_ignored(tmp_path: Path) -> None:
    enc = CountingEncoder()
    root = tmp_path / "train-embeddings" / "counting" / texts_key(TEXTS)
    root.mkdir(parents=True)
    np.save(root / "pooled.npy", np.zeros((4, 384)))  # no meta.json: the writer died here
    encode_cached(TEXTS, enc, cache_dir=tmp_path)
    encode_cached(TEXTS, enc, cache_dir=tmp_path)
    assert enc.seen == len(TEXTS)
