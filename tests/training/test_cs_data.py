"""Reading behaviour data: nulls kept, derived behaviours follow data/labelled/README.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heartline.errors import InvalidInputError
from heartline.heads.agent_behaviours import BEHAVIOURS
from heartline.training.cs_data import ignores_emotion, over_apologising_rule, read_exchanges

REPO = Path(__file__).resolve().parents[2]


def _row(agent: str, **labels: object) -> str:
    base = {"emotion": "frustrated", "empathy_needed": True, **{b: False for b in BEHAVIOURS[:6]}}
    base.update(labels)
    return json.dumps({"id": "r", "context": [], "customer": "My order is late again.", "agent": agent, "labels": base})


def test_over_apologising_is_derived_when_missing(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join([
        _row("Sorry! So sorry about this. We apologise."),
        _row("Sorry about that. We apologise.", takes_action=True),
        _row("Sorry about that. We apologise."),
        _row("We're truly, deeply sorry."),
    ]) + "\n")
    got = [r.labels["over_apologising"] for r in read_exchanges(path)]
    assert got == [True, False, True, True]


def test_nulls_are_kept_and_ignores_emotion_needs_both_labels() -> None:
    rows = read_exchanges(REPO / "data" / "labelled" / "relabelled.jsonl")
    polite = [r for r in rows if r.origin == "politeness-relabelled"]
    assert polite and all(r.labels["takes_action"] is None for r in polite)
    assert ignores_emotion(None, False) is None
    assert ignores_emotion("angry", False) is True
    assert ignores_emotion("angry", True) is False
    assert ignores_emotion("confused", False) is False


def test_over_apologising_rule_counts_apologies() -> None:
    assert over_apologising_rule("Sorry for the wait.", False) is False
    assert over_apologising_rule("I can't apologise enough.", True) is True
    assert over_apologising_rule("Sorry. Sorry again. Our apologies.", True) is True


def test_labelled_data_meets_the_brief() -> None:
    rows = []
    for name in ("authored.jsonl", "relabelled.jsonl"):
        rows += read_exchanges(REPO / "data" / "labelled" / name)
    for behaviour in ("acknowledges_emotion", "rude"):
        assert sum(r.labels[behaviour] is True for r in rows) >= 150
    assert sum(r.labels["over_apologising"] is True for r in rows) >= 60
    raw = [json.loads(line) for line in (REPO / "data" / "labelled" / "authored.jsonl").read_text().splitlines()]
    assert all(r["origin"] and r["licence"] for r in raw)


def test_a_broken_row_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(_row("Hi") + "\n" + '{"agent": "no labels"}\n')
    with pytest.raises(InvalidInputError, match=r"rows\.jsonl, line 2"):
        read_exchanges(path)
