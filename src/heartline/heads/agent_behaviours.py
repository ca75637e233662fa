"""Customer-service behaviours of an agent reply, read against the customer message it answers.

One linear multi-label head over the pair ``[c, a, c*a, |c-a|]`` (customer, agent
pooled embeddings) scores the seven trained behaviours; each logit is then
*stacked* (a small logistic regression) with cues the pooled pair blurs: the
phrase list's flag for that behaviour, and

* for **mirrors_problem** the soft token overlap with the customer's message
  (:mod:`heartline.heads.content_overlap`), so mirroring is measured against what
  the customer said;
* for **over_apologising** and **generic_sympathy** the number of apologies and
  whether one gushes ("truly, deeply sorry");
* for **explores** the number of questions, for **takes_action** a link.

*ignores_emotion* is not a head of its own: it is "the customer's message
expresses a negative feeling" (a small head on the customer message) and "the
reply does not acknowledge it". Definitions: shared/reference/behaviour-guidelines.md
and data/labelled/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from heartline.heads.behaviour_phrases import may_match, phrase_flags
from heartline.heads.content_overlap import FEATURES as OVERLAP_FEATURES
from heartline.heads.content_overlap import batch_matches, batch_overlap, echoed
from heartline.heads.inputs import TokenBatch
from heartline.heads.model import Head, sigmoid

BEHAVIOURS = (
    "explores",
    "acknowledges_emotion",
    "mirrors_problem",
    "takes_action",
    "generic_sympathy",
    "rude",
    "over_apologising",
)
"""Behaviours with a trained detector, in the head's output order."""

ALL_BEHAVIOURS = (*BEHAVIOURS, "ignores_emotion")
"""Every behaviour flag reported for an agent message (issue 4's contract)."""

APOLOGY = re.compile(r"\b(sorry|apologi[sz]e[sd]?|apologies|apology|regret)\b", re.I)
GUSHING = re.compile(
    r"can't apologi[sz]e enough|(truly|deeply|terribly),? (truly |deeply |terribly )?sorry|sorry,? sorry"
    r"|we feel (terrible|awful|dreadful)|mortified|thousand apologies",
    re.I,
)
# Wording that validates a feeling (the guidelines' own examples and their usual variants).
VALIDATES = re.compile(
    r"\b(?:understand(?:able)?|imagine|hear|see|know|appreciate|get)\b[^.!?]{0,40}?\b(?:frustrat\w*|upset\w*|"
    r"disappoint\w*|annoy\w*|worr\w*|stress\w*|angry|anger|fed up|exasperat\w*|disheart\w*|how you feel)"
    r"|\b(?:sounds|must be|must have been|is|that's|that is)\s+(?:so |really |very |incredibly |completely )?"
    r"(?:frustrating|upsetting|disappointing|worrying|stressful|annoying|exasperating|disheartening)\b"
    r"|\bevery right to be\b|\bcompletely understandable\b|\bmakes (?:complete |total )?sense (?:that|to feel)"
    r"|\bnot the experience we want", re.I)
# A line that only holds, hands over or closes a live chat ("Bear with me.", "One moment,
# please.", "Take care, bye."): it dismisses nothing, though a short reply to an upset customer
# is what the rude detector learned brush-offs look like.
HOLDING = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|right|thanks|thank you|great|sure)[,.!]?\s+)?(?:just\s+)?(?:"
    r"bear with me|(?:one|a|just a) (?:moment|minute|sec(?:ond)?)|(?:putting|place|placing) you on (?:a )?"
    r"(?:short |brief )?hold|please hold|(?:thanks|thank you) for (?:holding|waiting|your patience)|"
    r"(?:i'?m )?still (?:here|with you)|won'?t be (?:a moment|long)|give me (?:a|one) (?:moment|minute|sec(?:ond)?)|"
    r"(?:take care|bye|goodbye|have a (?:good|great|nice|lovely) (?:day|evening|weekend)|all the best|speak soon)"
    r")(?:[\s,.!]+(?:now|please|then|for now|bye|again|thanks|thank you))*[\s,.!]*$", re.I)
# What any match of APOLOGY and GUSHING contains (a cheap check before the regex).
_APOLOGY_WORDS = ("sorry", "apolog", "regret")
_GUSHING_WORDS = ("apologi", "sorry", "we feel", "mortified")
_QUESTION = re.compile(r"\?")
_URL = re.compile(r"https?://|www\.", re.I)

