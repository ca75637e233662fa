"""The customer-emotion head: 28 GoEmotions labels, their groupings, and customer-service emotions.

One multi-label head (``customer_emotion``) is trained on GoEmotions train;
per-label thresholds, and per-group thresholds for the Ekman and sentiment
groupings, are tuned on GoEmotions dev. Customer-service emotions come from a
small logistic layer over the 28 logits and the pooled embedding, fitted on
cs_behaviours *train*; the intensity uses the documented grouping
(``heads.emotion_groups.CUSTOMER_SERVICE``). cs_behaviours dev is only measured.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from heartline.heads.config import HeadConfig, Pooling, TaskType
from heartline.heads.emotion_groups import (
    CS_EMBEDDING_SCALE,
    CUSTOMER_SERVICE,
    GROUPINGS,
    cs_features,
    customer_service_emotion,
    first_group,
    group_labels,
    named_emotion,
)
from heartline.heads.model import Head
from heartline.training import metrics
from heartline.training.common import (
    crossfit_macro_f1,
    encode_column,
    finish,
    probabilities,
    tune_thresholds,
)
from heartline.training.datasets import GOEMOTIONS, Text, read_cs_emotion, read_goemotions
from heartline.training.embeddings import EncoderBackend
from heartline.training.fit import FitOptions, Split, fit
from heartline.training.tasks import Task, TrainContext, register

HEAD = "customer_emotion"
# Chosen on dev (docs/heads.md): token attention lifts dev macro-F1 from 0.42 (MLP on the
# mean pool) to 0.52; most of the gain is in by epoch 10.
OPTIONS = FitOptions(epochs=12, lr=2e-3, weight_decay=1e-4, batch_size=128, dropout=0.2, balance=1.0, patience=3)
HIDDEN = 256
POOLING = Pooling.ATTENTION
CS_GROUPS = tuple(CUSTOMER_SERVICE)


# The head also has one output per Ekman and sentiment group, trained jointly with the
# 28 labels (sharing the attention and hidden layer): on dev they beat deriving the
# groups from the 28 probabilities (Ekman 0.61, sentiment 0.67 macro-F1 that way).
GROUP_OUTPUTS = ("ekman", "sentiment")
LABELS = GOEMOTIONS + tuple(f"{name}:{g}" for name in GROUP_OUTPUTS for g in GROUPINGS[name])


def output_slice(name: str) -> slice:
    """Columns of the head's outputs that belong to a taxonomy (``goemotions``, ``ekman``, ``sentiment``)."""
    if name == "goemotions":
        return slice(0, len(GOEMOTIONS))
    start = len(GOEMOTIONS)
    for other in GROUP_OUTPUTS:
        if other == name:
            return slice(start, start + len(GROUPINGS[name]))
        start += len(GROUPINGS[other])
    raise KeyError(name)


def all_targets(rows: list[Text]) -> np.ndarray:
    """(n, LABELS) 0/1: the 28 labels, then each grouping's groups."""
    parts = [targets(rows, GOEMOTIONS)]
    for name in GROUP_OUTPUTS:
        grouping = GROUPINGS[name]
        parts.append(targets([replace(r, labels=group_labels(r.labels, grouping)) for r in rows], tuple(grouping)))
    return np.hstack(parts)


def targets(rows: list[Text], labels: tuple[str, ...]) -> np.ndarray:
    """(n, labels) 0/1 matrix."""
    index = {lab: j for j, lab in enumerate(labels)}
    y = np.zeros((len(rows), len(labels)), dtype=np.float32)
    for i, r in enumerate(rows):
        for lab in r.labels:
            y[i, index[lab]] = 1.0
    return y


def _split(rows: list[Text], backend: EncoderBackend, ctx_report: Any, stage: str) -> Split:
    enc = encode_column([r.text for r in rows], backend, stage=stage, report=ctx_report)
    return Split(inputs={"message": enc}, targets=all_targets(rows))


def _macro_f1_tuned(head: Head, split: Split) -> float:
    # Epochs are chosen on the 28-label task (the headline); the groups ride along.
    cols = output_slice("goemotions")
    p, y = probabilities(head, split.inputs)[:, cols], split.targets[:, cols]
    return float(metrics.f1_per_label(y.astype(bool), p >= tune_thresholds(p, y)).mean())


