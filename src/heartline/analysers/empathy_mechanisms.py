"""Analysers of a helper's reply read against the message it answers: EPITOME mechanisms and ESConv strategy."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from heartline.analysers.base import Declaration
from heartline.analysers.head_analyser import HeadAnalyser
from heartline.analysers.registry import register
from heartline.conversation import Role
from heartline.heads.model import Inputs

_EPITOME = "EPITOME, Reddit portion (Sharma et al., EMNLP 2020); non-commercial academic licence."


class _LevelAnalyser(HeadAnalyser):
    """One multi-class head: the winning label, its distribution and the words behind it."""

    key: ClassVar[str]
    quiet_label: ClassVar[str | None] = None  # no evidence for this label (EPITOME "none")

    def annotate(self, inputs: Inputs, probabilities: np.ndarray) -> list[dict[str, Any]]:
        """Label, distribution and evidence spans for the label that won."""
        labels = self.head.config.labels
        best = probabilities.argmax(axis=1)
        out: list[dict[str, Any]] = [
            {self.key: {"label": labels[b], "probabilities": {lab: round(p, 4) for lab, p in zip(labels, row, strict=True)}},
             "evidence": {}}
            for b, row in zip(best.tolist(), probabilities.tolist(), strict=True)
        ]
        for b in sorted(set(best.tolist())):
            if labels[b] == self.quiet_label:
                continue
            rows = [i for i in range(len(best)) if best[i] == b]
            for i, spans in self.spans_for(inputs, labels[b], rows).items():
                out[i]["evidence"][self.key] = spans
        return out


def _epitome(name: str, key: str, construct: str) -> Declaration:
    # v2 heads attend to the reply's tokens and add a pooled seeker/reply term (v1: the pooled pair only).
    return Declaration(
        name=name,
        requires=("embedding", "previous_customer_embedding"),
        assigns=(key, "evidence"),
        roles=(Role.AGENT,),
        construct=construct,
        source=_EPITOME,
        model=f"heartline.{name}.v2",
    )


@register
class EmotionalReactions(_LevelAnalyser):
    """EPITOME emotional reactions of an agent reply: none, weak or strong."""

    head_name = "epitome_er"
    key = "emotional_reactions"
    quiet_label = "none"
    declaration = _epitome("epitome_er", key, "Emotional reactions: warmth, compassion or concern expressed "
                           "in reply to the customer (EPITOME ER level none/weak/strong).")


@register
class Interpretations(_LevelAnalyser):
    """EPITOME interpretations of an agent reply: none, weak or strong."""

    head_name = "epitome_ip"
    key = "interpretations"
    quiet_label = "none"
    declaration = _epitome("epitome_ip", key, "Interpretations: understanding of the customer's feelings and "
                           "experience communicated back (EPITOME IP level none/weak/strong).")


@register
class Explorations(_LevelAnalyser):
    """EPITOME explorations of an agent reply: none, weak or strong."""

    head_name = "epitome_ex"
    key = "explorations"
    quiet_label = "none"
    declaration = _epitome("epitome_ex", key, "Explorations: asking about feelings and experiences the customer "
                           "has not stated (EPITOME EX level none/weak/strong).")


@register
class SupportStrategy(_LevelAnalyser):
    """Which of ESConv's 8 support strategies an agent reply uses."""

    head_name = "esconv_strategy"
    key = "support_strategy"
    declaration = Declaration(
        name="esconv_strategy",
        requires=("embedding", "previous_customer_embedding"),
        assigns=(key, "evidence"),
        roles=(Role.AGENT,),
        construct="Support strategy of a helper's utterance given the latest message of the person helped "
        "(question, restatement, reflection of feelings, self-disclosure, affirmation, suggestions, "
        "information, others).",
        source="ESConv (Liu et al., ACL 2021), CC BY-NC 4.0.",
        model="heartline.esconv_strategy.v2",
    )
