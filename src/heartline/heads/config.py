"""A head's description: everything needed to rebuild and trust it, as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from heartline.errors import ModelError


class TaskType(StrEnum):
    """What a head decides."""

    MULTI_LABEL = "multi-label"  # independent sigmoid per label, per-label thresholds
    MULTI_CLASS = "multi-class"  # softmax over labels, one winner
    BINARY = "binary"  # one sigmoid; labels = (negative, positive)
    ORDINAL = "ordinal"  # one score, cut points between ordered labels


class Pooling(StrEnum):
    """How a head reads a text's token vectors."""

    MEAN = "mean"  # the encoder's own L2-normalised mean pool
    ATTENTION = "attention"  # per-label attention over tokens (single input only)


COMBINE_PAIR = "u,v,u*v,|u-v|"
"""How two inputs are combined (Conneau et al. 2017, InferSent)."""


@dataclass(frozen=True)
class HeadConfig:
    """The JSON half of a saved head (``config.json``).

    Attributes:
        name: short name, also the folder name (``customer_emotion``).
        registry_name: versioned name (``heartline.customer_emotion.v1``).
        task: what the head decides.
        labels: output labels in order (for ordinal: lowest first).
        inputs: which texts it reads, in order, e.g. ``("message",)`` or
            ``("previous_customer_message", "message")`` (combined as ``COMBINE_PAIR``).
        pooling: how token vectors become one vector.
        hidden: width of the hidden layer; 0 for a linear head.
        thresholds: decision thresholds (multi-label: one per label; binary: one).
        encoder: id of the encoder whose outputs it was trained on.
        seed: training seed.
        versions: library versions used in training.
        extra: head-specific settings (label groupings, intensity weights …).
        metrics: dev metrics measured at training time.
        training: data, command and date of training.
    """

    name: str
    registry_name: str
    task: TaskType
    labels: tuple[str, ...]
    inputs: tuple[str, ...] = ("message",)
    pooling: Pooling = Pooling.MEAN
    hidden: int = 0
    thresholds: tuple[float, ...] = ()
    encoder: str = ""
    seed: int = 0
    versions: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 1 <= len(self.inputs) <= 2:
            raise ModelError(f"head '{self.name}' reads {len(self.inputs)} inputs; 1 or 2 are supported")
        if self.task is TaskType.BINARY and len(self.labels) != 2:
            raise ModelError(f"binary head '{self.name}' needs labels (negative, positive)")

    @property
    def n_outputs(self) -> int:
        """Width of the output layer."""
        return 1 if self.task in (TaskType.BINARY, TaskType.ORDINAL) else len(self.labels)

    @property
    def combine(self) -> str:
        """How inputs are combined: ``"single"`` or ``COMBINE_PAIR``."""
        return "single" if len(self.inputs) == 1 else COMBINE_PAIR

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict."""
        data = asdict(self)
        data["task"] = str(self.task)
        data["pooling"] = str(self.pooling)
        data["labels"] = list(self.labels)
        data["inputs"] = list(self.inputs)
        data["thresholds"] = list(self.thresholds)
        data["combine"] = self.combine
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HeadConfig:
        """Inverse of :meth:`to_dict`; unknown keys are ignored (newer writers)."""
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in data.items() if k in known}
        try:
            kw["task"] = TaskType(kw["task"])
            kw["pooling"] = Pooling(kw.get("pooling", "mean"))
            for key in ("labels", "inputs", "thresholds"):
                if key in kw:
                    kw[key] = tuple(kw[key])
            return cls(**kw)
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(
                f"head config is invalid ({exc})", hint="retrain it with `heartline train TASK`"
            ) from exc