def train(ctx: TrainContext) -> Head:
    """Train ``customer_emotion`` and write its folder."""
    train_rows = read_goemotions(ctx.data_dir / "goemotions" / "train.jsonl")
    dev_rows = read_goemotions(ctx.data_dir / "goemotions" / "dev.jsonl")
    train_split = _split(train_rows, ctx.backend, ctx.report, "encoding goemotions train")
    dev_split = _split(dev_rows, ctx.backend, ctx.report, "encoding goemotions dev")
    config = HeadConfig(
        name=HEAD, registry_name=f"heartline.{HEAD}.v1", task=TaskType.MULTI_LABEL, labels=LABELS,
        inputs=("message",), pooling=POOLING, hidden=HIDDEN, encoder=ctx.backend.id, seed=OPTIONS.seed,
        extra={
            "construct": "Emotions expressed in a message (27 GoEmotions emotions + neutral), grouped into "
            "Ekman, sentiment and customer-service emotions with an intensity.",
            "data": "GoEmotions official train split (43,410 Reddit comments); thresholds tuned on the official "
            "dev split; customer-service layer fitted on cs_behaviours train (640 exchanges).",
            "source": "Demszky et al., GoEmotions: A Dataset of Fine-Grained Emotions, ACL 2020; "
            "cs_behaviours (shared data, Twitter customer support).",
            "licence": "GoEmotions: Apache-2.0 (repository); cs_behaviours: as cs_threads (CC BY-NC-SA 4.0, unverified).",
            "anchor": "BERT-base 0.46 / 0.64 / 0.69 macro-F1 (28 labels / Ekman / sentiment), test split",
            "limits": "Reddit comments, not customer-service text: check the customer-service groups on your own "
            "conversations. Thresholds tuned on dev, so dev figures are slightly optimistic (the cross-fitted "
            "figure is the honest one).",
            "groupings": {k: {g: list(v) for g, v in grouping.items()} for k, grouping in GROUPINGS.items()},
        },
    )
    head, log = fit(config, train_split, dev_split, OPTIONS, score=_macro_f1_tuned, on_progress=ctx.report)
    p_dev = probabilities(head, dev_split.inputs)
    head = _with_thresholds(head, p_dev, dev_rows)
    cs_rows = read_cs_emotion(ctx.data_dir / "cs_behaviours" / "train.jsonl")
    cs_enc = encode_column([r.text for r in cs_rows], ctx.backend, stage="encoding cs_behaviours train",
                           report=ctx.report)
    head = _with_cs_calibration(head, probabilities(head, {"message": cs_enc}), np.asarray(cs_enc.pooled), cs_rows)
    found = _goemotions_metrics(head, p_dev, dev_rows)
    cols = output_slice("goemotions")
    found["crossfit_macro_f1"] = round(crossfit_macro_f1(p_dev[:, cols], dev_split.targets[:, cols]), 4)
    found["ekman"] = _group_metrics(head, p_dev, dev_rows, "ekman")
    found["sentiment"] = _group_metrics(head, p_dev, dev_rows, "sentiment")
    cs_dev = ctx.data_dir / "cs_behaviours" / "dev.jsonl"
    if cs_dev.exists():
        found["cs_emotion"] = evaluate_cs(head, cs_dev, ctx.backend)[1]
    return finish(head, metrics=found, out_dir=ctx.out_dir, training={
        "data": "../shared/data/goemotions/{train,dev}.jsonl, ../shared/data/cs_behaviours/train.jsonl",
        "selection": "epoch with best dev macro-F1 at dev-tuned thresholds; per-label thresholds tuned on dev",
        **log,
    })


def _with_thresholds(head: Head, p: np.ndarray, rows: list[Text]) -> Head:
    thr = tune_thresholds(p, all_targets(rows))
    extra = {**head.config.extra, "outputs": {n: [output_slice(n).start, output_slice(n).stop]
                                              for n in ("goemotions", *GROUP_OUTPUTS)}}
    return Head(replace(head.config, thresholds=tuple(round(float(t), 2) for t in thr), extra=extra), head.weights)


