"""Opportunity-aware expectations: what each agent reply owed the customer.

A *reply* is a run of public agent messages with no customer message between them
(Twitter's "1/2", "2/2" are one reply). What a reply owes comes from the customer
messages it answers (those since the previous reply) and from the state of the
conversation (is a problem still open?). Each expectation remembers the customer
message that created it, so a miss can be counted and shown: "missed empathy
opportunities" is a list, not a guess. docs/scoring.md explains every rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from heartline.conversation import Conversation, Message, Role
from heartline.criteria import Criteria, Criterion
from heartline.results import NEGATIVE_GROUPS, MessageReading
from heartline.scoring.statements import Statement, read_statement

POSITIVE_GROUPS = frozenset({"grateful", "happy"})


@dataclass(frozen=True)
class CustomerMoment:
    """One customer message, as the scoring sees it.

    Attributes:
        position: index in ``conversation.messages``.
        message_id: the message's id.
        emotion: the emotion group (``neutral`` when the head gave none).
        intensity: 0–1 (the configured default when the head gave a group but no intensity).
        statement: what the text states (problem, request, thanks …).
        owes_acknowledgement: a negative emotion strong enough, or a problem that hurts.
        strong: the emotion is strong: replying without acknowledging or mirroring ignores it.
        stated: a problem or request was stated: owes mirroring.
        unclear: upset or confused without saying what about: owes a question.
        closes: the customer says it is sorted, or only thanks or praises.
    """

    position: int
    message_id: str
    emotion: str
    intensity: float
    statement: Statement
    owes_acknowledgement: bool
    strong: bool
    stated: bool
    unclear: bool
    closes: bool


@dataclass(frozen=True)
class Opportunity:
    """Why a behaviour was owed.

    Attributes:
        criterion: the criterion owed (``acknowledges_emotion``, a team criterion …).
        customer_message_id: the customer message that created it (None for ``any``,
            ``first`` and ``last`` expectations with no customer message before them).
        reason: a short, text-free reason (``angry 0.9``, ``problem stated``).
    """

    criterion: str
    customer_message_id: str | None
    reason: str


@dataclass
class Reply:
    """One agent reply and what it owed.

    Attributes:
        number: 0 for the first reply of the conversation.
        positions: indices of its messages in ``conversation.messages``.
        message_ids: their ids.
        answers: the customer moments it answers (since the previous reply).
        owed: criterion name → opportunity, for reply-scope expected criteria.
        shown: criterion name → ids of this reply's messages that show it.
        deferred: owed criteria excused for now (action after a needed question).
        open_problem: the customer message whose problem was open when it was sent.
        ignores_emotion: a strong emotion met with neither acknowledgement nor mirroring.
    """

    number: int
    positions: tuple[int, ...]
    message_ids: tuple[str, ...]
    answers: tuple[CustomerMoment, ...]
    owed: dict[str, Opportunity] = field(default_factory=dict)
    shown: dict[str, list[str]] = field(default_factory=dict)
    deferred: set[str] = field(default_factory=set)
    open_problem: str | None = None
    ignores_emotion: bool = False

    def shows(self, name: str) -> bool:
        """Whether any message of the reply shows criterion ``name``."""
        return bool(self.shown.get(name))

    def missed(self) -> list[str]:
        """Owed criteria the reply did not show (deferred ones excluded)."""
        return [n for n in self.owed if not self.shows(n) and n not in self.deferred]


@dataclass
class Assessment:
    """Everything the stage formulas and the coach need to know about one conversation.

    Attributes:
        moments: one per public customer message.
        replies: one per agent reply.
        once: conversation-scope criteria: name → (opportunity, met, number of the reply
            the miss is attributed to).
        criteria: the criteria used.
    """

    moments: list[CustomerMoment]
    replies: list[Reply]
    once: dict[str, tuple[Opportunity, bool, int]]
    criteria: Criteria


def check_aligned(conversation: Conversation, readings: Sequence[MessageReading]) -> None:
    """Raise ValueError unless ``readings`` pair one-to-one with the conversation's messages."""
    if len(readings) != len(conversation.messages):
        raise ValueError(f"conversation {conversation.id}: {len(readings)} readings for "
                         f"{len(conversation.messages)} messages")
    for i, (m, r) in enumerate(zip(conversation.messages, readings, strict=True)):
        if m.id != r.message_id:
            raise ValueError(f"conversation {conversation.id}: reading {i} is for message "
                             f"{r.message_id}, not {m.id}")


def read_customer(position: int, message: Message, reading: MessageReading,
                  criteria: Criteria) -> CustomerMoment:
    """What a customer message calls for (docs/scoring.md, "Opportunities")."""
    rules = criteria.opportunities
    st = read_statement(message.text)
    group = reading.emotion or "neutral"
    if reading.emotion_intensity is not None:
        intensity = float(reading.emotion_intensity)
    else:
        intensity = 0.0 if group == "neutral" else rules.default_intensity
    negative = group in NEGATIVE_GROUPS and intensity >= rules.acknowledge_min_intensity.get(group, 1.01)
    positive = group in POSITIVE_GROUPS
    closes = st.resolved or ((positive or st.thanks) and not st.stated and group not in NEGATIVE_GROUPS)
    if reading.empathy_needed is not None:  # a trained head beats the cue list
        hurts = reading.empathy_needed >= rules.empathy_needed_probability
    else:
        hurts = st.impact and not positive
    owes = (negative or hurts) and not (closes and not negative)
    stated = (st.stated or (bool(reading.intent) and st.question)) and not (closes and not st.stated)
    # Unclear: "I have a problem with X", confusion without a clear question, or a short
    # outburst that says how they feel but not what happened ("disgusted with your service").
    words = len(re.findall(r"[A-Za-z']+", message.text))
    unclear = not closes and (st.vague or (group == "confused" and not st.question)
                              or (negative and not stated and not st.question and words <= 15))
    return CustomerMoment(
        position=position, message_id=message.id, emotion=group, intensity=intensity, statement=st,
        owes_acknowledgement=owes, strong=negative and intensity >= rules.strong_intensity,
        stated=stated, unclear=unclear, closes=closes,
    )


