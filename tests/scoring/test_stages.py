"""Stage formulas on the worked examples of docs/scoring.md (so the docs cannot drift)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from scoring_cases import case, names

from heartline.criteria import parse_criteria
from heartline.scoring import score_conversation

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"
COLUMNS = ("cognitive", "emotional", "compassionate", "empathy", "experience")


def _documented() -> dict[str, dict[str, float]]:
    """The rows of the "All worked examples" table."""
    section = DOC.read_text().split("## All worked examples", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if m := re.match(r"\| `(\w+)` \|((?:\s*[\d.]+\s*\|){5})", line):
            values = [float(v) for v in m.group(2).strip(" |").split("|")]
            rows[m.group(1)] = dict(zip(COLUMNS, values, strict=True))
    return rows


def test_every_case_is_documented() -> None:
    assert sorted(_documented()) == sorted(names())


@pytest.mark.parametrize("name", names())
def test_documented_scores_are_what_the_code_computes(name: str) -> None:
    conversation, readings = case(name)
    assert score_conversation(conversation, readings).scores == _documented()[name]


def test_worked_example_step_by_step() -> None:
    conversation, readings = case("double_charge")
    stages = score_conversation(conversation, readings).stages
    assert (stages.cognitive.score, stages.cognitive.opportunities) == (100.0, 0)
    assert (stages.emotional.owed_weight, stages.emotional.earned_weight) == (2.0, 0.25)
    assert (stages.emotional.partial, stages.emotional.missed) == (1, 1)
    assert stages.compassionate.met == 1
    assert stages.empathy.score == round(100 * 1.25 / 3, 1)


def test_rudeness_caps_empathy_however_good_the_rest() -> None:
    conversation, readings = case("rude_but_helpful")
    stages = score_conversation(conversation, readings).stages
    assert stages.emotional.score == stages.compassionate.score == 100.0
    assert stages.empathy.cap == 20.0 and stages.empathy.score == 20.0
    readings[1] = dataclasses.replace(readings[1], behaviours={
        k: v for k, v in readings[1].behaviours.items() if k != "rude"})
    assert score_conversation(conversation, readings).stages.empathy.score == 100.0


def test_rudeness_is_never_forgotten_by_later_good_replies() -> None:
    conversation, readings = case("furious")
    for r in readings[1:]:
        if r.role.value == "agent":
            r.behaviours.update(acknowledges_emotion=True, mirrors_problem=True, takes_action=True)
    assert score_conversation(conversation, readings).stages.empathy.score == 20.0


def test_generic_sympathy_earns_only_partial_credit() -> None:
    conversation, readings = case("double_charge")
    generic = score_conversation(conversation, readings).stages.emotional.score
    readings[1].behaviours["generic_sympathy"] = False
    silent = score_conversation(conversation, readings).stages.emotional.score
    readings[1].behaviours["acknowledges_emotion"] = True
    specific = score_conversation(conversation, readings).stages.emotional.score
    assert silent < generic < specific
    assert (silent, generic, specific) == (0.0, 12.5, 50.0)


def test_over_apologising_costs_per_message() -> None:
    conversation, readings = case("funeral")
    with_penalty = score_conversation(conversation, readings).stages
    assert with_penalty.emotional.penalty == 10.0 and with_penalty.emotional.score == 40.0
    readings[1].behaviours["over_apologising"] = False
    assert score_conversation(conversation, readings).stages.emotional.score == 50.0


def test_weights_and_team_flags_come_from_the_criteria_table() -> None:
    conversation, readings = case("double_charge")
    heavy = parse_criteria("[stages]\ncompassionate = 3.0\n")
    # 100 × (0.25 + 3 × 1) / (2 + 3 × 1)
    assert score_conversation(conversation, readings, criteria=heavy).scores["empathy"] == 65.0
    banned = parse_criteria('[criteria.business_days]\nkind = "flag"\nstage = "compassionate"\n'
                            'points = 30\nphrases = ["business days"]\n')
    result = score_conversation(conversation, readings, criteria=banned)
    assert result.scores["compassionate"] == 70.0
    assert result.scores["empathy"] == round(100 * 1.25 / 3 - 30, 1)
    start = conversation.messages[1].text.index("business days")
    assert result.messages[1].extra["criteria"] == {"business_days": [[start, start + 13]]}


def test_no_opportunity_means_nothing_missed_and_says_so() -> None:
    conversation, readings = case("praise")
    result = score_conversation(conversation, readings)
    assert all(s.opportunities == 0 for s in result.stages.by_stage().values())
    assert result.scores["empathy"] == 100.0 and result.missed_opportunities() == []
