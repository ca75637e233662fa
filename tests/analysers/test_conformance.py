"""The conformance battery: every registered analyser, built-in or plug-in, passes the same checks."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from heartline.analysers import FEATURES, Analyser, AnalysisBatch, create, registered
from heartline.conversation import Message
from heartline.heads.inputs import TokenBatch

DOCS = Path(__file__).resolve().parents[2] / "docs" / "heads.md"
EXCHANGES = [  # (previous customer message, previous agent message, message)
    ("", "", "I'm so angry, this is the third time my order is late!!"),
    ("Where is my refund? It's been two weeks.", "Hi! Could you DM us your order number?",
     "I already sent it twice. Nobody reads anything here."),
    ("My card was charged twice for the same order.", "Sorry about that, I've refunded the duplicate charge.",
     "Thank you so much, that fixed it!"),
    ("How do I reset my password?", "", "hello??"),
]
NAMES = sorted(registered())


@pytest.fixture(scope="module")
def features() -> dict[str, TokenBatch]:
    from heartline.training.backends import default_backend

    backend = default_backend(threads=1)
    return {
        "embedding": backend.encode_chunk([e[2] for e in EXCHANGES]),
        "previous_customer_embedding": backend.encode_chunk([e[0] for e in EXCHANGES]),
        "previous_agent_embedding": backend.encode_chunk([e[1] for e in EXCHANGES]),
    }


def _batch(analyser: Analyser, features: dict[str, TokenBatch]) -> AnalysisBatch:
    role = analyser.declaration.roles[0]
    messages = tuple(Message(id=str(i), role=role, text=e[2]) for i, e in enumerate(EXCHANGES))
    return AnalysisBatch(messages=messages, features={k: features[k] for k in analyser.declaration.requires})


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= 1e-4
    return bool(a == b)


def test_battery_covers_the_trained_builtins() -> None:
    assert {"customer_emotion", "customer_intent", "customer_relational", "politeness", "reply_satisfaction",
            "agent_behaviours"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_declaration_is_complete_and_documented(name: str) -> None:
    decl = registered()[name].declaration
    assert decl.name == name and decl.assigns and decl.roles and decl.construct and decl.source
    assert set(decl.requires) <= set(FEATURES)
    assert f"`{name}`" in DOCS.read_text(), f"analyser {name} is not documented in docs/heads.md"


@pytest.mark.parametrize("name", NAMES)
def test_config_round_trip(name: str) -> None:
    analyser = create(name)
    again = create(name, analyser.config())
    assert again.config() == analyser.config()


@pytest.mark.parametrize("name", NAMES)
def test_empty_batch_gives_nothing(name: str, features: dict[str, TokenBatch]) -> None:
    analyser = create(name)
    empty = AnalysisBatch(messages=(), features={k: TokenBatch.empty() for k in analyser.declaration.requires})
    assert analyser.predict(empty) == []


@pytest.mark.parametrize("name", NAMES)
def test_batch_equals_single_and_assigns_what_it_declares(name: str, features: dict[str, TokenBatch]) -> None:
    analyser = create(name)
    batch = _batch(analyser, features)
    together = analyser.predict(batch)
    assert len(together) == len(batch)
    for i, result in enumerate(together):
        assert set(result) == set(analyser.declaration.assigns)
        alone = analyser.predict(batch.take([i]))
        assert len(alone) == 1
        assert _close(result, alone[0]), f"message {i}: batch and single differ"


@pytest.mark.parametrize("name", NAMES)
def test_input_is_not_mutated(name: str, features: dict[str, TokenBatch]) -> None:
    analyser = create(name)
    batch = _batch(analyser, features)
    before = copy.deepcopy(batch)
    analyser.predict(batch)
    assert batch.messages == before.messages
    for key, value in batch.features.items():
        for field in ("pooled", "vectors", "mask", "offsets"):
            assert np.array_equal(getattr(value, field), getattr(before.features[key], field))
