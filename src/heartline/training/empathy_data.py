"""Reading EPITOME and ESConv in the layout of ``../shared/data/<dataset>/*.jsonl``.

``heartline eval`` must read any file in exactly that layout, so these readers
are the single place that knows it. Both tasks judge a helper's message given
the message it answers: EPITOME a Reddit response to a seeker post, ESConv a
supporter utterance after the seeker's latest turn.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from heartline.errors import InvalidInputError, NotFoundError, Problem

EPITOME_LEVELS = ("none", "weak", "strong")
"""EPITOME levels 0/1/2 (Sharma et al., EMNLP 2020)."""

ESCONV_STRATEGIES = (
    "Question",
    "Restatement or Paraphrasing",
    "Reflection of feelings",
    "Self-disclosure",
    "Affirmation and Reassurance",
    "Providing Suggestions",
    "Information",
    "Others",
)
"""The 8 ESConv support strategies (Liu et al., ACL 2021), in the paper's order."""


@dataclass(frozen=True)
class Pair:
    """One helper message judged in the context of the message it answers.

    Attributes:
        context: the seeker's message (EPITOME seeker post; ESConv latest seeker turn, or "").
        message: the helper's message being judged.
        label: index into the task's labels.
        rationales: character spans of ``message`` annotated as the reason (EPITOME only).
        group: id used to keep related rows together in cross-validation.
    """

    context: str
    message: str
    label: int
    rationales: tuple[tuple[int, int], ...] = field(default=())
    group: str = ""


def bad(path: Path, line: int, field: str, expected: str) -> InvalidInputError:
    """The error for one bad line of an input file (names file, line and field, never the text)."""
    return InvalidInputError([Problem(str(path), f"line {line}", field, expected)])


def _lines(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise NotFoundError(f"cannot read {path}", hint="pass an existing JSONL file") from exc
    with fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise bad(path, n, "", "a JSON object") from exc


def rationale_spans(response: str, rationales: list[str]) -> tuple[tuple[int, int], ...]:
    """Character spans of each rationale string inside the response (unfound ones dropped)."""
    out = []
    for r in rationales:
        r = r.strip()
        at = response.find(r) if r else -1
        if at >= 0:
            out.append((at, at + len(r)))
    return tuple(sorted(out))


def read_epitome(path: Path) -> list[Pair]:
    """Rows of an ``epitome_*`` file (fields seeker_post, response_post, level, rationales)."""
    pairs = []
    for n, row in _lines(path):
        try:
            response = str(row["response_post"])
            level = int(row["level"])  # type: ignore[call-overload]
            pairs.append(
                Pair(
                    context=str(row["seeker_post"]),
                    message=response,
                    label=level,
                    rationales=rationale_spans(response, list(row.get("rationales") or [])),  # type: ignore[call-overload]
                    group=str(row.get("sp_id", n)),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise bad(path, n, "", "an EPITOME row with seeker_post, response_post and level") from exc
        if not 0 <= level < len(EPITOME_LEVELS):
            raise bad(path, n, "level", "0, 1 or 2")
    return pairs


def read_esconv(path: Path) -> list[Pair]:
    """Every supporter utterance of an ``esconv`` file, with the latest seeker turn before it."""
    index = {s: i for i, s in enumerate(ESCONV_STRATEGIES)}
    pairs = []
    for n, row in _lines(path):
        dialog = row.get("dialog")
        if not isinstance(dialog, list):
            raise bad(path, n, "dialog", "a list of turns")
        seeker = ""
        for turn in dialog:
            text = str(turn.get("text", ""))
            if turn.get("role") == "seeker" or turn.get("speaker") == "usr":
                seeker = text
                continue
            strategy = turn.get("strategy")
            if strategy not in index:
                raise bad(path, n, "strategy", "one of the 8 ESConv strategies on every supporter turn")
            pairs.append(Pair(context=seeker, message=text, label=index[strategy], group=str(row.get("id", n))))
    return pairs
