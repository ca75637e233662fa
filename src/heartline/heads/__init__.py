"""Small trained heads over the shared encoder's output (numpy inference only).

See ``docs/heads.md`` for every head, its data and its dev metrics, and for
how to add one.
"""

from __future__ import annotations

from heartline.heads.config import COMBINE_PAIR, HeadConfig, Pooling, TaskType
from heartline.heads.evidence import Span, spans
from heartline.heads.folder import load, load_packaged, packaged_names, save
from heartline.heads.inputs import TokenBatch
from heartline.heads.model import Head, Inputs

__all__ = [
    "COMBINE_PAIR",
    "Head",
    "HeadConfig",
    "Inputs",
    "Pooling",
    "Span",
    "TaskType",
    "TokenBatch",
    "load",
    "load_packaged",
    "packaged_names",
    "save",
    "spans",
]
