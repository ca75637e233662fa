"""Encoder outputs for training sets, computed once and cached on disk.

Heads must be trained on exactly the embeddings they see at run time, so the
default source is heartline's own :class:`heartline.encoder.Encoder` (int8 ONNX).
Until that exists (or where it cannot be built) a float32 PyTorch copy of the
same all-MiniLM-L6-v2 weights stands in; its id differs, so the cache never
mixes the two and the model card records which one trained a head.

Cache layout (one folder per text list)::

    <cache>/train-embeddings/<encoder id>/<sha256 of texts>/
        pooled.npy   (n, 384) float32, L2-normalised mean pool
        tokens.npy   (total tokens, 384) float16, last hidden states
        lengths.npy  (n,) int32 tokens per text (specials included)
        offsets.npy  (total tokens, 2) int32 character spans ((0, 0) for specials)
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from heartline.heads.inputs import TokenBatch

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""Called with (done, total) as encoding advances."""


class EncoderBackend(Protocol):
    """What training needs from an encoder."""

    id: str

    def encode_chunk(self, texts: Sequence[str]) -> TokenBatch:
        """Pooled embeddings plus token vectors and offsets for a few texts."""
        ...


@dataclass
class Encoded:
    """Encoder outputs for a list of texts (arrays may be memory-mapped)."""

    pooled: np.ndarray
    tokens: np.ndarray
    lengths: np.ndarray
    offsets: np.ndarray

    def __len__(self) -> int:
        return int(self.pooled.shape[0])

    @property
    def starts(self) -> np.ndarray:
        """Index of each text's first token in ``tokens``."""
        return np.concatenate([[0], np.cumsum(self.lengths)[:-1]]).astype(np.int64)

    def token_batch(self, rows: Sequence[int] | np.ndarray) -> TokenBatch:
        """The rows as a padded :class:`TokenBatch` (what a head sees at run time)."""
        rows = np.asarray(rows, dtype=np.int64)
        starts, lengths = self.starts[rows], self.lengths[rows]
        return TokenBatch.from_ragged(
            pooled=np.asarray(self.pooled[rows], dtype=np.float32),
            vectors=[self.tokens[s : s + n] for s, n in zip(starts, lengths, strict=True)],
            offsets=[self.offsets[s : s + n] for s, n in zip(starts, lengths, strict=True)],
        )


def cache_root() -> Path:
    """``$HEARTLINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/heartline``, else ``~/.cache/heartline``."""
    if env := os.environ.get("HEARTLINE_CACHE_DIR"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "heartline"


def texts_key(texts: Sequence[str]) -> str:
    """A stable key for a list of texts (order matters)."""
    digest = hashlib.sha256()
    for t in texts:
        digest.update(t.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def encode_cached(
    texts: Sequence[str],
    backend: EncoderBackend,
    *,
    cache_dir: Path | None = None,
    batch_size: int = 64,
    on_progress: Progress | None = None,
) -> Encoded:
    """Encode ``texts`` with ``backend``, reusing the on-disk cache when it has them."""
    root = (cache_dir or cache_root()) / "train-embeddings" / _slug(backend.id)
    folder = root / texts_key(texts)
    if (folder / "meta.json").exists():
        try:
            return _load(folder, len(texts))
        except (OSError, ValueError) as exc:  # half-written or damaged: rebuild
            log.warning("embedding cache %s unreadable (%s); re-encoding", folder, exc)
            shutil.rmtree(folder, ignore_errors=True)
    log.info("encoding %d texts with %s", len(texts), backend.id)
    encoded = _encode(texts, backend, batch_size=batch_size, on_progress=on_progress)
    _save(folder, encoded, encoder_id=backend.id)
    return encoded


def _encode(
    texts: Sequence[str], backend: EncoderBackend, *, batch_size: int, on_progress: Progress | None
) -> Encoded:
    # Length-sorted batches waste little padding; results go back in input order.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    pooled = np.zeros((len(texts), 384), dtype=np.float32)
    vectors: list[np.ndarray] = [np.zeros((0, 384), np.float16)] * len(texts)
    offsets: list[np.ndarray] = [np.zeros((0, 2), np.int32)] * len(texts)
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        out = backend.encode_chunk([texts[i] for i in rows])
        pooled[rows] = out.pooled
        for j, i in enumerate(rows):
            n = int(out.mask[j].sum())
            vectors[i] = out.vectors[j, :n].astype(np.float16)
            offsets[i] = out.offsets[j, :n].astype(np.int32)
        if on_progress:
            on_progress(min(start + batch_size, len(texts)), len(texts))
    lengths = np.array([len(v) for v in vectors], dtype=np.int32)
    return Encoded(
        pooled=pooled,
        tokens=np.concatenate(vectors) if vectors else np.zeros((0, 384), np.float16),
        lengths=lengths,
        offsets=np.concatenate(offsets) if offsets else np.zeros((0, 2), np.int32),
    )


def _save(folder: Path, encoded: Encoded, *, encoder_id: str) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Write into a temporary sibling and rename, so readers never see half a cache.
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
    for name in ("pooled", "tokens", "lengths", "offsets"):
        np.save(tmp / f"{name}.npy", getattr(encoded, name))
    (tmp / "meta.json").write_text(json.dumps({"encoder": encoder_id, "n": len(encoded)}))
    if folder.exists() and not (folder / "meta.json").exists():
        shutil.rmtree(folder, ignore_errors=True)  # left by a writer that died
    try:
        tmp.rename(folder)
    except OSError:  # another process finished first; theirs is as good as ours
        shutil.rmtree(tmp, ignore_errors=True)


def _load(folder: Path, n: int) -> Encoded:
    arrays: dict[str, Any] = {
        name: np.load(folder / f"{name}.npy", mmap_mode="r")
        for name in ("pooled", "tokens", "lengths", "offsets")
    }
    encoded = Encoded(**arrays)
    if len(encoded) != n or int(np.sum(encoded.lengths)) != encoded.tokens.shape[0]:
        raise ValueError("cache arrays do not match")
    return encoded


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)
