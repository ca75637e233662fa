"""Real-time assist: what an agent sees while typing a reply.

Given the conversation so far and the agent's draft, an ``AssistEngine``
says how the customer feels and what they need, scores the draft on the three
empathy stages, warns about rude phrases, generic sympathy and an ignored
emotion, and proposes an acknowledgement to insert. ``AssistResult.to_dict``
is the JSON the HTTP endpoint returns (``docs/assist.md``).

This module is core: the web app, the CLI or a notebook can call an engine
through ``run_assist``; the analysis itself lives in ``heartline.engine``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from heartline.conversation import Message

#: The three empathy stages and the overall score, each 0–100.
STAGES = ("cognitive", "emotional", "compassionate", "empathy")
#: What a warning may be about (behaviour-guidelines.md defines each).
WARNING_KINDS = ("rude", "generic_sympathy", "ignores_emotion", "over_apologising", "custom")

Span = tuple[int, int]


@dataclass(frozen=True)
class CustomerState:
    """How the customer feels now and what they need.

    Attributes:
        emotion: the customer-service emotion group of the latest customer
            message (``frustrated``, ``anxious``, ``neutral`` …).
        intensity: 0–1, how strongly it is expressed.
        needs: what the customer needs from the reply, most important first
            (``acknowledgement``, ``explanation``, ``refund`` …).
    """

    emotion: str
    intensity: float
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftReading:
    """The draft reply, scored.

    Attributes:
        scores: ``cognitive``, ``emotional``, ``compassionate`` and ``empathy``, 0–100.
        behaviours: behaviour name → whether the draft shows it.
    """

    scores: Mapping[str, float]
    behaviours: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class AssistWarning:
    """Something in (or missing from) the draft the agent should look at.

    Attributes:
        kind: one of ``WARNING_KINDS``.
        message: one line for the agent, in plain words.
        span: the characters of the draft it is about, or None when it is
            about something missing (an ignored emotion).
    """

    kind: str
    message: str
    span: Span | None = None


@dataclass(frozen=True)
class AssistResult:
    """Everything the assist call returns for one draft."""

    customer: CustomerState
    draft: DraftReading
    warnings: tuple[AssistWarning, ...] = ()
    suggested_acknowledgement: str | None = None
    timing_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``POST /api/v1/assist``."""
        return {
            "customer": {
                "emotion": self.customer.emotion,
                "intensity": round(self.customer.intensity, 3),
                "needs": list(self.customer.needs),
            },
            "draft": {
                "scores": {k: round(float(self.draft.scores.get(k, 0.0)), 1) for k in STAGES},
                "behaviours": {k: bool(v) for k, v in self.draft.behaviours.items()},
            },
            "warnings": [
                {"kind": w.kind, "message": w.message, "span": list(w.span) if w.span else None}
                for w in self.warnings
            ],
            "suggested_acknowledgement": self.suggested_acknowledgement,
            "timing_ms": round(self.timing_ms, 2),
        }


class AssistEngine(Protocol):
    """What the assist path needs from the analysis engine.

    One engine serves every request of a process, from several threads at
    once, so implementations must be thread-safe and keep no per-call state.
    """

    def assist(self, messages: Sequence[Message], draft: str) -> AssistResult:
        """Read the conversation so far and score the draft reply."""
        ...


def run_assist(engine: AssistEngine, messages: Sequence[Message], draft: str) -> AssistResult:
    """Call ``engine`` and stamp the result with how long it took.

    Spans that fall outside the draft are dropped rather than passed on: a
    widget that highlights them would otherwise point at the wrong text.
    """
    start = time.perf_counter()
    result = engine.assist(messages, draft)
    elapsed = (time.perf_counter() - start) * 1000
    warnings = tuple(
        w if w.span is None or 0 <= w.span[0] <= w.span[1] <= len(draft) else replace(w, span=None)
        for w in result.warnings
    )
    return replace(result, warnings=warnings, timing_ms=elapsed)
