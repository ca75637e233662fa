"""What a customer message states, read from its own words.

The heads say how the customer feels; whether they *stated* a problem or a request,
whether it hurts them (money, access, a broken product, a missed trip), whether they
are back for the third time or say it is sorted, is read here from the text with
small, documented cue lists. The coach reuses the same clauses to mirror the customer,
so "a problem was stated" and "this is the problem we mirror" can never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from heartline.results import Span

#: Longest clause (in words) worth mirroring back; longer ones are cut at a boundary.
MAX_CLAUSE_WORDS = 24

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"})
_STOPS = frozenset(".!?…\n")
_CANDIDATE = re.compile(r"[.!?…\n]|[^\x00-\x7f]")
_TRAILING = frozenset({"So", "Sk", "Mn", "Cf"})
_NOISE = re.compile(
    r"\.?@\w+(?:'s)?|https?://\S+|www\.\S+|#\w+|\b\d/\d\b|\(\s*\)|\[\s*\]|"
    r"(?<!\w)[>}]?[:;=][-']?[()\[\]DPpOo/\\|*](?!\w)"  # emoticons: :( ;) >:( :-/
)
_PARTS = re.compile(r"\s*(?:[,;:]|\s[-–—]\s|\.{2,})\s*")
_HELP_LEAD = re.compile(r"^((?:please\s+)?help(?:\s+me)?(?:\s+(?:please|asap|now))?)\s+(\S.*)$",
                        re.IGNORECASE)
_LEAD = re.compile(
    r"^(?:(?:hi|hello|hey|dear|yo|ugh|ok|okay|so|well|also|and|but|yes|yeah|no|lol|omg|wow|"
    r"um+|hmm+|oh|ah|guys|hi there|hello there|hey there|everyone|peeps|folks|sir|madam|"
    r"please note)\b[\s,.!:;-]*)+",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bno longer|\bnothing)\W+(?:\w+\W+){0,2}$")

# Cue lists. Each is matched on lower-cased text with straight apostrophes.
_PROBLEM = re.compile(
    r"\b(?:(?:has|have|had|is|are|was|were|do|does|did|could|would|should|must|need)n'?t|"
    r"can'?t|won'?t|ain'?t|cannot|dont|doesnt|didnt|isnt|arent|havent|hasnt|wasnt|couldnt|"
    r"nothing (?:works|worked|loads|happens|happened)|rip ?off|ripped off|scam(?:med)?|"
    r"unable to|not able to|no longer|not (?:working|loading|arriving|showing|there|received|arrived|"
    r"come|delivered|here)|(?:was|were) supposed to|"
    r"never (?:arrived|came|received|got|showed)|broken|broke|cracked|damaged|faulty|defective|"
    r"missing|lost|stolen|late|delayed|cancell?ed|stuck|frozen|crash(?:es|ed|ing)?|errors?|"
    r"fail(?:s|ed|ing|ure)?|glitch\w*|bugs?|buggy|outage|down|disconnect\w*|dropp(?:ed|ing)|"
    r"wrong|incorrect|over ?charged|charged|billed|double[- ]charged|refused|declined|blocked|"
    r"locked out|suspended|hacked|expired|disappeared|deleted|keeps?|kept|still|again|"
    r"problems?|issues?|trouble|impossible|ruin(?:ed|ing)?|disgust\w*|ridiculous|terrible|"
    r"awful|horrible|worst|waiting|waited|no (?:one|response|reply|signal|service|internet|wifi|power))\b"
)
_REQUEST = re.compile(
    r"^(?:please|pls|plz|kindly)\b|\b(?:can|could|would|will) (?:you|u|someone|somebody|anyone|"
    r"y'all)\b|^i(?:'d| would) (?:like|love|want)\b|^(?:i|we) (?:really )?(?:want|need|wanna)\b|"
    r"^we(?:'d| would) like\b|^(?:fix|send|refund|cancel|help|change|stop|give|sort|tell|call|check|replace|"
    r"update|unlock|reset|reactivate|restore|return|explain|get|let|bring|hurry)\b|\bif you could\b|"
    r"\bi hope you (?:can|could|will)\b|\bhow (?:do|can|could|would|should) (?:i|we)\b|"
    r"\b(?:is|are) there (?:a|any) (?:way|chance)\b|\bhelp me\b|\b(?:can|could|may) (?:i|we)\b"
)
_QUESTION = re.compile(
    r"\?\s*$|^(?:how|what|where|when|why|who|which|is|are|can|could|would|will|do|does|did|"
    r"should|may|any)\b"
)
_THANKS = re.compile(
    r"\b(?:thanks|thank you|thank u|thx|ty|tysm|cheers|appreciate(?:d)?|grateful|kudos|"
    r"love (?:it|this|you|the)|great job|well done|awesome|amazing|brilliant|excellent|perfect|"
    r"you(?:'re| are) the best)\b"
)
_RESOLVED = re.compile(
    r"\b(?:thanks? (?:you )?for (?:resolving|fixing|sorting|solving|getting back)|(?:that|it|this) (?:worked|works|did it|did the trick|fixed it|sorted it|helped)|"
    r"(?:all )?sorted|resolved|fixed|all good|works now|working now|problem solved|"
    r"got it working|good to go|no longer (?:a problem|needed))\b"
)
_IMPACT = re.compile(
    r"\b(?:charged|billed|declined|refused|rejected|refunds?|over ?charged|paid|payment|money|fees?|debit|lost|stolen|"
    r"missing|disappeared|deleted|never (?:arrived|came|received)|broken|broke|cracked|damaged|"
    r"faulty|defective|not working|(?:does|did|do|wo|is|are)n'?t (?:work|working|turn on|connect|"
    r"load|start|arrive|arrived)|crash(?:es|ed|ing)?|outage|no (?:internet|service|power|signal|"
    r"wifi)|locked out|(?:can'?t|cannot|unable to) (?:log|sign|get|access|use|watch|play|download|"
    r"connect|pay|see|view)|hacked|suspended|blocked|missed (?:my|the|a|our) (?:flight|train|"
    r"connection|appointment|deadline)|cancell?ed|stranded|delayed|for (?:days|weeks|months)|"
    r"\d+ (?:days|weeks|months|hours)|urgent(?:ly)?|asap|emergency|ruin(?:ed|ing)?|impossible|"
    r"not able to)\b|[$£€]\s?\d"
)
_REPEAT = re.compile(
    r"\b(?:again|still|yet again|once more|(?:second|third|fourth|fifth|2nd|3rd|4th|5th|\d+th) time|"
    r"every time|already (?:called|contacted|tried|asked|emailed|told|spoke)|"
    r"(?:called|contacted|emailed|messaged|tweeted|asked)(?: you)?(?: \w+)? (?:times|twice)|"
    r"for (?:days|weeks|months)|(?:no one|nobody) (?:has )?(?:replied|answered|got back|called)|"
    r"another promise|how many (?:more )?times)\b"
)
_ESCALATION = re.compile(
    r"\b(?:manager|supervisor|escalate|formal complaint|ombudsman|lawyer|legal action|sue you|"
    r"cancel(?:ling)? my (?:account|subscription|contract|service|membership)|close my account|"
    r"switch(?:ing)? to|leave you|never (?:again|using you|buying|flying|ordering)|report you|"
    r"trading standards|bbb|chargeback)\b"
)
_VAGUE = re.compile(
    r"^(?:i |we )?(?:have|having|had|got|facing|there'?s|there is)?\s*(?:a|an|some|this|one)?\s*"
    r"(?:problem|issue|trouble|question)s?\b(?:\s+(?:with|on|in)\s+(?:my|our|the|your)?\s*[\w\s]{0,25})?$"
)


@dataclass(frozen=True)
class Clause:
    """A stretch of the customer's own words.

    Attributes:
        text: the words, cleaned of handles, links and hashtags, first person intact.
        span: where the sentence it came from lies in the message text.
    """

    text: str
    span: Span


@dataclass(frozen=True)
class Statement:
    """What one customer message states.

    Attributes:
        problem: the clause that states the problem, if any.
        request: the clause that asks for something, if any.
        question: it asks a direct question.
        thanks: it thanks or praises.
        resolved: it says the problem is solved ("that worked", "all sorted").
        impact: the problem hurts them (money, loss, broken, locked out, travel, time).
        repeat: they are back about it (again, still, third time).
        escalation: they ask for a manager or threaten to leave.
        vague: they say there is a problem without saying what it is.
    """

    problem: Clause | None = None
    request: Clause | None = None
    question: bool = False
    thanks: bool = False
    resolved: bool = False
    impact: bool = False
    repeat: bool = False
    escalation: bool = False
    vague: bool = False

    @property
    def stated(self) -> bool:
        """A problem or a request was stated."""
        return self.problem is not None or self.request is not None


def normalise(text: str) -> str:
    """Straight apostrophes and quotes, so cue lists need one spelling."""
    return text.translate(_QUOTES)


def sentences(text: str) -> list[Span]:
    """Spans of the sentences of ``text`` (empty ones left out).

    A sentence ends at ``.!?…`` or a line break followed by a space or the end (so
    "6.13" and links stay whole), or at emoji, which in chat often take a full stop's place.
    """
    out: list[Span] = []
    start = done = 0
    n = len(text)
    # Only stops and non-ASCII characters can end a sentence; the rest is skipped by the regex.
    for m in _CANDIDATE.finditer(text):
        if m.start() < done:
            continue
        ch = text[m.start()]
        emoji = unicodedata.category(ch) == "So"
        if ch not in _STOPS and not emoji:
            continue
        j = m.start()
        while j < n and (text[j] in _STOPS or unicodedata.category(text[j]) in _TRAILING):
            emoji = emoji or unicodedata.category(text[j]) == "So"
            j += 1
        if emoji or j >= n or text[j].isspace() or ch in "\n…":
            _add_sentence(text, start, j, out)
            start = j
        done = j
    _add_sentence(text, start, n, out)
    return out


def _add_sentence(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace()):
        end -= 1
    if any(ch.isalnum() for ch in text[start:end]):
        out.append((start, end))


#: Stands where a handle was cut from the middle of a phrase ("never flying with @X again"),
#: so the coach knows the phrase has a hole and does not say it back.
HOLE = "\u2026"
_HOLE_BEFORE = re.compile(r"\b(with|to|from|at|by|for|of|on|in|an|a|the|like|than|and|or)\s+\.?@\w+",
                          re.IGNORECASE)


def clean(text: str) -> str:
    """A sentence without handles, links, hashtags, emoji or a leading greeting."""
    text = _HOLE_BEFORE.sub(lambda m: f"{m.group(1)} {HOLE}", normalise(text))
    text = _NOISE.sub(" ", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"So", "Cs", "Co", "Sk", "Cf", "Mn"})
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–—")
    for _ in range(2):
        text = _LEAD.sub("", text).strip(" ,;:-–—")
    return text


@lru_cache(maxsize=4096)
def read_statement(text: str) -> Statement:
    """Read what a customer message states (see :class:`Statement`).

    Cached: the real-time assist path sends the same conversation again with every draft,
    and a Statement is immutable.
    """
    low = re.sub(r"\s+", " ", _NOISE.sub(" ", normalise(text))).lower()
    problem: Clause | None = None
    request: Clause | None = None
    best = 0.0
    question = False
    for span in sentences(text):
        sentence = clean(text[span[0]:span[1]])
        asks = bool(_QUESTION.search(sentence.lower()))
        question = question or asks
        parts = clauses(sentence)
        for i, part in enumerate(parts):
            lower = part.lower()
            if lead := _HELP_LEAD.match(part):  # "please help my order hasn't come"
                request = request or Clause(lead.group(1), span)
                part, lower = lead.group(2), lead.group(2).lower()
            if _REQUEST.search(lower):
                request = request or Clause(_trim(part, _REQUEST), span)
                continue
            hits = _unnegated(_PROBLEM, lower)
            if not hits:
                continue
            score = hits + (1.0 if re.search(r"\b(?:i|my|me|we|our|i'm|i've)\b", lower) else 0.0)
            score -= 0.5 if asks else 0.0
            if score > best:
                best = score
                nxt = parts[i + 1] if i + 1 < len(parts) else ""
                if nxt and _unnegated(_PROBLEM, nxt.lower()) and not _REQUEST.search(nxt.lower()) \
                        and len(part.split()) + len(nxt.split()) <= MAX_CLAUSE_WORDS:
                    part = f"{part}, {nxt}"  # "battery runs out in half the time, apps crash"
                problem = Clause(_trim(part, _PROBLEM), span)
    thanks = bool(_THANKS.search(low))
    resolved = _unnegated(_RESOLVED, low) > 0
    vague = problem is not None and bool(_VAGUE.match(problem.text.lower()))
    if resolved and problem is not None and not re.search(r"\b(?:but|still|however)\b", low):
        problem = None  # "the error is fixed now, thanks" reports a solution, not a problem
    return Statement(
        problem=problem, request=request, question=question, thanks=thanks, resolved=resolved,
        impact=problem is not None and bool(_IMPACT.search(low)),
        repeat=bool(_REPEAT.search(low)), escalation=bool(_ESCALATION.search(low)), vague=vague,
    )


def clauses(sentence: str) -> list[str]:
    """A cleaned sentence cut at commas, semicolons, dashes and "but"."""
    return [p for p in (q.strip(" ,;:-–—") for q in _PARTS.split(sentence)) if p]


def _unnegated(pattern: re.Pattern[str], lower: str) -> int:
    """Matches of ``pattern`` that a negation just before does not cancel ("not fixed")."""
    count = 0
    for m in pattern.finditer(lower):
        if pattern is _RESOLVED and _NEGATED.search(lower[: m.start()]):
            continue
        count += 1
    return count


def _trim(sentence: str, cue: re.Pattern[str]) -> str:
    """The part of a long sentence around its cue, cut at clause boundaries."""
    words = sentence.split()
    if len(words) <= MAX_CLAUSE_WORDS:
        return sentence.rstrip(" .!?…,;:")
    parts = [p.strip() for p in re.split(r"\s*(?:[,;:]|\s[-–—]\s|\.{2,})\s*", sentence) if p.strip()]
    with_cue = [p for p in parts if cue.search(p.lower())] or parts
    chosen = with_cue[0]
    if len(chosen.split()) > MAX_CLAUSE_WORDS:
        chosen = " ".join(chosen.split()[:MAX_CLAUSE_WORDS])
        # End on a whole phrase: drop a dangling connective or article.
        chosen = re.sub(r"\s+(?:and|or|but|so|the|a|an|to|of|for|with|in|on|my|your)$", "", chosen)
    return chosen.rstrip(" .!?…,;:")
