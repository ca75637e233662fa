"""Readers of the EPITOME and ESConv layouts, checked against the shared dev files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from heartline.errors import InvalidInputError
from heartline.training.empathy_data import (
    ESCONV_STRATEGIES,
    rationale_spans,
    read_epitome,
    read_esconv,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not present")


@needs_shared
def test_esconv_dev_has_the_readme_strategy_counts() -> None:
    pairs = read_esconv(SHARED / "esconv" / "dev.jsonl")
    counts = Counter(ESCONV_STRATEGIES[p.label] for p in pairs)
    # shared/data/esconv/README.md, dev column.
    assert counts["Question"] == 379
    assert counts["Restatement or Paraphrasing"] == 106
    assert counts["Reflection of feelings"] == 143
    assert len(pairs) == 1825


@needs_shared
def test_epitome_dev_levels_and_rationales() -> None:
    pairs = read_epitome(SHARED / "epitome_emotional_reactions" / "dev.jsonl")
    assert Counter(p.label for p in pairs) == {0: 214, 1: 76, 2: 19}
    with_rationale = [p for p in pairs if p.label > 0]
    assert sum(bool(p.rationales) for p in with_rationale) >= 0.9 * len(with_rationale)
    for p in with_rationale:
        for start, end in p.rationales:
            assert 0 <= start < end <= len(p.message)


def test_esconv_context_is_the_latest_seeker_turn(tmp_path: Path) -> None:
    dialog = [
        {"role": "seeker", "text": "I lost my job.", "strategy": None},
        {"role": "supporter", "text": "That sounds hard.", "strategy": "Reflection of feelings"},
        {"role": "supporter", "text": "What happened?", "strategy": "Question"},
        {"role": "seeker", "text": "They closed the office.", "strategy": None},
        {"role": "supporter", "text": "So the whole office closed?", "strategy": "Restatement or Paraphrasing"},
    ]
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "x", "dialog": dialog}) + "\n")
    pairs = read_esconv(path)
    assert [p.context for p in pairs] == ["I lost my job.", "I lost my job.", "They closed the office."]
    assert [ESCONV_STRATEGIES[p.label] for p in pairs] == [
        "Reflection of feelings", "Question", "Restatement or Paraphrasing"]


def test_rationale_spans_find_each_piece() -> None:
    text = "I'm so sorry. That sounds awful. Do you have support?"
    assert rationale_spans(text, ["That sounds awful.", "missing bit", ""]) == ((14, 32),)


def test_bad_rows_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"seeker_post": "a", "response_post": "b", "level": 1}\n{"level": 2}\n')
    with pytest.raises(InvalidInputError, match=r"bad\.jsonl, line 2"):
        read_epitome(path)
    path.write_text('{"seeker_post": "a", "response_post": "b", "level": 7}\n')
    with pytest.raises(InvalidInputError, match="level"):
        read_epitome(path)
