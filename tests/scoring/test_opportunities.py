"""Opportunity-aware expectations: what each reply owed, and what it missed."""

from __future__ import annotations

import dataclasses

import pytest
from scoring_cases import case, reading

from heartline.conversation import Channel, Conversation, Message, Role
from heartline.criteria import default_criteria, parse_criteria
from heartline.scoring import score_conversation
from heartline.scoring.opportunities import assess


def _assess(name: str, criteria: str | None = None):  # type: ignore[no-untyped-def]
    conversation, readings = case(name)
    table = parse_criteria(criteria) if criteria else default_criteria()
    return assess(conversation, readings, table)


def test_nothing_is_owed_to_thanks_that_worked() -> None:
    a = _assess("thanks_worked")
    first, last = a.replies
    assert set(first.owed) == {"acknowledges_emotion", "mirrors_problem", "takes_action"}
    assert last.owed == {} and last.missed() == []


def test_praise_owes_nothing() -> None:
    a = _assess("praise")
    assert [r.owed for r in a.replies] == [{}]
    assert a.moments[0].closes and not a.moments[0].owes_acknowledgement


def test_a_furious_customer_is_owed_acknowledgement_and_misses_are_recorded() -> None:
    conversation, readings = case("furious")
    result = score_conversation(conversation, readings)
    first = result.assessment.replies[0]
    assert first.owed["acknowledges_emotion"].customer_message_id == "f1"
    assert first.owed["acknowledges_emotion"].reason == "angry 0.95"
    assert first.ignores_emotion
    missed = [(m.criterion, m.customer_message_id, m.agent_message_id)
              for m in result.missed_opportunities()]
    assert missed == [
        ("acknowledges_emotion", "f1", "f2"), ("mirrors_problem", "f1", "f2"),
        ("takes_action", "f1", "f2"),
        ("acknowledges_emotion", "f3", "f4"), ("mirrors_problem", "f3", "f4"),
    ]
    flags = {m.message_id: m.behaviours.get("ignores_emotion") for m in result.messages
             if m.role is Role.AGENT}
    assert flags == {"f2": True, "f4": True}
    assert sum(1 for m in missed if m[0] == "acknowledges_emotion") == 2


def test_mirroring_alone_does_not_ignore_a_strong_emotion() -> None:
    conversation, readings = case("furious")
    readings[1] = dataclasses.replace(readings[1], behaviours={"mirrors_problem": True})
    reply = assess(conversation, readings, default_criteria()).replies[0]
    assert not reply.ignores_emotion and "acknowledges_emotion" in reply.missed()


def test_mild_emotion_owes_acknowledgement_but_is_not_ignored() -> None:
    conversation, readings = case("thanks_worked")  # frustrated 0.45, below "strong"
    reply = assess(conversation, readings, default_criteria()).replies[0]
    assert "acknowledges_emotion" in reply.missed() and not reply.ignores_emotion


def test_a_needed_question_defers_action_to_the_next_reply() -> None:
    a = _assess("confused_bill")
    question, answer = a.replies
    assert question.owed["explores"].reason == "confused"
    assert question.deferred == {"takes_action"} and "takes_action" not in question.missed()
    assert answer.owed["takes_action"].customer_message_id == "b1" and answer.missed() == []


def test_consecutive_agent_messages_are_one_reply() -> None:
    a = _assess("split_reply")
    (reply,) = a.replies
    assert reply.message_ids == ("r2", "r3")
    assert reply.shows("takes_action") and reply.shows("generic_sympathy")
    assert reply.missed() == ["acknowledges_emotion", "mirrors_problem"]
    assert reply.shown["ignores_emotion"] == ["r2"]


def test_internal_notes_are_not_replies() -> None:
    a = _assess("double_charge")
    assert [r.message_ids for r in a.replies] == [("e2",)]


def test_bot_messages_neither_answer_nor_split_replies() -> None:
    conversation, readings = case("double_charge")
    bot = Message("b0", Role.BOT, "Thanks for your message! An agent will be with you soon.")
    messages = (conversation.messages[0], bot, *conversation.messages[1:])
    conversation = conversation.replace(messages=messages)
    readings = [readings[0], reading("b0", Role.BOT, bot.text, {}), *readings[1:]]
    (reply,) = assess(conversation, readings, default_criteria()).replies
    assert reply.message_ids == ("e2",) and "acknowledges_emotion" in reply.owed


def test_an_empathy_needed_head_overrides_the_cue_list() -> None:
    text = "My card was declined at the till and I had to leave my shopping."
    convo = Conversation("x", "t", Channel.CHAT, messages=(
        Message("c", Role.CUSTOMER, text), Message("a", Role.AGENT, "Please try again.")))
    table = default_criteria()
    cue_only = [reading("c", Role.CUSTOMER, text, {"emotion": "neutral"}),
                reading("a", Role.AGENT, "", {"behaviours": ["takes_action"]})]
    assert "acknowledges_emotion" in assess(convo, cue_only, table).replies[0].owed
    cue_only[0] = dataclasses.replace(cue_only[0], empathy_needed=0.1)
    assert "acknowledges_emotion" not in assess(convo, cue_only, table).replies[0].owed


def test_team_criteria_first_any_and_conversation_scope() -> None:
    a = _assess("blender", """
[criteria.hello]
stage = "emotional"
when = "first"
phrases = ["oh no"]
[criteria.ticket]
stage = "compassionate"
when = "open"
scope = "conversation"
phrases = ["ticket number"]
[criteria.sign_off]
stage = "emotional"
when = "any"
phrases = ["anything else"]
""")
    first, second = a.replies
    assert "hello" in first.owed and first.shows("hello") and "hello" not in second.owed
    assert "ticket" not in first.owed and a.once["ticket"][1] is False
    assert a.once["ticket"][0].customer_message_id == "m1"
    assert first.missed().count("sign_off") == 1 and second.missed() == ["sign_off"]


def test_readings_must_align_with_messages() -> None:
    conversation, readings = case("blender")
    with pytest.raises(ValueError, match="5 messages"):
        assess(conversation, readings[:-1], default_criteria())
    readings[0] = dataclasses.replace(readings[0], message_id="zz")
    with pytest.raises(ValueError, match="zz"):
        assess(conversation, readings, default_criteria())


def test_readings_passed_in_are_not_changed() -> None:
    conversation, readings = case("furious")
    before = [dataclasses.replace(r, behaviours=dict(r.behaviours)) for r in readings]
    score_conversation(conversation, readings)
    assert readings == before
