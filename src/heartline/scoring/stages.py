"""The three stages of empathy as 0–100 scores, and the overall empathy score.

Each stage score is the weighted share of what the conversation *owed* in that stage
that the agent gave, minus penalties, under a cap. Nothing owed means nothing missed
(the score is 100 and ``opportunities`` is 0, so a lead can read it as "n/a"). The
weights, points and caps come from the criteria table (``default_criteria.toml``);
docs/scoring.md states the formulas with a worked example that the tests recompute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from heartline.criteria import STAGES, Criteria
from heartline.scoring.opportunities import Assessment, Reply


@dataclass(frozen=True)
class StageScore:
    """One stage's score and what it rests on.

    Attributes:
        stage: ``cognitive``, ``emotional``, ``compassionate`` or ``empathy``.
        score: 0–100.
        opportunities: how many expectations were owed (deferred ones excluded).
        met: how many were fully met.
        partial: how many were missed but earned partial credit (generic sympathy).
        missed: how many were missed without credit.
        deferred: expectations excused for now (action after a needed question).
        owed_weight: the summed weights owed.
        earned_weight: the summed weights earned.
        penalty: points taken off by flags (over-apologising, banned phrases).
        cap: the ceiling a flag imposed (rudeness), if any.
    """

    stage: str
    score: float
    opportunities: int = 0
    met: int = 0
    partial: int = 0
    missed: int = 0
    deferred: int = 0
    owed_weight: float = 0.0
    earned_weight: float = 0.0
    penalty: float = 0.0
    cap: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict."""
        return {"score": self.score, "opportunities": self.opportunities, "met": self.met,
                "partial": self.partial, "missed": self.missed, "deferred": self.deferred,
                "owed_weight": round(self.owed_weight, 4),
                "earned_weight": round(self.earned_weight, 4),
                "penalty": round(self.penalty, 4), "cap": self.cap}


@dataclass(frozen=True)
class StageScores:
    """The three stages plus the overall empathy score."""

    cognitive: StageScore
    emotional: StageScore
    compassionate: StageScore
    empathy: StageScore

    def by_stage(self) -> dict[str, StageScore]:
        """The four scores by name."""
        return {s.stage: s for s in (self.cognitive, self.emotional, self.compassionate, self.empathy)}


def credit(reply: Reply, name: str, criteria: Criteria) -> float:
    """Credit (0–1) a reply earns for an owed criterion: 1 when shown, else partial credit."""
    if reply.shows(name):
        return 1.0
    partial = [c.credit for c in criteria.active("partial")
               if c.counts_for == name and reply.shows(c.name)]
    return max(partial, default=0.0)


def score_stages(assessment: Assessment) -> StageScores:
    """Score the three stages and overall empathy (docs/scoring.md)."""
    criteria = assessment.criteria
    tallies = {s: _Tally() for s in STAGES}
    for reply in assessment.replies:
        for name in reply.owed:
            c = criteria[name]
            t = tallies[c.stage]
            if name in reply.deferred:
                t.deferred += 1
                continue
            t.add(c.weight, credit(reply, name, criteria))
    for name, (_opp, met, _reply) in assessment.once.items():
        c = criteria[name]
        tallies[c.stage].add(c.weight, 1.0 if met else 0.0)
    # Flags cost points per agent message that shows them; "empathy" flags (rudeness)
    # act on the overall score only.
    overall_penalty = 0.0
    overall_cap: float | None = None
    for c in criteria.active("flag"):
        hits = sum(len(r.shown.get(c.name, [])) for r in assessment.replies)
        if not hits:
            continue
        if c.stage == "empathy":
            overall_penalty += c.points * hits
            overall_cap = _lower(overall_cap, c.cap)
        else:
            tallies[c.stage].penalty += c.points * hits
            tallies[c.stage].cap = _lower(tallies[c.stage].cap, c.cap)
    scored = {s: tallies[s].score(s) for s in STAGES}
    return StageScores(**scored, empathy=_overall(tallies, criteria, overall_penalty, overall_cap))


class _Tally:
    def __init__(self) -> None:
        self.owed = self.earned = self.penalty = 0.0
        self.cap: float | None = None
        self.count = self.met = self.partial = self.deferred = 0

    def add(self, weight: float, got: float) -> None:
        self.count += 1
        self.owed += weight
        self.earned += weight * got
        if got >= 1.0:
            self.met += 1
        elif got > 0.0:
            self.partial += 1

    def score(self, stage: str) -> StageScore:
        base = 100.0 * self.earned / self.owed if self.owed > 0 else 100.0
        return StageScore(
            stage=stage, score=_clip(base - self.penalty, self.cap), opportunities=self.count,
            met=self.met, partial=self.partial, missed=self.count - self.met - self.partial,
            deferred=self.deferred, owed_weight=self.owed, earned_weight=self.earned,
            penalty=self.penalty, cap=self.cap,
        )


def _overall(tallies: dict[str, _Tally], criteria: Criteria, extra_penalty: float,
             cap: float | None) -> StageScore:
    """Weighted share of everything owed that was given, minus all penalties, under the caps."""
    w = criteria.stage_weights
    owed = sum(w.get(s, 1.0) * tallies[s].owed for s in STAGES)
    earned = sum(w.get(s, 1.0) * tallies[s].earned for s in STAGES)
    base = 100.0 * earned / owed if owed > 0 else 100.0
    penalty = sum(tallies[s].penalty for s in STAGES) + extra_penalty
    count = sum(tallies[s].count for s in STAGES)
    met = sum(tallies[s].met for s in STAGES)
    partial = sum(tallies[s].partial for s in STAGES)
    return StageScore(
        stage="empathy", score=_clip(base - penalty, cap), opportunities=count, met=met,
        partial=partial, missed=count - met - partial,
        deferred=sum(tallies[s].deferred for s in STAGES), owed_weight=owed, earned_weight=earned,
        penalty=penalty, cap=cap,
    )


def _lower(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def _clip(x: float, cap: float | None) -> float:
    if cap is not None:
        x = min(x, cap)
    return round(max(0.0, min(100.0, x)), 1)
