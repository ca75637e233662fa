"""Saying the customer's problem back to them, in their own words, in the second person.

"my order hasn't arrived" becomes "your order hasn't arrived", "I was charged twice"
becomes "you were charged twice", and the customer's "you" (the company) becomes the
agent's "we": "you won't accept my password" → "we won't accept your password".
Requests become what the customer would like: "Fix it" → "you'd like us to fix it".
Nothing is added but the framing: the content words are the customer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from heartline.scoring.statements import HOLE, MAX_CLAUSE_WORDS, Statement, normalise

_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?|[^A-Za-z0-9\s]+|\s+")

# The customer's first person becomes the agent's "you".
_FIRST = {
    "i": "you", "i'm": "you're", "im": "you're", "i've": "you've", "ive": "you've", "i'd": "you'd",
    "i'll": "you'll", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "we": "you", "we're": "you're", "we've": "you've", "we'd": "you'd", "we'll": "you'll",
    "us": "you", "our": "your", "ours": "yours", "ourselves": "yourselves",
}
# The customer's "you" is the company: the agent says "we".
_SECOND = {
    "your": "our", "ur": "our", "yours": "ours", "you're": "we're", "youre": "we're",
    "you've": "we've", "you'd": "we'd", "you'll": "we'll", "yourself": "ourselves",
    "yourselves": "ourselves", "y'all": "we",
}
# After these, "you" is an object ("contact you" → "contact us").
_OBJECT_AFTER = frozenset(
    ["to", "for", "with", "at", "from", "of", "about", "by", "on", "in", "than", "like", "tell", "told", "contact", "contacted", "call", "called", "ask", "asked", "email", "emailed", "message", "messaged", "dm", "pay", "paid", "give", "gave", "send", "sent", "help", "helped", "thank", "trust", "trusted", "reach", "reached", "hear", "heard", "see", "saw", "let", "make", "made"]
)
_SUBJECT_WORDS = frozenset({"i", "we", "im", "i'm", "i've", "i'd", "i'll"})
_PROFANE = re.compile(r"\b(?:shit\w*|fuck\w*|f\*+\w*|crap|bs|bullshit|damn\w*|bloody|arse|ass|"
                      r"idiots?|stupid|morons?|useless|pathetic|joke)\b", re.IGNORECASE)
_FILLER_WORDS = re.compile(r"\b(?:wtf|lol|lmao|smh|omg|ugh|pls|plz|please|asap|now|tho|"
                           r"thanks|thank you|thx|ty|also|just)\s*[!.?]*$", re.IGNORECASE)
_SUBORDINATE = re.compile(r"^(?:when|whenever|if|because|since|although|though|while|as|and|"
                          r"but|or|so|which|who|that)\b", re.IGNORECASE)
_QUESTION_START = re.compile(r"^(?:how|what|where|when|why|who|which|is|are|was|were|can|could|"
                             r"would|will|do|does|did|should|may|any)\b", re.IGNORECASE)
# "why are the trains to York delayed" → "why the trains to York are delayed": only when the
# last word is the predicate (a participle or one of a few adjectives), so the turn is safe.
_WHY_BE = re.compile(r"^why (is|are|was|were|isn't|aren't|wasn't|weren't) ((?:\S+ ){1,8})"
                     r"(\w+(?:ed|en)|short|slow|late|down|off|broken|missing|wrong|different|"
                     r"expensive|empty|unavailable|closed|gone|blocked|stuck)$", re.IGNORECASE)
_SLANG = {"wanna": "want to", "gonna": "going to", "tryna": "trying to", "gotta": "have to",
          "cant": "can't", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't",
          "wont": "won't", "isnt": "isn't", "havent": "haven't", "hasnt": "hasn't"}
_IMPERATIVE = ("fix|send|refund|cancel|help|change|stop|give|sort|tell|call|check|replace|update|"
               "unlock|reset|reactivate|restore|return|explain|get|let|bring|hurry|look|process|"
               "activate|remove|add|credit|ship|deliver")
_REQUESTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:i hope you (?:can|could|will)|if you could)\s+(.+?)(?:,?\s*that'?d be "
                r"(?:great|good|nice|awesome|amazing))?$", re.I), "you'd like us to {0}"),
    (re.compile(r"^(?:can|could|would|will)\s+(?:you|u|someone|somebody|anyone|y'all)\s+"
                r"(?:please\s+)?(.+)$", re.I), "you'd like us to {0}"),
    (re.compile(r"^how (?:do|can|could|would|should) (?:i|we) (.+)$", re.I),
     "you'd like to know how to {0}"),
    (re.compile(r"^(?:is|are) there (?:a|any) (?:way|chance)\s+(?:to\s+)?(.+)$", re.I),
     "you'd like to know if there's a way {0}"),
    (re.compile(r"^(?:can|could|may) (?:i|we)\s+(.+)$", re.I), "you'd like to {0}"),
    (re.compile(rf"^((?:{_IMPERATIVE})\b.*)$", re.I), "you'd like us to {0}"),
    (re.compile(r"^((?:i|we)(?:'d| would)? (?:really )?(?:like|love|want|need|wanna)\b.+)$", re.I),
     "{0}"),
]


@dataclass(frozen=True)
class Mirror:
    """The customer's situation, ready to say back.

    Attributes:
        problem: the problem as a second-person clause ("your order hasn't arrived").
        request: the request as a second-person clause ("you'd like us to fix it").
        topic: a noun phrase for the problem ("your order"), for short acknowledgements.
    """

    problem: str | None = None
    request: str | None = None
    topic: str | None = None

    @property
    def empty(self) -> bool:
        """Nothing could be said back."""
        return self.problem is None and self.request is None


def mirror_of(statement: Statement) -> Mirror:
    """Second-person problem, request and topic from what a customer message states."""
    problem = _problem(statement.problem.text) if statement.problem else None
    request = _request(statement.request.text) if statement.request else None
    if problem and problem.startswith("you'd like"):  # a question turned round is a request
        problem, request = None, request or problem
    if problem and request and _content(request) <= _content(problem):
        request = None  # the request only repeats the problem
    source = statement.problem.text if statement.problem else (
        statement.request.text if statement.request else "")
    return Mirror(problem=problem, request=request, topic=topic_of(source))


def second_person(clause: str) -> str:
    """Swap the customer's first person to the second, and their "you" to the agent's "we"."""
    tokens = _WORD.findall(normalise(clause))
    out: list[str] = []
    words: list[str] = []  # the lower-cased words so far, without spaces and punctuation
    for tok in tokens:
        low = tok.lower()
        if not tok.strip() or not tok[0].isalnum():
            out.append(tok)
            continue
        prev = words[-1] if words else ""
        if low in _FIRST:
            new = _FIRST[low]
        elif low in _SECOND:
            new = _SECOND[low]
        elif low in {"you", "u"}:
            new = "us" if prev in _OBJECT_AFTER or prev.endswith("ed") else "we"
        elif low in _SLANG:
            new = _SLANG[low]
        elif low == "am" and not words:
            new = "you're"  # "Am waiting…": the customer left out "I"
        elif low == "am" and not (prev.isdigit() or prev in {"first", "the", "a", "an", "early"}):
            new = "are"  # "I am", "and now am having"; not "first am delivery"
        elif low in {"was", "wasn't"} and _subject_was_i(words):
            new = "were" if low == "was" else "weren't"
        elif low == "guys" and prev == "you":
            out.pop()  # "you guys" → "we": drop the space before "guys" too
            continue
        else:
            new = tok
        words.append(low)
        # Swapped pronouns are lower case: the clause is said back mid-sentence.
        out.append(new if new is not tok else tok)
    text = "".join(out)
    return re.sub(r"\bwe(\s+)guys\b", r"we", text)


def topic_of(clause: str) -> str | None:
    """The first "my …" noun phrase of a clause, in the second person ("your gmail password")."""
    words = re.findall(r"[A-Za-z0-9']+", normalise(clause))
    # Only near the start is "my …" what the problem is about ("my order hasn't come"),
    # not where it happened ("…dropped at my door").
    for i, w in enumerate(words[:6]):
        if w.lower() in {"my", "our"}:
            phrase: list[str] = []
            for nxt in words[i + 1:i + 4]:
                if nxt.lower() in _STOP_NOUN or "'" in nxt or nxt.lower().endswith("ly"):
                    break
                phrase.append(nxt)
            if phrase:
                return "your " + " ".join(_calm(w) for w in phrase)
    return None


_STOP_NOUN = frozenset(
    ["i", "you", "he", "she", "it", "we", "they", "so", "as", "back", "too", "very", "up", "out", "off", "over", "here", "there", "last", "first", "next", "this", "these", "those", "what", "why", "how", "where", "which", "wtf", "lol", "is", "was", "are", "were", "has", "have", "had", "hasn't", "haven't", "won't", "can't", "cannot", "doesn't", "didn't", "isn't", "wasn't", "keeps", "kept", "still", "and", "or", "but", "to", "for", "with", "at", "from", "of", "on", "in", "by", "that", "which", "who", "since", "because", "when", "while", "after", "before", "just", "again", "not", "never", "now", "today", "yesterday", "got", "get", "gets", "arrived", "came", "went", "stopped", "being", "been", "be", "will", "would", "could", "should", "can", "may", "might"]
)


def _problem(text: str) -> str | None:
    clause = _tidy(text)
    if clause is None:
        return None
    if _QUESTION_START.match(clause) or clause.endswith("?"):
        m = _WHY_BE.match(clause.rstrip("?"))
        if not m:
            return None  # a question we cannot turn round reads badly said back
        aux, subject, last = m.groups()
        return f"you'd like to know why {second_person(subject.strip())} {aux.lower()} {last}"
    if _SUBORDINATE.match(clause):
        return None
    return second_person(clause)


def _request(text: str) -> str | None:
    clause = _tidy(text, min_words=2)  # "Fix it." is a whole request
    if clause is None:
        return None
    clause = re.sub(r"^(?:please|pls|plz|kindly)\s+", "", clause, flags=re.I)
    clause = re.sub(r"\s+please$", "", clause, flags=re.I)
    for pattern, frame in _REQUESTS:
        if m := pattern.match(clause):
            body = second_person(m.group(1)).strip()
            head = body.split(" ", 1)[0]
            if head[:1].isupper() and head[1:].islower() and re.fullmatch(_IMPERATIVE, head.lower()):
                body = body[:1].lower() + body[1:]  # "Fix it" → "you'd like us to fix it"
            if len(body.split()) < 2 and not re.match(rf"^(?:{_IMPERATIVE})\s+\w", body, re.I):
                return None  # "help!": too bare to say back
            return frame.format(body)
    return None


def _tidy(text: str, *, min_words: int = 3) -> str | None:
    """A clause fit to say back, or None: no profanity, not too short or long, calm case."""
    clause = normalise(text).strip(" .!?,;:-–—\"'")
    if clause.count("(") != clause.count(")"):
        clause = clause.split("(", 1)[0].rstrip(" ,;:-")  # "my HP mini (only the hinge"
    if _PROFANE.search(clause) or HOLE in clause or re.search(r"[.!?]\s|\"|(?:^|\s)'\w", clause):
        return None  # no profanity, holes, glued sentences or quotations said back
    if _no_subject(clause):
        return None
    for _ in range(3):
        clause = _FILLER_WORDS.sub("", clause).strip(" .!?,;:-–—")
    clause = clause.rstrip("?").strip() + ("?" if clause.endswith("?") else "")
    words = clause.split()
    if len(words) < min_words or len(words) > MAX_CLAUSE_WORDS or not re.search(r"[A-Za-z]{3}", clause):
        return None
    letters = [c for c in clause if c.isalpha()]
    if len(letters) > 10 and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        clause = clause.lower()  # SHOUTING is said back calmly
    # A shouted word ("the THIRD time") too; short ones and ones with digits may be names (HP, PS4).
    clause = re.sub(r"\b[A-Z]{4,}\b", lambda m: m.group(0).lower(), clause)
    return _lower_first(clause)


def _no_subject(clause: str) -> bool:
    """Clauses whose subject cannot be recovered, or that only look like problems.

    "yelling at me…", "still not arrived", "disgusted with…" have lost their subject;
    "thanks for sending a modem that doesn't work" is sarcasm, not something to say back.
    """
    first = clause.split(" ", 1)[0]
    return bool(
        (re.match(r"\w+ing$", first, re.IGNORECASE) and first.lower() != "nothing")
        or first.lower() in {"still", "not", "never", "just", "already", "again", "also"}
        or (re.match(r"[a-z]+ed$", first) and first not in _ELIDED_I)
        or re.match(r"(?i)thanks?\b|thank you\b", clause)
    )


def _subject_was_i(words: list[str]) -> bool:
    """"was" belongs to the customer's "I" (within two words: "I really was", "I just was")."""
    return any(w in _SUBJECT_WORDS and w not in {"we"} for w in words[-3:])


