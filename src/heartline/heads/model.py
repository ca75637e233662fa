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
  to text. With two inputs, the attention reads the second (the message judged)
  and a linear term on the pooled pair ``[u, v, u*v, |u-v|]`` is added, so the
  message it answers counts too; contributions then sum to the logit minus that
  term (the evidence is the message's words). The pass runs on the batch's
  tokens packed end to end (no padding), so its cost follows the mean text
  length, not the longest.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from heartline.errors import ModelError
from heartline.heads.config import HeadConfig, Pooling, TaskType
from heartline.heads.evidence import Span, batch_spans
from heartline.heads.inputs import Packed, TokenBatch

Inputs = Mapping[str, TokenBatch]
"""The encoder output of each input the head reads, by input name."""


class _Attended(NamedTuple):
    """One attention pass over a batch's real tokens, packed (see ``TokenBatch.packed``)."""

    logits: np.ndarray  # (n, K)
    alpha: np.ndarray  # (N, K) attention of each real token, per output
    values: np.ndarray  # (N, K) the token MLP's value, per output (bias excluded)
    tokens: Packed  # the tokens attended to
    bounds: np.ndarray  # (n + 1,) text i's tokens are bounds[i]:bounds[i + 1]


class Head:
    """A trained head: config plus numpy weights (float32 in memory)."""

    def __init__(self, config: HeadConfig, weights: Mapping[str, np.ndarray]) -> None:
        self.config = config
        self.weights = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
        self._check()
        if config.pooling is Pooling.ATTENTION:
            # Tokens are divided by token_scale before the attention and the MLP: folded
            # into the first layers' weights once, so no scaled copy of the tokens is made.
            scale = self.weights["token_scale"][0]
            first = "hidden.weight" if config.hidden else "out.weight"
            # One matrix product for both: the tokens are read from memory once.
            self._token_weights = np.concatenate(
                [self.weights["attn.weight"], self.weights[first]], axis=1) / scale
        # Per attention-pass result, the last batch it was computed for: evidence for a
        # label then costs no second pass. Entries are replaced whole, so concurrent
        # callers stay correct.
        self._last: dict[str, tuple[weakref.ref[TokenBatch], Any]] = {}

    # -- forward ---------------------------------------------------------------

    def logits(self, inputs: Inputs) -> np.ndarray:
        """(n, outputs) raw scores before sigmoid/softmax/cut points."""
        if self.config.pooling is Pooling.ATTENTION:
            logits = self._attention(self._input(inputs, len(self.config.inputs) - 1)).logits
            if len(self.config.inputs) == 2:
                logits = logits + self.features(inputs) @ self.weights["pair.weight"]
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
        return _pair_features([self._input(inputs, i).pooled for i in range(len(self.config.inputs))])

    # -- attribution -----------------------------------------------------------

    def contributions(self, inputs: Inputs, label: int | str, *, input_name: str | None = None) -> np.ndarray:
        """(n, T) each token's contribution to ``label``'s logit, for one input.

        For multi-class heads the logit is taken relative to the mean of all
        logits (softmax only sees differences). ``input_name`` defaults to the
        last input (the message being judged).
        """
        name = input_name or self.config.inputs[-1]
        batch = inputs[name]
        out = np.zeros((len(batch), batch.width), np.float32)
        for i, (shares, _, cols) in enumerate(self._row_contributions(inputs, self._label_index(label), name)):
            out[i, cols] = shares
        return out

    def evidence(
        self,
        inputs: Inputs,
        label: int | str,
        *,
        input_name: str | None = None,
        top: int = 3,
        rows: Sequence[int] | None = None,
        against: bool = False,
    ) -> list[list[Span]]:
        """Per text (or per text of ``rows``), the phrases (character spans) that pushed ``label`` up
        (``against``: down)."""
        name = input_name or self.config.inputs[-1]
        k = self._label_index(label)
        batch = inputs[name]
        chosen = np.arange(len(batch)) if rows is None else np.asarray(rows, dtype=np.int64)
        if not len(chosen):
            return []
        if self.config.pooling is Pooling.ATTENTION:
            shares, att = self._attended_shares(batch, name, k)
            bounds, offsets = att.bounds, att.tokens.offsets
            lengths = bounds[chosen + 1] - bounds[chosen]
            if rows is not None:
                idx = _ranges(bounds[chosen], lengths)
                shares, offsets = shares[idx], offsets[idx]
        else:
            shares, offsets, lengths = self._pooled_shares(inputs, k, name, chosen)
        return batch_spans(-shares if against else shares, offsets, lengths, top=top)

    def _pooled_shares(self, inputs: Inputs, k: int, name: str,
                       chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A mean head's token shares of output ``k`` for input ``name``, real tokens of the
        ``chosen`` texts one after another: (shares (N,), offsets (N, 2), tokens per text (n,)).

        Gradient x input on the batch's packed tokens: a token's share is
        ``g . h_t / ||sum of the text's tokens||`` (see ``_row_contributions``).
        """
        batch = inputs[name]
        grad = self._input_gradient(inputs, k, chosen)[self.config.inputs.index(name)]
        grad = grad / batch.sum_norms()[chosen, None]
        packed = batch.packed()
        bounds = packed.bounds(len(batch))
        lengths = bounds[chosen + 1] - bounds[chosen]
        x, b = packed.vectors, bounds.tolist()
        shares = np.concatenate([x[b[i]:b[i + 1]] @ grad[j] for j, i in enumerate(chosen.tolist())])
        return shares, packed.offsets[_ranges(bounds[chosen], lengths)], lengths

    def _row_contributions(
        self, inputs: Inputs, k: int, name: str, rows: Sequence[int] | None = None
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Output ``k``'s token contributions for input ``name``: per text (of ``rows``, default
        all), (contributions (T_i,), offsets (T_i, 2), the tokens' positions in the padded row)."""
        batch = inputs[name]
        chosen = range(len(batch)) if rows is None else rows
        if self.config.pooling is Pooling.ATTENTION:
            shares, att = self._attended_shares(batch, name, k)
            b, tokens = att.bounds, att.tokens
            return [(shares[b[i]:b[i + 1]], tokens.offsets[b[i]:b[i + 1]], tokens.cols[b[i]:b[i + 1]])
                    for i in chosen]
        grad = self._input_gradient(inputs, k)[self.config.inputs.index(name)]
        out = []
        for i in chosen:
            vectors, offsets = batch.row(i)
            vectors = vectors.astype(np.float32, copy=False)  # cached training vectors are float16
            # The pooled vector is sum_i h_i / (n * ||mean||) = sum_i h_i / ||sum||.
            norm = max(float(np.linalg.norm(vectors.sum(axis=0))), 1e-12)
            out.append(((vectors @ grad[i]) / norm, offsets, np.arange(len(vectors))))
        return out

    # -- internals -------------------------------------------------------------

    def _mlp(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        w = self.weights
        if self.config.hidden:
            pre = x @ w["hidden.weight"] + w["hidden.bias"]
            return np.maximum(pre, 0.0) @ w["out.weight"] + w["out.bias"], pre
        return x @ w["out.weight"] + w["out.bias"], None

    def _attention(self, batch: TokenBatch) -> _Attended:
        out: _Attended = self._memo("attention", batch, lambda: self._attention_pass(batch))
        return out

    def _attended_shares(self, batch: TokenBatch, name: str, k: int) -> tuple[np.ndarray, _Attended]:
        """Output ``k``'s share of each packed token of ``batch`` (the forward pass is reused)."""
        if name != self.config.inputs[-1]:
            raise ModelError(f"head '{self.config.name}' attends to '{self.config.inputs[-1]}' only",
                             hint="ask for evidence in the message the head attends to")
        att = self._attention(batch)
        return self._token_shares(batch, att, k), att

    def _token_shares(self, batch: TokenBatch, att: _Attended, k: int) -> np.ndarray:
        """(N,) each real token's contribution to output ``k`` (relative to the mean output
        for multi-class heads: softmax only sees differences)."""
        shares: np.ndarray = att.alpha[:, k] * att.values[:, k]
        if self.config.task is TaskType.MULTI_CLASS:
            shares = shares - self._memo("mean_share", batch, lambda: (att.alpha * att.values).mean(axis=1))
        return shares

    def _memo(self, name: str, batch: TokenBatch, compute: Callable[[], Any]) -> Any:
        last = self._last.get(name)
        if last is not None and last[0]() is batch:
            return last[1]
        value = compute()
        self._last[name] = (weakref.ref(batch), value)
        return value

    def _attention_pass(self, batch: TokenBatch) -> _Attended:
        w, tw = self.weights, self._token_weights
        packed = batch.packed()  # real tokens only: specials carry no text
        x, rows = packed.vectors, packed.rows
        n, k = len(batch), w["out.bias"].shape[0]
        bounds = packed.bounds(n)
        filled = np.diff(bounds) > 0  # a text with no real token gets the bias alone
        starts = bounds[:-1][filled]
        both = x @ tw  # (N, K + hidden or K); operations below work in place: N is every token
        scores = both[:, :k]
        scores += w["attn.bias"]
        top = np.zeros((n, k), np.float32)
        total = np.ones((n, k), np.float32)
        logits = np.zeros((n, k), np.float32)
        if self.config.hidden:
            hidden = both[:, k:]
            hidden += w["hidden.bias"]
            np.maximum(hidden, 0.0, out=hidden)
            values = hidden @ w["out.weight"]
        else:
            values = both[:, k:]
        if len(starts):
            top[filled] = np.maximum.reduceat(scores, starts, axis=0)
            alpha = scores  # scores become the attention weights
            alpha -= top[rows]
            np.exp(alpha, out=alpha)
            total[filled] = np.add.reduceat(alpha, starts, axis=0)
            alpha /= total[rows]
            logits[filled] = np.add.reduceat(alpha * values, starts, axis=0)
        else:
            alpha = np.zeros_like(scores)
        return _Attended(logits + w["out.bias"], alpha, values, packed, bounds)

    def _input_gradient(self, inputs: Inputs, k: int,
                        rows: Sequence[int] | np.ndarray | None = None) -> list[np.ndarray]:
        """Gradient of logit ``k`` with respect to each input's pooled vector (of ``rows``, default all)."""
        w = self.weights
        pooled = [self._input(inputs, i).pooled for i in range(len(self.config.inputs))]
        if rows is not None:
            pooled = [p[np.asarray(rows, dtype=np.int64)] for p in pooled]
        x = _pair_features(pooled)
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
        u, v = pooled
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
            if len(cfg.inputs) == 2:
                need.append("pair.weight")
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


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Indices ``starts[i] .. starts[i] + lengths[i] - 1`` for every i, one after another."""
    total = int(lengths.sum())
    return np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)


def _pair_features(pooled: list[np.ndarray]) -> np.ndarray:
    """The vector a mean head's MLP reads: one pooled embedding, or ``[u, v, u*v, |u-v|]``."""
    if len(pooled) == 1:
        return np.asarray(pooled[0], dtype=np.float32)
    u, v = pooled
    return np.concatenate([u, v, u * v, np.abs(u - v)], axis=1)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Numerically stable logistic function."""
    out: np.ndarray = np.exp(-np.logaddexp(0.0, -z))
    return out


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out
