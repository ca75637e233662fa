"""Rank correlations and their bootstrap intervals (scoring/validation.py)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import spearmanr

from heartline.scoring.validation import correlate, partial_spearman, resolved_dummies, spearman


def test_spearman_matches_scipy_with_ties() -> None:
    rng = np.random.default_rng(1)
    x, y = rng.integers(1, 6, 200), rng.normal(size=200)
    assert spearman(x, y) == pytest.approx(spearmanr(x, y).statistic, abs=1e-12)
    assert np.isnan(spearman([1, 1, 1], [1, 2, 3]))


def test_partial_correlation_removes_a_shared_cause() -> None:
    rng = np.random.default_rng(2)
    solved = rng.integers(0, 2, 2000).astype(bool)
    score = solved * 2.0 + rng.normal(size=2000)  # both follow whether it was solved, nothing else
    csat = solved * 2.0 + rng.normal(size=2000)
    assert spearman(score, csat) > 0.4
    control = resolved_dummies(list(solved))
    assert abs(partial_spearman(score, csat, control)) < 0.06
    own = solved * 2.0 + score  # a score that adds to being solved keeps its partial correlation
    assert partial_spearman(score, own, control) > 0.9


def test_intervals_cover_the_estimate_and_narrow_with_more_data() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=400)
    y = x + rng.normal(size=400)
    small = correlate({"s": x[:50]}, y[:50], resamples=500)[0]
    large = correlate({"s": x}, y, resamples=500)[0]
    for c in (small, large):
        assert c.low <= c.rho <= c.high
    assert (large.high - large.low) < (small.high - small.low)
    assert correlate({"s": x}, y, resamples=200, seed=7) == correlate({"s": x}, y, resamples=200, seed=7)


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="measure 'a' has 2 values for 3 outcomes"):
        correlate({"a": [1, 2]}, [1, 2, 3])
