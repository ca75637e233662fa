"""The customer's side: peak-end experience, trajectory, timings, resolution, difficulty."""

from __future__ import annotations

import dataclasses

from scoring_cases import case

from heartline.criteria import default_criteria
from heartline.scoring import score_conversation
from heartline.scoring.experience import Point, peak_end


def _points(*valences: float) -> tuple[Point, ...]:
    return tuple(Point(f"c{i}", "x", abs(v), v) for i, v in enumerate(valences))


def test_the_ending_counts_more_than_the_order_suggests() -> None:
    table = default_criteria()
    rescued = peak_end(_points(-0.8, 0.0, 0.8), table)
    ruined = peak_end(_points(0.8, 0.0, -0.8), table)
    # Same moments, same average: only the ending differs, by 50 × 0.4 × (0.8 − −0.8) = 32.
    assert rescued - ruined == 32.0
    # A good ending rescues the conversation only to neutral: the worst moment is remembered.
    assert (rescued, ruined) == (50.0, 18.0)


def test_the_worst_moment_outweighs_the_average() -> None:
    table = default_criteria()
    calm = peak_end(_points(-0.1, -0.1, -0.1, -0.1, -0.1), table)
    spike = peak_end(_points(0.0, 0.0, -0.5, 0.0, 0.0), table)  # same mean, one bad moment
    assert spike < calm
    assert peak_end((), table) == 50.0


def test_trajectory_start_peak_end() -> None:
    conversation, readings = case("blender")
    t = score_conversation(conversation, readings).to_dict()["trajectory"]
    assert (t["start"]["message_id"], t["peak"]["message_id"], t["end"]["message_id"]) == ("m1", "m1", "m5")
    assert [p["emotion"] for p in t["points"]] == ["anxious", "neutral", "grateful"]
    assert t["end"]["valence"] == 0.64


def test_first_acknowledgement_turns_and_seconds() -> None:
    conversation, readings = case("blender")
    x = score_conversation(conversation, readings).experience
    assert x.first_acknowledgement == {"owed": True, "turns": 1, "seconds": 88.0, "message_id": "m2"}
    conversation, readings = case("furious")
    never = score_conversation(conversation, readings).experience.first_acknowledgement
    assert never["owed"] and never["turns"] is None
    conversation, readings = case("praise")
    assert score_conversation(conversation, readings).experience.first_acknowledgement["owed"] is False


def test_late_acknowledgement_counts_turns() -> None:
    conversation, readings = case("furious")
    readings[3].behaviours["acknowledges_emotion"] = True
    ack = score_conversation(conversation, readings).experience.first_acknowledgement
    assert ack["turns"] == 2 and ack["seconds"] == 30 * 60.0 and ack["message_id"] == "f4"


def test_response_times() -> None:
    conversation, readings = case("blender")
    rt = score_conversation(conversation, readings).experience.response_times
    assert rt["waits"] == [88.0, 166.0]
    assert rt["first_response_seconds"] == 88.0 and rt["longest_wait_seconds"] == 166.0
    assert rt["mean_response_seconds"] == 127.0 and rt["total_wait_seconds"] == 254.0


def test_resolution_from_outcome_then_from_the_customer() -> None:
    def resolved(name: str) -> bool | None:
        conversation, readings = case(name)
        return score_conversation(conversation, readings).experience.resolved

    assert resolved("blender") is True          # outcome "solved"
    assert resolved("double_charge") is False   # outcome "pending"
    assert resolved("thanks_worked") is True    # "thanks, that worked!"
    assert resolved("funeral") is False         # sad, and no action after it
    assert resolved("furious") is None          # the agent acted; no confirmation
    conversation, readings = case("blender")
    conversation = conversation.replace(outcome=None, messages=conversation.messages[:4])
    assert score_conversation(conversation, readings[:4]).experience.resolved is None


def test_outcome_and_customer_disagreeing_keeps_both_signals() -> None:
    conversation, readings = case("furious")
    x = score_conversation(conversation.replace(outcome="Solved"), readings).experience
    assert x.resolved is True
    assert "helpdesk outcome 'solved'" in x.resolution_signals
    assert "customer ends angry" in x.resolution_signals


def test_difficulty() -> None:
    conversation, readings = case("furious")
    x = score_conversation(conversation, readings).experience
    assert x.difficulty_parts == {"initial_emotion": 0.95, "repeat_contact": 0.5,
                                  "length": 0.1667, "escalation": 1.0}
    assert x.difficulty == 69.1
    conversation, readings = case("praise")
    assert score_conversation(conversation, readings).experience.difficulty == 0.0
    conversation, readings = case("furious")
    tagged = conversation.replace(tags=("reopened",))
    assert score_conversation(tagged, readings).experience.difficulty_parts["repeat_contact"] == 1.0


def test_escalation_from_a_worsening_mood() -> None:
    conversation, readings = case("thanks_worked")
    readings[0] = dataclasses.replace(readings[0], emotion="neutral", emotion_intensity=0.0)
    readings[2] = dataclasses.replace(readings[2], emotion="angry", emotion_intensity=0.5)
    x = score_conversation(conversation, readings).experience
    assert x.difficulty_parts["escalation"] == 0.5
