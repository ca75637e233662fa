"""The cheap substring checks in front of the phrase regexes never change a flag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heartline.heads import agent_behaviours as ab
from heartline.heads.behaviour_phrases import PATTERNS, REQUIRED, phrase_flags

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"

WRITTEN = [
    "As I already told you, read the terms.", "AS WE SAID, calm down.", "Calm Down please",
    "Sorry for any inconvenience.", "SORRY!", "We apologise for the trouble.", "That's not our problem.",
    "You should have checked the FAQ.", "I'm so sorry, so sorry, we feel terrible.", "We're mortified.",
    "Can you tell me more?", "What happened", "Per my last email, take it or leave it.", "Good luck with that.",
    "We regret the delay.", "A thousand apologies!", "I can't apologize enough.", "", "?", "relaxing music",
]


def _replies() -> list[str]:
    texts = list(WRITTEN)
    for path in sorted((ROOT / "data" / "labelled").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts.append(str(row.get("agent") or row.get("text") or ""))
    threads = SHARED / "cs_threads" / "train.jsonl"
    if threads.exists():
        with threads.open(encoding="utf-8") as f:
            for k, line in enumerate(f):
                if k >= 5000:
                    break
                texts.append(json.loads(line)["agent"])
    return texts


def test_every_gated_pattern_has_a_real_pattern() -> None:
    assert set(REQUIRED) <= set(PATTERNS)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_gated_flags_equal_the_bare_regex(name: str) -> None:
    replies = _replies()
    hits = 0
    for text in replies:
        bare = bool(PATTERNS[name].search(text))
        hits += bare
        assert phrase_flags(text)[name] == bare, (name, text)
    assert hits > 0  # the corpus exercises the pattern


def test_apology_features_equal_the_bare_regexes() -> None:
    replies = _replies()
    got = ab.apology_features(replies)
    for row, text in zip(got, replies, strict=True):
        assert row[0] == min(len(ab.APOLOGY.findall(text)), 4) / 4.0, text
        assert row[1] == float(bool(ab.GUSHING.search(text))), text
