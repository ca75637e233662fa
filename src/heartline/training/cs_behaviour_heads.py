"""Training and evaluating the customer-service behaviour heads (``cs-*`` tasks).

Training data: ``cs_behaviours/train.jsonl`` plus ``data/labelled`` (authored and
relabelled exchanges). The cs_behaviours dev split is only ever scored.

Per behaviour, an L2-regularised logistic regression on the pair
``[c, a, c*a, |c-a|]`` (class-balanced; strength chosen by grouped 5-fold
cross-validation on train); each behaviour's out-of-fold logit is then stacked
with its cues (``heads.agent_behaviours.STACKED``: phrase flag, content overlap,
apology counts, questions, links). Thresholds are set on out-of-fold
probabilities: on the real cs_behaviours train rows when they hold at least 20
positives, else on all training rows. The weights go into one linear
multi-label :class:`Head`, so every token's contribution is exact.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from heartline.heads.agent_behaviours import BEHAVIOURS, STACKED, AgentBehaviours, extra_features
from heartline.heads.behaviour_phrases import phrase_flags
from heartline.heads.config import HeadConfig, TaskType
from heartline.heads.inputs import TokenBatch
from heartline.heads.model import Head
from heartline.training import metrics
from heartline.training.common import Reporter, encode_column
from heartline.training.cs_data import NEGATIVE_EMOTIONS, Exchange, ignores_emotion, read_exchanges
from heartline.training.embeddings import Encoded, EncoderBackend

log = logging.getLogger(__name__)

INPUTS = ("previous_customer_message", "message")
C_GRID = (1.0, 4.0, 16.0)
FOLDS = 5
MIN_REAL_POSITIVES = 20
SEED = 42

EVAL_TASKS: dict[str, tuple[str, ...]] = {
    "cs-explores": ("explores",),
    "cs-acknowledges-emotion": ("acknowledges_emotion",),
    "cs-mirrors-problem": ("mirrors_problem",),
    "cs-takes-action": ("takes_action",),
    "cs-generic-sympathy": ("generic_sympathy",),
    "cs-rude": ("rude",),
    "cs-over-apologising": ("over_apologising",),
    "cs-ignores-emotion": ("ignores_emotion",),
    "cs-behaviours": (*BEHAVIOURS, "ignores_emotion"),
}
"""``heartline eval`` task name → the behaviours it scores (files in cs_behaviours' layout)."""


@dataclass
class Encodings:
    """Aligned encoder output of the customer messages and agent replies of some exchanges."""

    customer: Encoded
    agent: Encoded

    def batches(self, rows: Sequence[int] | np.ndarray) -> tuple[TokenBatch, TokenBatch]:
        """(agent, customer) as padded token batches."""
        return self.agent.token_batch(rows), self.customer.token_batch(rows)


def training_rows(shared: Path, labelled: Path) -> list[Exchange]:
    """cs_behaviours train plus every file in data/labelled."""
    rows = read_exchanges(shared / "cs_behaviours" / "train.jsonl")
    for path in sorted(labelled.glob("*.jsonl")):
        rows += read_exchanges(path)
    return rows


def encode(rows: Sequence[Exchange], backend: EncoderBackend, *, stage: str = "encoding",
           report: Reporter | None = None) -> Encodings:
    """Encode each distinct customer message and reply once."""
    return Encodings(
        customer=encode_column([r.customer for r in rows], backend, stage=f"{stage} (customer)", report=report),
        agent=encode_column([r.agent for r in rows], backend, stage=f"{stage} (agent)", report=report),
    )


def pair_features(enc: Encodings) -> np.ndarray:
    """(n, 1536) ``[c, a, c*a, |c-a|]``."""
    c, a = np.asarray(enc.customer.pooled, np.float32), np.asarray(enc.agent.pooled, np.float32)
    return np.concatenate([c, a, c * a, np.abs(c - a)], axis=1)


def stacked_features(rows: Sequence[Exchange], enc: Encodings, chunk: int = 256) -> dict[str, np.ndarray]:
    """Extra features for the stacked behaviours, for every row."""
    parts: dict[str, list[np.ndarray]] = {name: [] for name in STACKED}
    if not rows:
        return {name: np.zeros((0, len(STACKED[name])), np.float32) for name in STACKED}
    for start in range(0, len(rows), chunk):
        idx = np.arange(start, min(start + chunk, len(rows)))
        agent, customer = enc.batches(idx)
        found = extra_features([rows[int(i)].agent for i in idx], agent, customer)
        for name in STACKED:
            parts[name].append(found[name])
    return {name: np.concatenate(v) for name, v in parts.items()}


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) maximising F1 of ``p >= threshold``."""
    cands = np.unique(np.quantile(p, np.linspace(0.01, 0.99, 99)))
    best = (0.5, -1.0)
    for t in cands:
        f = metrics.binary_f1(y, p >= t)
        if f > best[1]:
            best = (float(t), f)
    return best


def _folds(groups: np.ndarray, k: int = FOLDS, seed: int = SEED) -> list[np.ndarray]:
    uniq = np.array(sorted(set(groups.tolist())))
    rng = np.random.default_rng(seed)
    assign = dict(zip(uniq.tolist(), rng.permutation(len(uniq)) % k, strict=True))
    fold = np.array([assign[g] for g in groups.tolist()])
    return [np.flatnonzero(fold == i) for i in range(k)]


def _logistic(x: np.ndarray, y: np.ndarray, c: float, weight: np.ndarray | None = None) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000).fit(x, y, sample_weight=weight)


@dataclass
class FittedBehaviour:
    """One behaviour's fit: linear weights, stacker, threshold and its cross-validated figures."""

    weight: np.ndarray
    bias: float
    threshold: float
    stack: dict[str, Any] | None
    report: dict[str, Any]


