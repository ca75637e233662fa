"""Build the encoder's ONNX model from the packaged weights (needs torch).

This is the only module that imports torch and transformers, and the cache
runs it in a child process (``python -m heartline.encoder.export``) so a web
server or Ray worker that builds on first use never carries torch in memory.

The graph wraps ``BertModel`` with sentence-transformers' pooling for
all-MiniLM-L6-v2 (mean over the attention mask, then L2-normalise) and has
three outputs:

* ``sentence_embedding`` (batch, 384): the normalised mean, what heads use;
* ``token_embeddings`` (batch, tokens, 384): last hidden states, for evidence;
* ``mean_norm`` (batch,): the norm of the mean before normalising, so a
  linear head's score splits exactly into per-token parts.

It uses torch's legacy TorchScript exporter (``dynamo=False``): 2 s instead
of 14 s, and it needs no onnxscript.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import onnx

from heartline.encoder.adapter import load_adapter, merge_adapter
from heartline.encoder.quantize import quantize_per_token
from heartline.encoder.weights import MODEL_FILE, TOKENIZER_FILE, package_model_dir

logger = logging.getLogger(__name__)

OPSET = 17
OUTPUTS = ("sentence_embedding", "token_embeddings", "mean_norm")


@contextlib.contextmanager
def offline_hub() -> Iterator[None]:
    """Set HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE for the block, then restore them."""
    names = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update({name: "1" for name in names})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def export_fp32(path: Path, *, model_dir: Path, adapter_dir: Path | None = None) -> None:
    """Export the pooled fp32 encoder (with the adapter merged, if any) to ``path``."""
    with offline_hub():
        import torch
        from transformers import AutoModel
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        # eager attention exports to plain MatMul/Softmax nodes that ORT handles well.
        bert: Any = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
    bert.eval()
    if adapter_dir is not None:
        state = {k: v.detach().numpy() for k, v in bert.state_dict().items()}
        merged = merge_adapter(state, load_adapter(adapter_dir))
        bert.load_state_dict(
            {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in merged.items()}
        )

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> tuple[Any, Any, Any]:
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            norm = mean.norm(dim=1).clamp(min=1e-12)  # the eps of F.normalize
            return mean / norm.unsqueeze(-1), hidden, norm

    ids = torch.ones((2, 8), dtype=torch.long)
    batch, tokens = "batch", "tokens"
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the legacy exporter's DeprecationWarning
        torch.onnx.export(
            Pooled().eval(),
            (ids, torch.ones_like(ids)),
            str(path),
            dynamo=False,
            opset_version=OPSET,
            input_names=["input_ids", "attention_mask"],
            output_names=list(OUTPUTS),
            dynamic_axes={
                "input_ids": {0: batch, 1: tokens},
                "attention_mask": {0: batch, 1: tokens},
                "sentence_embedding": {0: batch},
                "token_embeddings": {0: batch, 1: tokens},
                "mean_norm": {0: batch},
            },
        )


def build_files(out_dir: Path, *, model_dir: Path, adapter_dir: Path | None = None) -> None:
    """Write ``model.onnx`` (int8) and ``tokenizer.json`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "fp32.onnx.tmp"
    export_fp32(fp32, model_dir=model_dir, adapter_dir=adapter_dir)
    onnx.save(quantize_per_token(onnx.load(str(fp32))), str(out_dir / MODEL_FILE))
    fp32.unlink()
    shutil.copyfile(model_dir / TOKENIZER_FILE, out_dir / TOKENIZER_FILE)


def main(argv: list[str] | None = None) -> int:
    """Child-process entry point used by the cache builder."""
    parser = argparse.ArgumentParser(description="build heartline's int8 encoder files")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--adapter", type=Path, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    build_files(args.out, model_dir=package_model_dir(), adapter_dir=args.adapter)
    return 0


if __name__ == "__main__":
    sys.exit(main())
