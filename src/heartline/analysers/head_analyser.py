"""The shared shape of analysers that run one trained head."""

from __future__ import annotations

from abc import abstractmethod
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from heartline.analysers.base import Analyser, AnalysisBatch
from heartline.errors import ModelError
from heartline.heads import folder
from heartline.heads.model import Head, Inputs

# Which shared feature feeds each head input (head configs name the text they read).
INPUT_FEATURES: dict[str, str] = {
    "message": "embedding",
    "previous_customer_message": "previous_customer_embedding",
    "previous_agent_message": "previous_agent_embedding",
}


class HeadAnalyser(Analyser):
    """An analyser backed by one packaged head (or a head folder given in config).

    Args:
        model_dir: a head folder to use instead of the packaged one.
        evidence_top: at most this many evidence spans per decision.
    """

    head_name: ClassVar[str]

    def __init__(self, *, model_dir: str | None = None, evidence_top: int = 3) -> None:
        self.model_dir = model_dir
        self.evidence_top = evidence_top
        self.head: Head = folder.load(Path(model_dir)) if model_dir else folder.load_packaged(self.head_name)
        if self.head.config.registry_name != self.declaration.model:
            raise ModelError(
                f"analyser '{self.declaration.name}' expects model {self.declaration.model}, "
                f"found {self.head.config.registry_name}",
                hint="use a model folder trained for this analyser",
            )

    def config(self) -> dict[str, Any]:
        """The settings this instance was made with."""
        return {"model_dir": self.model_dir, "evidence_top": self.evidence_top}

    def head_inputs(self, batch: AnalysisBatch) -> Inputs:
        """The head's inputs, taken from the batch's shared features."""
        try:
            return {name: batch.features[INPUT_FEATURES[name]] for name in self.head.config.inputs}
        except KeyError as exc:
            raise ModelError(
                f"analyser '{self.declaration.name}' needs feature {exc}",
                hint=f"the pipeline must provide {', '.join(self.declaration.requires)}",
            ) from None

    def predict(self, batch: AnalysisBatch) -> list[dict[str, Any]]:
        """One annotation dict per message."""
        if not len(batch):
            return []
        inputs = self.head_inputs(batch)
        return self.annotate(inputs, self.head.probabilities(inputs))

    @abstractmethod
    def annotate(self, inputs: Inputs, probabilities: np.ndarray) -> list[dict[str, Any]]:
        """Turn head probabilities (and evidence) into annotations."""

    def spans_for(self, inputs: Inputs, label: str, rows: list[int]) -> dict[int, list[list[int]]]:
        """Evidence spans ``[[start, end], ...]`` of ``label`` for some rows."""
        if not rows:
            return {}
        found = self.head.evidence(inputs, label, top=self.evidence_top, rows=rows)
        return {r: [[s.start, s.end] for s in spans] for r, spans in zip(rows, found, strict=True)}