def fit_behaviour(name: str, x: np.ndarray, y: np.ndarray, groups: np.ndarray, real: np.ndarray,
                  extras: np.ndarray | None) -> FittedBehaviour:
    """Fit one behaviour on the rows where it is labelled (see module docstring)."""
    from heartline.heads.model import sigmoid

    folds = _folds(groups)
    oof_by_c: dict[float, np.ndarray] = {}
    for c in C_GRID:
        oof = np.zeros(len(y), np.float32)
        for held in folds:
            fit_rows = np.setdiff1d(np.arange(len(y)), held)
            if y[fit_rows].all() or not y[fit_rows].any():
                continue
            oof[held] = _logistic(x[fit_rows], y[fit_rows], c).decision_function(x[held])
        oof_by_c[c] = oof
    calib = real if y[real].sum() >= MIN_REAL_POSITIVES else np.ones(len(y), bool)
    scored = {c: best_threshold(y[calib], sigmoid(o[calib]))[1] for c, o in oof_by_c.items()}
    c_best = max(scored, key=lambda c: scored[c])
    oof = oof_by_c[c_best]
    model = _logistic(x, y, c_best)
    stack = None
    prob = sigmoid(oof)
    if extras is not None:
        z = np.column_stack([oof, extras])
        stack_oof = np.zeros(len(y), np.float32)
        for held in folds:
            fit_rows = np.setdiff1d(np.arange(len(y)), held)
            stack_oof[held] = _logistic(z[fit_rows], y[fit_rows], 1.0).decision_function(z[held])
        stacker = _logistic(z, y, 1.0)
        stack = {"weights": [float(v) for v in stacker.coef_[0]], "bias": float(stacker.intercept_[0]),
                 "features": ["head_logit", *STACKED[name]]}
        prob = sigmoid(stack_oof)
    threshold, f1 = best_threshold(y[calib], prob[calib])
    report = {"C": c_best, "cv_f1": round(f1, 4), "calibrated_on": "real train rows" if calib is real else "all train rows",
              "n": len(y), "positives": int(y.sum()), "real_positives": int(y[real].sum())}
    return FittedBehaviour(model.coef_[0].astype(np.float32), float(model.intercept_[0]), threshold, stack, report)


