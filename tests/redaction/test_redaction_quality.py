"""Precision and recall on the hand-labelled fixtures, and the evaluation itself."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from heartline.errors import InvalidInputError
from heartline.redaction import Example, Redactor, evaluate, leaked_fraction, load_examples

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "redaction"
REDACTOR = Redactor()
# (precision, recall) each label must reach on labelled + held-out texts, overlap match.
# docs/redaction.md has the measured figures; these floors leave room for a few misses.
FLOORS = {
    "EMAIL": (0.95, 0.95), "CARD": (0.95, 0.95), "IBAN": (0.95, 0.95), "IP": (0.95, 0.95),
    "PHONE": (0.95, 0.90), "ORDER": (0.90, 0.85), "ACCOUNT": (0.90, 0.85),
    "ADDRESS": (0.90, 0.80),
}


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_labelled",
                                                  FIXTURES / "build_labelled.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return load_examples(FIXTURES / "labelled.jsonl") + load_examples(FIXTURES / "heldout.jsonl")


@pytest.mark.parametrize("name", ["labelled", "heldout"])
def test_fixture_files_match_their_markup(name: str) -> None:
    builder = _builder()
    built = builder.render(builder.build(FIXTURES / f"{name}.src.txt"))
    assert (FIXTURES / f"{name}.jsonl").read_text(encoding="utf-8") == built, \
        "run tests/fixtures/redaction/build_labelled.py"


def test_fixtures_are_big_and_cover_every_label(examples: list[Example]) -> None:
    labelled = load_examples(FIXTURES / "labelled.jsonl")
    assert len(labelled) >= 300
    assert sum(1 for e in labelled if not e.spans) >= 100  # tricky negatives
    assert {label for e in examples for _, _, label in e.spans} == set(FLOORS)


@pytest.mark.parametrize("label", sorted(FLOORS))
def test_each_label_reaches_its_floor(examples: list[Example], label: str) -> None:
    scores = evaluate(REDACTOR, examples)[label]
    precision, recall = FLOORS[label]
    assert scores.precision >= precision, scores
    assert scores.recall >= recall, scores


def test_little_personal_data_is_left_in_the_output(examples: list[Example]) -> None:
    assert leaked_fraction(REDACTOR, examples) <= 0.03


def test_overlap_and_exact_matching_differ_on_partial_spans() -> None:
    text = "Flat 3, 12 Market Street, Leeds"
    example = Example(text, ((0, 24, "ADDRESS"),))   # gold includes "Flat 3, "
    assert REDACTOR.redact(text).spans == ((8, 24, "ADDRESS"),)
    overlap = evaluate(REDACTOR, [example], match="overlap")["ADDRESS"]
    exact = evaluate(REDACTOR, [example], match="exact")["ADDRESS"]
    assert (overlap.tp, overlap.fp, overlap.fn) == (1, 0, 0)
    assert (exact.tp, exact.fp, exact.fn) == (0, 1, 1)
    assert evaluate(REDACTOR, [example])["ALL"].as_dict()["f1"] == 1.0


def test_a_wrong_label_counts_as_a_miss_and_a_false_alarm() -> None:
    scores = evaluate(REDACTOR, [Example("call 415 555 0132", ((5, 17, "ORDER"),))])
    assert (scores["ORDER"].fn, scores["PHONE"].fp) == (1, 1)
    assert leaked_fraction(REDACTOR, [Example("call 415 555 0132", ((5, 17, "ORDER"),))]) == 0


def test_bad_fixture_lines_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "abc", "spans": [{"start": 2, "end": 9,
                                                          "label": "X"}]}) + "\nnot json\n")
    with pytest.raises(InvalidInputError) as info:
        load_examples(path)
    assert [p.record for p in info.value.problems] == ["line 1", "line 2"]
