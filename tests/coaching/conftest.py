"""Coaching tests share the scoring cases (tests/scoring/cases.jsonl) and real exchanges."""

from __future__ import annotations

import sys
from pathlib import Path

# scoring_cases.py lives with the scoring tests; one loader serves both folders.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))