def fit_customer_head(rows: Sequence[Exchange], enc: Encodings) -> tuple[Head, dict[str, Any]]:
    """Multi-label head on a customer message: negative feeling? empathy needed?

    Trained on each distinct customer message that carries the labels (composed
    replies share their customer message, so each counts once).
    """
    from heartline.heads.model import sigmoid

    seen: dict[str, int] = {}
    for i, r in enumerate(rows):
        if r.emotion is not None:
            seen.setdefault(r.customer, i)
    idx = np.array(sorted(seen.values()))
    x = np.asarray(enc.customer.pooled, np.float32)[idx]
    real = np.array([rows[i].origin == "cs_behaviours" for i in idx])
    folds = _folds(np.array([rows[i].group for i in idx]))
    targets = {
        "negative_feeling": np.array([rows[i].emotion in NEGATIVE_EMOTIONS for i in idx]),
        "empathy_needed": np.array([bool(rows[i].empathy_needed) for i in idx]),
    }
    weights, biases, thresholds, report = [], [], [], {}
    for name, y in targets.items():
        oof = np.zeros(len(y), np.float32)
        for held in folds:
            fit_rows = np.setdiff1d(np.arange(len(y)), held)
            oof[held] = _logistic(x[fit_rows], y[fit_rows], 1.0).decision_function(x[held])
        threshold, f1 = best_threshold(y[real], sigmoid(oof[real]))
        model = _logistic(x, y, 1.0)
        weights.append(model.coef_[0])
        biases.append(model.intercept_[0])
        thresholds.append(threshold)
        report[name] = {"cv_f1_real": round(f1, 4), "n": len(y), "positives": int(y.sum())}
    config = HeadConfig(
        name="customer_needs_acknowledgement", registry_name="heartline.customer_needs_acknowledgement.v1",
        task=TaskType.MULTI_LABEL, labels=tuple(targets), inputs=("message",), thresholds=tuple(thresholds),
        seed=SEED,
        extra={"construct": "Does a customer message express a negative feeling (angry, frustrated, "
               "disappointed, anxious, sad), and does it call for acknowledgement (behaviour guidelines: "
               "empathy needed)?", "negative_emotions": sorted(NEGATIVE_EMOTIONS)},
    )
    head = Head(config, {"out.weight": np.stack(weights, 1).astype(np.float32),
                         "out.bias": np.array(biases, np.float32)})
    return head, report


def fit_all(rows: Sequence[Exchange], enc: Encodings, *, encoder_id: str = "",
            on_progress: Callable[[str, int, int], None] | None = None) -> tuple[AgentBehaviours, dict[str, Any]]:
    """Fit every behaviour and the customer head; returns the model and a training report."""
    x = pair_features(enc)
    extras = stacked_features(rows, enc)
    groups = np.array([r.group for r in rows])
    real = np.array([r.origin == "cs_behaviours" for r in rows])
    weight = np.zeros((x.shape[1], len(BEHAVIOURS)), np.float32)
    bias = np.zeros(len(BEHAVIOURS), np.float32)
    thresholds, stack, report = [], {}, {}
    for k, name in enumerate(BEHAVIOURS):
        keep = np.array([r.labels.get(name) is not None for r in rows])
        y = np.array([bool(r.labels.get(name)) for r in rows])[keep]
        fitted = fit_behaviour(name, x[keep], y, groups[keep], real[keep],
                               extras[name][keep])
        weight[:, k], bias[k] = fitted.weight, fitted.bias
        thresholds.append(fitted.threshold)
        if fitted.stack:
            stack[name] = fitted.stack
        report[name] = fitted.report
        log.info("fitted %s (cv F1 %.3f)", name, fitted.report["cv_f1"])
        if on_progress:
            on_progress("fitting behaviours", k + 1, len(BEHAVIOURS))
    config = HeadConfig(
        name="agent_behaviours", registry_name="heartline.agent_behaviours.v1", task=TaskType.MULTI_LABEL,
        labels=BEHAVIOURS, inputs=INPUTS, thresholds=tuple(thresholds), encoder=encoder_id, seed=SEED,
        extra={"stack": stack, "construct": "Customer-service behaviours of an agent reply "
               "(shared/reference/behaviour-guidelines.md)"},
    )
    head = Head(config, {"out.weight": weight, "out.bias": bias})
    needs, needs_report = fit_customer_head(rows, enc)
    report["customer_needs_acknowledgement"] = needs_report
    return AgentBehaviours(head, needs), report


