"""Saying the customer's problem back in the second person, from their own words."""

from __future__ import annotations

import re
import unicodedata

import pytest
from coaching_support import rows

from heartline.coaching.mirror import mirror_of, second_person, topic_of
from heartline.scoring.statements import read_statement

FIRST_SINGULAR = re.compile(r"\b(?:i|me|my|mine|myself|i'm|im|i've|i'd|i'll)\b", re.IGNORECASE)
COMPANY_YOU = re.compile(r"\b(?:you|your|yours|you're|you've|you'd|you'll|u|ur|y'all|yourself|yourselves)\b",
                         re.IGNORECASE)
WE = re.compile(r"\b(?:we|us|our|ours|we're|we've|we'd|we'll|ourselves)\b", re.IGNORECASE)
FRAMING = {"you'd", "like", "know", "how", "if", "there's", "way", "want", "you", "your", "yours",
           "you're", "you've", "you'll", "yourself", "yourselves", "are", "were", "weren't", "our",
           "ours", "we", "us", "we're", "we've", "we'd", "we'll", "ourselves", "going", "trying",
           "have", "can't", "don't", "doesn't", "didn't", "won't", "isn't", "haven't", "hasn't"}


@pytest.mark.parametrize(("said", "back"), [
    ("my order hasn't arrived", "your order hasn't arrived"),
    ("I was charged twice", "you were charged twice"),
    ("I'm locked out of my account and I've tried everything",
     "you're locked out of your account and you've tried everything"),
    ("they sent me the wrong size, the blue one is mine", "they sent you the wrong size, the blue one is yours"),
    ("we booked our flights in May and I'd like them moved", "you booked your flights in May and you'd like them moved"),
    ("I wasn't told about the fee", "you weren't told about the fee"),
    ("I'll be away so I need it myself before Friday", "you'll be away so you need it yourself before Friday"),
    ("You won't accept my password", "we won't accept your password"),
    ("I've emailed you three times and your team never replied",
     "you've emailed us three times and our team never replied"),
    ("you guys charged me twice", "we charged you twice"),
    ("paid for overnight first am delivery", "paid for overnight first am delivery"),
])
def test_second_person(said: str, back: str) -> None:
    assert second_person(said) == back


@pytest.mark.parametrize(("text", "request_back"), [
    ("I was charged twice for March. Fix it.", "you'd like us to fix it"),
    ("Can you cancel my order please?", "you'd like us to cancel your order"),
    ("How do I reset my password?", "you'd like to know how to reset your password"),
    ("I want a refund for the broken kettle", "you want a refund for the broken kettle"),
    ("Please refund me the delivery fee", "you'd like us to refund you the delivery fee"),
    ("if you could hurry up with gigabit internet that'd be great!", "you'd like us to hurry up with gigabit internet"),
    ("Could I change the delivery address on my order?", "you'd like to change the delivery address on your order"),
])
def test_requests_become_what_the_customer_would_like(text: str, request_back: str) -> None:
    assert mirror_of(read_statement(text)).request == request_back


def test_problem_and_topic() -> None:
    m = mirror_of(read_statement("Hi, my blender arrived today and the jug is cracked!!"))
    assert m.problem == "your blender arrived today and the jug is cracked"
    assert m.topic == "your blender"
    assert topic_of("I can't remember my old twitter password or my yahoo email") == "your old twitter password"


def test_what_is_never_said_back() -> None:
    rude = mirror_of(read_statement("@Google get your shit together, my login is broken"))
    assert rude.request is None and rude.problem == "your login is broken"
    assert mirror_of(read_statement("Help!")).empty
    calm = mirror_of(read_statement("WHENEVER I UPLOAD MY VIDEO IT GETS BLOCKED BY YOUTUBE"))
    assert calm.problem == "whenever you upload your video it gets blocked by youtube" or calm.empty
    # A handle cut from the middle leaves a hole: not said back.
    assert mirror_of(read_statement("Not wasting money with @British_Airways again, so disappointed")).empty


def test_why_questions_are_turned_round() -> None:
    m = mirror_of(read_statement("hi why are the trains from Manchester Piccadilly to York delayed??"))
    assert m.request == "you'd like to know why the trains from Manchester Piccadilly to York are delayed"


STOP = {"could", "would", "should", "that'd", "great", "please", "thanks", "that", "this", "with",
        "have", "been", "just", "really", "also", "from", "they", "them", "when", "what", "where",
        "which", "there", "their", "then", "than", "will", "it's", "that's", "some", "very", "asap",
        "tryna", "wanna", "gonna", "gotta"}  # slang is spelled out when said back


def _content(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9][a-z0-9']+", text.lower()) if w not in FRAMING]


def _meaning(text: str) -> set[str]:
    """Content words of four letters or more: what must survive the mirroring."""
    return {w for w in _content(text) if len(w) >= 4 and w not in STOP}


def test_real_customer_messages_are_mirrored_in_the_second_person() -> None:
    """30+ real messages: no first person left, "we" only for their "you", their content words kept."""
    checked = 0
    for row in rows("train"):
        statement = read_statement(row["customer"])
        m = mirror_of(statement)
        pairs = [(m.problem, statement.problem), (m.request, statement.request)]
        for said_back, clause in pairs:
            if said_back is None or clause is None or said_back.startswith("you'd like to know why"):
                continue
            checked += 1
            assert not FIRST_SINGULAR.search(said_back), (row["id"], said_back)
            body = said_back.removeprefix("you'd like us to ")  # the frame's own "us"
            assert len(WE.findall(body)) <= len(COMPANY_YOU.findall(clause.text)), (row["id"], said_back)
            text = "".join(ch for ch in row["customer"] if unicodedata.category(ch) not in {"Mn", "Cf"})
            source = set(_content(text.replace("’", "'"))) | {
                "want", "to", "going", "trying", "have"}
            invented = [w for w in _content(said_back) if w not in source]
            assert invented == [], (row["id"], invented)
            said = clause.text
            if said.count("(") != said.count(")"):  # an unclosed aside is cut, by design
                said = said.split("(", 1)[0]
            kept = _meaning(said_back) & _meaning(said)
            assert len(kept) >= 0.6 * len(_meaning(said)), (row["id"], said_back)
    assert checked >= 30, checked
