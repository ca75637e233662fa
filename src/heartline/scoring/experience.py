"""The customer's side: emotion trajectory, experience estimate, timings, resolution, difficulty.

Valence turns an emotion group and its intensity into one number from −1 (furious)
to +1 (delighted). The experience estimate follows the peak-end rule (Kahneman et al.
1993; Kahneman 2000): people remember an experience by its worst moment and its end
far more than by its average. docs/scoring.md gives every formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean, median
from typing import Any

from heartline.conversation import Conversation
from heartline.criteria import Criteria
from heartline.results import NEGATIVE_GROUPS
from heartline.scoring.opportunities import Assessment, CustomerMoment

#: How pleasant each emotion group is at full intensity (−1 … +1).
VALENCE: dict[str, float] = {
    "angry": -1.0, "frustrated": -0.8, "disappointed": -0.7, "sad": -0.7, "anxious": -0.6,
    "confused": -0.3, "neutral": 0.0, "grateful": 0.8, "happy": 1.0,
}


def valence(moment: CustomerMoment) -> float:
    """The moment's valence: its group's valence times its intensity."""
    return VALENCE.get(moment.emotion, 0.0) * moment.intensity


@dataclass(frozen=True)
class Point:
    """One customer message on the emotion trajectory."""

    message_id: str
    emotion: str
    intensity: float
    valence: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict."""
        return {"message_id": self.message_id, "emotion": self.emotion,
                "intensity": round(self.intensity, 4), "valence": round(self.valence, 4)}


@dataclass(frozen=True)
class Experience:
    """Everything about the customer's side of one conversation.

    Attributes:
        points: the trajectory, one point per customer message.
        start: the first point; peak: the worst (lowest valence); end: the last.
        score: customer-experience estimate 0–100 (50: no feeling shown either way).
        first_acknowledgement: ``owed``, ``turns``, ``seconds``, ``message_id``.
        response_times: ``waits`` (seconds per customer wait) and their summaries.
        resolved: True / False, or None when nothing says either way.
        resolution_signals: short, text-free reasons for ``resolved``.
        difficulty: how hard the customer was to serve, 0–100.
        difficulty_parts: the four parts (0–1) the difficulty is made of.
    """

    points: tuple[Point, ...]
    start: Point | None
    peak: Point | None
    end: Point | None
    score: float
    first_acknowledgement: dict[str, Any]
    response_times: dict[str, Any]
    resolved: bool | None
    resolution_signals: tuple[str, ...]
    difficulty: float
    difficulty_parts: dict[str, float] = field(default_factory=dict)

    def trajectory(self) -> dict[str, Any]:
        """The trajectory as the output contract's ``trajectory`` field."""
        return {"start": _d(self.start), "peak": _d(self.peak), "end": _d(self.end),
                "points": [p.to_dict() for p in self.points]}


def experience_of(conversation: Conversation, assessment: Assessment) -> Experience:
    """The customer's side of a conversation (see :class:`Experience`)."""
    criteria = assessment.criteria
    points = tuple(Point(m.message_id, m.emotion, m.intensity, valence(m)) for m in assessment.moments)
    start = points[0] if points else None
    end = points[-1] if points else None
    peak = min(points, key=lambda p: p.valence) if points else None
    resolved, signals = resolution(conversation, assessment, criteria)
    parts = difficulty_parts(conversation, assessment, criteria)
    dw = {k: v for k, v in criteria.difficulty.items() if k != "long_conversation_turns"}
    total = sum(dw.values()) or 1.0
    return Experience(
        points=points, start=start, peak=peak, end=end,
        score=peak_end(points, criteria),
        first_acknowledgement=first_acknowledgement(conversation, assessment),
        response_times=response_times(conversation), resolved=resolved,
        resolution_signals=signals,
        difficulty=round(100.0 * sum(dw[k] * parts[k] for k in dw) / total, 1),
        difficulty_parts={k: round(v, 4) for k, v in parts.items()},
    )


def peak_end(points: tuple[Point, ...], criteria: Criteria) -> float:
    """Experience 0–100 = 50 × (1 + weighted mean of worst, last and average valence)."""
    if not points:
        return 50.0
    w = criteria.experience
    values = [p.valence for p in points]
    parts = {"peak": min(values), "end": values[-1], "mean": mean(values)}
    total = sum(w.get(k, 0.0) for k in parts) or 1.0
    blended = sum(w.get(k, 0.0) * v for k, v in parts.items()) / total
    return round(50.0 * (1.0 + blended), 1)


