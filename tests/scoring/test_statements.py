"""Reading what a customer message states: problem, request, thanks and cues."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heartline.results import NEGATIVE_GROUPS
from heartline.scoring.statements import clean, read_statement, sentences

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "cs_behaviours"


def test_problem_and_request_are_the_customers_own_words() -> None:
    s = read_statement("Hi, my blender arrived today and the jug is cracked. I needed it by Saturday!!")
    assert s.problem is not None and s.problem.text == "my blender arrived today and the jug is cracked"
    r = read_statement("I was charged twice for March. This is the second time this year. Fix it.")
    assert r.problem is not None and r.problem.text == "I was charged twice for March"
    assert r.request is not None and r.request.text == "Fix it"
    assert r.repeat and r.impact and not r.thanks


def test_help_lead_is_split_from_the_problem() -> None:
    s = read_statement("@ArgosHelpers please help my order was supposed to come today and it's not arrived!")
    assert s.request is not None and s.request.text == "please help"
    assert s.problem is not None and s.problem.text.startswith("my order was supposed to come today")


@pytest.mark.parametrize("text", ["thanks, that worked!", "All sorted now, cheers",
                                  "Thank you for resolving my issue so quickly!!"])
def test_thanks_and_resolution_close_the_problem(text: str) -> None:
    s = read_statement(text)
    assert s.resolved and s.problem is None


@pytest.mark.parametrize("text", ["It's still not fixed.", "Thanks, but it is not resolved at all"])
def test_negated_resolution_is_not_resolution(text: str) -> None:
    assert not read_statement(text).resolved


def test_cues() -> None:
    assert read_statement("I want a manager NOW, I'm cancelling my subscription").escalation
    assert read_statement("This is the 3rd time I've asked about my refund").repeat
    assert read_statement("I have a problem with my iPhone 7").vague
    assert not read_statement("My iPhone 7 won't charge since the update").vague
    assert read_statement("Where can I change my delivery address?").question
    assert read_statement("The card was declined and I missed my flight").impact
    assert not read_statement("Just wanted to say your staff were brilliant").stated


def test_sentences_keep_numbers_and_links_whole_and_split_at_emoji() -> None:
    text = "Please update to 6.13 from https://t.co/x.y now. Thanks!😩I still can't log in"
    spans = [text[a:b] for a, b in sentences(text)]
    assert spans == ["Please update to 6.13 from https://t.co/x.y now.", "Thanks!😩",
                     "I still can't log in"]


def test_clean_drops_handles_links_hashtags_and_greetings() -> None:
    assert clean("@AmazonHelp hi, my parcel https://t.co/abc is late #prime 😡") == "my parcel is late"
    assert clean("@hulu's streaming service sucks") == "streaming service sucks"


def test_acknowledgement_cues_agree_with_the_labelled_exchanges() -> None:
    """With the annotators' emotion, negative emotion or a hurting problem ≈ "empathy needed"."""
    if not SHARED.exists():
        pytest.skip("../shared/data is not present beside the checkout")
    rows = [json.loads(line) for line in (SHARED / "train.jsonl").read_text().splitlines()]
    hits = [(r["labels"]["emotion"] in NEGATIVE_GROUPS - {"confused"}
             or read_statement(r["customer"]).impact, r["labels"]["empathy_needed"]) for r in rows]
    tp = sum(p and g for p, g in hits)
    precision = tp / sum(p for p, _ in hits)
    recall = tp / sum(g for _, g in hits)
    assert len(rows) == 640
    assert precision >= 0.9 and recall >= 0.78, (precision, recall)
