"""Analysers: declared, pure functions from messages (plus shared features) to annotations.

heartline's own analysers register through :func:`register`, exactly as a
plug-in's do (plug-ins via the ``heartline.analysers`` entry-point group).
"""

from __future__ import annotations

from heartline.analysers.base import FEATURES, Analyser, AnalysisBatch, Declaration
from heartline.analysers.registry import ENTRY_POINT_GROUP, create, register, registered, unregister

# heartline's own analysers register on import, through the same ``register`` a plug-in uses.
from heartline.analysers import agent, behaviours, customer, empathy_mechanisms  # noqa: F401  isort: skip

__all__ = [
    "ENTRY_POINT_GROUP",
    "FEATURES",
    "Analyser",
    "AnalysisBatch",
    "Declaration",
    "create",
    "register",
    "registered",
    "unregister",
]
