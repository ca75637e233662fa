"""Adapters: LoRA and full deltas merged into the encoder before export."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file

from heartline.encoder import Encoder
from heartline.encoder.adapter import Adapter, adapter_digest, load_adapter, merge_adapter
from heartline.encoder.weights import MODEL_FILE
from heartline.errors import ModelError

QUERY = "encoder.layer.0.attention.self.query.weight"
FFN_OUT = "encoder.layer.5.output.dense.weight"
TEXTS = ["I want my money back.", "Thanks for your patience!", ""]


def write_adapter(path: Path, tensors: dict[str, np.ndarray], *, scale: float = 1.0) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "adapter.json").write_text(
        json.dumps(
            {
                "format": "heartline-encoder-adapter",
                "version": 1,
                "weights": "adapter.safetensors",
                "scale": scale,
            }
        )
    )
    save_file(tensors, str(path / "adapter.safetensors"))
    return path


def _lora(rank: int, *, zero: bool, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    tensors = {}
    for name, (out, inp) in ((QUERY, (384, 384)), (FFN_OUT, (384, 1536))):
        a = rng.normal(0, 0.05, (rank, inp)).astype(np.float32)
        b = rng.normal(0, 0.05, (out, rank)).astype(np.float32)
        tensors[name + ".lora_A"] = a
        tensors[name + ".lora_B"] = np.zeros_like(b) if zero else b
    return tensors


def test_lora_and_delta_merge_exactly(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    state = {
        QUERY: rng.normal(size=(6, 4)).astype(np.float32),
        "embeddings.LayerNorm.bias": rng.normal(size=6).astype(np.float32),
    }
    a, b = rng.normal(size=(2, 4)).astype(np.float32), rng.normal(size=(6, 2)).astype(np.float32)
    delta = rng.normal(size=6).astype(np.float32)
    adapter = load_adapter(
        write_adapter(
            tmp_path / "a",
            {QUERY + ".lora_A": a, QUERY + ".lora_B": b, "embeddings.LayerNorm.bias.delta": delta},
            scale=0.5,
        )
    )
    before = {k: v.copy() for k, v in state.items()}
    merged = merge_adapter(state, adapter)
    np.testing.assert_allclose(merged[QUERY], state[QUERY] + 0.5 * b @ a, rtol=1e-6)
    np.testing.assert_allclose(
        merged["embeddings.LayerNorm.bias"], before["embeddings.LayerNorm.bias"] + delta
    )
    for name in state:  # the input is not mutated
        np.testing.assert_array_equal(state[name], before[name])


@pytest.mark.parametrize(
    ("tensors", "message"),
    [
        ({"encoder.layer.9.nope.weight.lora_A": np.zeros((1, 4), np.float32)}, "names no encoder"),
        ({QUERY + ".lora_A": np.zeros((1, 4), np.float32)}, "needs both"),
        (
            {
                QUERY + ".lora_A": np.zeros((1, 5), np.float32),
                QUERY + ".lora_B": np.zeros((6, 1), np.float32),
            },
            "does not give",
        ),
        ({QUERY + ".delta": np.zeros((4, 6), np.float32)}, "expected"),
        ({QUERY + ".weird": np.zeros((4, 6), np.float32)}, "must end in"),
    ],
)
def test_bad_adapters_are_refused(tensors: dict[str, np.ndarray], message: str) -> None:
    state = {QUERY: np.zeros((6, 4), np.float32)}
    with pytest.raises(ModelError, match=message):
        merge_adapter(state, Adapter(path=Path("x"), scale=1.0, tensors=tensors))


def test_adapter_folder_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"no adapter\.json"):
        adapter_digest(tmp_path)
    (tmp_path / "adapter.json").write_text(json.dumps({"format": "peft", "version": 1}))
    with pytest.raises(ModelError, match="'format'"):
        adapter_digest(tmp_path)


def test_digest_follows_the_contents(tmp_path: Path) -> None:
    first = adapter_digest(write_adapter(tmp_path / "a", _lora(2, zero=False, seed=1)))
    same = adapter_digest(write_adapter(tmp_path / "b", _lora(2, zero=False, seed=1)))
    other = adapter_digest(write_adapter(tmp_path / "c", _lora(2, zero=False, seed=2)))
    assert first == same != other


@pytest.mark.slow
def test_zero_adapter_gives_the_base_encoder(encoder: Encoder, tmp_path: Path) -> None:
    adapter = write_adapter(tmp_path / "zero", _lora(4, zero=True))
    merged = Encoder.load(cache_dir=tmp_path / "cache", adapter=adapter)
    assert merged.info.cache_key != encoder.info.cache_key  # its own cache entry
    assert merged.id.startswith("all-MiniLM-L6-v2.int8-per-token.adapter-")
    # Same weights in, byte-identical int8 graph out.
    base_model = (encoder.info.cache_path / MODEL_FILE).read_bytes()
    assert (merged.info.cache_path / MODEL_FILE).read_bytes() == base_model
    np.testing.assert_array_equal(merged.encode(TEXTS).embeddings, encoder.encode(TEXTS).embeddings)


@pytest.mark.slow
def test_random_adapter_changes_the_encoder(encoder: Encoder, tmp_path: Path) -> None:
    adapter = write_adapter(tmp_path / "random", _lora(4, zero=False), scale=2.0)
    merged = Encoder.load(cache_dir=tmp_path / "cache", adapter=adapter)
    base, tuned = encoder.encode(TEXTS).embeddings, merged.encode(TEXTS).embeddings
    np.testing.assert_allclose(np.linalg.norm(tuned, axis=1), 1.0, atol=1e-5)
    assert np.abs(tuned - base).max() > 1e-2
    # Still one batch-invariant pass.
    np.testing.assert_allclose(merged.encode_one(TEXTS[0]).embeddings[0], tuned[0], atol=1e-5)
