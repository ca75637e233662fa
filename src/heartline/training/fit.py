"""Fitting a head with PyTorch (CPU), then handing back a numpy :class:`Head`.

The torch module mirrors ``heads.model`` exactly (same weight names and
shapes, transposed from ``nn.Linear``), so what was trained is what runs.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from heartline.heads.config import HeadConfig, Pooling, TaskType
from heartline.heads.model import Head
from heartline.training.embeddings import Encoded

log = logging.getLogger(__name__)

StepProgress = Callable[[str, int, int], None]
"""Called with (stage, done, total)."""


@dataclass(frozen=True)
class FitOptions:
    """Hyper-parameters of one training run (select them on dev, never on test)."""

    epochs: int = 30
    lr: float = 2e-3
    weight_decay: float = 1e-4
    batch_size: int = 128
    dropout: float = 0.1
    balance: float = 0.0  # 0: plain loss; 1: inverse-frequency class weights; between: a power of them
    patience: int = 5
    seed: int = 42
    threads: int = 1  # more threads lose to ORT and other jobs on small shared machines


@dataclass
class Split:
    """One split of a task, as the trainer sees it.

    Attributes:
        inputs: encoder output per input name, rows aligned with ``targets``.
        targets: multi-label (n, L) 0/1; multi-class and ordinal (n,) int; binary (n,) 0/1.
    """

    inputs: Mapping[str, Encoded]
    targets: np.ndarray

    def __len__(self) -> int:
        return len(self.targets)


def fit(
    config: HeadConfig,
    train: Split,
    dev: Split,
    options: FitOptions,
    *,
    score: Callable[[Head, Split], float],
    on_progress: StepProgress | None = None,
) -> tuple[Head, dict[str, Any]]:
    """Train a head, keeping the epoch with the best ``score`` on dev.

    Returns the head and a small log (best epoch, dev score per epoch).
    """
    import torch

    torch.manual_seed(options.seed)
    torch.set_num_threads(options.threads)
    rng = np.random.default_rng(options.seed)
    module = _Module(config, train, options)
    opt = torch.optim.AdamW(module.parameters(), lr=options.lr, weight_decay=options.weight_decay)
    loss_fn = _loss(config, train.targets, options.balance)
    feeder = _Feeder(config, train)
    best: tuple[float, int, dict[str, Any]] = (-np.inf, -1, {})
    history: list[float] = []
    steps = (len(train) + options.batch_size - 1) // options.batch_size
    for epoch in range(options.epochs):
        module.train()
        order = rng.permutation(len(train))
        for b in range(steps):
            rows = order[b * options.batch_size : (b + 1) * options.batch_size]
            out = module(*feeder.batch(rows))
            loss = loss_fn(out, torch.as_tensor(train.targets[rows]))
            opt.zero_grad()
            loss.backward()
            opt.step()
        head = to_head(config, module)
        value = score(head, dev)
        history.append(round(value, 4))
        if value > best[0]:
            best = (value, epoch, copy.deepcopy(module.state_dict()))
        if on_progress:
            on_progress(f"training {config.name}", epoch + 1, options.epochs)
        if epoch - best[1] >= options.patience:
            break
    module.load_state_dict(best[2])
    return to_head(config, module), {"best_epoch": best[1] + 1, "dev_score_by_epoch": history}


def to_head(config: HeadConfig, module: Any) -> Head:
    """The numpy head holding ``module``'s current weights."""
    w = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in module.state_dict().items()}
    weights: dict[str, np.ndarray] = {"out.weight": w["out.weight"].T, "out.bias": w["out.bias"]}
    if config.hidden:
        weights["hidden.weight"] = w["hidden.weight"].T
        weights["hidden.bias"] = w["hidden.bias"]
    if config.pooling is Pooling.ATTENTION:
        weights["attn.weight"] = w["attn.weight"].T
        weights["attn.bias"] = w["attn.bias"]
        weights["token_scale"] = w["token_scale"].reshape(1)
        if "pair.weight" in w:
            weights["pair.weight"] = w["pair.weight"].T
    if config.task is TaskType.ORDINAL:
        weights["cuts"] = module.cuts().detach().numpy().astype(np.float32)
    return Head(config, weights)


def with_thresholds(head: Head, thresholds: list[float]) -> Head:
    """The same head with new decision thresholds."""
    return Head(replace(head.config, thresholds=tuple(float(t) for t in thresholds)), head.weights)


class _Feeder:
    """Mini-batches of model inputs (pooled vectors, or padded token vectors)."""

    def __init__(self, config: HeadConfig, split: Split) -> None:
        import torch

        self.config = config
        # Copies: cached arrays are read-only memory maps, which torch cannot wrap.
        self.pooled = [torch.tensor(np.array(split.inputs[n].pooled)) for n in config.inputs]
        if config.pooling is Pooling.ATTENTION:  # the tokens of the last input (the message judged)
            enc = split.inputs[config.inputs[-1]]
            self.tokens = torch.tensor(np.array(enc.tokens))
            self.starts = torch.as_tensor(enc.starts)
            self.lengths = torch.as_tensor(np.asarray(enc.lengths, dtype=np.int64))
            real = np.asarray(enc.offsets)[:, 1] > np.asarray(enc.offsets)[:, 0]
            self.real = torch.as_tensor(np.concatenate([real, [False]]))

    def batch(self, rows: np.ndarray) -> tuple[Any, ...]:
        import torch

        idx = torch.as_tensor(rows)
        if self.config.pooling is Pooling.MEAN:
            return tuple(p[idx] for p in self.pooled)
        pair = tuple(p[idx] for p in self.pooled) if len(self.pooled) == 2 else ()
        lengths = self.lengths[idx]
        width = int(lengths.max()) if len(rows) else 0
        pos = torch.arange(width)[None, :]
        inside = pos < lengths[:, None]
        flat = torch.where(inside, self.starts[idx][:, None] + pos, torch.full_like(pos, len(self.real) - 1))
        vectors = self.tokens[flat.clamp(max=len(self.tokens) - 1)].float() * inside[..., None]
        return (vectors, inside & self.real[flat], *pair)


