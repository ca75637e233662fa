"""Composing a better reply: acknowledge, mirror, act — keeping what the original got right.

For an agent reply that missed something (ignored or only generically answered a
feeling, did not say the problem back, took no step, was rude), the composer builds
a reply in three stages:

1. **acknowledge** the customer's specific emotion, named and tied to their situation;
2. **mirror** the problem and request in the second person, from their own words
   (``mirror.py``);
3. **act**: the original's own action sentences, or a marked slot for the agent
   ("[next step: e.g. the new delivery date]") — the composer never invents facts.

What the original did well (its acknowledgement, mirroring, questions, action and
other content) is kept; generic sympathy, repeated apologies and filler are dropped;
rude lead-ins are cut and blaming lines removed. Phrasings are chosen by a hash of
the conversation and message ids (``phrasing.pick``), so suggestions vary between
messages and never between runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from heartline.coaching import phrasing as P
from heartline.coaching.mirror import Mirror, mirror_of
from heartline.coaching.original import (
    APOLOGY,
    BLAME,
    GENERIC,
    RUDE_LEADS,
    Original,
    Sentence,
    apology_only,
    read_original,
)
from heartline.conversation import Conversation
from heartline.criteria import Criteria, Criterion
from heartline.results import MessageReading
from heartline.scoring.opportunities import Assessment, Reply
from heartline.scoring.statements import normalise, sentences

_ORDER = ("rude", "acknowledge", "mirror", "question", "next_step", "apology", "team")
_EXTRA_APOLOGY = re.compile(r",?\s*(?:and|so)\s+(?:we|i)\s+(?:deeply |sincerely |truly |really )?"
                            r"apologi[sz]e(?:\s+for\s+\w+(?:\s+\w+){0,3})?", re.IGNORECASE)
_SORRY_BUT = re.compile(r"^(?:(?:i'm|we're|i am|we are)\s+)?(?:so\s+|very\s+|really\s+)?sorry,?\s+"
                        r"but\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Suggestion:
    """A better reply for one agent reply.

    Attributes:
        message_id: the first message of the reply it replaces.
        text: the suggested reply; ``[...]`` marks slots the agent must fill.
        why: one line on why it is better.
        adds: what it fixes: acknowledge, mirror, question, next_step, rude, apology, team.
        source: ``composer``, or ``generator`` when an LLM rewrote it.
    """

    message_id: str
    text: str
    why: str
    adds: tuple[str, ...]
    source: str = "composer"


def needs_coaching(reply: Reply, criteria: Criteria) -> bool:
    """The reply missed something worth a suggestion (docs/coaching.md)."""
    team_flags = [c for c in criteria.active("flag") if not c.builtin and reply.shows(c.name)]
    return bool(reply.missed() or reply.shows("rude") or reply.shows("over_apologising")
                or team_flags)


def suggest(conversation: Conversation, assessment: Assessment, reply: Reply,
            readings: Sequence[MessageReading]) -> Suggestion | None:
    """A better reply for ``reply``, or None when it missed nothing."""
    criteria = assessment.criteria
    once = [n for n, (_o, met, number) in assessment.once.items() if not met and number == reply.number]
    if not needs_coaching(reply, criteria) and not once:
        return None
    key = (conversation.id, reply.message_ids[0])
    banned = [c for c in criteria.active("flag") if not c.builtin]
    original = read_original([conversation.messages[p].text for p in reply.positions],
                             [readings[p] for p in reply.positions], banned)
    missed = set(reply.missed())
    mirror = _mirror(reply)
    emotion = _emotion(reply)
    feeling = _feeling(emotion, mirror, key)
    parts: list[str] = []
    adds: list[str] = []

    kept_ack = original.having("acknowledges_emotion")
    kept_mirror = [s for s in original.having("mirrors_problem") if s not in kept_ack]
    used_clause = False
    if kept_ack:
        parts += [_trim_apologies(s.text) for s in kept_ack]
    elif "acknowledges_emotion" in missed:
        # When the original already says the problem back, the acknowledgement need not;
        # when what is kept already apologises, the acknowledgement does not say sorry again.
        ack, used_clause = _acknowledge(feeling, mirror, key, clause_ok=not kept_mirror,
                                        sorry_ok=not any(APOLOGY.search(x.text) for x in kept_mirror))
        parts.append(ack)
        adds.append("acknowledge")
    if kept_mirror:
        parts += [s.text for s in kept_mirror]
    elif "mirrors_problem" in missed and not mirror.empty:
        # Without words of the customer's to say back, a bracketed blank would only read
        # as filler: the acknowledgement and the question carry the understanding instead.
        said_back = _mirroring(mirror, used_clause, key)
        if said_back:
            parts.append(said_back)
            adds.append("mirror")
    # Once heartline has written the acknowledgement, or the agent apologised too often,
    # the original's own apologies go: one sincere apology is enough.
    body = _body(original, skip=kept_ack + kept_mirror,
                 drop_apologies="acknowledge" in adds or reply.shows("over_apologising"))
    parts += body
    if "explores" in missed:
        parts.append(_slot(P.QUESTION, mirror, reply, key, question=True))
        adds.append("question")
    acted = any("takes_action" in s.tags for s in original.sentences)
    # A rude reply always gets a suggestion; with nothing useful left, the next step is the slot.
    rude_only = reply.shows("rude") and not body and not parts
    if ("takes_action" in missed and not acted) or rude_only:
        parts.append(_slot(P.NEXT_STEP, mirror, reply, key, question=False))
        adds.append("next_step")
    for name in sorted(missed | set(once)):
        c = criteria[name]
        if not c.builtin and c.suggest:
            parts.append(c.suggest)
            adds.append("team")
    if reply.shows("rude") or original.rude_dropped or original.rude_cut:
        adds.append("rude")
    if reply.shows("over_apologising"):
        adds.append("apology")
    if not parts or not adds:
        return None  # nothing heartline can add without inventing it: the original stands
    text = _guard(_join(original.greeting, parts), banned)
    if original.closing:  # an e-mail: greeting and closing on their own lines, as the agent wrote
        if original.greeting and text.startswith(original.greeting + ", "):
            rest = text[len(original.greeting) + 2:]
            text = f"{original.greeting},\n\n{rest[:1].upper()}{rest[1:]}"
        text = f"{text}\n\n{original.closing}"
    gap = _gap(reply, missed, adds)
    return Suggestion(message_id=reply.message_ids[0], text=text,
                      why=_why(adds, gap, feeling, criteria, missed | set(once), key),
                      adds=tuple(dict.fromkeys(adds)))


def _mirror(reply: Reply) -> Mirror:
    """What to say back: the customer message that owed mirroring, else the latest that states something."""
    by_id = {a.message_id: a for a in reply.answers}
    first = reply.owed.get("mirrors_problem")
    order = ([by_id[first.customer_message_id]] if first and first.customer_message_id in by_id else [])
    order += [a for a in reversed(reply.answers) if a.stated]
    for moment in order:
        mirror = mirror_of(moment.statement)
        if not mirror.empty:
            return mirror
    return Mirror()


def _emotion(reply: Reply) -> str:
    opp = reply.owed.get("acknowledges_emotion")
    for a in reply.answers:
        if opp and a.message_id == opp.customer_message_id:
            return a.emotion
    return "neutral"


def _feeling(emotion: str, mirror: Mirror, key: tuple[str, str]) -> tuple[str, str, str]:
    group = emotion
    if group not in P.FEELINGS:
        about = " ".join(x for x in (mirror.problem, mirror.request) if x).lower()
        group = next((g for cue, g in P.IMPACT_FEELINGS if re.search(cue, about)), "frustrated")
    options = P.FEELINGS[group]
    return options[P.pick_index(len(options), *key, "feeling")]


def _acknowledge(feeling: tuple[str, str, str], mirror: Mirror, key: tuple[str, str], *,
                 clause_ok: bool = True, sorry_ok: bool = True) -> tuple[str, bool]:
    adj, person, noun = feeling
    values = {"adj": adj, "person": person, "noun": noun}

    def bank(options: list[str]) -> list[str]:
        return options if sorry_ok else [o for o in options if "sorry" not in o.lower()] or options

    # With both a clause and a topic, alternate: the clause makes one rich sentence, the
    # topic leaves the full problem to the mirroring sentence.
    use_clause = clause_ok and mirror.problem is not None and (
        mirror.topic is None or P.pick_index(2, *key, "clause") == 0)
    if use_clause and mirror.problem:
        return P.fill(P.pick(bank(P.ACK_CLAUSE), *key, "ack"), clause=mirror.problem, **values), True
    if mirror.topic:
        return P.fill(P.pick(bank(P.ACK_TOPIC), *key, "ack"), topic=mirror.topic, **values), False
    return P.fill(P.pick(bank(P.ACK_PLAIN), *key, "ack"), **values), False


def _mirroring(mirror: Mirror, used_clause: bool, key: tuple[str, str]) -> str | None:
    if used_clause:  # the acknowledgement already said the problem back
        return P.fill(P.pick(P.MIRROR_REQUEST, *key, "mirror"), request=mirror.request) \
            if mirror.request else None
    if mirror.problem and mirror.request:
        return P.fill(P.pick(P.MIRROR_BOTH, *key, "mirror"), problem=mirror.problem,
                      request=mirror.request)
    if mirror.problem:
        return P.fill(P.pick(P.MIRROR_PROBLEM, *key, "mirror"), problem=mirror.problem)
    if mirror.request:
        return P.fill(P.pick(P.MIRROR_REQUEST, *key, "mirror"), request=mirror.request)
    return None


def _body(original: Original, skip: Sequence[Sentence], *, drop_apologies: bool) -> list[str]:
    """The original's questions, action and content, in order; apologies and filler dropped."""
    out: list[str] = []
    for s in original.sentences:
        if s in skip or "filler" in s.tags:
            continue
        text = s.text
        if s.tags & {"generic_sympathy", "apology"}:
            plain = normalise(text)
            # "Sorry to hear that your order is late": what follows the apology is its object,
            # a specific apology; "Sorry to hear this - you can reach us here" is separate help.
            specific = any(re.match(r"\s+(?:that\s+)?(?:you|your|about)\b", plain[m.end():], re.I)
                           for m in GENERIC.finditer(plain))
            rest = _SORRY_BUT.sub("", GENERIC.sub("", plain)).strip(" ,.!;:-–—>")
            rest = _trim_apologies(rest)
            if apology_only(rest):
                continue
            if specific or APOLOGY.search(rest):
                if drop_apologies:
                    continue  # heartline's acknowledgement replaces it
                rest = text  # a specific apology is kept whole
            text = rest[:1].upper() + rest[1:]
            if not text.endswith((".", "!", "?")) and not re.search(r"https?://\S+$", text):
                text += "."
        out.append(text)
    return out