def assess(conversation: Conversation, readings: Sequence[MessageReading],
           criteria: Criteria) -> Assessment:
    """Find every reply, what it owed, what it showed and what it missed."""
    check_aligned(conversation, readings)
    moments: list[CustomerMoment] = []
    runs: list[tuple[list[int], list[CustomerMoment], str | None]] = []
    waiting: list[CustomerMoment] = []
    open_problem: str | None = None
    for i, m in enumerate(conversation.messages):
        if m.internal:
            continue
        if m.role is Role.CUSTOMER:
            moment = read_customer(i, m, readings[i], criteria)
            moments.append(moment)
            # "Thanks, that's sorted" settles what came before it: the next reply owes
            # nothing to the messages it closed.
            waiting = [moment] if moment.closes else [*waiting, moment]
            if moment.closes:
                open_problem = None
            if moment.stated:
                open_problem = moment.message_id
        elif m.role is Role.AGENT:
            if runs and not waiting and runs[-1][0] and _same_run(conversation, runs[-1][0][-1], i):
                runs[-1][0].append(i)
            else:
                runs.append(([i], waiting, open_problem))
                waiting = []
        # Bot and system messages neither answer the customer nor break a reply.
    replies = [
        _reply(n, positions, answered, open_id, n == len(runs) - 1, conversation, readings, criteria)
        for n, (positions, answered, open_id) in enumerate(runs)
    ]
    return Assessment(moments=moments, replies=replies, once=_once(replies, criteria),
                      criteria=criteria)


def _same_run(conversation: Conversation, last: int, now: int) -> bool:
    """No customer message lies between two agent messages."""
    return not any(m.role is Role.CUSTOMER and not m.internal
                   for m in conversation.messages[last + 1:now])


def _reply(number: int, positions: list[int], answers: list[CustomerMoment], open_id: str | None,
           last: bool, conversation: Conversation, readings: Sequence[MessageReading],
           criteria: Criteria) -> Reply:
    reply = Reply(number=number, positions=tuple(positions),
                  message_ids=tuple(conversation.messages[p].id for p in positions),
                  answers=tuple(answers), open_problem=open_id)
    for c in criteria.active():
        reply.shown[c.name] = [conversation.messages[p].id for p in positions
                               if _shows(c, conversation.messages[p], readings[p])]
    for c in criteria.active("expected"):
        if c.scope == "reply" and (opp := _owed(c, reply, last)) is not None:
            reply.owed[c.name] = opp
    for name, opp in reply.owed.items():
        c = criteria[name]
        # An agent who first asks what they need to know is not marked down for not acting
        # yet; the action stays owed by the next reply while the problem is open.
        if c.when == "open" and not reply.shows(name) and reply.shows("explores") \
                and "explores" in criteria.criteria:
            reply.deferred.add(opp.criterion)
    strong = any(a.strong for a in answers)
    reply.ignores_emotion = (strong and "acknowledges_emotion" in reply.owed
                             and not reply.shows("acknowledges_emotion")
                             and not reply.shows("mirrors_problem"))
    # Always derived here, whatever the readings say: it depends on what was owed.
    reply.shown["ignores_emotion"] = [reply.message_ids[0]] if reply.ignores_emotion else []
    return reply


def _shows(c: Criterion, message: Message, reading: MessageReading) -> bool:
    if c.builtin:
        return bool(reading.behaviours.get(c.name, False))
    return bool(c.find(message.text))


def _owed(c: Criterion, reply: Reply, last: bool) -> Opportunity | None:
    answers = reply.answers
    latest = answers[-1].message_id if answers else None
    if c.when == "emotion":
        hurting = [a for a in answers if a.owes_acknowledgement]
        if not hurting:
            return None
        worst = max(hurting, key=lambda a: (a.strong, a.intensity))
        why = f"{worst.emotion} {worst.intensity:.2f}" if worst.emotion != "neutral" else "problem that hurts"
        return Opportunity(c.name, worst.message_id, why)
    if c.when == "stated":
        stated = [a for a in answers if a.stated]
        return Opportunity(c.name, stated[-1].message_id, "problem or request stated") if stated else None
    if c.when == "unclear":
        unclear = [a for a in answers if a.unclear]
        if not unclear:
            return None
        a = unclear[-1]
        why = "confused" if a.emotion == "confused" else "problem unclear"
        return Opportunity(c.name, a.message_id, why)
    if c.when == "open":
        open_id = reply.open_problem
        return Opportunity(c.name, open_id, "problem or request open") if open_id else None
    if c.when == "any" or (c.when == "first" and reply.number == 0) or (c.when == "last" and last):
        return Opportunity(c.name, latest, f"{c.when} reply")
    return None


def _once(replies: list[Reply], criteria: Criteria) -> dict[str, tuple[Opportunity, bool, int]]:
    """Conversation-scope criteria: owed once, met by any agent message."""
    out: dict[str, tuple[Opportunity, bool, int]] = {}
    for c in criteria.active("expected"):
        if c.scope != "conversation":
            continue
        for r in replies:
            opp = _owed(c, r, r.number == len(replies) - 1)
            if opp is not None:
                out[c.name] = (opp, any(x.shows(c.name) for x in replies), r.number)
                break
    return out

