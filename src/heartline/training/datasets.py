"""Readers for the shared datasets this module trains on (layouts of ../shared/data/<name>/).

Each reader takes one JSONL file in exactly the layout of that folder's
``dev.jsonl`` and returns plain records; a malformed line raises
:class:`InvalidInputError` naming the file, line and field (never the text).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heartline.errors import ConfigError, InvalidInputError, Problem

GOEMOTIONS = (
    "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity",
    "desire", "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear",
    "gratitude", "grief", "joy", "love", "nervousness", "optimism", "pride", "realization", "relief",
    "remorse", "sadness", "surprise", "neutral",
)  # fmt: skip
RSICS = ("Greeting", "Backstory", "Justification", "Rant", "Gratitude", "Other", "Express Emotion")


@dataclass(frozen=True)
class Text:
    """One labelled text: ``labels`` are names (several for multi-label data)."""

    id: str
    text: str
    labels: tuple[str, ...]
    domain: str = ""


@dataclass(frozen=True)
class Turn:
    """One rated user turn of a USS dialogue, with what came before it.

    Attributes:
        dialogue: dialogue id; source: ``MWOZ`` or ``SGD``.
        previous_user: the user's previous turn ("" for the first).
        previous_system: the system turn just before this one ("" for the first).
        rating: majority annotator rating 1–5 (ties to the lower, as the USS code).
        overall: the dialogue's majority overall rating 1–5.
        first: whether this is the dialogue's first user turn.
        last: whether this is its last user turn.
    """

    dialogue: str
    source: str
    previous_user: str
    previous_system: str
    rating: int
    overall: int
    first: bool
    last: bool


def data_dir(explicit: str | Path | None = None) -> Path:
    """``explicit``, else ``$HEARTLINE_SHARED_DATA``, else ``../shared/data`` beside the repository."""
    if explicit:
        path = Path(explicit)
    elif env := os.environ.get("HEARTLINE_SHARED_DATA"):
        path = Path(env)
    else:
        path = Path(__file__).resolve().parents[3].parent / "shared" / "data"
    if not path.is_dir():
        raise ConfigError(
            f"no shared data folder at {path}",
            hint="pass --data-dir, or set HEARTLINE_SHARED_DATA to the folder holding goemotions/, politeness/, …",
        )
    return path


def lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for each non-blank line of a JSONL file."""
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"no such file: {path}", hint="check the path given to --data") from None
    with handle:
        for n, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError:
                raise InvalidInputError([Problem(str(path), f"line {n}", "", "a JSON object")]) from None


def _field(path: Path, n: int, record: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = record.get(name)
    if not isinstance(value, kind):
        raise InvalidInputError([Problem(str(path), f"line {n}", name, f"a {getattr(kind, '__name__', kind)}")])
    return value


def read_goemotions(path: Path) -> list[Text]:
    """GoEmotions comments with their emotion names."""
    out = []
    for n, r in lines(path):
        labels = tuple(_field(path, n, r, "labels", list))
        if not labels or any(lab not in GOEMOTIONS for lab in labels):
            raise InvalidInputError([Problem(str(path), f"line {n}", "labels", "GoEmotions label names")])
        out.append(Text(str(r.get("id", n)), _field(path, n, r, "text", str), labels))
    return out


def read_politeness(path: Path, *, keep_neutral: bool = False) -> list[Text]:
    """Stanford politeness requests labelled polite / impolite (neutral dropped unless asked)."""
    out = []
    for n, r in lines(path):
        label = _field(path, n, r, "label", str)
        if label not in ("polite", "neutral", "impolite"):
            raise InvalidInputError([Problem(str(path), f"line {n}", "label", "polite, neutral or impolite")])
        if label != "neutral" or keep_neutral:
            out.append(Text(str(r.get("id", n)), _field(path, n, r, "text", str), (label,), str(r.get("domain", ""))))
    return out


def read_bitext(path: Path) -> list[Text]:
    """Bitext customer requests with their intent."""
    return [
        Text(str(r.get("id", n)), _field(path, n, r, "instruction", str), (_field(path, n, r, "intent", str),),
             str(r.get("category", "")))
        for n, r in lines(path)
    ]


def read_rsics(path: Path) -> list[Text]:
    """RSiCS customer requests with the relational tags they carry (possibly none)."""
    out = []
    for n, r in lines(path):
        tags = _field(path, n, r, "labels", dict)
        out.append(Text(str(r.get("id", n)), _field(path, n, r, "text", str),
                        tuple(t for t in RSICS if tags.get(t)), str(r.get("source", ""))))
    return out


def read_cs_emotion(path: Path) -> list[Text]:
    """cs_behaviours exchanges: the customer's message and its labelled emotion."""
    out = []
    for n, r in lines(path):
        labels = _field(path, n, r, "labels", dict)
        emotion = labels.get("emotion")
        if not isinstance(emotion, str):
            raise InvalidInputError([Problem(str(path), f"line {n}", "labels.emotion", "an emotion name")])
        out.append(Text(str(r.get("id", n)), _field(path, n, r, "customer", str), (emotion,), str(r.get("company", ""))))
    return out


def majority(ratings: list[int]) -> int:
    """The most frequent rating, ties to the lowest (USS ``get_main_score``)."""
    counts = [ratings.count(v) for v in range(1, 6)]
    return 1 + counts.index(max(counts))


def read_uss(path: Path) -> list[Turn]:
    """Every user turn of every USS dialogue, in the USS benchmark's framing."""
    out: list[Turn] = []
    for n, r in lines(path):
        turns = _field(path, n, r, "turns", list)
        overall = majority([int(v) for v in _field(path, n, r, "overall_satisfaction", list)])
        user = [i for i, t in enumerate(turns) if t.get("speaker") == "USER"]
        prev_user = prev_system = ""
        for i, t in enumerate(turns):
            text = str(t.get("text") or "")
            if t.get("speaker") == "USER":
                sat = t.get("satisfaction")
                if not isinstance(sat, list) or not sat:
                    raise InvalidInputError([Problem(str(path), f"line {n}", f"turns[{i}].satisfaction", "ratings")])
                out.append(Turn(str(r.get("id", n)), str(r.get("source", "")), prev_user, prev_system,
                                majority([int(v) for v in sat]), overall, i == user[0], i == user[-1]))
                prev_user = text
            else:
                prev_system = text
    return out
