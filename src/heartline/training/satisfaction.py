"""The satisfaction head: how satisfied a customer is after the agent's latest reply (USS).

Framed as the USS benchmark does it (Sun et al., SIGIR 2021, ``baselines/train_sat.py``):
for every user turn, predict the majority annotator rating (1–5, ties to the
lower) from the dialogue *before* that turn. heartline reads the user's
previous turn and the system reply to it, combined as ``[u, v, u*v, |u-v|]``;
at run time that is the customer's latest message and the agent's reply.

Metrics follow the benchmark's code: UAR averages recall over all five
ratings (absent ones count 0), Cohen's kappa, dissatisfaction F1 (ratings
1–2). Its Spearman implementation ranks ties by their first position and skips
the tie correction; ``rho_uss`` reproduces it for comparison with the
published figures, ``spearman_rho`` is the tie-corrected value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from heartline.heads.config import HeadConfig, TaskType
from heartline.heads.model import Head
from heartline.training import metrics
from heartline.training.common import encode_column, finish, probabilities
from heartline.training.datasets import Turn, read_uss
from heartline.training.embeddings import Encoded, EncoderBackend
from heartline.training.fit import FitOptions, Split, fit
from heartline.training.tasks import Task, TrainContext, register

RATINGS = ("1", "2", "3", "4", "5")
INPUTS = ("previous_customer_message", "message")
HIDDEN = 64  # 256 scored the same on dev at four times the size
OPTIONS = FitOptions(epochs=40, lr=1e-3, weight_decay=1e-3, dropout=0.2, batch_size=128, balance=0.75, patience=6)


def _inputs(turns: list[Turn], backend: EncoderBackend, stage: str, ctx_report: Any = None) -> dict[str, Encoded]:
    return {
        INPUTS[0]: encode_column([t.previous_user for t in turns], backend, stage=f"{stage} (customer)",
                                 report=ctx_report),
        INPUTS[1]: encode_column([t.previous_system for t in turns], backend, stage=f"{stage} (agent)",
                                 report=ctx_report),
    }


def _targets(turns: list[Turn]) -> np.ndarray:
    return np.array([t.rating - 1 for t in turns])


def _uar(head: Head, split: Split) -> float:
    pred = probabilities(head, split.inputs).argmax(axis=1)
    return metrics.uar(split.targets, pred, range(5), all_classes=True)


def train(ctx: TrainContext) -> Head:
    """Train ``satisfaction`` on USS train (MultiWOZ + SGD)."""
    tr = read_uss(ctx.data_dir / "uss" / "train.jsonl")
    dv = read_uss(ctx.data_dir / "uss" / "dev.jsonl")
    train_split = Split(_inputs(tr, ctx.backend, "encoding uss train", ctx.report), _targets(tr))
    dev_split = Split(_inputs(dv, ctx.backend, "encoding uss dev", ctx.report), _targets(dv))
    config = HeadConfig(
        name="satisfaction", registry_name="heartline.satisfaction.v1", task=TaskType.MULTI_CLASS,
        labels=RATINGS, inputs=INPUTS, hidden=HIDDEN, encoder=ctx.backend.id, seed=OPTIONS.seed,
        extra={
            "construct": "The customer's satisfaction (1–5) after the agent's reply, read from the customer's "
            "previous message and the reply (USS user-satisfaction framing).",
            "data": "USS MultiWOZ + SGD dialogues, train split (1,600 dialogues; every user turn).",
            "source": "Sun et al., Simulating User Satisfaction for the Evaluation of Task-oriented Dialogue "
            "Systems, SIGIR 2021.",
            "licence": "none stated (MultiWOZ MIT, SGD CC BY-SA 4.0); research use with citation.",
            "anchor": "BERT, 10-fold: MultiWOZ UAR 0.256 / kappa 0.133 / rho 0.823 / F1 0.224; "
            "SGD UAR 0.261 / kappa 0.094 / rho 0.477 / F1 0.048",
            "limits": "Booking dialogues with crowd-sourced systems, not human agents; 80% of turns are rated 3, "
            "so the head mainly separates 2 / 3 / 4.",
        },
    )
    head, log = fit(config, train_split, dev_split, OPTIONS, score=_uar, on_progress=ctx.report)
    _, found = evaluate(head, ctx.data_dir / "uss" / "dev.jsonl", ctx.backend)
    return finish(head, metrics=found, out_dir=ctx.out_dir, training={
        "data": "../shared/data/uss/train.jsonl", "selection": "epoch with best dev UAR", **log})


def benchmark(truth: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    """USS metrics for 0-based ratings."""
    return {
        "uar": round(metrics.uar(truth, pred, range(5), all_classes=True), 4),
        "kappa": round(metrics.cohen_kappa(truth, pred), 4),
        "spearman_rho": round(metrics.spearman(truth, pred), 4),
        "rho_uss": round(metrics.spearman_uss(pred, truth), 4),
        "dissatisfaction_f1": round(metrics.binary_f1(truth < 2, pred < 2), 4),
    }


def evaluate(head: Head, path: Path, backend: EncoderBackend) -> tuple[int, dict[str, Any]]:
    """Turn-level USS metrics, together and per source, plus a dialogue-level summary."""
    turns = read_uss(path)
    truth = _targets(turns)
    p = probabilities(head, _inputs(turns, backend, "encoding"))
    pred = p.argmax(axis=1)
    found: dict[str, Any] = metrics.single_label(truth, pred, RATINGS)
    found.update(benchmark(truth, pred))
    for source in ("MWOZ", "SGD"):
        m = np.array([t.source == source for t in turns])
        if m.any():
            found[source] = {"n": int(m.sum()), **benchmark(truth[m], pred[m])}
    found["dialogue"] = _dialogues(turns, p)
    return len(turns), found


def _dialogues(turns: list[Turn], p: np.ndarray) -> dict[str, Any]:
    # A dialogue's predicted overall rating: the mean expected rating of its turns, rounded.
    expected = p @ np.arange(5)
    ids = sorted({t.dialogue for t in turns})
    index = {d: i for i, d in enumerate(ids)}
    rows = np.array([index[t.dialogue] for t in turns])
    mean = np.bincount(rows, weights=expected) / np.bincount(rows)
    truth = np.zeros(len(ids), dtype=int)
    for t in turns:
        truth[index[t.dialogue]] = t.overall - 1
    return {"n": len(ids), **benchmark(truth, np.rint(mean).astype(int))}


# Sun et al. (SIGIR 2021), BERT, 10-fold cross-validation, each metric its best epoch.
ANCHOR = {
    "MWOZ.uar": 0.256, "MWOZ.kappa": 0.133, "MWOZ.rho_uss": 0.823, "MWOZ.dissatisfaction_f1": 0.224,
    "SGD.uar": 0.261, "SGD.kappa": 0.094, "SGD.rho_uss": 0.477, "SGD.dissatisfaction_f1": 0.048,
}
register(Task(
    "satisfaction", "uss", "satisfaction", evaluate, train=train, headline="MWOZ.uar",
    anchor=ANCHOR, target=ANCHOR,
    anchor_source="BERT, 10-fold cross-validation, best epoch per metric (Sun et al., SIGIR 2021)",
))