def _lower_first(clause: str) -> str:
    """Lower-case a first word capitalised only because it starts the sentence; restore an
    "I" the customer left out ("Attempted to watch it…" → "I attempted to watch it…")."""
    first = clause.split(" ", 1)[0]
    low = first.lower()
    if first[:1].isupper() and first[1:].islower() and (
            low in _COMMON or low.endswith(("ed", "ing"))):
        clause = low + clause[len(first):]
    if low in _ELIDED_I:
        clause = "I " + clause
    return clause


def _calm(word: str) -> str:
    return word.lower() if word.isupper() and len(word) > 3 else word


def _content(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{3,}", text.lower())) - {
        "you", "your", "like", "would", "want", "need", "the", "and", "for", "with", "this", "that"}


# Verbs a customer starts with when they leave out "I": "have not received…", "tried everything".
_ELIDED_I = frozenset(
    ["have", "haven't", "had", "hadn't", "was", "wasn't", "am", "got", "tried", "went", "ordered", "bought", "paid", "received", "called", "can't", "cannot", "couldn't", "need", "needed", "want", "wanted", "keep", "kept", "lost", "spent", "waited", "booked", "noticed", "sent", "emailed", "contacted", "attempted", "don't", "didn't", "feel", "felt", "wish", "hope", "hate", "think", "thought"]
)
_COMMON = frozenset(
    ["my", "our", "the", "a", "an", "this", "that", "these", "those", "it", "its", "your", "you", "we", "they", "he", "she", "his", "her", "their", "there", "someone", "everyone", "everybody", "nobody", "nothing", "everything", "something", "stuff", "still", "now", "just", "again", "after", "before", "since", "when", "while", "once", "then", "every", "some", "all", "no", "not", "never", "yesterday", "today", "tonight", "being", "been", "having", "had", "has", "have", "was", "were", "is", "are", "do", "does", "did", "got", "get", "keep", "kept", "trying", "tried", "ordered", "bought", "paid", "received", "went", "called", "problem", "problems", "issue", "issues", "trouble", "order", "orders", "app", "website", "site", "payment", "flight", "account", "delivery", "package", "parcel", "card", "phone", "internet", "service", "battery", "video", "videos", "people", "stuff", "thing", "things", "only", "even"]
)
