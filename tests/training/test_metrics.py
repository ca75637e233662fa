"""Metrics match their benchmarks' definitions."""

from __future__ import annotations

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score, f1_score

from heartline.training import metrics


def test_multi_label_matches_sklearn() -> None:
    rng = np.random.default_rng(0)
    t = rng.random((200, 5)) < 0.3
    p = rng.random((200, 5)) < 0.3
    found = metrics.multi_label(t, p, list("abcde"))
    assert np.isclose(found["macro_f1"], f1_score(t, p, average="macro", zero_division=0))
    assert np.isclose(found["micro_f1"], f1_score(t, p, average="micro", zero_division=0))
    assert set(found["per_label"]) == set("abcde")


def test_single_label_and_kappa_match_sklearn() -> None:
    rng = np.random.default_rng(1)
    t, p = rng.integers(0, 4, 300), rng.integers(0, 4, 300)
    found = metrics.single_label(t, p, ["w", "x", "y", "z"])
    assert np.isclose(found["macro_f1"], f1_score(t, p, average="macro"))
    assert np.isclose(found["accuracy"], (t == p).mean())
    assert np.isclose(metrics.cohen_kappa(t, p), cohen_kappa_score(t, p))


def test_uss_uar_counts_absent_ratings_as_zero() -> None:
    truth = np.array([2, 2, 3, 1])
    pred = np.array([2, 2, 3, 2])
    assert metrics.uar(truth, pred, range(5)) == (1 + 1 + 0) / 3
    assert metrics.uar(truth, pred, range(5), all_classes=True) == (1 + 1 + 0) / 5


def test_spearman_is_tie_corrected_and_uss_variant_reproduces_its_formula() -> None:
    a = np.array([1, 2, 2, 3, 3, 3, 4])
    b = np.array([1, 3, 2, 3, 2, 4, 4])
    assert np.isclose(metrics.spearman(a, b), spearmanr(a, b).statistic)
    # The USS code: rank = first position of the value in the sorted list, plus 1.
    ra = [sorted(a.tolist()).index(v) + 1 for v in a.tolist()]
    rb = [sorted(b.tolist()).index(v) + 1 for v in b.tolist()]
    d = sum((x - y) ** 2 for x, y in zip(ra, rb, strict=True))
    assert np.isclose(metrics.spearman_uss(a, b), 1 - 6 * d / (len(a) * (len(a) ** 2 - 1)))


def test_binary_f1() -> None:
    t = np.array([True, True, False, False])
    p = np.array([True, False, True, False])
    assert metrics.binary_f1(t, p) == 0.5
    assert metrics.binary_f1(np.zeros(3, bool), np.zeros(3, bool)) == 0.0