def _with_cs_calibration(head: Head, p: np.ndarray, pooled: np.ndarray, rows: list[Text]) -> Head:
    # C and class weights chosen by 5-fold cross-validation on cs_behaviours train
    # (macro-F1 0.40, against 0.32 for fixed group thresholds); dev is only measured.
    from sklearn.linear_model import LogisticRegression

    names = list(CS_GROUPS)
    y = np.array([names.index(r.labels[0]) for r in rows])
    lr = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000, random_state=OPTIONS.seed)
    lr.fit(cs_features(p, pooled), y)
    weight = np.zeros((lr.coef_.shape[1], len(names)), np.float32)
    bias = np.full(len(names), -1e4, np.float32)  # a group absent from train is never chosen
    for k, c in enumerate(lr.classes_):
        weight[:, c] = lr.coef_[k]
        bias[c] = lr.intercept_[k]
    extra = {**head.config.extra, "cs_layer": "multinomial logistic regression on [28 logits, "
             f"{CS_EMBEDDING_SCALE:g} x pooled embedding], C=1, balanced classes, cs_behaviours train"}
    return Head(replace(head.config, extra=extra), {**head.weights, "cs.weight": weight, "cs.bias": bias})


def _goemotions_metrics(head: Head, p: np.ndarray, rows: list[Text]) -> dict[str, Any]:
    cols = output_slice("goemotions")
    pred = p[:, cols] >= np.asarray(head.config.thresholds)[cols]
    return metrics.multi_label(targets(rows, GOEMOTIONS), pred, GOEMOTIONS)


def _group_metrics(head: Head, p: np.ndarray, rows: list[Text], name: str) -> dict[str, Any]:
    grouping = GROUPINGS[name]
    truth = targets([replace(r, labels=group_labels(r.labels, grouping)) for r in rows], tuple(grouping))
    cols = output_slice(name)
    return metrics.multi_label(truth, p[:, cols] >= np.asarray(head.config.thresholds)[cols], tuple(grouping))


def _dev_probs(head: Head, path: Path, backend: EncoderBackend) -> tuple[list[Text], np.ndarray]:
    rows = read_goemotions(path)
    enc = encode_column([r.text for r in rows], backend, stage="encoding")
    return rows, probabilities(head, {"message": enc})


def evaluate_goemotions(head: Head, path: Path, backend: EncoderBackend) -> tuple[int, dict[str, Any]]:
    """28-label metrics on a file in the goemotions layout."""
    rows, p = _dev_probs(head, path, backend)
    return len(rows), _goemotions_metrics(head, p, rows)


def _grouped(name: str) -> Any:
    def run(head: Head, path: Path, backend: EncoderBackend) -> tuple[int, dict[str, Any]]:
        rows, p = _dev_probs(head, path, backend)
        return len(rows), _group_metrics(head, p, rows, name)

    return run


def evaluate_cs(head: Head, path: Path, backend: EncoderBackend) -> tuple[int, dict[str, Any]]:
    """Customer-service emotion (single label) on a file in the cs_behaviours layout."""
    rows = read_cs_emotion(path)
    enc = encode_column([r.text for r in rows], backend, stage="encoding")
    chosen, _ = customer_service_emotion(head, probabilities(head, {"message": enc}), np.asarray(enc.pooled),
                                         [named_emotion(r.text) for r in rows])
    names = list(CS_GROUPS)
    truth = np.array([names.index(r.labels[0]) for r in rows])
    pred = np.array([names.index(c) for c in chosen])
    return len(rows), metrics.single_label(truth, pred, names)


def first_cs_group(labels: tuple[str, ...]) -> str:
    """The customer-service emotion of a GoEmotions label set (for documentation and tests)."""
    return first_group(labels, CUSTOMER_SERVICE)


_ANCHOR_SOURCE = "BERT-base, Demszky et al., ACL 2020 (test split)"
register(Task("goemotions", "goemotions", HEAD, evaluate_goemotions, train=train,
              anchor={"macro_f1": 0.46}, anchor_source=_ANCHOR_SOURCE, target={"macro_f1": 0.46}))
register(Task("goemotions-ekman", "goemotions", HEAD, _grouped("ekman"),
              anchor={"macro_f1": 0.64}, anchor_source=_ANCHOR_SOURCE, target={"macro_f1": 0.64}))
register(Task("goemotions-sentiment", "goemotions", HEAD, _grouped("sentiment"),
              anchor={"macro_f1": 0.69}, anchor_source=_ANCHOR_SOURCE, target={"macro_f1": 0.69}))
register(Task("cs-emotion", "cs_behaviours", HEAD, evaluate_cs,
              anchor_source="no published figure (heartline's own labelled exchanges)"))
