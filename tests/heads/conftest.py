"""Real encoder output for a handful of customer-service lines, shared by head tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from heartline.heads.inputs import TokenBatch

LINES = [
    ("I'm so angry, this is the third time my order is late!!", "angry"),
    ("This is ridiculous, nobody ever answers my emails.", "angry"),
    ("Thank you so much, that fixed it!", "grateful"),
    ("Thanks a lot for the quick help, really appreciate it.", "grateful"),
    ("Where is my parcel? It was due on Monday.", "neutral"),
    ("How do I change the delivery address on my account?", "neutral"),
    ("I'm worried my card was charged twice, please check.", "anxious"),
    ("I'm scared I will lose all my photos if the phone resets.", "anxious"),
]


@pytest.fixture(scope="session")
def encode() -> Callable[[Sequence[str]], TokenBatch]:
    """Encode texts with the encoder training uses (heartline's, else float32 PyTorch)."""
    from heartline.training.backends import default_backend

    backend = default_backend(threads=1)
    memo: dict[tuple[str, ...], TokenBatch] = {}

    def run(texts: Sequence[str]) -> TokenBatch:
        key = tuple(texts)
        if key not in memo:
            memo[key] = backend.encode_chunk(list(key))
        return memo[key]

    return run