def _module_class() -> Any:
    import torch
    from torch import nn

    class Module(nn.Module):
        def __init__(self, config: HeadConfig, train: Split, options: FitOptions) -> None:
            super().__init__()
            self.config = config
            attention = config.pooling is Pooling.ATTENTION
            # Attention reads tokens (384); a pooled pair is [u, v, u*v, |u-v|] (4 x 384).
            dim = 384 * (4 if len(config.inputs) == 2 and not attention else 1)
            k = config.n_outputs
            self.drop = nn.Dropout(options.dropout)
            if config.hidden:
                self.hidden = nn.Linear(dim, config.hidden)
            self.out = nn.Linear(config.hidden or dim, k)
            if attention:
                if len(config.inputs) == 2:  # the message it answers, as a linear term
                    self.pair = nn.Linear(4 * 384, k, bias=False)
                    nn.init.zeros_(self.pair.weight)
                enc = train.inputs[config.inputs[-1]]
                sample = np.asarray(enc.tokens[: min(len(enc.tokens), 20000)], dtype=np.float32)
                scale = float(np.median(np.linalg.norm(sample, axis=1))) if len(sample) else 1.0
                self.register_buffer("token_scale", torch.tensor([scale]))
                self.attn = nn.Linear(dim, k)
                nn.init.zeros_(self.attn.weight)  # start from a plain mean over tokens
                nn.init.zeros_(self.attn.bias)
            if config.task is TaskType.ORDINAL:
                n = len(config.labels) - 1
                self.cut0 = nn.Parameter(torch.tensor(-1.0 * (n - 1) / 2))
                self.gaps = nn.Parameter(torch.zeros(max(n - 1, 0)))

        def cuts(self) -> Any:
            steps = nn.functional.softplus(self.gaps) + 1e-3
            return torch.cat([self.cut0.reshape(1), self.cut0 + torch.cumsum(steps, 0)])

        def mlp(self, x: Any) -> Any:
            if self.config.hidden:
                x = self.drop(torch.relu(self.hidden(x)))
            return self.out(x)

        def forward(self, *xs: Any) -> Any:
            if self.config.pooling is Pooling.ATTENTION:
                vectors, real, *pair = xs
                x = self.drop(vectors / self.token_scale)
                scores = self.attn(x).masked_fill(~real[..., None], -1e4)
                alpha = torch.softmax(scores, dim=1) * real[..., None]
                values = self.mlp(x) - self.out.bias
                z = (alpha * values).sum(dim=1) + self.out.bias
                if pair:
                    u, v = pair
                    z = z + self.pair(self.drop(torch.cat([u, v, u * v, (u - v).abs()], dim=1)))
            elif len(xs) == 1:
                z = self.mlp(self.drop(xs[0]))
            else:
                u, v = xs
                z = self.mlp(self.drop(torch.cat([u, v, u * v, (u - v).abs()], dim=1)))
            if self.config.task is TaskType.ORDINAL:
                return z[:, :1] - self.cuts()[None, :]
            return z

    return Module


def _Module(config: HeadConfig, train: Split, options: FitOptions) -> Any:
    return _module_class()(config, train, options)


def _loss(config: HeadConfig, targets: np.ndarray, balance: float) -> Callable[[Any, Any], Any]:
    import torch
    from torch import nn

    task = config.task
    if task is TaskType.MULTI_LABEL:
        pos = targets.mean(axis=0).clip(1e-4, 1 - 1e-4)
        weight = torch.as_tensor(((1 - pos) / pos) ** (0.5 * balance), dtype=torch.float32)
        bce = nn.BCEWithLogitsLoss(pos_weight=weight)
        return lambda z, y: bce(z, y.float())
    if task is TaskType.MULTI_CLASS:
        counts = np.bincount(targets.astype(int), minlength=len(config.labels)).clip(1)
        w = torch.as_tensor((counts.sum() / counts / len(counts)) ** balance, dtype=torch.float32)
        ce = nn.CrossEntropyLoss(weight=w)
        return lambda z, y: ce(z, y.long())
    if task is TaskType.BINARY:
        pos = float(np.mean(targets)) if len(targets) else 0.5
        weight = torch.tensor([((1 - pos) / max(pos, 1e-4)) ** balance])
        bce = nn.BCEWithLogitsLoss(pos_weight=weight)
        return lambda z, y: bce(z[:, 0], y.float())
    k = len(config.labels) - 1
    bce = nn.BCEWithLogitsLoss()
    # Cumulative-link loss: one binary "above cut k" decision per cut point.
    return lambda z, y: bce(z, (y.long()[:, None] > torch.arange(k)[None, :]).float())
