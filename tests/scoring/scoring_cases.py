"""Hand-built, realistic conversations with the readings the heads would give them.

``cases.jsonl`` holds one case per line: a conversation in the native format and one
reading per message. A reading names its behaviours as a list and its evidence as the
quoted phrases, turned into character spans here, so the file stays readable.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from heartline.conversation import Conversation
from heartline.native import from_dict
from heartline.results import MessageReading

CASES = Path(__file__).with_name("cases.jsonl")


@cache
def _raw() -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in CASES.read_text("utf-8").splitlines() if line.strip()]
    return {r["name"]: r for r in rows}


def names() -> list[str]:
    """Every case's name."""
    return list(_raw())


def case(name: str) -> tuple[Conversation, list[MessageReading]]:
    """A case's conversation and its readings, aligned with the messages."""
    raw = _raw()[name]
    conversation = from_dict(raw["conversation"])
    readings = [reading(m.id, m.role, m.text, r)
                for m, r in zip(conversation.messages, raw["readings"], strict=True)]
    return conversation, readings


def reading(message_id: str, role: Any, text: str, spec: dict[str, Any]) -> MessageReading:
    """A MessageReading from a compact spec (behaviour list, evidence as phrases)."""
    evidence: dict[str, list[tuple[int, int]]] = {}
    for label, phrases in spec.get("evidence", {}).items():
        for phrase in phrases:
            start = text.find(phrase)
            assert start >= 0, f"evidence phrase for {label} not in message {message_id}"
            evidence.setdefault(label, []).append((start, start + len(phrase)))
    return MessageReading(
        message_id=message_id, role=role, emotion=spec.get("emotion"),
        emotion_intensity=spec.get("emotion_intensity"), intent=spec.get("intent"),
        empathy_needed=spec.get("empathy_needed"),
        behaviours={b: True for b in spec.get("behaviours", [])}, evidence=evidence,
    )