def _slot(bank: list[str], mirror: Mirror, reply: Reply, key: tuple[str, str], *, question: bool) -> str:
    about = " ".join(x for x in (mirror.problem, mirror.request, mirror.topic) if x).lower()
    next_hint, question_hint = P.DEFAULT_HINTS
    for cue, step, ask in P.HINTS:
        if re.search(cue, about):
            next_hint, question_hint = step, ask
            break
    if question and not about and any(a.unclear for a in reply.answers):
        question_hint = P.UNCLEAR_QUESTION_HINT
    hint = question_hint if question else next_hint
    return P.fill(P.pick(bank, *key, "question" if question else "next"), hint=hint)


def _trim_apologies(text: str) -> str:
    return _EXTRA_APOLOGY.sub("", text)


def _join(greeting: str | None, parts: list[str]) -> str:
    parts = [p.strip().rstrip(",;:-–— ") for p in parts if p and p.strip()]
    # A link ends a part as it is: a full stop glued to it can break it in some clients.
    parts = [p if p.endswith((".", "!", "?", "]")) or re.search(r"https?://\S+$", p) else p + "."
             for p in parts if p]
    text = " ".join(parts)
    if greeting:
        first = text.split(" ", 1)[0]
        if first not in {"I", "I'm", "I've", "I'd", "I'll"} and first[1:].islower():
            text = text[:1].lower() + text[1:]
        text = f"{greeting}, {text}"
    return re.sub(r"\s{2,}", " ", text)


