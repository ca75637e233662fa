"""A few lines a team lead can read after an analysis run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from heartline.scoring import ConversationResult

_STAGES = ("cognitive", "emotional", "compassionate", "empathy", "experience")
_LABELS = {"acknowledges_emotion": "feeling not acknowledged", "mirrors_problem": "problem not said back",
           "explores": "no question to understand", "takes_action": "no next step"}


@dataclass
class AnalysisSummary:
    """Running means and counts over analysed conversations."""

    conversations: int = 0
    totals: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)
    suggestions: int = 0
    rude: int = 0

    def add(self, result: ConversationResult) -> None:
        """Count one conversation's result."""
        self.conversations += 1
        self.totals.update({k: v for k, v in result.scores.items() if k in _STAGES})
        self.missed.update(m.criterion for m in result.missed_opportunities())
        self.suggestions += sum(1 for m in result.messages if m.suggestion)
        self.rude += sum(1 for m in result.messages if m.behaviours.get("rude"))

    def rows(self) -> list[tuple[str, str]]:
        """Label and value pairs, means first."""
        n = max(self.conversations, 1)
        rows = [(f"mean {k} score", f"{self.totals[k] / n:.0f}") for k in _STAGES]
        rows += [(f"missed: {_LABELS.get(k, k.replace('_', ' '))}", str(v))
                 for k, v in self.missed.most_common()]
        rows += [("replies flagged rude", str(self.rude)), ("better replies proposed", str(self.suggestions))]
        return rows
