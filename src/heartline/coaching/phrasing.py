"""The coach's phrase banks and the deterministic choice among them.

Suggestions must vary (agents stop reading a template by the third time) yet be the
same on every run, so each choice is made by a hash of the conversation id, the
message id and what is being chosen. Python's ``hash()`` is salted per process, so a
SHA-256 digest is used instead.

Every phrase is written the way we want agents to speak: warm, specific, never a
promise of facts the agent has not got (dates, amounts, policies stay slots).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence


def pick_index(n: int, *key: str) -> int:
    """A number from 0 to ``n`` − 1, fixed by a stable hash of ``key``."""
    digest = hashlib.sha256("\x1f".join(key).encode()).digest()
    return int.from_bytes(digest[:8], "big") % n


def pick(options: Sequence[str], *key: str) -> str:
    """One of ``options``, chosen by a stable hash of ``key``."""
    return options[pick_index(len(options), *key)]


#: Feeling words per emotion group: (the situation is …, the customer is …, noun).
FEELINGS: dict[str, list[tuple[str, str, str]]] = {
    "angry": [("infuriating", "angry", "anger"), ("maddening", "furious", "anger"),
              ("upsetting", "upset", "anger")],
    "frustrated": [("frustrating", "frustrated", "frustration"),
                   ("exasperating", "fed up", "frustration"), ("annoying", "annoyed", "annoyance")],
    "disappointed": [("disappointing", "disappointed", "disappointment"),
                     ("disheartening", "let down", "disappointment")],
    "anxious": [("worrying", "worried", "worry"), ("stressful", "stressed", "stress"),
                ("unsettling", "anxious", "worry")],
    "sad": [("upsetting", "upset", "distress"), ("heartbreaking", "heartbroken", "sadness"),
            ("painful", "hurt", "distress")],
    "confused": [("confusing", "confused", "confusion"), ("baffling", "puzzled", "confusion")],
}
#: When the customer shows no feeling but the problem hurts, name the likely one by its kind.
IMPACT_FEELINGS: list[tuple[str, str]] = [
    (r"charg|bill|refund|pa(?:id|y)|money|fee|debit|card|hack|stolen|fraud", "anxious"),
    (r"flight|train|trip|cancel|missed|stranded|funeral|wedding|birthday", "anxious"),
    (r"lost|missing|disappear|deleted|locked|log ?in|sign ?in|password|account|access", "anxious"),
]

# Acknowledgements. {adj} {person} {noun} from FEELINGS; {clause} a second-person problem;
# {topic} a second-person noun phrase ("your order").
ACK_CLAUSE = [
    "I'm so sorry {clause} — I can only imagine how {adj} that is.",
    "{Clause}, and I can completely see how {adj} that is.",
    "I understand why you're {person}: {clause}, and that's not the experience we want for you.",
    "It's really {adj} when {clause}, and I'm sorry you've had to deal with it.",
    "I hear you — {clause}, and that is genuinely {adj}.",
    "Thank you for telling us; {clause}, and I understand how {adj} that must be.",
    "You have every reason to be {person} — {clause}, and I'm sorry.",
    "I'm sorry, that sounds so {adj}: {clause}.",
]
ACK_TOPIC = [
    "I'm really sorry about {topic} — I can see how {adj} this has been.",
    "I can hear how {person} you are about {topic}, and I completely understand why.",
    "It makes complete sense that you're {person} about {topic}.",
    "I'm sorry for the {noun} this has caused with {topic}.",
    "I understand how {adj} this is with {topic}, and I'm sorry.",
]
ACK_PLAIN = [
    "I can hear how {person} you are, and I'm sorry.",
    "I'm sorry — that sounds really {adj}.",
    "It's completely understandable to feel {person} about this.",
    "That sounds really {adj}, and I'm glad you told us.",
    "I understand why you're {person}, and I'm sorry it has come to this.",
]

# Mirroring. {problem} and {request} are second-person clauses.
MIRROR_BOTH = [
    "So {problem}, and {request} — is that right?",
    "Just to make sure I've understood: {problem}, and {request}.",
    "If I've got this right, {problem}, and {request}.",
    "Let me check I have this right: {problem}, and {request}.",
    "From what you've said, {problem}, and {request}.",
    "{Problem}, and {request}.",
]
MIRROR_PROBLEM = [
    "So {problem} — is that right?",
    "Just to make sure I've understood: {problem}.",
    "If I've got this right, {problem}.",
    "Let me check I have this right: {problem}.",
    "From what you've said, {problem}.",
]
MIRROR_REQUEST = [
    "I understand {request}.",
    "So {request} — is that right?",
    "Thanks for being clear that {request}.",
    "{Request}, and I want to help with exactly that.",
]
# Exploration and next-step slots. {hint} is an agent-facing example.
QUESTION = [
    "Could you tell me [question: e.g. {hint}]?",
    "So I can get this right for you, could you let me know [question: e.g. {hint}]?",
    "One question first: [question: e.g. {hint}]?",
    "To make sure I look at the right thing, can you tell me [question: e.g. {hint}]?",
]
NEXT_STEP = [
    "Here's what I'll do next: [next step: e.g. {hint}].",
    "What happens now: [next step: e.g. {hint}].",
    "To put this right: [next step: e.g. {hint}].",
    "The next step is [next step: e.g. {hint}].",
    "Here's how I can help: [next step: e.g. {hint}].",
]
#: (cue in the customer's words, hint for the next-step slot, hint for the question slot)
HINTS: list[tuple[str, str, str]] = [
    (r"refund|charg|bill|pa(?:id|y)|fee|debit|money|price", "when the refund will reach them",
     "which charge looks wrong"),
    (r"order|deliver|parcel|package|arriv|ship|courier|costume", "the new delivery date or a replacement",
     "what the tracking page shows"),
    (r"log ?in|sign ?in|password|account|locked|verification|access|hack",
     "how they'll get back into the account", "what happens when you try to sign in"),
    (r"broken|damaged|cracked|faulty|defective", "the replacement or repair you can offer",
     "a photo of the damage"),
    (r"flight|train|trip|booking|cancel|delay|board", "the rebooking or refund options",
     "your booking reference"),
    (r"internet|wifi|wi-fi|outage|signal|connection|network|service",
     "when the service will be back", "when it last worked"),
    (r"app|crash|error|bug|update|load|download|stream|video|play|install|device|phone",
     "the fix or the steps to try", "which device and app version you're using"),
]
DEFAULT_HINTS = ("what you'll do and by when", "what happens when you try")
UNCLEAR_QUESTION_HINT = "what happened, so I can help"

# The one line on why, made of what the suggestion adds and what the original did.
WHY_OPEN = ["This version", "The suggestion", "This reply"]
WHY_ADDS: dict[str, list[str]] = {
    "acknowledge": ["names their {noun}", "acknowledges their {noun} first",
                    "says you understand why they're {person}"],
    "mirror": ["says the problem back in their own words", "names the problem back",
               "repeats what they told you"],
    "question": ["asks the one question you need answered", "asks what you need to know first"],
    "next_step": ["ends with a concrete next step for you to fill in",
                  "gives them a clear next step (fill in the slot)"],
    "rude": ["keeps your information but drops wording that could read as blame",
             "keeps the facts and loses the phrasing that could sound dismissive"],
    "apology": ["keeps one sincere apology instead of several",
                "says sorry once and then moves things forward"],
    "team": ["adds {what}"],
}
WHY_SO = {
    "acknowledge": ", so they feel heard",
    "mirror": ", so they know you understood",
    "question": ", so they know you want to get it right",
    "next_step": ", so they know what happens next",
    "rude": ", so the help comes across as help",
    "apology": ", so the apology lands",
    "team": "",
}
WHY_GAP: dict[str, list[str]] = {
    "generic": ["the original only apologised in general",
                "a general apology could go under any message"],
    "ignored": ["the original didn't mention how they felt",
                "the original went straight past how they were feeling"],
    "mirror": ["the original didn't say back what the problem was"],
    "question": ["the original didn't ask what it needed to know"],
    "next_step": ["the original didn't say what happens next"],
    "rude": ["parts of the original could sound dismissive"],
    "apology": ["the original apologised several times but didn't move things forward"],
    "team": ["the original left it out"],
}


def fill(template: str, **values: str) -> str:
    """Format ``template``; ``{Name}`` inserts ``values['name']`` with a capital first letter."""
    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        value = values[key.lower()]
        return value[:1].upper() + value[1:] if key[:1].isupper() else value
    return re.sub(r"\{(\w+)\}", sub, template)
