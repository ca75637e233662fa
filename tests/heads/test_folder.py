"""Model folders: round trip, damaged files, and the size budget of committed artefacts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from heartline.errors import ModelError
from heartline.heads import Head, HeadConfig, TaskType, folder


def _head() -> Head:
    config = HeadConfig(
        name="toy", registry_name="heartline.toy.v1", task=TaskType.MULTI_LABEL,
        labels=("a", "b"), thresholds=(0.3, 0.6), hidden=4, extra={"groups": {"x": ["a"]}},
        versions={"numpy": np.__version__}, seed=7,
    )
    rng = np.random.default_rng(0)
    return Head(config, {
        "hidden.weight": rng.normal(size=(384, 4)), "hidden.bias": rng.normal(size=4),
        "out.weight": rng.normal(size=(4, 2)), "out.bias": rng.normal(size=2),
    })


def test_round_trip_keeps_config_and_weights(tmp_path: Path) -> None:
    head = _head()
    folder.save(head, tmp_path / "toy", card="# Toy head\n")
    again = folder.load(tmp_path / "toy")
    assert again.config == head.config
    assert sorted(p.name for p in (tmp_path / "toy").iterdir()) == ["card.md", "config.json", "weights.safetensors"]
    for k, v in head.weights.items():
        assert np.allclose(again.weights[k], v, atol=1e-2 * np.abs(v).max())
    saved = json.loads((tmp_path / "toy" / "config.json").read_text())
    assert saved["registry_name"] == "heartline.toy.v1" and saved["combine"] == "single"


def test_missing_weights_is_a_model_error(tmp_path: Path) -> None:
    folder.save(_head(), tmp_path / "toy")
    (tmp_path / "toy" / "weights.safetensors").unlink()
    with pytest.raises(ModelError, match="incomplete"):
        folder.load(tmp_path / "toy")


def test_corrupt_weights_is_a_model_error(tmp_path: Path) -> None:
    folder.save(_head(), tmp_path / "toy")
    (tmp_path / "toy" / "weights.safetensors").write_bytes(b"\x00\x01garbage")
    with pytest.raises(ModelError, match="damaged"):
        folder.load(tmp_path / "toy")


def test_unknown_packaged_head_names_the_fix() -> None:
    with pytest.raises(ModelError, match="heartline train"):
        folder.load_packaged("no_such_head")


def test_committed_artefacts_stay_under_5_mb() -> None:
    models = Path(folder.PACKAGED)
    assert models.is_dir()
    total = folder.folder_bytes(models)
    assert total <= 5 * 1024 * 1024, f"model artefacts take {total} bytes"