def evaluate_rows(model: AgentBehaviours, rows: Sequence[Exchange], enc: Encodings,
                  names: Sequence[str]) -> dict[str, Any]:
    """Metrics for some behaviours: macro/micro F1 and accuracy over them, per-label F1, and per
    behaviour precision, recall, counts and the phrase baseline's F1 on the same rows.

    Macro-F1 averages the behaviours present in the truth or the predictions (as
    ``metrics.single_label`` does): on cs_behaviours dev, rude and over-apologising
    have no positives, so a clean sheet there neither helps nor hurts."""
    readings = []
    for start in range(0, len(rows), 128):
        idx = np.arange(start, min(start + 128, len(rows)))
        agent, customer = enc.batches(idx)
        readings += model.read([rows[int(i)].agent for i in idx], agent, customer)
    per: dict[str, Any] = {}
    f1s, accs, tp, fp, fn = [], [], 0, 0, 0
    for name in names:
        truth = [_truth(r, name) for r in rows]
        keep = [i for i, t in enumerate(truth) if t is not None]
        y = np.array([truth[i] for i in keep], bool)
        p = np.array([readings[i].behaviours[name] for i in keep], bool)
        base = np.array([_baseline(rows[i], name) for i in keep], bool)
        f1 = metrics.binary_f1(y, p)
        if y.any() or p.any():  # F1 is undefined for a behaviour absent from truth and prediction
            f1s.append(f1)
        accs.append(float((y == p).mean()) if len(y) else 0.0)
        tp, fp, fn = tp + int((y & p).sum()), fp + int((~y & p).sum()), fn + int((y & ~p).sum())
        per[name] = {"f1": round(f1, 4), "precision": round(_ratio(y & p, p), 4), "recall": round(_ratio(y & p, y), 4),
                     "accuracy": round(accs[-1], 4), "n": len(keep), "positives": int(y.sum()),
                     "predicted": int(p.sum()), "baseline_f1": round(metrics.binary_f1(y, base), 4)}
    found: dict[str, Any] = {"macro_f1": round(float(np.mean(f1s)), 4) if f1s else 0.0,
                             "accuracy": round(float(np.mean(accs)), 4)}
    if len(names) == 1:
        found.update({k: v for k, v in per[names[0]].items() if k not in ("f1", "accuracy")})
        found["baseline_f1"] = per[names[0]]["baseline_f1"]
    else:
        found["micro_f1"] = round(2 * tp / max(2 * tp + fp + fn, 1), 4)
        found["per_label"] = {k: v["f1"] for k, v in per.items()}
        found["baseline_per_label"] = {k: v["baseline_f1"] for k, v in per.items()}
        found["per_behaviour"] = per
    return found


def _truth(row: Exchange, name: str) -> bool | None:
    if name == "ignores_emotion":
        return ignores_emotion(row.emotion, row.labels.get("acknowledges_emotion"))
    return row.labels.get(name)


def _baseline(row: Exchange, name: str) -> bool:
    flags = phrase_flags(row.agent)
    if name == "ignores_emotion":
        # The phrase baseline's version: any negative-feeling word from the customer, no acknowledgement phrase.
        negative = bool(_NEGATIVE_WORDS.search(row.customer))
        return negative and not flags["acknowledges_emotion"]
    return flags[name]


def _ratio(a: np.ndarray, b: np.ndarray) -> float:
    return float(a.sum() / b.sum()) if b.sum() else 0.0


_NEGATIVE_WORDS = re.compile(
    r"\b(angry|furious|frustrat\w*|annoy\w*|disappoint\w*|upset|worried|anxious|scared|sad|ridiculous|"
    r"unacceptable|disgust\w*|terrible|horrible|awful|worst|joke|useless|still|again|fed up)\b|!!|\?\?",
    re.I,
)
