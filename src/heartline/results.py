"""What analysis produces: per-message readings and per-conversation results.

These are the objects behind the output contract of ``heartline analyze``
(``docs/output-contract.md``): ``to_dict`` gives exactly the published JSON.
Heads fill ``MessageReading``; scoring turns a conversation's readings into a
``ConversationResult``. Both are plain data, free of storage and web.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from heartline.conversation import Role

#: The agent behaviours heartline scores (behaviour-guidelines.md defines them).
BEHAVIOURS = (
    "explores", "acknowledges_emotion", "mirrors_problem", "takes_action",
    "generic_sympathy", "over_apologising", "rude", "ignores_emotion",
)
#: The customer-service emotion groups, derived from the 28 GoEmotions labels.
EMOTION_GROUPS = (
    "angry", "frustrated", "disappointed", "anxious", "confused", "sad", "grateful", "happy",
    "neutral",
)
NEGATIVE_GROUPS = frozenset({"angry", "frustrated", "disappointed", "anxious", "confused", "sad"})

Span = tuple[int, int]


@dataclass
class MessageReading:
    """What heartline read in one message.

    Attributes:
        message_id: the id the message has in its source.
        role: who wrote it.
        emotion: customer messages: the dominant customer-service emotion group.
        emotion_intensity: 0–1, how strongly it is expressed.
        emotions: customer messages: probability of each GoEmotions label.
        intent: customer messages: what the customer wants (issue type), if any.
        empathy_needed: customer messages: probability that the message calls for an
            acknowledgement (behaviour-guidelines.md, "empathy needed"), when a head gives it;
            scoring falls back to emotion and problem cues when it is None.
        behaviour_scores: agent messages: probability of each behaviour.
        behaviours: agent messages: the decided flags (thresholded, opportunity-aware
            for ``ignores_emotion``).
        evidence: behaviour or emotion → character spans in the message text.
        suggestion: a better reply, for agent messages that missed something.
        suggestion_why: one line on why the suggestion is better.
        extra: further readings by analyser name (politeness, strategy, …).
    """

    message_id: str
    role: Role
    emotion: str | None = None
    emotion_intensity: float | None = None
    emotions: dict[str, float] = field(default_factory=dict)
    intent: str | None = None
    behaviour_scores: dict[str, float] = field(default_factory=dict)
    behaviours: dict[str, bool] = field(default_factory=dict)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    suggestion: str | None = None
    suggestion_why: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Last, so positional construction written before it was added keeps working.
    empathy_needed: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The message object of the output contract."""
        out: dict[str, Any] = {"message_id": self.message_id, "role": self.role.value}
        if self.role is Role.CUSTOMER:
            out["emotion"] = self.emotion
            out["emotion_intensity"] = _round(self.emotion_intensity)
            out["emotions"] = {k: round(v, 4) for k, v in self.emotions.items()}
            out["intent"] = self.intent
            if self.empathy_needed is not None:
                out["empathy_needed"] = _round(self.empathy_needed)
        if self.role is Role.AGENT:
            out["behaviours"] = {b: bool(self.behaviours.get(b, False)) for b in BEHAVIOURS}
            out["behaviour_scores"] = {k: round(v, 4) for k, v in self.behaviour_scores.items()}
            out["suggestion"] = self.suggestion
            out["suggestion_why"] = self.suggestion_why
        out["evidence"] = {k: [list(s) for s in v] for k, v in self.evidence.items() if v}
        if self.extra:
            out["extra"] = self.extra
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
