"""What an analyser is: a declared, pure function from a batch of messages to annotations.

An analyser states what it *requires* (features the pipeline computes once and
shares, such as the message's encoder output), what it *assigns* (the keys of
the annotations it returns), which roles it applies to, its config, and the
construct and source it measures. ``predict`` is pure: it returns one dict per
message and never changes its input, so the batch path and the single-message
path are the same code.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from heartline.conversation import Message, Role
from heartline.heads.inputs import TokenBatch

# The features a pipeline can provide. Encoder features are TokenBatch
# (pooled embedding + token vectors + character offsets) from one shared pass.
FEATURES: dict[str, str] = {
    "embedding": "encoder output of the message itself",
    "previous_customer_embedding": "encoder output of the latest customer message before this one "
    "(of the empty text when there is none)",
    "previous_agent_embedding": "encoder output of the latest agent message before this one "
    "(of the empty text when there is none)",
}


@dataclass(frozen=True)
class Declaration:
    """What an analyser needs, produces and measures.

    Attributes:
        name: unique name (``customer_emotion``).
        requires: feature names from :data:`FEATURES`.
        assigns: annotation keys it returns for each message.
        roles: the message roles it applies to.
        construct: what it measures, in one sentence.
        source: dataset and citation it was trained or derived from.
        model: versioned registry name of the head it runs, if any.
    """

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    roles: tuple[Role, ...]
    construct: str
    source: str
    model: str | None = None


@dataclass(frozen=True)
class AnalysisBatch:
    """Messages of one role plus the shared features they need.

    Attributes:
        messages: the messages, in order.
        features: feature name → encoder output, rows aligned with ``messages``.
    """

    messages: tuple[Message, ...]
    features: Mapping[str, TokenBatch] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.messages)

    def take(self, rows: Sequence[int]) -> AnalysisBatch:
        """The sub-batch of some rows (used to check batch == single)."""
        return AnalysisBatch(
            messages=tuple(self.messages[i] for i in rows),
            features={k: v.take(list(rows)) for k, v in self.features.items()},
        )


class Analyser(ABC):
    """Base class of every analyser, built-in or plug-in.

    Subclasses set :attr:`declaration`, keep their settings in ``__init__``
    keyword arguments (so :meth:`config` / :meth:`from_config` round-trip) and
    implement :meth:`predict`.
    """

    declaration: ClassVar[Declaration]

    @abstractmethod
    def config(self) -> dict[str, Any]:
        """The settings this instance was made with (JSON-able)."""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Analyser:
        """Rebuild an analyser from :meth:`config`'s output."""
        return cls(**dict(config))

    @abstractmethod
    def predict(self, batch: AnalysisBatch) -> list[dict[str, Any]]:
        """One annotation dict per message (keys from ``declaration.assigns``)."""
