"""A phrase list for each agent behaviour: the baseline to beat, and one cue among several.

Issue 4: "A phrase list alone is a baseline to beat, not the detector." This is
that phrase list, written from the behaviour guidelines' own examples plus the
usual customer-service wording (not tuned on any dev split), and scored on the
same dev split as the heads. The behaviour heads also read each flag as one
input of their stacker (see ``agent_behaviours``), next to the embedding logit.
"""

from __future__ import annotations

import re

PATTERNS: dict[str, re.Pattern[str]] = {
    "explores": re.compile(
        r"(\b(what|which|when|where|how|did|does|do|is|are|was|were|have|has|can you tell|could you tell)\b"
        r"[^?.!]{0,80}\?)",
        re.I,
    ),
    "acknowledges_emotion": re.compile(
        r"\b(understand|imagine|hear|see|know)\b[^.!?]{0,40}\b(frustrat\w*|upset\w*|disappoint\w*|annoy\w*|"
        r"worr\w*|stress\w*|angry|anger|how you feel|concern\w*)"
        r"|\bsorry (for|about) (the|your|any|this) (frustration|upset|disappointment|stress|worry|anger)"
        r"|not the experience we want|\bthat('s| is| must be) (so |really )?(frustrating|upsetting|"
        r"disappointing|worrying|stressful|no fun)|\bnever fun\b|you have every right to be",
        re.I,
    ),
    "mirrors_problem": re.compile(
        r"\b(so you|you('ve| have) (received|been|had)|sorry (that )?your|sorry you (were|got|had|received)|"
        r"i understand (that )?you|you('d| would) like)\b",
        re.I,
    ),
    "takes_action": re.compile(
        r"https?://|\b(i|we)('ve| have| will|'ll) (sent|send|refund\w*|replac\w*|escalat\w*|arrang\w*|book\w*|"
        r"look\w* into|pass\w* (this|it|your)|forward\w*|follow\w* up|check\w*|fix\w*|credit\w*|cancel\w*)|"
        r"\b(dm|message|send) us [^.!?]{0,40}\b(so|and) (we|i)\b|\b(try|please (try|go to|visit|follow|"
        r"update|restart|clear))\b",
        re.I,
    ),
    "generic_sympathy": re.compile(
        r"\b(sorry|apologi[sz]e|apologies)( for| about)? (the|any) (inconvenience|trouble|hassle)"
        r"|\bsorry (to hear|about) (that|this)\b|\bsorry about that\b|not what we like to hear"
        r"|^\W*(@\w+\s*)?(oh no[!,.]*\s*)?(we're |i'm |we are |i am )?(so |very )?sorry[!.]",
        re.I,
    ),
    "rude": re.compile(
        r"\bas (i|we) (already |have )?(told|said|stated|explained)|\bas (stated|previously advised) before"
        r"|\bas (stated|previously advised)\b|\bcalm down\b|\brelax\b|not our (problem|fault)"
        r"|should have (read|checked|known)|read the (terms|faq|instructions)|if you feel that way"
        r"|per my (last|previous)|we've (already )?been over this|not going to repeat|take it or leave it"
        r"|take your business elsewhere|waste (our|my) time|if you'd bothered|you get what you pay for"
        r"|good luck with that|what did you expect",
        re.I,
    ),
    "over_apologising": re.compile(
        r"can't apologi[sz]e enough|(truly|deeply|terribly|so),? (truly |deeply |terribly |so )?sorry.{0,80}"
        r"(sorry|apologi)|sorry,? sorry|we feel (terrible|awful|dreadful)|mortified|thousand apologies",
        re.I,
    ),
}


# Every match of these patterns contains one of these lower-case substrings, so a reply
# without any of them is skipped without running the (slower) regex. Checked against the
# patterns on real replies by tests/heads/test_behaviour_phrases.py.
REQUIRED: dict[str, tuple[str, ...]] = {
    "explores": ("?",),
    "generic_sympathy": ("sorry", "apologi", "not what we like"),
    "rude": ("as i", "as we", "as stated", "as previously", "calm down", "relax", "not our", "should have",
             "read the", "feel that way", "per my", "been over this", "not going to repeat", "leave it",
             "elsewhere", "waste", "bothered", "pay for", "good luck", "did you expect"),
    "over_apologising": ("apologi", "sorry", "we feel", "mortified"),
    "acknowledges_emotion": ("frustrat", "upset", "disappoint", "annoy", "worr", "stress", "angry", "anger",
                             "how you feel", "concern", "not the experience we want", "no fun", "never fun",
                             "every right to be"),
    "mirrors_problem": ("so you", "you've", "you have", "sorry", "i understand", "you'd", "you would"),
    "takes_action": ("http", "i've", "we've", "i have", "we have", "i will", "we will", "i'll", "we'll",
                     "dm us", "message us", "send us", "try", "please "),
}


def phrase_flags(reply: str) -> dict[str, bool]:
    """Which behaviours the phrase list finds in one agent reply."""
    low = reply.lower()
    return {name: may_match(low, REQUIRED.get(name)) and bool(p.search(reply)) for name, p in PATTERNS.items()}


def may_match(lowered: str, required: tuple[str, ...] | None) -> bool:
    """False when ``lowered`` holds none of the substrings a match needs (None: no precondition)."""
    return required is None or any(k in lowered for k in required)
