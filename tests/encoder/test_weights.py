"""Locating the packaged weights and fingerprinting them quickly."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from heartline.encoder.weights import (
    WEIGHTS_FILE,
    file_sha256,
    package_model_dir,
    weights_sha256,
)


def test_the_package_ships_the_model_files() -> None:
    model_dir = package_model_dir()
    assert (model_dir / WEIGHTS_FILE).stat().st_size > 80_000_000


def test_weights_hash_is_memoised_by_size_and_mtime(tmp_path: Path) -> None:
    weights = tmp_path / "w.bin"
    weights.write_bytes(b"abc" * 1000)
    memo_dir = tmp_path / "memo"
    real = hashlib.sha256(weights.read_bytes()).hexdigest()
    assert weights_sha256(weights, memo_dir=memo_dir) == real == file_sha256(weights)
    # Same size and mtime: the memo answers (proved by planting a fake hash).
    memo_file = next(memo_dir.iterdir())
    memo = json.loads(memo_file.read_text())
    memo[str(weights.resolve())]["sha256"] = "planted"
    memo_file.write_text(json.dumps(memo))
    assert weights_sha256(weights, memo_dir=memo_dir) == "planted"
    # A changed file (new mtime) is hashed again.
    weights.write_bytes(b"abd" * 1000)
    os.utime(weights, ns=(1, 1))
    assert weights_sha256(weights, memo_dir=memo_dir) == hashlib.sha256(b"abd" * 1000).hexdigest()


def test_an_unreadable_memo_is_ignored(tmp_path: Path) -> None:
    weights = tmp_path / "w.bin"
    weights.write_bytes(b"x")
    (tmp_path / "weights-fingerprints.json").write_text("{not json")
    assert weights_sha256(weights, memo_dir=tmp_path) == hashlib.sha256(b"x").hexdigest()