def _guard(text: str, banned: Sequence[Criterion]) -> str:
    """Last check: no sentence with a rude, blaming or banned phrase survives."""
    kept = []
    for a, b in sentences(text):
        s = text[a:b]
        low = normalise(s)
        if RUDE_LEADS.search(low) or BLAME.search(low) or any(c.find(low) for c in banned):
            continue
        kept.append(s)
    return " ".join(kept)


def _gap(reply: Reply, missed: set[str], adds: list[str]) -> str:
    if "rude" in adds:
        return "rude"
    if "acknowledges_emotion" in missed:
        return "generic" if reply.shows("generic_sympathy") else "ignored"
    for name, gap in (("mirrors_problem", "mirror"), ("takes_action", "next_step"),
                      ("explores", "question")):
        if name in missed and (gap in adds):
            return gap
    return "apology" if "apology" in adds else "team"


def _why(adds: list[str], gap: str, feeling: tuple[str, str, str], criteria: Criteria,
         missed: set[str], key: tuple[str, str]) -> str:
    lead = {"generic": "acknowledge", "ignored": "acknowledge"}.get(gap, gap)
    ordered = sorted(dict.fromkeys(adds), key=lambda a: (a != lead, _ORDER.index(a)))
    _adj, person, noun = feeling
    team = [criteria[n].description.rstrip(".").lower() or n.replace("_", " ")
            for n in sorted(missed) if not criteria[n].builtin and criteria[n].suggest]
    phrases = [P.fill(P.pick(P.WHY_ADDS[a], *key, "why", a), noun=noun, person=person,
                      what=team[0] if team else "what your team asks for")
               for a in ordered[:2]]
    if not phrases:
        return ""
    said = (", and " if " and " in phrases[0] else " and ").join(phrases)
    gap_text = P.pick(P.WHY_GAP[gap], *key, "gap")
    return f"{P.pick(P.WHY_OPEN, *key, 'open')} {said}{P.WHY_SO[ordered[0]]}; {gap_text}."



def acknowledgement(conversation: Conversation, reply: Reply) -> str | None:
    """One sentence acknowledging the feeling ``reply`` owed an acknowledgement for.

    Used by real-time assist, which offers the acknowledgement alone for the agent
    to insert into their own draft. None when no acknowledgement is owed.
    """
    if "acknowledges_emotion" not in reply.owed:
        return None
    key = (conversation.id, reply.message_ids[0])
    mirror = _mirror(reply)
    ack, _ = _acknowledge(_feeling(_emotion(reply), mirror, key), mirror, key)
    return ack
