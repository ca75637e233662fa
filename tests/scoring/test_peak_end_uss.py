"""The peak-end estimate against real satisfaction ratings (USS), as reported in docs/scoring.md.

USS rates every user turn and the whole dialogue for satisfaction (1–5). Taking each user
turn's rating as its valence ((rating − 3) / 2) tests the *shape* of the experience formula
(worst moment, ending, average) independently of the emotion heads. The test recomputes the
table in docs/scoring.md, so the reported numbers cannot drift from the code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from heartline.criteria import default_criteria
from heartline.scoring.experience import Point, peak_end

ROOT = Path(__file__).resolve().parents[2]
USS = ROOT.parent / "shared" / "data" / "uss"
RESAMPLES = 1000


def _ranks(a: np.ndarray) -> np.ndarray:
    """Average ranks (ties share their mean rank), as Spearman's ρ needs."""
    _, inverse, counts = np.unique(a, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return ((ends - counts + ends + 1) / 2.0)[inverse]


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(_ranks(x), _ranks(y))[0, 1])


def _measures() -> tuple[dict[str, np.ndarray], np.ndarray]:
    if not USS.exists():
        pytest.skip("../shared/data is not present beside the checkout")
    table = default_criteria()
    rows = [json.loads(line) for split in ("train", "dev")
            for line in (USS / f"{split}.jsonl").read_text().splitlines()]
    x: dict[str, list[float]] = {"peak_end": [], "mean": [], "end": [], "worst": []}
    y: list[float] = []
    for row in rows:
        values = [(float(np.mean(t["satisfaction"])) - 3) / 2 for t in row["turns"]
                  if t["speaker"] == "USER" and t["satisfaction"]]
        points = tuple(Point(str(i), "rated", abs(v), v) for i, v in enumerate(values))
        x["peak_end"].append(peak_end(points, table))
        x["mean"].append(float(np.mean(values)))
        x["end"].append(values[-1])
        x["worst"].append(min(values))
        y.append(float(np.mean(row["overall_satisfaction"])))
    return {k: np.array(v) for k, v in x.items()}, np.array(y)


def _documented() -> dict[str, tuple[float, float, float]]:
    section = (ROOT / "docs" / "scoring.md").read_text().split("### Checked against USS", 1)[1]
    rows = re.findall(r"\| `(\w+)` \| ([-\d.]+) \| \[([-\d.]+), ([-\d.]+)\] \|", section)
    return {name: (float(r), float(lo), float(hi)) for name, r, lo, hi in rows}


@pytest.mark.slow
def test_peak_end_against_uss_satisfaction_matches_the_docs() -> None:
    x, y = _measures()
    assert len(y) == 1800
    rng = np.random.default_rng(42)
    samples = [rng.integers(0, len(y), len(y)) for _ in range(RESAMPLES)]
    documented = _documented()
    assert set(documented) == {*x, "peak_end_minus_mean"}
    for name, values in x.items():
        rho = _spearman(values, y)
        boot = [_spearman(values[i], y[i]) for i in samples]
        lo, hi = np.percentile(boot, [2.5, 97.5])
        assert documented[name] == pytest.approx((rho, lo, hi), abs=0.006), name
    diff = [_spearman(x["peak_end"][i], y[i]) - _spearman(x["mean"][i], y[i]) for i in samples]
    lo, hi = np.percentile(diff, [2.5, 97.5])
    rho = _spearman(x["peak_end"], y) - _spearman(x["mean"], y)
    assert documented["peak_end_minus_mean"] == pytest.approx((rho, lo, hi), abs=0.006)
