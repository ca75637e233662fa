"""The output contract of issue 4: exact field names, JSON-able, ids that join back."""

from __future__ import annotations

import json

import pytest
from scoring_cases import case, names

from heartline.conversation import Channel, Conversation
from heartline.results import BEHAVIOURS
from heartline.scoring import score_conversation

CONTRACT_SCORES = {"cognitive", "emotional", "compassionate", "empathy", "experience"}
ADDED = {"stages", "opportunities", "missed_opportunities", "replies", "trajectory",
         "first_acknowledgement", "response_times", "resolved", "resolution_signals",
         "difficulty", "difficulty_parts", "criteria"}


@pytest.mark.parametrize("name", names())
def test_contract_fields_and_json(name: str) -> None:
    conversation, readings = case(name)
    out = json.loads(json.dumps(score_conversation(conversation, readings).to_dict()))
    assert set(out) == {"conversation_id", "scores", "messages"} | ADDED
    assert out["conversation_id"] == conversation.id
    assert set(out["scores"]) == CONTRACT_SCORES
    assert all(0 <= v <= 100 for v in out["scores"].values())
    assert [m["message_id"] for m in out["messages"]] == [m.id for m in conversation.messages]
    for m, original in zip(out["messages"], conversation.messages, strict=True):
        assert m["role"] == original.role.value
        if m["role"] == "agent":
            assert list(m["behaviours"]) == list(BEHAVIOURS)
            assert "suggestion" in m
        if m["role"] == "customer":
            assert {"emotion", "emotions"} <= set(m)
    ids = {m.id for m in conversation.messages}
    for miss in out["missed_opportunities"]:
        assert miss["customer_message_id"] in ids and miss["agent_message_id"] in ids


def test_empty_conversation() -> None:
    empty = Conversation("empty", "cases", Channel.CHAT)
    out = score_conversation(empty, []).to_dict()
    assert out["scores"] == {"cognitive": 100.0, "emotional": 100.0, "compassionate": 100.0,
                             "empathy": 100.0, "experience": 50.0}
    assert out["messages"] == [] and out["missed_opportunities"] == []
    assert out["trajectory"] == {"start": None, "peak": None, "end": None, "points": []}


def test_opportunity_counts_add_up() -> None:
    conversation, readings = case("furious")
    result = score_conversation(conversation, readings)
    counts = result.opportunity_counts()
    assert counts["acknowledges_emotion"] == {"owed": 2, "met": 0, "partial": 0, "missed": 2,
                                              "deferred": 0}
    assert counts["takes_action"]["met"] == 1 and counts["explores"]["owed"] == 0
    assert sum(c["missed"] + c["partial"] for c in counts.values()) == len(result.missed_opportunities())
