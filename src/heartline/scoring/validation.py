"""How well conversation scores track what customers said afterwards (CSAT).

Rank correlations with bootstrap confidence intervals, resampling whole
conversations, and the partial correlation of a score with CSAT once whether the
problem was solved is accounted for (being solved drives CSAT most, so a score
has to add to it to be worth coaching on).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata


@dataclass(frozen=True)
class Correlation:
    """Spearman's ρ of one measure with the outcome, and its 95 % bootstrap interval."""

    measure: str
    n: int
    rho: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float | int | str]:
        """Plain values, rounded for reports."""
        return {"measure": self.measure, "n": self.n, "rho": round(self.rho, 3),
                "low": round(self.low, 3), "high": round(self.high, 3)}


def spearman(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Spearman's ρ with tied ranks averaged; NaN when either side is constant."""
    rx, ry = rankdata(np.asarray(x, float)), rankdata(np.asarray(y, float))
    if rx.std() == 0 or ry.std() == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def partial_spearman(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray,
                     control: np.ndarray) -> float:
    """Spearman's ρ of x and y after removing what ``control`` (columns) explains of their ranks."""
    rx, ry = rankdata(np.asarray(x, float)), rankdata(np.asarray(y, float))
    design = np.column_stack([np.ones(len(rx)), np.asarray(control, float)])
    res_x = rx - design @ np.linalg.lstsq(design, rx, rcond=None)[0]
    res_y = ry - design @ np.linalg.lstsq(design, ry, rcond=None)[0]
    if res_x.std() == 0 or res_y.std() == 0:
        return float("nan")
    return float(np.corrcoef(res_x, res_y)[0, 1])


def resolved_dummies(resolved: Sequence[bool | None]) -> np.ndarray:
    """Two indicator columns (solved, unsolved; unknown is the baseline) for ``partial_spearman``."""
    return np.array([[r is not None and bool(r), r is not None and not bool(r)] for r in resolved], float)


def correlate(measures: dict[str, Sequence[float]], outcome: Sequence[float], *,
              control: np.ndarray | None = None, resamples: int = 2000, seed: int = 0) -> list[Correlation]:
    """ρ of every measure with ``outcome`` (partial on ``control`` when given), with 95 % intervals.

    The intervals are percentile bootstraps over conversations: each resample
    draws conversations with replacement and recomputes every ρ on the same draw.
    """
    y = np.asarray(outcome, float)
    n = len(y)
    cols = {k: np.asarray(v, float) for k, v in measures.items()}
    for name, col in cols.items():
        if len(col) != n:
            raise ValueError(f"measure {name!r} has {len(col)} values for {n} outcomes")

    def stat(idx: np.ndarray, col: np.ndarray) -> float:
        if control is None:
            return spearman(col[idx], y[idx])
        return partial_spearman(col[idx], y[idx], control[idx])

    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(resamples, n))
    everyone = np.arange(n)
    out = []
    for name, col in cols.items():
        boots = np.array([stat(d, col) for d in draws])
        boots = boots[~np.isnan(boots)]
        low, high = (np.percentile(boots, [2.5, 97.5]) if len(boots) else (float("nan"), float("nan")))
        out.append(Correlation(name, n, stat(everyone, col), float(low), float(high)))
    return out
