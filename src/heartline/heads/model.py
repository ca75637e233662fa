"""A head: a small trained layer over the shared encoder's output, in numpy.

Two shapes, both with exact or principled token attribution:

* **mean**: reads each input's pooled embedding (pairs combined as
  ``[u, v, u*v, |u-v|]``), then a linear layer or one ReLU hidden layer.
  Because the pooled vector is ``sum_i h_i / (n * ||mean||)``, a token's
  contribution is ``g . h_i / (n * ||mean||)`` with ``g`` the gradient of the
  logit at the pooled point: exact for a linear head (contributions sum to the
  logit minus its bias), gradient x input for the MLP.
* **attention**: per-label attention over the token vectors with a per-token
  MLP, ``logit_k = sum_i a_ik f_k(h_i) + b_k``. Contributions ``a_ik f_k(h_i)``
  sum to the logit exactly. Special tokens are left out so all evidence maps
  to text.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from heartline.errors import ModelError
from heartline.heads.config import HeadConfig, Pooling, TaskType
from heartline.heads.evidence import Span, spans
from heartline.heads.inputs import TokenBatch

Inputs = Mapping[str, TokenBatch]
"""The encoder output of each input the head reads, by input name."""


class Head:
    """A trained head: config plus numpy weights (float32 in memory)."""

    def __init__(self, config: HeadConfig, weights: Mapping[str, np.ndarray]) -> None:
        self.config = config
        self.weights = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
        self._check()
        # Per attention-pass result, the last batch it was computed for: evidence for a
        # label then costs no second pass. Entries are replaced whole, so concurrent
        # callers stay correct.
        self._last: dict[str, tuple[weakref.ref[TokenBatch], Any]] = {}

    # -- forward ---------------------------------------------------------------

    def logits(self, inputs: Inputs) -> np.ndarray:
        """(n, outputs) raw scores before sigmoid/softmax/cut points."""
        if self.config.pooling is Pooling.ATTENTION:
            logits, _, _ = self._attention(self._input(inputs, 0))
            return logits
        logits, _ = self._mlp(self.features(inputs))
        return logits

    def probabilities(self, inputs: Inputs) -> np.ndarray:
        """(n, labels) probabilities: per label (multi-label), a distribution otherwise."""
        return self.probabilities_from_logits(self.logits(inputs))

    def probabilities_from_logits(self, z: np.ndarray) -> np.ndarray:
        """Apply the task's link function to logits."""
        task = self.config.task
        if task is TaskType.MULTI_LABEL:
            return sigmoid(z)
        if task is TaskType.MULTI_CLASS:
            return softmax(z)
        if task is TaskType.BINARY:
            p = sigmoid(z[:, 0])
            return np.stack([1 - p, p], axis=1)
        above = sigmoid(z[:, :1] - self.weights["cuts"][None, :])  # P(y > k)
        upper = np.concatenate([np.ones((len(z), 1)), above], axis=1)
        lower = np.concatenate([above, np.zeros((len(z), 1))], axis=1)
        probs: np.ndarray = np.clip(upper - lower, 0.0, 1.0)
        return probs

    def decide(self, probabilities: np.ndarray) -> list[list[str]] | list[str]:
        """Labels from probabilities: label lists (multi-label) or one label each."""
        labels, thr = self.config.labels, self.config.thresholds
        if self.config.task is TaskType.MULTI_LABEL:
            t = np.asarray(thr if thr else [0.5] * len(labels))
            return [[labels[j] for j in np.flatnonzero(row >= t)] for row in probabilities]
        if self.config.task is TaskType.BINARY:
            cut = thr[0] if thr else 0.5
            return [labels[int(p >= cut)] for p in probabilities[:, 1]]
        return [labels[int(j)] for j in probabilities.argmax(axis=1)]

    def features(self, inputs: Inputs) -> np.ndarray:
        """The vector the MLP reads: the pooled embedding, or ``[u, v, u*v, |u-v|]``."""
        pooled = [self._input(inputs, i).pooled for i in range(len(self.config.inputs))]
        if len(pooled) == 1:
            return np.asarray(pooled[0], dtype=np.float32)
        u, v = pooled
        return np.concatenate([u, v, u * v, np.abs(u - v)], axis=1)

    # -- attribution -----------------------------------------------------------

    def contributions(self, inputs: Inputs, label: int | str, *, input_name: str | None = None) -> np.ndarray:
        """(n, T) each token's contribution to ``label``'s logit, for one input.

        For multi-class heads the logit is taken relative to the mean of all
        logits (softmax only sees differences). ``input_name`` defaults to the
        last input (the message being judged).
        """
        k = self._label_index(label)
        name = input_name or self.config.inputs[-1]
        batch = inputs[name]
        if self.config.pooling is Pooling.ATTENTION:
            _, alpha, values = self._attention(batch)
            shares: np.ndarray = alpha[..., k] * values[..., k]
            if self.config.task is TaskType.MULTI_CLASS:
                shares = shares - self._mean_share(batch, alpha, values)
            return shares
        grad = self._input_gradient(inputs, k)[self.config.inputs.index(name)]
        count = batch.mask.sum(axis=1, keepdims=True)
        mean = np.einsum("ntd,nt->nd", batch.vectors, batch.mask.astype(np.float32)) / np.maximum(count, 1)
        norm = np.linalg.norm(mean, axis=1, keepdims=True)
        scale = 1.0 / (np.maximum(count, 1) * np.maximum(norm, 1e-12))
        c: np.ndarray = np.einsum("ntd,nd->nt", batch.vectors, grad) * scale * batch.mask
        return c

    def evidence(
        self,
        inputs: Inputs,
        label: int | str,
        *,
        input_name: str | None = None,
        top: int = 3,
        rows: Sequence[int] | None = None,
    ) -> list[list[Span]]:
        """Per text (or per text of ``rows``), the phrases (character spans) that pushed ``label`` up."""
        name = input_name or self.config.inputs[-1]
        if rows is not None and self.config.pooling is not Pooling.ATTENTION:
            # Gradient attribution costs a pass per row: run it on the rows asked for only.
            inputs, rows = {k: v.take(rows) for k, v in inputs.items()}, None
        # Attention heads reuse the forward pass of the whole batch (see _attention).
        c = self.contributions(inputs, label, input_name=name)
        offsets = inputs[name].offsets
        return [spans(c[i], offsets[i], top=top) for i in (range(len(c)) if rows is None else rows)]

    # -- internals -------------------------------------------------------------

    def _mlp(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        w = self.weights
        if self.config.hidden:
            pre = x @ w["hidden.weight"] + w["hidden.bias"]
            return np.maximum(pre, 0.0) @ w["out.weight"] + w["out.bias"], pre
        return x @ w["out.weight"] + w["out.bias"], None

    def _attention(self, batch: TokenBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        out: tuple[np.ndarray, np.ndarray, np.ndarray] = self._memo("attention", batch,
                                                                     lambda: self._attention_pass(batch))
        return out

    def _mean_share(self, batch: TokenBatch, alpha: np.ndarray, values: np.ndarray) -> np.ndarray:
        out: np.ndarray = self._memo("mean_share", batch, lambda: (alpha * values).mean(axis=2))
        return out

    def _memo(self, name: str, batch: TokenBatch, compute: Callable[[], Any]) -> Any:
        last = self._last.get(name)
        if last is not None and last[0]() is batch:
            return last[1]
        value = compute()
        self._last[name] = (weakref.ref(batch), value)
        return value

    def _attention_pass(self, batch: TokenBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        w = self.weights
        x = batch.vectors / w["token_scale"][0]
        real = batch.mask & (batch.offsets[..., 1] > batch.offsets[..., 0])
        scores = x @ w["attn.weight"] + w["attn.bias"]  # (n, T, K)
        scores = np.where(real[..., None], scores, -np.inf)
        top = scores.max(axis=1, keepdims=True) if scores.shape[1] else scores
        e = np.exp(scores - np.where(np.isfinite(top), top, 0.0))
        alpha = e / np.maximum(e.sum(axis=1, keepdims=True), 1e-30)
        values = self._mlp(x)[0] - w["out.bias"]  # the bias is added once, below
        logits = (alpha * values).sum(axis=1) + w["out.bias"]
        return logits, alpha, values

    def _input_gradient(self, inputs: Inputs, k: int) -> list[np.ndarray]:
        """Gradient of logit ``k`` with respect to each input's pooled vector."""
        w = self.weights
        x = self.features(inputs)
        out = w["out.weight"][:, k]
        if self.config.task is TaskType.MULTI_CLASS:
            out = out - w["out.weight"].mean(axis=1)
        if self.config.hidden:
            _, pre = self._mlp(x)
            assert pre is not None
            g = ((pre > 0) * out[None, :]) @ w["hidden.weight"].T
        else:
            g = np.broadcast_to(out, x.shape).copy()
        if len(self.config.inputs) == 1:
            return [g]
        u, v = (self._input(inputs, i).pooled for i in range(2))
        d = u.shape[1]
        g_u, g_v, g_uv, g_abs = (g[:, i * d : (i + 1) * d] for i in range(4))
        sign = np.sign(u - v)
        return [g_u + g_uv * v + g_abs * sign, g_v + g_uv * u - g_abs * sign]

    def _input(self, inputs: Inputs, i: int) -> TokenBatch:
        name = self.config.inputs[i]
        try:
            return inputs[name]
        except KeyError:
            raise ModelError(
                f"head '{self.config.name}' needs input '{name}'",
                hint=f"pass encoder output for: {', '.join(self.config.inputs)}",
            ) from None

    def _label_index(self, label: int | str) -> int:
        if isinstance(label, int):
            return label
        labels = self.config.labels
        if self.config.task in (TaskType.BINARY, TaskType.ORDINAL):
            return 0  # one output: evidence is for "more positive / higher"
        try:
            return labels.index(label)
        except ValueError:
            raise ModelError(f"head '{self.config.name}' has no label '{label}'") from None

    def _check(self) -> None:
        cfg, w = self.config, self.weights
        need = ["out.weight", "out.bias"]
        if cfg.hidden:
            need += ["hidden.weight", "hidden.bias"]
        if cfg.pooling is Pooling.ATTENTION:
            need += ["attn.weight", "attn.bias", "token_scale"]
        if cfg.task is TaskType.ORDINAL:
            need.append("cuts")
        missing = [k for k in need if k not in w]
        if missing:
            raise ModelError(
                f"head '{cfg.name}' is missing weights {missing}",
                hint="the model folder is incomplete; retrain it with `heartline train`",
            )
        if w["out.weight"].shape[1] != cfg.n_outputs:
            raise ModelError(f"head '{cfg.name}': output layer does not match its labels")


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Numerically stable logistic function."""
    out: np.ndarray = np.exp(-np.logaddexp(0.0, -z))
    return out


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out
