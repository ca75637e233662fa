"""Criteria files: the bundled defaults, team files on top, and errors that name the culprit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from heartline.criteria import STAGES, default_criteria, load_criteria, parse_criteria
from heartline.errors import ConfigError
from heartline.results import BEHAVIOURS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "criteria.toml"


def test_every_builtin_behaviour_is_registered_in_the_defaults() -> None:
    c = default_criteria()
    assert set(BEHAVIOURS) <= set(c.criteria)
    assert all(c[b].builtin for b in BEHAVIOURS)
    assert [x.name for x in c.active("expected")] == [
        "explores", "acknowledges_emotion", "mirrors_problem", "takes_action"]
    assert c["generic_sympathy"].counts_for == "acknowledges_emotion"
    assert c["generic_sympathy"].credit == 0.25
    assert c["rude"].stage == "empathy" and c["rude"].cap == 20.0
    assert dict(c.stage_weights) == dict.fromkeys(STAGES, 1.0)


def test_example_file_loads_and_adds_team_criteria() -> None:
    c = load_criteria(EXAMPLE)
    assert c.sources == ("default_criteria.toml", str(EXAMPLE))
    team = [x for x in c.active() if not x.builtin]
    assert {x.name for x in team} >= {"calm_down", "ticket_number"}
    ticket = c["ticket_number"]
    assert ticket.kind == "expected" and ticket.scope == "conversation" and ticket.when == "open"
    assert ticket.find("Your ticket number is 48213.") != []
    assert ticket.find("We'll look into it.") == []
    assert c["calm_down"].find("Please CALM   down, sir.") == [(7, 18)]
    # The example file retunes a built-in without touching its detector.
    assert c["over_apologising"].builtin and c["over_apologising"].points == 15.0


def test_team_file_overrides_only_the_fields_it_names() -> None:
    c = parse_criteria("[criteria.takes_action]\nweight = 2.0\n[stages]\ncompassionate = 1.5\n")
    assert c["takes_action"].weight == 2.0
    assert c["takes_action"].when == "open" and c["takes_action"].builtin
    assert c.stage_weights["compassionate"] == 1.5 and c.stage_weights["emotional"] == 1.0


def test_phrases_match_whole_words_only() -> None:
    c = parse_criteria('[criteria.no_policy]\nkind = "flag"\nstage = "emotional"\n'
                       'points = 5\nphrases = ["our policy"]\n')
    assert c["no_policy"].find("That is our policy.") == [(8, 18)]
    assert c["no_policy"].find("That is our policyholder page.") == []


def test_disabling_a_builtin() -> None:
    c = parse_criteria("[criteria.explores]\nenabled = false\n")
    assert "explores" not in [x.name for x in c.active()]


def _error(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse_criteria(text, source="team.toml")
    return str(info.value)


@pytest.mark.parametrize(("text", "entry", "field"), [
    ('[criteria.x]\nkind = "flag"\nstage = "emotional"\n', "criterion 'x'", "phrases"),
    ('[criteria.x]\nkind = "banned"\nstage = "emotional"\nphrases = ["a"]\n', "criterion 'x'", "kind"),
    ('[criteria.x]\nkind = "flag"\nstage = "mood"\nphrases = ["a"]\n', "criterion 'x'", "stage"),
    ('[criteria.x]\nkind = "expected"\nstage = "empathy"\nphrases = ["a"]\n', "criterion 'x'", "stage"),
    ('[criteria.x]\nstage = "emotional"\nwhen = "sometimes"\nphrases = ["a"]\n', "criterion 'x'", "when"),
    ('[criteria.x]\nstage = "emotional"\nweight = -1\nphrases = ["a"]\n', "criterion 'x'", "weight"),
    ('[criteria.x]\nstage = "emotional"\nweight = "high"\nphrases = ["a"]\n', "criterion 'x'", "weight"),
    ('[criteria.x]\nkind = "flag"\nstage = "emotional"\ncap = 120\nphrases = ["a"]\n', "criterion 'x'", "cap"),
    ('[criteria.x]\nstage = "emotional"\npatterns = ["(unclosed"]\n', "criterion 'x'", "patterns[0]"),
    ('[criteria.x]\nstage = "emotional"\nphrases = "just one"\n', "criterion 'x'", "phrases"),
    ('[criteria.x]\nstage = "emotional"\nphrases = ["a"]\ncolour = "red"\n', "criterion 'x'", "colour"),
    ('[criteria.x]\nkind = "partial"\nstage = "emotional"\nphrases = ["a"]\n', "criterion 'x'", "counts_for"),
    ('[criteria.Bad-Name]\nstage = "emotional"\nphrases = ["a"]\n', "criterion 'Bad-Name'", ""),
    ("[criteria.rude]\nphrases = [\"idiot\"]\n", "criterion 'rude'", "phrases"),
    ("[criteria.sparkle]\nbuiltin = true\nstage = \"emotional\"\n", "criterion 'sparkle'", "builtin"),
    ("[opportunities]\nstrong_intensity = 3\n", "section 'opportunities'", "strong_intensity"),
    ("[opportunities.acknowledge_min_intensity]\nbored = 0.2\n", "section 'opportunities'",
     "acknowledge_min_intensity.bored"),
    ("[stages]\nspiritual = 1.0\n", "section 'stages'", "spiritual"),
    ("[moods]\nx = 1\n", "section 'moods'", ""),
    ("version = 2\n", "top level", "version"),
])
def test_bad_entries_name_file_entry_and_field(text: str, entry: str, field: str) -> None:
    message = _error(text)
    where = f"team.toml, {entry}" + (f", field '{field}'" if field else "")
    assert where in message


def test_all_problems_are_reported_at_once() -> None:
    message = _error('[criteria.a]\nstage = "x"\nphrases = ["p"]\n[criteria.b]\nweight = -2\n'
                     'stage = "emotional"\nphrases = ["q"]\n')
    assert message.startswith("2 problem(s) in criteria file team.toml")
    assert "criterion 'a', field 'stage'" in message and "criterion 'b', field 'weight'" in message


def test_not_toml_says_where(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[criteria.x\nstage = 1\n")
    with pytest.raises(ConfigError) as info:
        load_criteria(path)
    assert str(path) in str(info.value) and re.search(r"line 1", str(info.value))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_criteria(tmp_path / "nope.toml")


def test_errors_never_quote_the_phrases() -> None:
    message = _error('[criteria.x]\nstage = "emotional"\npatterns = ["secret customer words ("]\n')
    assert "secret customer words" not in message


def test_docs_describe_every_field_and_value() -> None:
    from heartline import criteria as module

    documented = (ROOT / "docs" / "criteria.md").read_text()
    for name in sorted(module._FIELDS):
        assert f"`{name}`" in documented, name
    for value in (*module.KINDS, *module.WHEN, *module.SCOPES):
        assert f"`{value}`" in documented, value
