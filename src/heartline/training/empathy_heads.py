"""Training and evaluating the empathy-mechanism (EPITOME) and support-strategy (ESConv) heads.

Each head reads a helper's reply together with the message it answers: per-label
attention over the reply's token vectors with a small per-token MLP, plus a linear
term on the pooled pair ``[u, v, u*v, |u-v|]`` of the two texts (seeker first;
``Pooling.ATTENTION`` with two inputs, :mod:`heartline.training.fit`). The dev
split in ../shared/data is kept for reporting only: class weights and epochs are
chosen on a held-out tenth of train (grouped by seeker post / dialogue), so dev
figures are not tuned on dev.

Evidence for a level or strategy is the reply's words with the largest
attention x value contribution (``Head.evidence``); on EPITOME it is scored
against the annotators' rationale spans (token F1 and IOU-F1, ERASER style).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from heartline.heads.config import HeadConfig, Pooling, TaskType
from heartline.heads.evidence import Span
from heartline.heads.model import Head
from heartline.training import metrics
from heartline.training.common import Reporter, encode_column, finish, gather, probabilities
from heartline.training.embeddings import Encoded, EncoderBackend
from heartline.training.empathy_data import (
    EPITOME_LEVELS,
    ESCONV_STRATEGIES,
    Pair,
    read_epitome,
    read_esconv,
)
from heartline.training.fit import FitOptions, Split, fit
from heartline.training.tasks import TrainContext

log = logging.getLogger(__name__)

INPUTS = ("previous_customer_message", "message")
"""Pair inputs: the seeker's message, then the helper's reply (the pipeline's feature names)."""

BALANCES = (0.5, 1.0)
"""Class-weight strengths tried (a power of inverse class frequency); the better on held-out train is kept."""


@dataclass(frozen=True)
class EmpathyTask:
    """One ``heartline eval`` task of this module.

    Attributes:
        name: task name (``epitome-er``).
        head: short head name, also the model folder (``epitome_er``).
        dataset: folder under ../shared/data whose layout the task reads.
        labels: class names in label-index order.
        reader: parses a file of that layout into pairs.
        construct: what the head measures, in one sentence.
        source: dataset citation.
        anchor: published figures to compare with (see shared/reference/published-results.md).
        options: training hyper-parameters.
        hidden: width of the MLP's hidden layer.
        pooling: attention over the reply's tokens plus a pooled-pair term (v2), or the pooled pair alone (v1).
        version: the head's registry version (raised when its inputs or shape change).
        authored: a file of heartline-written customer-service rows in the dataset's layout
            (``training/data``), added to the rows the head is fitted on (never to the
            held-out tenth or dev).
        anchor_text: the published anchor, in words, for the model card.
        limits: what the head does not do well, for the model card.
    """

    name: str
    head: str
    dataset: str
    labels: tuple[str, ...]
    reader: Callable[[Path], list[Pair]]
    construct: str
    source: str
    anchor: dict[str, float]
    options: FitOptions
    hidden: int = 64
    anchor_text: str = ""
    limits: str = ""
    pooling: Pooling = Pooling.MEAN
    version: int = 1
    authored: str | None = None


_EPITOME_SOURCE = "EPITOME, Reddit portion (Sharma et al., EMNLP 2020); non-commercial academic licence"
# Attention over the reply's tokens plus a linear term on the pooled pair: better on held-out
# train than the pooled-pair MLP of v1 (dev macro-F1 ER/IP/EX 0.632/0.511/0.454 for v1) and
# than attention over the reply alone (docs/heads-engagement.md).
_EPITOME_OPTIONS = FitOptions(epochs=30, lr=2e-3, weight_decay=1e-3, dropout=0.2, balance=0.5, patience=6)
_EPITOME_LIMITS = ("Reddit mental-health peer support, not customer service; the weak class is small (IP 3.7%, EX 3.4%), "
                   "so its F1 is unstable; frozen MiniLM token vectors, no cross-attention between the two texts.")
_V2_HEAD: dict[str, Any] = {"pooling": Pooling.ATTENTION, "version": 2}
AUTHORED = Path(__file__).resolve().parent / "data"
AUTHORED_REPEATS = 4
"""Each authored customer-service row counts this many times (60 rows among 2,200 Reddit rows
would barely register)."""

TASKS: dict[str, EmpathyTask] = {
    "epitome-er": EmpathyTask(
        "epitome-er", "epitome_er", "epitome_emotional_reactions", EPITOME_LEVELS, read_epitome,
        "Emotional reactions: does the reply express warmth, compassion or concern (none/weak/strong)?",
        _EPITOME_SOURCE, {"macro_f1": 0.764, "accuracy": 0.786}, _EPITOME_OPTIONS,
        anchor_text="RoBERTa bi-encoder, authors' code on the public Reddit data (GitHub issue #4): accuracy 0.786 / macro-F1 0.764",
        limits=_EPITOME_LIMITS, authored="epitome_service_replies.jsonl", **_V2_HEAD),
    "epitome-ip": EmpathyTask(
        "epitome-ip", "epitome_ip", "epitome_interpretations", EPITOME_LEVELS, read_epitome,
        "Interpretations: does the reply communicate an understanding of the seeker's feelings and "
        "experiences (none/weak/strong)?",
        _EPITOME_SOURCE, {"macro_f1": 0.657, "accuracy": 0.849}, _EPITOME_OPTIONS,
        anchor_text="RoBERTa bi-encoder, authors' code on the public Reddit data (GitHub issue #4): accuracy 0.849 / macro-F1 0.657",
        limits=_EPITOME_LIMITS, **_V2_HEAD),
    "epitome-ex": EmpathyTask(
        "epitome-ex", "epitome_ex", "epitome_explorations", EPITOME_LEVELS, read_epitome,
        "Explorations: does the reply explore the seeker's feelings and experiences not stated "
        "(none/weak/strong)?",
        _EPITOME_SOURCE, {"macro_f1": 0.717, "accuracy": 0.911}, _EPITOME_OPTIONS,
        anchor_text="RoBERTa bi-encoder, authors' code on the public Reddit data (GitHub issue #4): accuracy 0.911 / macro-F1 0.717",
        limits=_EPITOME_LIMITS, **_V2_HEAD),
    "esconv-strategy": EmpathyTask(
        "esconv-strategy", "esconv_strategy", "esconv", ESCONV_STRATEGIES, read_esconv,
        "Support strategy of a supporter's utterance given the seeker's latest turn (8 ESConv strategies).",
        "ESConv (Liu et al., ACL 2021); CC BY-NC 4.0",
        {"macro_f1": 0.50, "accuracy": 0.57},
        # Attention over the reply plus the pooled pair, as for EPITOME (v1, the pooled pair alone:
        # dev macro-F1 0.436 / accuracy 0.477).
        FitOptions(epochs=30, lr=2e-3, weight_decay=1e-3, dropout=0.2, balance=0.5, patience=6),
        hidden=96, **_V2_HEAD,
        anchor_text="roberta-base on the utterance alone (CounselReflect model report, not peer-reviewed): "
        "accuracy 0.57, macro-F1 0.50",
        limits="Crowd-sourced emotional-support chats, not customer service; 'Others' is a catch-all; reflection "
        "and restatement are often confused.",
    ),
}


def encode_pairs(pairs: Sequence[Pair], backend: EncoderBackend, *, stage: str = "encoding",
                 report: Reporter | None = None) -> dict[str, Encoded]:
    """Encoder output of every pair's context and message, keyed by head input."""
    return {
        INPUTS[0]: encode_column([p.context for p in pairs], backend, stage=f"{stage} (seeker)", report=report),
        INPUTS[1]: encode_column([p.message for p in pairs], backend, stage=f"{stage} (reply)", report=report),
    }


def holdout(pairs: Sequence[Pair], *, share: float = 0.1, seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """Row indices (fit, held out), split by group so one seeker post never straddles."""
    groups = sorted({p.group for p in pairs})
    rng = np.random.default_rng(seed)
    held = set(rng.choice(groups, size=max(1, round(share * len(groups))), replace=False).tolist())
    mask = np.array([p.group in held for p in pairs])
    return np.flatnonzero(~mask), np.flatnonzero(mask)


def _subset(split: Split, rows: np.ndarray) -> Split:
    return Split(inputs={name: gather(enc, rows) for name, enc in split.inputs.items()},
                 targets=split.targets[rows])


def predict(head: Head, split: Split) -> np.ndarray:
    """Class probabilities for every row of a split."""
    return probabilities(head, split.inputs)


def macro_f1(head: Head, split: Split) -> float:
    """Dev score used to pick the epoch."""
    pred = predict(head, split).argmax(axis=1)
    return float(metrics.single_label(split.targets, pred, head.config.labels)["macro_f1"])  # type: ignore[arg-type]


def train(task: EmpathyTask, ctx: TrainContext) -> Head:
    """Fit the task's head on its train split, choosing the epoch on a grouped tenth of train."""
    pairs = task.reader(ctx.data_dir / task.dataset / "train.jsonl")
    authored = task.reader(AUTHORED / task.authored) if task.authored else []
    data = f"{task.source.split(';')[0]}, train split ({len(pairs)} pairs)" + (
        f" and {len(authored)} customer-service replies written for heartline, labelled by EPITOME's definitions"
        if authored else "")
    config = HeadConfig(
        name=task.head,
        registry_name=f"heartline.{task.head}.v{task.version}",
        task=TaskType.MULTI_CLASS,
        labels=task.labels,
        inputs=INPUTS,
        pooling=task.pooling,
        hidden=task.hidden,
        encoder=ctx.backend.id,
        seed=task.options.seed,
        extra={"construct": task.construct, "data": data + ".",
               "source": task.source.split(";")[0], "licence": task.source.split(";")[-1].strip(),
               "anchor": task.anchor_text, "limits": task.limits},
    )
    fit_rows, held_rows = holdout(pairs, seed=task.options.seed)
    if authored:  # fitted on (each AUTHORED_REPEATS times), never held out
        extra_rows = np.repeat(np.arange(len(pairs), len(pairs) + len(authored)), AUTHORED_REPEATS)
        fit_rows = np.concatenate([fit_rows, extra_rows])
    whole = Split(inputs=encode_pairs([*pairs, *authored], ctx.backend, stage=f"encoding {task.dataset} train",
                                      report=ctx.report),
                  targets=np.array([p.label for p in [*pairs, *authored]]))
    fit_split, held_split = _subset(whole, fit_rows), _subset(whole, held_rows)
    tried: dict[str, tuple[Head, dict[str, Any], float]] = {}
    for balance in BALANCES:
        variant = f"balance {balance}"
        options = replace(task.options, balance=balance)
        head, log_ = fit(config, fit_split, held_split, options, score=macro_f1, on_progress=ctx.report)
        tried[variant] = (head, log_, max(log_["dev_score_by_epoch"], default=0.0))
        log.info("%s %s: held-out macro-F1 %.3f", task.name, variant, tried[variant][2])
    best = max(tried, key=lambda v: tried[v][2])
    head, log_, _ = tried[best]
    _, found = evaluate(task, head, ctx.data_dir / task.dataset / "dev.jsonl", ctx.backend)
    return finish(head, metrics=found, out_dir=ctx.out_dir, training={
        "data": f"../shared/data/{task.dataset}/train.jsonl"
        + (f" + {len(authored)} heartline-written rows (training/data/{task.authored})" if authored else ""),
        "selection": "class-weight strength and epoch with the best macro-F1 on a held-out tenth of train "
        "(grouped by seeker post / dialogue); dev is only scored",
        "held_out_macro_f1": {v: round(t[2], 4) for v, t in tried.items()}, "chosen": best, **log_})


def evaluate(task: EmpathyTask, head: Head, path: Path, backend: EncoderBackend) -> tuple[int, dict[str, Any]]:
    """(n, metrics) on a file in the task's dataset layout: accuracy, macro-F1, per-class F1,
    and for EPITOME the overlap of evidence with the rationale spans."""
    pairs = task.reader(path)
    split = Split(inputs=encode_pairs(pairs, backend), targets=np.array([p.label for p in pairs]))
    pred = predict(head, split).argmax(axis=1)
    found: dict[str, Any] = metrics.single_label(split.targets, pred, task.labels)
    if any(p.rationales for p in pairs):
        found["rationale_overlap"] = rationale_overlap(head, split, pairs, pred)
    return len(pairs), found


def evidence_for(head: Head, split: Split, rows: Sequence[int], labels: Sequence[int], *, top: int = 3) -> list[list[Span]]:
    """Evidence spans in each row's message for the given label."""
    out: list[list[Span]] = []
    for r, k in zip(rows, labels, strict=True):
        inputs = {name: enc.token_batch([r]) for name, enc in split.inputs.items()}
        out.append(head.evidence(inputs, int(k), top=top)[0])
    return out


def rationale_overlap(head: Head, split: Split, pairs: Sequence[Pair], pred: np.ndarray) -> dict[str, float]:
    """Token-F1 and IOU-F1 of evidence (for the predicted level) against rationale spans.

    Scored on rows with a gold rationale and a predicted level above 0, ERASER style:
    token F1 over whitespace words, IOU-F1 counting a predicted span as matched when
    its word IOU with some gold span is at least 0.5.
    """
    rows = [i for i, p in enumerate(pairs) if p.rationales and pred[i] > 0]
    if not rows:
        return {"token_f1": 0.0, "iou_f1": 0.0, "n": 0}
    found = evidence_for(head, split, rows, [int(pred[i]) for i in rows])
    tf1, iou_p, iou_r = [], [], []
    for i, spans in zip(rows, found, strict=True):
        text = pairs[i].message
        gold = [_word_set(text, s, e) for s, e in pairs[i].rationales]
        mine = [_word_set(text, s.start, s.end) for s in spans]
        g_all, m_all = set().union(*gold), set().union(*mine) if mine else set()
        tp = len(g_all & m_all)
        tf1.append(2 * tp / max(len(g_all) + len(m_all), 1))
        iou_p.append(float(np.mean([any(_iou(m, g) >= 0.5 for g in gold) for m in mine])) if mine else 0.0)
        iou_r.append(float(np.mean([any(_iou(m, g) >= 0.5 for m in mine) for g in gold])))
    p, r = float(np.mean(iou_p)), float(np.mean(iou_r))
    return {"token_f1": round(float(np.mean(tf1)), 4), "iou_f1": round(2 * p * r / max(p + r, 1e-9), 4), "n": len(rows)}


def _word_set(text: str, start: int, end: int) -> set[int]:
    """Indices of whitespace words overlapping [start, end)."""
    out, pos = set(), 0
    for i, w in enumerate(text.split()):
        at = text.find(w, pos)
        pos = at + len(w)
        if at < end and pos > start:
            out.add(i)
    return out


def _iou(a: set[int], b: set[int]) -> float:
    return len(a & b) / max(len(a | b), 1)
