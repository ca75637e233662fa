"""Reading the agent's original reply: what to keep, what to drop, what to rewrite.

Each sentence is tagged from the heads' evidence spans where there are some, else
from the behaviour flags plus small cue lists. The coach keeps what did the job
(acknowledgement, mirroring, questions, action and other content), drops what did
not (generic sympathy, repeated apologies, filler), and rewrites rude lines: a
dismissive lead-in ("As stated before,") is cut, a blaming sentence is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from heartline.criteria import Criterion
from heartline.gated import GatedPattern
from heartline.results import MessageReading, Span
from heartline.scoring.statements import normalise, sentences

# Lead-ins that make a useful sentence dismissive; cutting them leaves the help.
RUDE_LEADS = GatedPattern(re.compile(
    r"\b(?:as (?:i|we)(?:'ve| have)? (?:already )?(?:said|stated|mentioned|explained|told you)"
    r"(?: (?:before|earlier|previously|already))?|as (?:previously |already )?(?:stated|mentioned|"
    r"explained)(?: (?:before|earlier|previously))?|like i (?:said|told you)(?: before)?|"
    r"as per (?:my|our) (?:last|previous) (?:message|email|reply)|in any case|obviously|"
    r"with all due respect|sorry if you feel (?:that way|like that)|"
    r"(?:please )?(?:calm down|relax)(?: (?:sir|madam))?)\b[,.!]?\s*",
    re.IGNORECASE,
), ("as ", "like i ", "in any case", "obviously", "with all due respect", "sorry if you feel", "calm down",
    "relax"))
# Blame and brush-offs: the whole sentence goes.
BLAME = GatedPattern(re.compile(
    r"\b(?:you should(?:'ve| have| of)\b|(?:that'?s|it'?s|this is) not our (?:problem|fault|"
    r"responsibility)|not our (?:problem|fault)|it'?s your (?:fault|responsibility|problem)|"
    r"you (?:failed|neglected|forgot) to|(?:if|had) you (?:had )?(?:read|followed|checked)|"
    r"(?<!had to )(?<!have to )deal with it|^whatever\b|\bwhatever[.!]*$|there'?s nothing (?:more )?(?:i|we) can do|no need to (?:shout|be rude)|"
    r"you need to (?:read|learn|understand)|read the (?:terms|faq|instructions|policy))",
    re.IGNORECASE,
), ("you should", "not our", "s your", "you failed", "you neglected", "you forgot", "if you", "had you",
    "deal with it", "whatever", "nothing", "no need to", "you need to", "read the"))
_CAUSED = r"(?: (?:this|that|it) (?:may |might )?(?:have |has )?caused)?"
GENERIC = GatedPattern(re.compile(
    r"\b(?:(?:we(?:'re| are)|i(?:'m| am))\s+)?(?:so\s+|very\s+|really\s+|truly\s+)?sorry "
    r"(?:for|about) (?:the|any|this) (?:inconvenience|troubles?|hassle|issues?|delays?|confusion)" + _CAUSED
    + r"|(?:we|i) (?:do |sincerely )?apologi[sz]e for (?:the|any) (?:inconvenience|trouble|issues?|"
    r"delay|experience you've had)" + _CAUSED
    + r"|(?:we(?:'re| are)|i(?:'m| am) )?(?:so )?sorry to (?:hear|see|read) (?:that|this|about "
    r"(?:that|this|the trouble))|sorry about that|we understand your (?:concerns?|frustration)\b|"
    r"oh (?:no|dear|my)[!.,]?|(?:that'?s )?not what we (?:like|want|love) to hear(?: at all)?",
    re.IGNORECASE,
), ("sorry", "apologi", "we understand your", "oh ", "not what we"))
FILLER = re.compile(
    r"^(?:(?:hi|hello|hey)(?: there)?[!,.]*|thanks?(?: you)?[!.]*|"
    r"we(?:'re| are) (?:always )?(?:here|happy|glad) to help[!.]*|we(?:'d)? (?:want|love) to help[!.]*|"
    r"we want you to have a great experience[!.]*|"
    r"thanks? (?:you )?(?:so much )?for (?:reaching out(?: to us)?|contacting us|getting in touch|your "
    r"(?:message|tweet|patience|feedback)|the (?:info|information|details))[!.]*|"
    r"(?:we|i) appreciate your (?:patience|feedback|comments)[!.]*|hope (?:this|that) helps[!.]*|"
    r"thanks? (?:you )?for (?:your )?(?:understanding|letting us know)[!.]*|thanks again[!.]*|"
    r"is there (?:anything|something) (?:else )?(?:i|we) can (?:help|do|assist)(?: you)?(?: with)?\??|"
    r"how (?:can|may) (?:i|we) (?:help|assist)(?: you)?(?: today)?\??|"
    r"let us know if you need anything(?: else)?[!.]*)$",
    re.IGNORECASE,
)
APOLOGY = GatedPattern(re.compile(r"\b(?:sorry|apologi[sz]e|apologies)\b", re.IGNORECASE), ("sorry", "apologi"))
# Words that carry no content in an apology: "I'm so very sorry again for all this."
_APOLOGY_ONLY = re.compile(
    r"\b(?:i'?m|we'?re|i|we|am|are|is|it|do|so|very|really|truly|deeply|sincerely|terribly|"
    r"sorry|apologi[sz]e|apologies|again|for|about|everything|all|this|that|the|any|our|my|"
    r"inconvenience|trouble|hassle|caused|may|might|have|has|once|more|please|accept|oh|no|"
    r"dear|to|hear|see|read)\b|[^\w]+", re.IGNORECASE)


def apology_only(text: str) -> bool:
    """Nothing specific is left once apology words are taken out ("I'm so", "Sorry again!")."""
    return len(_APOLOGY_ONLY.sub(" ", normalise(text)).split()) < 2
ACTION_CUES = re.compile(
    r"https?://|www\.|\b(?:please|we'll|we will|i'll|i will|i've|we've|i have|we have|you can|"
    r"try|dm|direct message|private message|send|click|go to|follow|check|refund|replace|escalat\w*|"
    r"look into|update|reset|visit|call|here|steps?|link|arrange|book|credit|cancel)\b|\d",
    re.IGNORECASE,
)
ACK_CUES = re.compile(
    r"\b(?:understand (?:how|why|that)|must (?:be|have been)|can (?:see|hear|imagine)|frustrat\w*|"
    r"disappoint\w*|worr\w*|stress\w*|upset\w*|not the experience|sorry for (?:the|your) "
    r"(?:frustration|worry|stress|disappointment|loss))\b",
    re.IGNORECASE,
)
_HANDLES = re.compile(r"(?:^|(?<=\s))\.?@\w+[:,]?\s*")
_COUNTER = re.compile(r"\s*\(?\b\d/\d\)?\s*")
# "^Tanuj", "-Becky", "--JV", "*ABN", "/AY", "- Nick"; a link after it (often the "send us a
# DM" button) is kept.
_SIGNATURE = re.compile(r"(?:^|(?<=[\s.!?]))(?:[\^*~]|--?|—|–|/)\s*[A-Za-z][\w.]{0,20}"
                        r"((?:\s+https?://\S+)*)\s*$")
_GREETING = re.compile(r"^((?i:hi|hello|hey|dear)\s+(?!(?i:there|team|all)\b)[A-Z][a-z]+)\s*[,!.]?\s*")
# An e-mail's closing: a line that opens with a closing word, then at most four short lines
# (name, team, company). It is kept verbatim at the end of the suggestion.
_CLOSING = re.compile(r"\n[ \t]*((?:(?:kind|best|warm|warmest|many|with)\s+)?(?:regards|wishes|thanks|thank you|"
                      r"cheers|sincerely|all the best)\b[^\n]{0,60}(?:\n[^\n]{1,60}){0,4})\s*$", re.IGNORECASE)
_BARE_GREETING = re.compile(r"^(?i:hi|hello|hey|good (?:day|morning|afternoon|evening))(?:\s+there)?"
                            r"\s*[,!.]\s*(?=\S)")


@dataclass
class Sentence:
    """One sentence of the original reply.

    Attributes:
        text: the sentence, cleaned (handles, counters and signature removed).
        tags: what it does: acknowledges_emotion, mirrors_problem, explores,
            takes_action, generic_sympathy, rude, apology, filler, content.
    """

    text: str
    tags: set[str] = field(default_factory=set)


@dataclass
class Original:
    """The original reply taken apart.

    Attributes:
        greeting: "Hi Duncan" when the agent greeted the customer by name.
        sentences: its sentences, in order, rude lead-ins already cut.
        rude_dropped: a rude or blaming sentence was removed.
        rude_cut: a rude lead-in was cut from a sentence that stayed.
        closing: an e-mail's closing lines ("Kind regards,\nTom B.\nCustomer Service"), verbatim.
    """

    greeting: str | None
    sentences: list[Sentence]
    rude_dropped: bool = False
    rude_cut: bool = False
    closing: str | None = None

    def having(self, tag: str) -> list[Sentence]:
        """Sentences with a tag."""
        return [s for s in self.sentences if tag in s.tags]


def read_original(texts: Sequence[str], readings: Sequence[MessageReading],
                  banned: Sequence[Criterion] = ()) -> Original:
    """Take apart the messages of one reply (texts and their readings, in order)."""
    greeting: str | None = None
    out: list[Sentence] = []
    rude_dropped = rude_cut = False
    closing: str | None = None
    for n, (text, reading) in enumerate(zip(texts, readings, strict=True)):
        flags = {k for k, v in reading.behaviours.items() if v}
        if n == len(texts) - 1 and (c := _CLOSING.search(text)):
            closing = _closing(c.group(1))
            text = text[: c.start()]  # offsets before the closing are unchanged
        for span in sentences(text):
            raw = text[span[0]:span[1]]
            tags = {b for b, spans in reading.evidence.items() if _overlaps(span, spans)}
            sentence = _clean(raw)
            if greeting is None and not out and (g := _GREETING.match(sentence)):
                greeting = g.group(1)
                sentence = _capital(sentence[g.end():])
            elif b := _BARE_GREETING.match(sentence):  # "Hi there, could you…": the help stays
                sentence = _capital(sentence[b.end():])
            if not sentence:
                continue
            rude_text = [text[a:b].lower() for a, b in reading.evidence.get("rude", [])
                         if a < span[1] and b > span[0]]
            rewritten, cuts = _without_rude(sentence, banned)
            if BLAME.search(rewritten) or any(r.strip(" .,!") in rewritten.lower()
                                              for r in rude_text if r.strip(" .,!")):
                rude_dropped = True
                rewritten = _cut_blame(rewritten, rude_text)
                if not rewritten:
                    continue
                cuts += 1
            if cuts:
                rude_cut = True
                sentence = rewritten
            if len(re.findall(r"[A-Za-z]+", sentence)) < 2 and not sentence.endswith("?"):
                continue
            out.append(Sentence(sentence, _tags(sentence, tags, flags)))
    _fill_untagged(out, readings)
    return Original(greeting, out, rude_dropped, rude_cut, closing)


def _closing(block: str) -> str:
    """The closing lines, with an apology in the sign-off line itself replaced by a plain one."""
    first, _, rest = block.strip().partition("\n")
    if APOLOGY.search(first):
        first = "Best wishes,"
    return "\n".join(line.strip() for line in [first, *rest.split("\n")] if line.strip())


def _tags(sentence: str, tags: set[str], flags: set[str]) -> set[str]:
    """Evidence tags, plus cue-based ones for flagged behaviours without evidence."""
    low = normalise(sentence).lower()
    if GENERIC.search(low):
        tags.add("generic_sympathy")
    if APOLOGY.search(low):
        tags.add("apology")
    if FILLER.match(low.strip()):
        tags.add("filler")
    if sentence.rstrip().endswith("?") and "filler" not in tags and (
            "explores" in flags or "explores" in tags):
        tags.add("explores")
    if "takes_action" in flags and "takes_action" not in tags and ACTION_CUES.search(low) \
            and "filler" not in tags:
        tags.add("takes_action")
    if "acknowledges_emotion" in flags and ACK_CUES.search(low):
        tags.add("acknowledges_emotion")
    if not tags & {"generic_sympathy", "apology", "filler", "acknowledges_emotion",
                   "mirrors_problem", "explores", "takes_action"}:
        tags.add("content")
    return tags


def _fill_untagged(out: list[Sentence], readings: Sequence[MessageReading]) -> None:
    """A flagged behaviour no sentence carries: give it to the sentences that could (never lose help).

    Acknowledgement and mirroring often sit in a specific apology ("So sorry your order is
    late!"), so those are tried first; action goes to the plain content sentences.
    """
    flags = {k for r in readings for k, v in r.behaviours.items() if v}
    for behaviour in ("takes_action", "acknowledges_emotion", "mirrors_problem"):
        if behaviour not in flags or any(behaviour in s.tags for s in out):
            continue
        specific = [s for s in out if "apology" in s.tags and "generic_sympathy" not in s.tags
                    and not apology_only(s.text)]
        content = [s for s in out if "content" in s.tags]
        for s in (content if behaviour == "takes_action" else specific or content):
            s.tags.add(behaviour)
            s.tags.discard("content")


def _cut_blame(sentence: str, rude_text: list[str]) -> str:
    """The sentence without its blaming clause, when enough help is left; else ``""``.

    Run-on replies ("…try these steps: <link> You should have read the FAQ") put blame
    and help in one sentence: cut at commas, dashes and after links, drop the blaming parts.
    """
    parts = re.split(r"(?<=[,;:])\s+|\s+[-–—]\s+|(?<=\S)(?<=[^\s.,;:!?])\s+(?=(?:There|That|It|You|"
                     r"This|We|I)\b)", sentence)
    kept = [p for p in parts if not BLAME.search(p)
            and not any(r.strip(" .,!") and r.strip(" .,!") in p.lower() for r in rude_text)]
    text = " ".join(kept).strip(" ,;:-–—")
    return _capital(text) if len(text.split()) >= 4 else ""


def _without_rude(sentence: str, banned: Sequence[Criterion]) -> tuple[str, int]:
    """The sentence without rude lead-ins and banned phrases, and how many were cut."""
    text, cuts = RUDE_LEADS.subn("", normalise(sentence))
    for c in banned:
        for p in c.patterns:
            text, n = p.subn("", text)
            cuts += n
    text = re.sub(r"\s{2,}", " ", text).strip(" ,;:-")
    return (_capital(text) if text else ""), cuts


def _clean(raw: str) -> str:
    text = _HANDLES.sub("", raw) if "@" in raw else raw  # each pattern needs its character
    text = _COUNTER.sub(" ", text) if "/" in text else text
    if any(c in text for c in "^*~-—–/"):
        text = _SIGNATURE.sub(lambda m: m.group(1), text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _capital(text: str) -> str:
    text = text.lstrip(" ,;:-")
    if re.match(r"(?:https?://|www\.|@)", text):
        return text
    return text[:1].upper() + text[1:]


def _overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(a < span[1] and b > span[0] for a, b in spans)
