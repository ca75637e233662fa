"""Precision and recall of a redactor against hand-labelled examples."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from heartline.errors import InvalidInputError, Problem
from heartline.redaction.config import Span

if TYPE_CHECKING:
    from heartline.redaction.redactor import Redactor



@dataclass(frozen=True)
class Example:
    """A text with its gold spans ``(start, end, label)``."""

    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Scores:
    """Span counts for one label; precision and recall are 1.0 when nothing was expected."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        """Flat metrics, as evaluators elsewhere in heartline return them."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def load_examples(path: Path) -> list[Example]:
    """Read ``{"text", "spans": [{"start", "end", "label"}]}`` lines.

    Raises:
        InvalidInputError: a line is not such an object, or a span lies outside its text.
    """
    examples: list[Example] = []
    problems: list[Problem] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                spans = tuple((int(s["start"]), int(s["end"]), str(s["label"]))
                              for s in record["spans"])
            except (ValueError, KeyError, TypeError):
                problems.append(Problem(str(path), f"line {number}", "",
                                        'an object {"text", "spans": [{"start", "end", '
                                        '"label"}]}'))
                continue
            if not isinstance(text, str) or any(
                    not 0 <= s < e <= len(text) for s, e, _ in spans):
                problems.append(Problem(str(path), f"line {number}", "spans",
                                        "spans with 0 <= start < end <= len(text)"))
                continue
            examples.append(Example(text, spans))
    if problems:
        raise InvalidInputError(problems)
    return examples


def evaluate(redactor: Redactor, examples: Iterable[Example], *,
             match: Literal["overlap", "exact"] = "overlap") -> dict[str, Scores]:
    """Per-label span scores, plus ``"ALL"`` summed over labels (micro average).

    With ``match="overlap"`` a predicted span counts as found when it overlaps a gold span
    of the same label (each gold span is matched once); ``"exact"`` needs the same start
    and end. A right span under the wrong label is a miss and a false alarm.
    """
    counts: dict[str, list[int]] = {}
    for example in examples:
        predicted = redactor.redact(example.text).spans
        unmatched = list(example.spans)
        for start, end, label in predicted:
            hit = next((g for g in unmatched if g[2] == label and (
                (g[0] < end and start < g[1]) if match == "overlap"
                else (g[0] == start and g[1] == end))), None)
            row = counts.setdefault(label, [0, 0, 0])
            if hit is None:
                row[1] += 1
            else:
                row[0] += 1
                unmatched.remove(hit)
        for _, _, label in unmatched:
            counts.setdefault(label, [0, 0, 0])[2] += 1
    scores = {label: Scores(*row) for label, row in sorted(counts.items())}
    scores["ALL"] = Scores(*(sum(row[i] for row in counts.values()) for i in range(3)))
    return scores


def leaked_fraction(redactor: Redactor, examples: Iterable[Example]) -> float:
    """The share of gold personal-data characters (not spaces) left in the output.

    Labels are ignored: this is what a reader of the stored text could still see.
    """
    total = leaked = 0
    for example in examples:
        covered = [False] * len(example.text)
        for start, end, _ in redactor.redact(example.text).spans:
            covered[start:end] = [True] * (end - start)
        for start, end, _ in example.spans:
            for i in range(start, end):
                if not example.text[i].isspace():
                    total += 1
                    leaked += not covered[i]
    return leaked / total if total else 0.0