def first_acknowledgement(conversation: Conversation, assessment: Assessment) -> dict[str, Any]:
    """Replies and seconds from the first emotion owed an acknowledgement to the first one given."""
    owed = [r for r in assessment.replies if "acknowledges_emotion" in r.owed]
    out: dict[str, Any] = {"owed": bool(owed), "turns": None, "seconds": None, "message_id": None}
    if not owed:
        return out
    first = owed[0]
    given = next((r for r in assessment.replies
                  if r.number >= first.number and r.shows("acknowledges_emotion")), None)
    if given is None:
        return out
    ack_id = given.shown["acknowledges_emotion"][0]
    by_id = {m.id: m for m in conversation.messages}
    out["turns"] = given.number - first.number + 1
    out["message_id"] = ack_id
    opened = by_id[first.owed["acknowledges_emotion"].customer_message_id or ""].sent_at
    said = by_id[ack_id].sent_at
    if opened is not None and said is not None:
        out["seconds"] = max(0.0, (said - opened).total_seconds())
    return out


def response_times(conversation: Conversation) -> dict[str, Any]:
    """Each customer wait for an agent reply (``Conversation.response_times``) and summaries."""
    waits = conversation.response_times()
    return {
        "waits": [round(w, 3) for w in waits],
        "first_response_seconds": waits[0] if waits else None,
        "mean_response_seconds": round(mean(waits), 3) if waits else None,
        "median_response_seconds": round(median(waits), 3) if waits else None,
        "longest_wait_seconds": max(waits) if waits else None,
        "total_wait_seconds": round(sum(waits), 3) if waits else None,
    }


def resolution(conversation: Conversation, assessment: Assessment,
               criteria: Criteria) -> tuple[bool | None, tuple[str, ...]]:
    """Whether the problem looks resolved, and why (docs/scoring.md, "Resolved")."""
    signals: list[str] = []
    verdict: bool | None = None
    outcome = (conversation.outcome or "").strip().lower()
    if outcome in criteria.resolved_outcomes:
        verdict = True
        signals.append(f"helpdesk outcome '{outcome}'")
    elif outcome in criteria.open_outcomes:
        verdict = False
        signals.append(f"helpdesk outcome '{outcome}'")
    last = assessment.moments[-1] if assessment.moments else None
    after = [r for r in assessment.replies if last and r.positions[0] > last.position]
    customer_says: bool | None = None
    if last is None:
        signals.append("no customer message")
    elif last.closes:
        customer_says = True
        signals.append("customer's last message thanks or confirms"
                       if last.statement.resolved or last.statement.thanks
                       else "customer ends on a positive note")
    elif last.emotion in NEGATIVE_GROUPS or last.stated:
        if not after:
            customer_says = False
            signals.append("customer's last message was not answered")
        elif any(r.shows("takes_action") for r in after):
            signals.append("agent acted after the customer's last message; no confirmation")
        else:
            customer_says = False
            signals.append("no action after the customer's last message")
        if last.emotion in NEGATIVE_GROUPS:
            signals.append(f"customer ends {last.emotion}")
    if verdict is None:
        verdict = customer_says
    if not signals:
        signals.append("nothing says either way")
    return verdict, tuple(signals)


def difficulty_parts(conversation: Conversation, assessment: Assessment,
                     criteria: Criteria) -> dict[str, float]:
    """The four parts of difficulty, each 0–1 (docs/scoring.md, "Difficulty")."""
    moments = assessment.moments
    if not moments:
        return {"initial_emotion": 0.0, "repeat_contact": 0.0, "length": 0.0, "escalation": 0.0}
    values = [valence(m) for m in moments]
    repeats = sum(m.statement.repeat for m in moments)
    tagged = any(t.lower() in {"repeat", "reopened", "follow-up", "followup", "repeat-contact"}
                 for t in conversation.tags)
    long_turns = max(2.0, criteria.difficulty.get("long_conversation_turns", 7.0))
    escalated = any(m.statement.escalation for m in moments)
    return {
        "initial_emotion": max(0.0, -values[0]),
        "repeat_contact": 1.0 if tagged else min(1.0, 0.5 * repeats),
        "length": min(1.0, (len(moments) - 1) / (long_turns - 1)),
        "escalation": 1.0 if escalated else min(1.0, max(0.0, values[0] - min(values))),
    }


def _d(p: Point | None) -> dict[str, Any] | None:
    return None if p is None else p.to_dict()
