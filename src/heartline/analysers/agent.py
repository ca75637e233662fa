"""Analysers of agent messages: politeness and the satisfaction the reply is likely to leave."""

from __future__ import annotations

from typing import Any

import numpy as np

from heartline.analysers.base import Declaration
from heartline.analysers.head_analyser import HeadAnalyser
from heartline.analysers.registry import register
from heartline.conversation import Role
from heartline.heads.model import Inputs


@register
class Politeness(HeadAnalyser):
    """How polite an agent's message reads (probability of "polite" vs "impolite")."""

    head_name = "politeness"
    declaration = Declaration(
        name="politeness",
        requires=("embedding",),
        assigns=("politeness", "impolite", "evidence"),
        roles=(Role.AGENT,),
        construct="Politeness of a message as five annotators would rate it (polite vs impolite quartiles).",
        source="Stanford Politeness Corpus (Danescu-Niculescu-Mizil et al., ACL 2013), Apache-2.0.",
        model="heartline.politeness.v1",
    )

    def annotate(self, inputs: Inputs, probabilities: np.ndarray) -> list[dict[str, Any]]:
        """P(polite), whether it reads impolite, and evidence for the side it falls on."""
        cut = self.head.config.thresholds[0] if self.head.config.thresholds else 0.5
        out: list[dict[str, Any]] = [
            {"politeness": round(p, 4), "impolite": p < cut, "evidence": {}} for p in probabilities[:, 1].tolist()
        ]
        rows = list(range(len(out)))
        polite = self.spans_for(inputs, "polite", [i for i in rows if not out[i]["impolite"]])
        rude = self._impolite_spans(inputs, [i for i in rows if out[i]["impolite"]])
        for i, spans in {**polite, **rude}.items():
            out[i]["evidence"]["impolite" if out[i]["impolite"] else "polite"] = spans
        return out

    def _impolite_spans(self, inputs: Inputs, rows: list[int]) -> dict[int, list[list[int]]]:
        # One logit: words that push it *down* are the impolite evidence.
        if not rows:
            return {}
        found = self.head.evidence(inputs, 0, top=self.evidence_top, rows=rows, against=True)
        return {r: [[s.start, s.end] for s in spans] for r, spans in zip(rows, found, strict=True)}


@register
class ReplySatisfaction(HeadAnalyser):
    """The satisfaction (1–5) a customer is likely to feel after this agent reply."""

    head_name = "satisfaction"
    declaration = Declaration(
        name="reply_satisfaction",
        requires=("embedding", "previous_customer_embedding"),
        assigns=("satisfaction", "satisfaction_distribution", "evidence"),
        roles=(Role.AGENT,),
        construct="User satisfaction after a system reply, as rated turn by turn in service dialogues (1-5).",
        source="USS, MultiWOZ + SGD parts (Sun et al., SIGIR 2021); no licence stated.",
        model="heartline.satisfaction.v1",
    )

    def annotate(self, inputs: Inputs, probabilities: np.ndarray) -> list[dict[str, Any]]:
        """Expected rating, the distribution, and evidence for the most likely rating."""
        labels = self.head.config.labels
        expected = probabilities @ np.arange(1, len(labels) + 1)
        best = probabilities.argmax(axis=1)
        out: list[dict[str, Any]] = [
            {"satisfaction": round(e, 3),
             "satisfaction_distribution": {lab: round(p, 4) for lab, p in zip(labels, row, strict=True)},
             "evidence": {}}
            for e, row in zip(expected.tolist(), probabilities.tolist(), strict=True)
        ]
        for b in set(best.tolist()):
            rows = [i for i in range(len(best)) if best[i] == b]
            for i, spans in self.spans_for(inputs, labels[b], rows).items():
                out[i]["evidence"]["satisfaction"] = spans
        return out
