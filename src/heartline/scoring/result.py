"""One conversation's analysis result: the output contract of ``heartline analyze``.

``score_conversation`` turns a conversation plus its per-message readings into a
``ConversationResult``; ``to_dict`` gives the published JSON object: the contract's
``conversation_id``, ``scores`` and ``messages`` (never renamed) plus added fields.
The readings passed in are not changed: the result holds copies with the
opportunity-aware ``ignores_emotion`` flag (and, after coaching, suggestions) filled.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from heartline.conversation import Conversation, Role
from heartline.criteria import Criteria, default_criteria
from heartline.results import MessageReading
from heartline.scoring.experience import Experience, experience_of
from heartline.scoring.opportunities import Assessment, assess
from heartline.scoring.stages import StageScores, credit, score_stages


@dataclass(frozen=True)
class MissedOpportunity:
    """A behaviour the conversation called for that a reply did not give.

    Attributes:
        criterion: what was owed (``acknowledges_emotion``, a team criterion …).
        stage: the stage it counts in.
        customer_message_id: the customer message that created the opportunity.
        agent_message_id: the first message of the reply that missed it.
        reason: why it was owed, without message text.
        credit: partial credit earned anyway (0.25 for generic sympathy by default).
    """

    criterion: str
    stage: str
    customer_message_id: str | None
    agent_message_id: str
    reason: str
    credit: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict."""
        return dataclasses.asdict(self)


@dataclass
class ConversationResult:
    """What heartline found in one conversation.

    Attributes:
        conversation_id: the conversation's id in its source.
        stages: the three stage scores and overall empathy, with their opportunity counts.
        experience: trajectory, experience estimate, timings, resolution, difficulty.
        messages: one reading per message (copies; ``ignores_emotion`` filled).
        assessment: the replies and what each owed (what the coach works from).
    """

    conversation_id: str
    stages: StageScores
    experience: Experience
    messages: list[MessageReading]
    assessment: Assessment

    @property
    def scores(self) -> dict[str, float]:
        """The contract's five scores, 0–100."""
        return {"cognitive": self.stages.cognitive.score, "emotional": self.stages.emotional.score,
                "compassionate": self.stages.compassionate.score,
                "empathy": self.stages.empathy.score, "experience": self.experience.score}

    def missed_opportunities(self) -> list[MissedOpportunity]:
        """Every missed expectation, each with the customer message that created it."""
        criteria = self.assessment.criteria
        out: list[MissedOpportunity] = []
        for reply in self.assessment.replies:
            for name in reply.missed():
                opp = reply.owed[name]
                out.append(MissedOpportunity(
                    criterion=name, stage=criteria[name].stage,
                    customer_message_id=opp.customer_message_id,
                    agent_message_id=reply.message_ids[0], reason=opp.reason,
                    credit=credit(reply, name, criteria),
                ))
        for name, (opp, met, number) in self.assessment.once.items():
            if not met:
                reply = self.assessment.replies[number]
                out.append(MissedOpportunity(name, criteria[name].stage, opp.customer_message_id,
                                             reply.message_ids[0], opp.reason))
        return out

    def opportunity_counts(self) -> dict[str, dict[str, int]]:
        """Per expected criterion: how often it was owed, met, partly met, missed, deferred."""
        counts: dict[str, dict[str, int]] = {}
        criteria = self.assessment.criteria
        for c in criteria.active("expected"):
            counts[c.name] = {"owed": 0, "met": 0, "partial": 0, "missed": 0, "deferred": 0}
        for reply in self.assessment.replies:
            for name in reply.owed:
                row = counts[name]
                row["owed"] += 1
                got = credit(reply, name, criteria)
                key = ("deferred" if name in reply.deferred else "met" if got >= 1.0
                       else "partial" if got > 0 else "missed")
                row[key] += 1
        for name, (_opp, met, _n) in self.assessment.once.items():
            counts[name]["owed"] += 1
            counts[name]["met" if met else "missed"] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        """The output contract's object for this conversation (docs/scoring.md lists the added fields)."""
        x = self.experience
        return {
            "conversation_id": self.conversation_id,
            "scores": self.scores,
            "messages": [m.to_dict() for m in self.messages],
            "stages": {k: v.to_dict() for k, v in self.stages.by_stage().items()},
            "opportunities": self.opportunity_counts(),
            "missed_opportunities": [m.to_dict() for m in self.missed_opportunities()],
            "replies": [
                {"message_ids": list(r.message_ids),
                 "owed": {k: o.customer_message_id for k, o in r.owed.items()},
                 "missed": r.missed(), "deferred": sorted(r.deferred)}
                for r in self.assessment.replies
            ],
            "trajectory": x.trajectory(),
            "first_acknowledgement": x.first_acknowledgement,
            "response_times": x.response_times,
            "resolved": x.resolved,
            "resolution_signals": list(x.resolution_signals),
            "difficulty": x.difficulty,
            "difficulty_parts": x.difficulty_parts,
            "criteria": list(self.assessment.criteria.sources),
        }


def score_conversation(conversation: Conversation, readings: Sequence[MessageReading], *,
                       criteria: Criteria | None = None) -> ConversationResult:
    """Score one conversation from its readings (one per message, in message order).

    Args:
        conversation: the conversation.
        readings: what the heads read in each message, aligned with ``conversation.messages``.
        criteria: the criteria table; the bundled defaults when omitted.

    Raises:
        ValueError: the readings do not pair one-to-one with the messages.
    """
    criteria = criteria or default_criteria()
    assessment = assess(conversation, readings, criteria)
    messages = _annotated(conversation, readings, assessment)
    return ConversationResult(
        conversation_id=conversation.id, stages=score_stages(assessment),
        experience=experience_of(conversation, assessment), messages=messages,
        assessment=assessment,
    )


def _annotated(conversation: Conversation, readings: Sequence[MessageReading],
               assessment: Assessment) -> list[MessageReading]:
    """Copies of the readings with ignores_emotion set and team criteria hits recorded."""
    ignoring = {r.message_ids[0] for r in assessment.replies if r.ignores_emotion}
    team = [c for c in assessment.criteria.active() if not c.builtin]
    out: list[MessageReading] = []
    for m, r in zip(conversation.messages, readings, strict=True):
        copy = dataclasses.replace(r, behaviours=dict(r.behaviours), evidence=dict(r.evidence),
                                   extra=dict(r.extra))
        if m.role is Role.AGENT and not m.internal:
            copy.behaviours["ignores_emotion"] = m.id in ignoring
            hits = {c.name: [list(s) for s in c.find(m.text)] for c in team}
            if hits := {k: v for k, v in hits.items() if v}:
                copy.extra["criteria"] = hits
        out.append(copy)
    return out
