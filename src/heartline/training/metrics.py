"""Evaluation metrics in plain numpy, returned as flat dicts of floats.

Each matches the definition its benchmark uses: macro-F1 over labels
(GoEmotions, EPITOME), accuracy, and for USS unweighted average recall,
Cohen's kappa, Spearman's rho and F1 of the "dissatisfied" class.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def f1_per_label(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """F1 of each column of (n, L) 0/1 arrays (0 where a label never occurs or is never predicted)."""
    tp = (y_true & y_pred).sum(axis=0).astype(float)
    fp = (~y_true & y_pred).sum(axis=0)
    fn = (y_true & ~y_pred).sum(axis=0)
    denom = 2 * tp + fp + fn
    return np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)


def multi_label(y_true: np.ndarray, y_pred: np.ndarray, labels: Sequence[str]) -> dict[str, object]:
    """macro/micro F1, exact-match accuracy and per-label F1 for (n, L) 0/1 arrays."""
    t, p = y_true.astype(bool), y_pred.astype(bool)
    per = f1_per_label(t, p)
    tp, fp, fn = (t & p).sum(), (~t & p).sum(), (t & ~p).sum()
    return {
        "macro_f1": float(per.mean()) if len(per) else 0.0,
        "micro_f1": float(2 * tp / max(2 * tp + fp + fn, 1)),
        "accuracy": float((t == p).all(axis=1).mean()) if len(t) else 0.0,
        "per_label": {name: round(float(v), 4) for name, v in zip(labels, per, strict=True)},
    }


def single_label(y_true: np.ndarray, y_pred: np.ndarray, labels: Sequence[str]) -> dict[str, object]:
    """Accuracy, macro-F1 (over labels present in truth or prediction) and per-label F1."""
    k = len(labels)
    t = np.eye(k, dtype=bool)[y_true] if len(y_true) else np.zeros((0, k), bool)
    p = np.eye(k, dtype=bool)[y_pred] if len(y_pred) else np.zeros((0, k), bool)
    per = f1_per_label(t, p)
    seen = t.any(axis=0) | p.any(axis=0)
    return {
        "macro_f1": float(per[seen].mean()) if seen.any() else 0.0,
        "accuracy": float((y_true == y_pred).mean()) if len(y_true) else 0.0,
        "per_label": {name: round(float(v), 4) for name, v in zip(labels, per, strict=True)},
    }


def uar(y_true: np.ndarray, y_pred: np.ndarray, classes: Sequence[int], *, all_classes: bool = False) -> float:
    """Unweighted average recall over the classes that occur in ``y_true``.

    With ``all_classes`` every class counts, an absent one with recall 0 (the
    USS benchmark's definition).
    """
    recalls = [float((y_pred[y_true == c] == c).mean()) if (y_true == c).any() else 0.0
               for c in classes if all_classes or (y_true == c).any()]
    return float(np.mean(recalls)) if recalls else 0.0


def cohen_kappa(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Cohen's kappa (unweighted)."""
    if not len(y_true):
        return 0.0
    classes = np.union1d(y_true, y_pred)
    po = float((y_true == y_pred).mean())
    pe = float(sum((y_true == c).mean() * (y_pred == c).mean() for c in classes))
    return 0.0 if pe >= 1 else (po - pe) / (1 - pe)


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation (average ranks for ties)."""
    if len(a) < 2:
        return 0.0
    ra, rb = _ranks(np.asarray(a, float)), _ranks(np.asarray(b, float))
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def spearman_uss(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rho exactly as the USS benchmark code computes it.

    Ties take the rank of their first position and the formula
    ``1 - 6 d^2 / (n (n^2 - 1))`` assumes no ties; kept only to compare with
    the figures published with that code.
    """
    n = len(x)
    if n < 2:
        return 0.0

    def rank(v: np.ndarray) -> np.ndarray:
        s = np.sort(v)
        return np.searchsorted(s, v, side="left").astype(float) + 1

    d = float(((rank(np.asarray(x)) - rank(np.asarray(y))) ** 2).sum())
    return 1.0 - 6.0 * d / (n * (n**2 - 1.0))


def binary_f1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """F1 of the positive class for boolean arrays."""
    tp = float((y_true & y_pred).sum())
    denom = 2 * tp + float((~y_true & y_pred).sum()) + float((y_true & ~y_pred).sum())
    return 2 * tp / denom if denom else 0.0


def _ranks(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x))
    ranks[order] = np.arange(len(x), dtype=float)
    # Average the ranks of tied values.
    _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    sums = np.bincount(inverse, weights=ranks)
    return (sums / counts)[inverse]
