"""Encoder adapters: weight deltas merged into the encoder before export.

An adapter is a folder, so a fine-tuned encoder stays one int8 pass::

    my-adapter/
      adapter.json          {"format": "heartline-encoder-adapter", "version": 1,
                             "weights": "adapter.safetensors", "scale": 2.0}
      adapter.safetensors   tensors named after the BertModel parameters:
                              <param>.lora_A  (r, in)   low-rank pair,
                              <param>.lora_B  (out, r)  merged as W += scale · B @ A
                              <param>.delta   same shape as <param>, merged as W += delta

Parameter names are those of ``transformers.BertModel.state_dict()``, e.g.
``encoder.layer.0.attention.self.query.weight``. For a LoRA trained with
rank r and alpha a, ``scale`` is a / r (PEFT's convention). Merging is plain
numpy so it can be checked without torch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from heartline.errors import ModelError

ADAPTER_FORMAT = "heartline-encoder-adapter"
ADAPTER_VERSION = 1
_KINDS = (".lora_A", ".lora_B", ".delta")


@dataclass(frozen=True)
class Adapter:
    """A loaded adapter: global LoRA scale and its tensors by name."""

    path: Path
    scale: float
    tensors: Mapping[str, np.ndarray]


def read_adapter_config(path: Path) -> dict[str, object]:
    """Read and check ``adapter.json`` of the adapter folder ``path``.

    Raises:
        ModelError: the folder or its adapter.json is missing or invalid.
    """
    config_path = path / "adapter.json"
    hint = f"an adapter folder holds adapter.json and a safetensors file; see {__name__}"
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"no adapter.json in the adapter folder {path}", hint=hint) from exc
    except (OSError, ValueError) as exc:
        raise ModelError(f"{config_path} is not readable JSON: {exc}", hint=hint) from exc
    if not isinstance(config, dict) or config.get("format") != ADAPTER_FORMAT:
        raise ModelError(f"{config_path}: 'format' must be {ADAPTER_FORMAT!r}", hint=hint)
    if config.get("version") != ADAPTER_VERSION:
        raise ModelError(f"{config_path}: 'version' must be {ADAPTER_VERSION}", hint=hint)
    if not isinstance(config.get("scale", 1.0), int | float):
        raise ModelError(f"{config_path}: 'scale' must be a number", hint=hint)
    weights = config.get("weights", "adapter.safetensors")
    if not isinstance(weights, str) or not (path / weights).is_file():
        raise ModelError(f"{config_path}: weights file {weights!r} not found", hint=hint)
    return config


def adapter_digest(path: Path) -> str:
    """Return a sha256 over every file of the adapter folder (names and contents)."""
    read_adapter_config(path)
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def load_adapter(path: Path) -> Adapter:
    """Load an adapter folder (needs the ``safetensors`` package)."""
    from safetensors.numpy import load_file

    config = read_adapter_config(path)
    tensors = load_file(str(path / str(config.get("weights", "adapter.safetensors"))))
    return Adapter(path=path, scale=float(config.get("scale", 1.0)), tensors=tensors)  # type: ignore[arg-type]


def merge_adapter(state: Mapping[str, np.ndarray], adapter: Adapter) -> dict[str, np.ndarray]:
    """Return ``state`` with the adapter's deltas added; ``state`` is not changed.

    Raises:
        ModelError: a tensor names an unknown parameter, a LoRA half is missing,
            or shapes do not fit.
    """
    deltas: dict[str, np.ndarray] = {}
    names: set[str] = set()
    for key in adapter.tensors:
        kind = next((k for k in _KINDS if key.endswith(k)), None)
        if kind is None:
            raise _bad(adapter, f"tensor {key!r} must end in one of {', '.join(_KINDS)}")
        name = key[: -len(kind)]
        if name not in state:
            raise _bad(adapter, f"tensor {key!r} names no encoder parameter")
        names.add(name)
    for name in sorted(names):
        base = state[name]
        delta = np.zeros(base.shape, np.float32)
        full = adapter.tensors.get(name + ".delta")
        if full is not None:
            if full.shape != base.shape:
                raise _bad(adapter, f"{name}.delta has shape {full.shape}, expected {base.shape}")
            delta += full.astype(np.float32)
        a, b = adapter.tensors.get(name + ".lora_A"), adapter.tensors.get(name + ".lora_B")
        if (a is None) != (b is None):
            raise _bad(adapter, f"{name} needs both .lora_A and .lora_B")
        if a is not None and b is not None:
            if (
                base.ndim != 2
                or a.ndim != 2
                or b.ndim != 2
                or (b.shape[0], a.shape[1]) != base.shape
            ):
                raise _bad(
                    adapter,
                    f"{name}: lora_B {b.shape} @ lora_A {a.shape} does not give {base.shape}",
                )
            if b.shape[1] != a.shape[0]:
                raise _bad(adapter, f"{name}: LoRA ranks differ ({b.shape[1]} vs {a.shape[0]})")
            delta += adapter.scale * (b.astype(np.float32) @ a.astype(np.float32))
        deltas[name] = delta
    merged = dict(state)
    for name, delta in deltas.items():
        merged[name] = (state[name].astype(np.float32) + delta).astype(state[name].dtype)
    return merged


def _bad(adapter: Adapter, what: str) -> ModelError:
    return ModelError(
        f"adapter {adapter.path}: {what}",
        hint="name tensors <BertModel parameter>.lora_A / .lora_B / .delta",
    )
