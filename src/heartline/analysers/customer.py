"""Analysers of customer messages: emotion, intent / issue type, relational language."""

from __future__ import annotations

from typing import Any

import numpy as np

from heartline.analysers.base import AnalysisBatch, Declaration
from heartline.analysers.head_analyser import HeadAnalyser
from heartline.analysers.registry import register
from heartline.conversation import Role
from heartline.heads.emotion_groups import customer_service_emotion, named_emotion
from heartline.heads.model import Inputs


@register
class CustomerEmotion(HeadAnalyser):
    """The customer's emotions: 28 GoEmotions probabilities, the customer-service emotion and its intensity.

    ``emotion`` is one of angry, frustrated, disappointed, anxious, sad,
    confused, grateful, happy, neutral (``heads.emotion_groups``); evidence
    spans are given for it (via its most probable member GoEmotions label) and
    for every GoEmotions label above its threshold.
    """

    head_name = "customer_emotion"
    declaration = Declaration(
        name="customer_emotion",
        requires=("embedding",),
        assigns=("emotions", "emotion", "emotion_intensity", "evidence"),
        roles=(Role.CUSTOMER,),
        construct="Emotions the customer expresses (GoEmotions' 27 + neutral) and the customer-service "
        "emotion they add up to, with an intensity 0-1.",
        source="GoEmotions (Demszky et al., ACL 2020), Apache-2.0; groups calibrated on cs_behaviours train.",
        model="heartline.customer_emotion.v1",
    )

    def predict(self, batch: AnalysisBatch) -> list[dict[str, Any]]:
        """One annotation per message; a feeling the customer names in words wins (emotion_groups)."""
        if not len(batch):
            return []
        inputs = self.head_inputs(batch)
        return self._annotate(inputs, self.head.probabilities(inputs), [m.text for m in batch.messages])

    def annotate(self, inputs: Inputs, probabilities: np.ndarray) -> list[dict[str, Any]]:
        """Annotations from the head alone (without the texts, named feelings are not read)."""
        return self._annotate(inputs, probabilities, None)

    def _annotate(self, inputs: Inputs, probabilities: np.ndarray,
                  texts: list[str] | None) -> list[dict[str, Any]]:
        """Emotion annotations and evidence for each message."""
        cfg = self.head.config
        # The head's first outputs are the 28 GoEmotions labels; Ekman and sentiment groups follow.
        fine = cfg.extra.get("outputs", {}).get("goemotions", [0, len(cfg.labels)])[1]
        labels = cfg.labels[:fine]
        grouping = cfg.extra["groupings"]["customer_service"]
        named = [named_emotion(t) for t in texts] if texts is not None else None
        chosen, intensity = customer_service_emotion(self.head, probabilities, inputs["message"].pooled, named)
        out: list[dict[str, Any]] = []
        wanted: dict[str, list[int]] = {}
        members = {group: [labels.index(m) for m in names] for group, names in grouping.items()}
        fine_probs = probabilities[:, :fine]
        above = fine_probs >= np.asarray(cfg.thresholds[:fine])
        for i, row in enumerate(fine_probs.tolist()):
            emotion = chosen[i]
            out.append({
                "emotions": {lab: round(p, 4) for lab, p in zip(labels, row, strict=True)},
                "emotion": emotion,
                "emotion_intensity": round(float(intensity[i]), 4),
                "evidence": {},
            })
            if emotion != "neutral":
                wanted.setdefault(labels[max(members[emotion], key=row.__getitem__)], []).append(i)
            for j in np.flatnonzero(above[i]).tolist():
                if labels[j] != "neutral":
                    wanted.setdefault(labels[j], []).append(i)
        for label, rows in wanted.items():
            for i, spans in self.spans_for(inputs, label, sorted(set(rows))).items():
                out[i]["evidence"][label] = spans
                if out[i]["emotion"] != "neutral" and label in grouping[out[i]["emotion"]]:
                    out[i]["evidence"].setdefault(out[i]["emotion"], spans)
        for i, found in enumerate(named or []):
            if found:  # the customer's own words are the evidence for the feeling they named
                out[i]["evidence"][found[0]] = [list(found[1])]
        return out


@register
class CustomerIntent(HeadAnalyser):
    """What the customer wants: a Bitext intent and heartline's issue type."""

    head_name = "intent"
    declaration = Declaration(
        name="customer_intent",
        requires=("embedding",),
        assigns=("intent", "issue_type", "intent_confidence", "evidence"),
        roles=(Role.CUSTOMER,),
        construct="The customer's intent (Bitext's 27 customer-service intents + replacement) and issue type (refund, replacement, "
        "delivery status, billing, account access, cancellation, complaint, how-to, other).",
        source="Bitext customer-service dataset (CDLA-Sharing-1.0).",
        model="heartline.intent.v1",
    )

    def annotate(self, inputs: Inputs, probabilities: np.ndarray) -> list[dict[str, Any]]:
        """Intent, issue type and evidence for each message."""
        issue_of = {i: issue for issue, group in self.head.config.extra["issue_types"].items() for i in group}
        labels = self.head.config.labels
        best = probabilities.argmax(axis=1)
        out = [{"intent": labels[b], "issue_type": issue_of.get(labels[b], "other"),
                "intent_confidence": round(float(probabilities[i, b]), 4), "evidence": {}}
               for i, b in enumerate(best)]
        for b in set(best.tolist()):
            rows = [i for i in range(len(best)) if best[i] == b]
            for i, spans in self.spans_for(inputs, labels[b], rows).items():
                out[i]["evidence"]["intent"] = spans
        return out


@register
class CustomerRelational(HeadAnalyser):
    """Relational language in a customer message (greeting, backstory, rant, gratitude, …)."""

    head_name = "customer_relational"
    declaration = Declaration(
        name="customer_relational",
        requires=("embedding",),
        assigns=("relational", "evidence"),
        roles=(Role.CUSTOMER,),
        construct="Relational strategies customers use besides their request (RSiCS tags: greeting, backstory, "
        "justification, rant, gratitude, express emotion, other).",
        source="RSiCS (Beaver et al., AAAI 2020), ODbL 1.0 with conditions.",
        model="heartline.customer_relational.v1",
    )

    def annotate(self, inputs: Inputs, probabilities: np.ndarray) -> list[dict[str, Any]]:
        """Tags above their thresholds, with evidence."""
        labels, thr = self.head.config.labels, np.asarray(self.head.config.thresholds)
        out: list[dict[str, Any]] = [
            {"relational": [labels[j] for j in np.flatnonzero(row >= thr)], "evidence": {}} for row in probabilities
        ]
        for label in labels:
            rows = [i for i, o in enumerate(out) if label in o["relational"]]
            for i, spans in self.spans_for(inputs, label, rows).items():
                out[i]["evidence"][label] = spans
        return out
