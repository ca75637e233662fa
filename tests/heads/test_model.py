"""Every head type: overfit a few real lines, save, reload, same predictions; attribution is exact."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.heads.conftest import LINES

from heartline.heads import Head, HeadConfig, Pooling, TaskType, folder
from heartline.heads.inputs import TokenBatch
from heartline.training.embeddings import Encoded
from heartline.training.fit import FitOptions, Split, fit

LABELS = ("angry", "grateful", "neutral", "anxious")


def _encoded(batch: TokenBatch) -> Encoded:
    lengths = batch.mask.sum(axis=1).astype(np.int32)
    return Encoded(
        pooled=batch.pooled,
        tokens=np.concatenate([batch.vectors[i, :n] for i, n in enumerate(lengths)]).astype(np.float16),
        lengths=lengths,
        offsets=np.concatenate([batch.offsets[i, :n] for i, n in enumerate(lengths)]),
    )


def _targets(task: TaskType) -> np.ndarray:
    idx = np.array([LABELS.index(lab) for _, lab in LINES])
    if task is TaskType.MULTI_LABEL:
        return np.eye(len(LABELS), dtype=np.float32)[idx]
    if task is TaskType.BINARY:
        return (idx == 0).astype(np.float32)  # angry or not
    return idx


CASES = [
    ("multi-label linear mean", TaskType.MULTI_LABEL, LABELS, Pooling.MEAN, 0, 1),
    ("multi-label attention mlp", TaskType.MULTI_LABEL, LABELS, Pooling.ATTENTION, 32, 1),
    ("multi-class mlp pair", TaskType.MULTI_CLASS, LABELS, Pooling.MEAN, 32, 2),
    ("multi-class attention pair", TaskType.MULTI_CLASS, LABELS, Pooling.ATTENTION, 16, 2),
    ("binary linear", TaskType.BINARY, ("calm", "angry"), Pooling.MEAN, 0, 1),
    ("ordinal mlp", TaskType.ORDINAL, LABELS, Pooling.MEAN, 16, 1),
]


def _attention_weights(seed: int, *, scale: float, attn_bias: bool = False, pair: bool = False) -> dict[str, np.ndarray]:
    """Random weights of an attention head with hidden 8 over LABELS (4 outputs)."""
    rng = np.random.default_rng(seed)
    weights = {
        "hidden.weight": rng.normal(size=(384, 8)), "hidden.bias": rng.normal(size=8),
        "out.weight": rng.normal(size=(8, 4)), "out.bias": rng.normal(size=4),
        "attn.weight": rng.normal(size=(384, 4)) * 0.1,
        "attn.bias": rng.normal(size=4) if attn_bias else np.zeros(4),
        "token_scale": np.array([scale]),
    }
    if pair:
        weights["pair.weight"] = rng.normal(size=(384 * 4, 4))
    return weights


@pytest.mark.parametrize(("title", "task", "labels", "pooling", "hidden", "n_inputs"), CASES, ids=[c[0] for c in CASES])
def test_overfit_save_reload(encode, tmp_path: Path, title, task, labels, pooling, hidden, n_inputs) -> None:
    batch = encode([t for t, _ in LINES])
    names = ("message",) if n_inputs == 1 else ("previous_customer_message", "message")
    other = encode(["Hello, can you help me?"] * len(LINES))
    inputs = {"message": batch, "previous_customer_message": other}
    config = HeadConfig(
        name="toy", registry_name="heartline.toy.v1", task=task, labels=labels,
        inputs=names, pooling=pooling, hidden=hidden, seed=3,
    )
    split = Split(inputs={n: _encoded(inputs[n]) for n in names}, targets=_targets(task))
    options = FitOptions(epochs=300, lr=2e-2, batch_size=8, dropout=0.0, patience=80, seed=3, threads=1)

    def accuracy(head: Head, s: Split) -> float:
        p = head.probabilities(inputs)
        if task is TaskType.MULTI_LABEL:
            return float(((p >= 0.5) == s.targets.astype(bool)).all(axis=1).mean())
        if task is TaskType.BINARY:
            return float(((p[:, 1] >= 0.5) == s.targets.astype(bool)).mean())
        return float((p.argmax(axis=1) == s.targets).mean())

    head, log = fit(config, split, split, options, score=accuracy)
    assert accuracy(head, split) == 1.0, log

    folder.save(head, tmp_path / "toy", card="# toy\n")
    again = folder.load(tmp_path / "toy")
    assert again.config == head.config
    before, after = head.probabilities(inputs), again.probabilities(inputs)
    # float16 storage moves probabilities a little but never a decision.
    assert np.abs(before - after).max() < 2e-2
    assert again.decide(after) == head.decide(before)


def test_linear_mean_attribution_sums_to_logit(encode) -> None:
    batch = encode([t for t, _ in LINES])
    rng = np.random.default_rng(0)
    config = HeadConfig(name="toy", registry_name="heartline.toy.v1", task=TaskType.MULTI_LABEL, labels=LABELS)
    head = Head(config, {"out.weight": rng.normal(size=(384, 4)), "out.bias": rng.normal(size=4)})
    c = head.contributions({"message": batch}, "angry")
    logits = head.logits({"message": batch})[:, 0] - head.weights["out.bias"][0]
    # The encoder's pooled vector is the normalised mean of the same token vectors.
    assert np.allclose(c.sum(axis=1), logits, atol=1e-3)


def test_attention_attribution_sums_to_logit(encode) -> None:
    batch = encode([t for t, _ in LINES])
    config = HeadConfig(
        name="toy", registry_name="heartline.toy.v1", task=TaskType.MULTI_LABEL, labels=LABELS,
        pooling=Pooling.ATTENTION, hidden=8,
    )
    head = Head(config, _attention_weights(1, scale=5.0))
    for k in range(4):
        c = head.contributions({"message": batch}, k)
        logits = head.logits({"message": batch})[:, k] - head.weights["out.bias"][k]
        assert np.allclose(c.sum(axis=1), logits, atol=1e-3)


def test_missing_input_is_a_model_error(encode) -> None:
    from heartline.errors import ModelError

    config = HeadConfig(
        name="toy", registry_name="heartline.toy.v1", task=TaskType.BINARY, labels=("no", "yes"),
        inputs=("previous_customer_message", "message"),
    )
    head = Head(config, {"out.weight": np.zeros((384 * 4, 1)), "out.bias": np.zeros(1)})
    with pytest.raises(ModelError, match="previous_customer_message"):
        head.logits({"message": encode(["hi"])})


def test_packed_attention_matches_a_per_text_reference(encode) -> None:
    # Texts of very different lengths (and an empty one) share one packed pass; each
    # text's logits must equal the textbook formula run on that text alone.
    texts = ["", "ok", "My order arrived broken and nobody answers my emails, this is the third time."]
    batch = encode(texts)
    config = HeadConfig(
        name="toy", registry_name="heartline.toy.v1", task=TaskType.MULTI_CLASS, labels=LABELS,
        pooling=Pooling.ATTENTION, hidden=8,
    )
    head = Head(config, _attention_weights(2, scale=3.0, attn_bias=True))
    w = head.weights
    logits = head.logits({"message": batch})
    for i in range(len(texts)):
        vectors, offsets = batch.row(i)
        x = vectors[offsets[:, 1] > offsets[:, 0]] / 3.0
        if not len(x):
            assert np.allclose(logits[i], w["out.bias"])
            continue
        a = np.exp(x @ w["attn.weight"] + w["attn.bias"])
        a /= a.sum(axis=0)
        v = np.maximum(x @ w["hidden.weight"] + w["hidden.bias"], 0) @ w["out.weight"]
        assert np.allclose(logits[i], (a * v).sum(axis=0) + w["out.bias"], atol=1e-4)
    # Evidence of one row equals that row's evidence from the whole batch.
    whole = head.evidence({"message": batch}, "angry")
    assert head.evidence({"message": batch}, "angry", rows=[2]) == [whole[2]]
    assert whole[0] == []


def test_attention_pair_head_adds_the_pair_term_and_attributes_the_message(encode) -> None:
    batch, other = encode([t for t, _ in LINES]), encode(["Hello, can you help me?"] * len(LINES))
    inputs = {"message": batch, "previous_customer_message": other}
    config = HeadConfig(
        name="toy", registry_name="heartline.toy.v1", task=TaskType.MULTI_LABEL, labels=LABELS,
        inputs=("previous_customer_message", "message"), pooling=Pooling.ATTENTION, hidden=8,
    )
    weights = _attention_weights(4, scale=5.0, pair=True)
    head = Head(config, weights)
    pair = head.features(inputs) @ head.weights["pair.weight"]
    for k in range(4):
        c = head.contributions(inputs, k)
        logits = head.logits(inputs)[:, k] - head.weights["out.bias"][k] - pair[:, k]
        assert np.allclose(c.sum(axis=1), logits, atol=1e-3)
    from heartline.errors import ModelError

    with pytest.raises(ModelError, match="attends to 'message'"):
        head.evidence(inputs, "angry", input_name="previous_customer_message")
    with pytest.raises(ModelError, match=r"pair\.weight"):
        Head(config, {k: v for k, v in weights.items() if k != "pair.weight"})