# Every behaviour's decision adds the phrase list's flag for it to the embedding
# logit; some add more cues the pooled embedding blurs.
STACKED: dict[str, tuple[str, ...]] = {
    "explores": ("phrase", "questions"),
    "acknowledges_emotion": ("phrase",),
    "mirrors_problem": ("phrase", *OVERLAP_FEATURES),
    "takes_action": ("phrase", "link"),
    "generic_sympathy": ("phrase", "apologies", "gushing"),
    "rude": ("phrase",),
    "over_apologising": ("phrase", "apologies", "gushing"),
}
"""Features stacked onto each behaviour's head logit, by behaviour."""


def apology_features(replies: Sequence[str]) -> np.ndarray:
    """(n, 2): apologies in the reply (capped at 4, scaled to [0, 1]) and a gushing apology (0/1)."""
    rows = []
    for t in replies:
        low = t.lower()
        apologies = len(APOLOGY.findall(t)) if may_match(low, _APOLOGY_WORDS) else 0
        gushing = may_match(low, _GUSHING_WORDS) and bool(GUSHING.search(t))
        rows.append([min(apologies, 4) / 4.0, float(gushing)])
    return np.array(rows, dtype=np.float32).reshape(len(replies), 2)


def extra_features(replies: Sequence[str], agent: TokenBatch, customer: TokenBatch, *,
                   matches: list[list[tuple[int, int, float]]] | None = None) -> dict[str, np.ndarray]:
    """The stacked features of every reply, by behaviour (columns as in :data:`STACKED`).

    ``matches``: the replies' ``content_overlap.batch_matches``, where the caller has them.
    """
    n = len(replies)
    flags = np.array([[f[b] for b in BEHAVIOURS] for f in map(phrase_flags, replies)], np.float32).reshape(n, -1)
    cues = {
        "questions": np.array([[min(len(_QUESTION.findall(t)), 3) / 3.0] for t in replies], np.float32),
        "link": np.array([[float(bool(_URL.search(t)))] for t in replies], np.float32),
        "overlap": batch_overlap(list(replies), agent, customer, matches=matches),
        "apology": apology_features(replies),
    }
    out = {}
    for k, name in enumerate(BEHAVIOURS):
        cols = [flags[:, k : k + 1]]
        if name == "explores":
            cols.append(cues["questions"])
        elif name == "mirrors_problem":
            cols.append(cues["overlap"])
        elif name == "takes_action":
            cols.append(cues["link"])
        elif name in ("generic_sympathy", "over_apologising"):
            cols.append(cues["apology"])
        out[name] = np.concatenate([c.reshape(n, -1) for c in cols], axis=1)
    return out


@dataclass(frozen=True)
class BehaviourReading:
    """What the behaviour heads found in one agent reply."""

    behaviours: dict[str, bool]
    scores: dict[str, float]
    evidence: dict[str, list[list[int]]]


