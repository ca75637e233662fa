"""The engine end to end: real encoder, real heads, scoring and coaching."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from heartline.conversation import Channel, Conversation, Message, Role
from heartline.engine import Engine

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    yield Engine.load(threads=2)


def chat(cid: str, *turns: tuple[Role, str], internal_at: int | None = None) -> Conversation:
    msgs = tuple(Message(id=f"{cid}.{i}", role=r, text=t, author="maya" if r is Role.AGENT else "c1",
                         internal=(i == internal_at))
                 for i, (r, t) in enumerate(turns))
    return Conversation(id=cid, source="t", channel=Channel.CHAT, messages=msgs)


BLENDER = chat(
    "blender",
    (Role.CUSTOMER, "My blender arrived with a cracked jug and I needed it for my daughter's birthday on Saturday!! This is so frustrating."),
    (Role.AGENT, "Sorry for any inconvenience."),
    (Role.CUSTOMER, "That's it? I want a replacement before Saturday."),
    (Role.AGENT, "I can hear how frustrating it is to get a broken blender right before the birthday. "
                 "You need a working one by Saturday, so I've sent a replacement by express courier; it arrives Friday."),
    (Role.CUSTOMER, "Thank you, that's a relief."),
)
NOTE = chat(
    "note",
    (Role.CUSTOMER, "I was charged twice for March."),
    (Role.AGENT, "escalate to billing ops, customer is furious"),
    (Role.AGENT, "I'm sorry you were charged twice for March. I've refunded the second charge; you'll see it in 3-5 days."),
    internal_at=1,
)


def test_readings_align_and_follow_the_contract(engine: Engine) -> None:
    result = next(engine.analyze([BLENDER]))
    d = result.to_dict()
    assert d["conversation_id"] == "blender"
    assert set(d["scores"]) == {"cognitive", "emotional", "compassionate", "empathy", "experience"}
    assert all(0 <= v <= 100 for v in d["scores"].values())
    assert [m["message_id"] for m in d["messages"]] == [m.id for m in BLENDER.messages]
    first = d["messages"][0]
    assert first["emotion"] in ("frustrated", "angry", "disappointed")
    assert first["emotions"] and first["evidence"]
    bad, good = d["messages"][1], d["messages"][3]
    assert bad["behaviours"]["generic_sympathy"] and not bad["behaviours"]["acknowledges_emotion"]
    assert bad["suggestion"], "a reply with only generic sympathy gets a better one"
    assert good["behaviours"]["acknowledges_emotion"] and good["behaviours"]["takes_action"]
    json.dumps(d)  # the whole result is plain JSON


def test_batch_equals_single(engine: Engine) -> None:
    together = [r.to_dict() for r in engine.analyze([BLENDER, NOTE])]
    alone = [next(engine.analyze([c])).to_dict() for c in (BLENDER, NOTE)]
    assert together == alone


def test_internal_notes_are_not_read_or_scored(engine: Engine) -> None:
    d = next(engine.analyze([NOTE])).to_dict()
    note = d["messages"][1]
    assert not any(note["behaviours"].values())
    assert note["suggestion"] is None


def test_input_is_not_mutated(engine: Engine) -> None:
    before = repr(BLENDER)
    list(engine.analyze([BLENDER]))
    assert repr(BLENDER) == before


def test_analyze_streams_in_chunks_with_identical_results(engine: Engine) -> None:
    convs = [chat(f"c{i}", (Role.CUSTOMER, f"My order {i} hasn't arrived and I'm worried."),
                  (Role.AGENT, "Let me check that for you right away.")) for i in range(7)]
    small = [r.to_dict() for r in engine.analyze(convs, chunk_messages=3)]
    large = [r.to_dict() for r in engine.analyze(convs, chunk_messages=1000)]
    assert small == large


def test_assist_warns_about_a_rude_draft(engine: Engine) -> None:
    history = [Message("1", Role.CUSTOMER, "This is the THIRD time my internet has dropped today. I'm furious.")]
    result = engine.assist(history, "As I already told you, calm down and restart your router.").to_dict()
    assert result["customer"]["emotion"] in ("angry", "frustrated")
    kinds = {w["kind"] for w in result["warnings"]}
    assert "rude" in kinds
    assert result["suggested_acknowledgement"]
    assert result["draft"]["scores"]["empathy"] <= 20


def test_assist_is_calm_about_a_good_draft(engine: Engine) -> None:
    history = [Message("1", Role.CUSTOMER, "This is the THIRD time my internet has dropped today. I'm furious.")]
    draft = ("I completely understand how frustrating it is to lose your connection three times in one day. "
             "I've booked an engineer for tomorrow morning and credited this month's bill.")
    result = engine.assist(history, draft).to_dict()
    assert not {w["kind"] for w in result["warnings"]} & {"rude", "ignores_emotion"}
    assert result["draft"]["behaviours"]["acknowledges_emotion"]


def test_demo_corpus_analyses_end_to_end(engine: Engine) -> None:
    from heartline import native

    lines = (ROOT / "examples" / "demo" / "conversations.jsonl").read_text().splitlines()[:40]
    convs = [native.from_dict(json.loads(line)) for line in lines]
    results = list(engine.analyze(convs))
    assert len(results) == 40
    assert any(m.suggestion for r in results for m in r.messages)
