"""Analysers of customer-service behaviours: per agent reply, and what a customer message calls for."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from heartline.analysers.base import Analyser, AnalysisBatch, Declaration
from heartline.analysers.registry import register
from heartline.conversation import Role
from heartline.errors import ModelError
from heartline.heads import folder
from heartline.heads.agent_behaviours import AgentBehaviours

_GUIDELINES = ("heartline behaviour guidelines; cs_behaviours (real Twitter support exchanges, TWCS CC BY-NC-SA / "
               "IBM Apache-2.0) plus data/labelled (heartline-authored, Bitext CDLA-Sharing-1.0, "
               "Stanford Politeness Apache-2.0, EPITOME academic).")


def _load(behaviours_dir: str | None, customer_dir: str | None) -> AgentBehaviours:
    head = folder.load(Path(behaviours_dir)) if behaviours_dir else folder.load_packaged("agent_behaviours")
    needs = (folder.load(Path(customer_dir)) if customer_dir
             else folder.load_packaged("customer_needs_acknowledgement"))
    if head.config.registry_name != "heartline.agent_behaviours.v1":
        raise ModelError(f"expected model heartline.agent_behaviours.v1, found {head.config.registry_name}",
                         hint="use a model folder trained by `heartline train cs-behaviours`")
    return AgentBehaviours(head, needs)


@register
class AgentBehaviourAnalyser(Analyser):
    """Explores, acknowledges emotion, mirrors, takes action, generic sympathy, rude,
    over-apologising and ignores-emotion flags for an agent reply, each with evidence.

    Args:
        behaviours_dir: a head folder to use instead of the packaged ``agent_behaviours``.
        customer_dir: a head folder instead of the packaged ``customer_needs_acknowledgement``.
        evidence_top: at most this many evidence spans per behaviour.
    """

    declaration = Declaration(
        name="agent_behaviours",
        requires=("embedding", "previous_customer_embedding"),
        assigns=("behaviours", "behaviour_scores", "evidence"),
        roles=(Role.AGENT,),
        construct="Customer-service behaviours of an agent reply read against the customer message it answers "
        "(shared/reference/behaviour-guidelines.md; over-apologising and ignores-emotion: data/labelled/README.md).",
        source=_GUIDELINES,
        model="heartline.agent_behaviours.v1",
    )

    def __init__(self, *, behaviours_dir: str | None = None, customer_dir: str | None = None,
                 evidence_top: int = 3) -> None:
        self.behaviours_dir = behaviours_dir
        self.customer_dir = customer_dir
        self.evidence_top = evidence_top
        self.model = _load(behaviours_dir, customer_dir)

    def config(self) -> dict[str, Any]:
        """The settings this instance was made with."""
        return {"behaviours_dir": self.behaviours_dir, "customer_dir": self.customer_dir,
                "evidence_top": self.evidence_top}

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> AgentBehaviourAnalyser:
        """Rebuild from :meth:`config`."""
        return cls(**dict(config))

    def predict(self, batch: AnalysisBatch) -> list[dict[str, Any]]:
        """Flags, probabilities and evidence per agent reply."""
        if not len(batch):
            return []
        try:
            agent = batch.features["embedding"]
            customer = batch.features["previous_customer_embedding"]
        except KeyError as exc:
            raise ModelError(f"analyser 'agent_behaviours' needs feature {exc}",
                             hint="the pipeline must provide embedding and previous_customer_embedding") from None
        readings = self.model.read([m.text for m in batch.messages], agent, customer, evidence_top=self.evidence_top)
        return [{"behaviours": r.behaviours, "behaviour_scores": r.scores, "evidence": r.evidence} for r in readings]


@register
class CustomerNeedsAnalyser(Analyser):
    """Whether a customer message expresses a negative feeling and calls for acknowledgement."""

    declaration = Declaration(
        name="customer_needs_acknowledgement",
        requires=("embedding",),
        assigns=("empathy_needed", "negative_feeling"),
        roles=(Role.CUSTOMER,),
        construct="Does a customer message express a negative feeling, and does it call for an acknowledgement "
        "(behaviour guidelines: empathy needed)?",
        source=_GUIDELINES,
        model="heartline.customer_needs_acknowledgement.v1",
    )

    def __init__(self, *, model_dir: str | None = None) -> None:
        self.model_dir = model_dir
        self.head = folder.load(Path(model_dir)) if model_dir else folder.load_packaged("customer_needs_acknowledgement")

    def config(self) -> dict[str, Any]:
        """The settings this instance was made with."""
        return {"model_dir": self.model_dir}

    def predict(self, batch: AnalysisBatch) -> list[dict[str, Any]]:
        """P(empathy needed) and P(negative feeling) per customer message."""
        if not len(batch):
            return []
        probs = self.head.probabilities({"message": batch.features["embedding"]})
        names = self.head.config.labels
        neg, need = names.index("negative_feeling"), names.index("empathy_needed")
        return [{"empathy_needed": round(p[need], 4), "negative_feeling": round(p[neg], 4)}
                for p in probs.tolist()]