class AgentBehaviours:
    """The behaviour head, its stackers and the customer-needs-acknowledgement head.

    Args:
        head: multi-label pair head over :data:`BEHAVIOURS`; its ``config.extra["stack"]``
            holds, per stacked behaviour, ``{"weights": [...], "bias": b}`` where the first
            weight applies to the head's logit; ``config.thresholds`` are probability
            thresholds after stacking.
        needs_ack: multi-label head on a customer message: ``negative_feeling`` (does it express
            one?) and ``empathy_needed`` (does it call for acknowledgement?).
    """

    def __init__(self, head: Head, needs_ack: Head) -> None:
        self.head = head
        self.needs_ack = needs_ack
        self.stack: dict[str, Any] = dict(head.config.extra.get("stack", {}))

    def probabilities(self, replies: Sequence[str], agent: TokenBatch, customer: TokenBatch, *,
                      matches: list[list[tuple[int, int, float]]] | None = None) -> np.ndarray:
        """(n, 7) probability of each trained behaviour, after stacking.

        ``matches``: the replies' ``content_overlap.batch_matches``, where the caller has them.
        """
        inputs = self._inputs(agent, customer)
        z = self.head.logits(inputs)
        extras = extra_features(replies, agent, customer, matches=matches) if self.stack else {}
        for name, params in self.stack.items():
            k = BEHAVIOURS.index(name)
            w = np.asarray(params["weights"], np.float32)
            z[:, k] = w[0] * z[:, k] + extras[name] @ w[1:] + float(params["bias"])
        return sigmoid(z)

    def customer_needs(self, customer: TokenBatch) -> np.ndarray:
        """(n, 2) P(negative feeling), P(empathy needed) for customer messages."""
        return self.needs_ack.probabilities({"message": customer})

    def read(self, replies: Sequence[str], agent: TokenBatch, customer: TokenBatch, *,
             evidence_top: int = 3) -> list[BehaviourReading]:
        """Flags, scores and evidence spans for each reply."""
        if not len(replies):
            return []
        # Word matches feed the mirroring decision and are its evidence: computed once.
        matches = batch_matches(list(replies), agent, customer)
        probs = self.probabilities(replies, agent, customer, matches=matches)
        thr = np.asarray(self.head.config.thresholds or [0.5] * len(BEHAVIOURS))
        flags = probs >= thr
        neg = self.customer_needs(customer)[:, 0]
        neg_thr = self.needs_ack.config.thresholds[0] if self.needs_ack.config.thresholds else 0.5
        ack = BEHAVIOURS.index("acknowledges_emotion")
        _settle_rude_by_wording(flags, replies)
        ignores = (neg >= neg_thr) & ~flags[:, ack]
        inputs = self._inputs(agent, customer)
        found = self._evidence_all(replies, flags, inputs, evidence_top, matches)
        out = []
        for i in range(len(replies)):
            evidence = {name: found[name][i] for k, name in enumerate(BEHAVIOURS) if flags[i, k]}
            behaviours = {name: bool(flags[i, k]) for k, name in enumerate(BEHAVIOURS)}
            behaviours["ignores_emotion"] = bool(ignores[i])
            scores = {name: round(float(probs[i, k]), 4) for k, name in enumerate(BEHAVIOURS)}
            scores["customer_negative"] = round(float(neg[i]), 4)
            out.append(BehaviourReading(behaviours, scores, evidence))
        return out

    def _evidence_all(self, replies: Sequence[str], flags: np.ndarray, inputs: dict[str, TokenBatch],
                      top: int, matches: list[list[tuple[int, int, float]]]) -> dict[str, dict[int, list[list[int]]]]:
        """Per behaviour, the evidence of every reply it was flagged in (one head pass per behaviour)."""
        out: dict[str, dict[int, list[list[int]]]] = {}
        for k, name in enumerate(BEHAVIOURS):
            rows = [int(i) for i in np.flatnonzero(flags[:, k])]
            found: dict[int, list[list[int]]] = {}
            if name == "over_apologising":
                for i in rows:
                    found[i] = [[m.start(), m.end()] for m in APOLOGY.finditer(replies[i])][: max(top, 4)]
            else:
                if name == "mirrors_problem":  # the customer's words said back, where they can be found
                    for i in rows:
                        if words := echoed(matches[i]):
                            found[i] = [[s, e] for s, e in words][: max(top, 6)]
                rest = [i for i in rows if i not in found]
                if rest:
                    spans = self.head.evidence(inputs, k, top=top, rows=rest)
                    found.update({i: [[s.start, s.end] for s in sp] for i, sp in zip(rest, spans, strict=True)})
            out[name] = found
        return out

    def _inputs(self, agent: TokenBatch, customer: TokenBatch) -> dict[str, TokenBatch]:
        return {"previous_customer_message": customer, "message": agent}


def _settle_rude_by_wording(flags: np.ndarray, replies: Sequence[str]) -> None:
    """Where the rude flag fires on wording that says otherwise, the wording decides (in place).

    - Rude and acknowledging never both: no labelled exchange is. A dismissive mention
      of a feeling ("Calm down", "Sorry if you feel that way. In any case...") is rude;
      a reply that validates the feeling and says nothing rude ("We understand how
      frustrating that must be", the guidelines' own example, which the head alone
      reads as a brush-off when it stands alone) acknowledges.
    - A line that only holds, hands over or closes the chat (``HOLDING``) is not rude.
    """
    ack, rude = BEHAVIOURS.index("acknowledges_emotion"), BEHAVIOURS.index("rude")
    for i in np.flatnonzero(flags[:, rude]):
        text = replies[int(i)]
        if HOLDING.match(text):
            flags[i, rude] = False
        elif flags[i, ack]:
            if VALIDATES.search(text) and not phrase_flags(text)["rude"]:
                flags[i, rude] = False
            else:
                flags[i, ack] = False
