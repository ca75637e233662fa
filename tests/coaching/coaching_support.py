"""Real customer→agent exchanges (cs_behaviours) as conversations with label-derived readings.

The readings are what a perfect set of heads would give: the annotators' emotion and
behaviour labels, without evidence spans (so the coach's sentence-level fallbacks are
exercised too).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from heartline.conversation import Channel, Conversation, Message, Role
from heartline.results import MessageReading

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "cs_behaviours"
#: A plausible intensity per labelled emotion (the labels carry none).
INTENSITY = {"angry": 0.9, "frustrated": 0.7, "disappointed": 0.6, "anxious": 0.6, "sad": 0.7,
             "confused": 0.6, "grateful": 0.7, "happy": 0.7, "neutral": 0.0}
AGENT_LABELS = ("explores", "acknowledges_emotion", "mirrors_problem", "takes_action",
                "generic_sympathy", "rude")


@cache
def rows(split: str = "train") -> list[dict[str, Any]]:
    """The labelled exchanges of one split (skips the test where ../shared/data is absent)."""
    if not SHARED.exists():
        pytest.skip("../shared/data is not present beside the checkout")
    return [json.loads(line) for line in (SHARED / f"{split}.jsonl").read_text().splitlines()]


def exchange(row: dict[str, Any], **agent_flags: bool) -> tuple[Conversation, list[MessageReading]]:
    """The exchange's customer message and agent reply (context left out), with readings."""
    labels = row["labels"]
    customer = Message("c", Role.CUSTOMER, row["customer"])
    agent = Message("a", Role.AGENT, row["agent"])
    flags = {k: bool(labels[k]) for k in AGENT_LABELS} | agent_flags
    readings = [
        MessageReading("c", Role.CUSTOMER, emotion=labels["emotion"],
                       emotion_intensity=INTENSITY[labels["emotion"]]),
        MessageReading("a", Role.AGENT, behaviours=flags),
    ]
    return Conversation(row["id"], "cs_behaviours", Channel.SOCIAL, messages=(customer, agent)), readings
