"""Gated cue regexes answer exactly as their bare regexes do, on real agent replies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heartline.coaching import original
from heartline.gated import GatedPattern
from heartline.scoring.statements import normalise, sentences

ROOT = Path(__file__).resolve().parents[1]
THREADS = ROOT.parent / "shared" / "data" / "cs_threads" / "train.jsonl"

WRITTEN = [
    "As I already told you, please read the terms.", "OBVIOUSLY you should have checked.", "Calm down sir.",
    "Sorry for any inconvenience.", "We're so sorry to hear that!", "Oh no! That's not what we like to hear.",
    "We understand your frustration.", "It's your responsibility.", "Had you read the FAQ...", "whatever",
    "There's nothing more we can do.", "No need to shout.", "You need to read the policy.", "I apologise.",
    "Like I said before, deal with it.", "With all due respect, in any case", "", "Thanks!",
]


def _texts() -> list[str]:
    texts = list(WRITTEN)
    if THREADS.exists():
        with THREADS.open(encoding="utf-8") as f:
            for k, line in enumerate(f):
                if k >= 3000:
                    break
                reply = json.loads(line)["agent"]
                texts.append(reply)
                texts += [reply[a:b] for a, b in sentences(reply)]
    return texts


GATED = {name: getattr(original, name) for name in ("RUDE_LEADS", "BLAME", "GENERIC", "APOLOGY")}


@pytest.mark.parametrize("name", sorted(GATED))
def test_gated_pattern_equals_the_bare_regex(name: str) -> None:
    gated: GatedPattern = GATED[name]
    hits = 0
    for text in _texts():
        for variant in (text, normalise(text), normalise(text).lower()):
            bare = gated.pattern.search(variant)
            got = gated.search(variant)
            assert (got and got.span()) == (bare and bare.span()), (name, variant)
            assert gated.subn("", variant) == gated.pattern.subn("", variant)
            hits += bare is not None
    assert hits > 0  # the texts exercise the pattern


def test_a_gate_needs_a_substring() -> None:
    import re

    with pytest.raises(ValueError, match="required substring"):
        GatedPattern(re.compile("x"), ())
    gated = GatedPattern(re.compile(r"\bcalm down\b", re.I), ("calm down",))
    assert gated.search("Please CALM DOWN.") is not None
    assert gated.sub("", "nothing here") == "nothing here"
    assert list(gated.finditer("calm down, calm down")) and not list(gated.finditer("fine"))
