"""The analyser registry: built-ins and plug-ins register the same way.

A plug-in package exposes its analyser class under the entry-point group
``heartline.analysers``; heartline's own analysers call :func:`register` on
import. Both end up in one table, looked up by declared name.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, TypeVar

from heartline.analysers.base import FEATURES, Analyser
from heartline.errors import ConfigError, NotFoundError

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "heartline.analysers"
A = TypeVar("A", bound=type[Analyser])

_registry: dict[str, type[Analyser]] = {}
_MODELS = Path(__file__).resolve().parents[1] / "models"
_warned: set[str] = set()
_plugins_loaded = False


def register(cls: A) -> A:
    """Register an analyser class (usable as a decorator); names must be unique."""
    decl = getattr(cls, "declaration", None)
    if decl is None:
        raise ConfigError(f"analyser {cls.__name__} has no declaration", hint="set a class-level Declaration")
    unknown = [f for f in decl.requires if f not in FEATURES]
    if unknown:
        raise ConfigError(
            f"analyser '{decl.name}' requires unknown features {unknown}",
            hint=f"use some of: {', '.join(FEATURES)}",
        )
    existing = _registry.get(decl.name)
    if existing is not None and existing is not cls:
        raise ConfigError(
            f"two analysers are named '{decl.name}' ({existing.__module__}, {cls.__module__})",
            hint="rename one of them",
        )
    _registry[decl.name] = cls
    return cls


def unregister(name: str) -> None:
    """Remove an analyser (tests and plug-in reloads)."""
    _registry.pop(name, None)


def registered() -> Mapping[str, type[Analyser]]:
    """Every usable analyser class by name (built-ins and plug-ins).

    A built-in analyser whose packaged head has not been trained yet (no folder
    under ``heartline/models``) is left out with a warning, so the engine runs
    with the heads that exist; ``heartline train`` builds the missing ones.
    """
    _load_plugins()
    return {name: cls for name, cls in _registry.items() if _model_available(cls)}


def _model_available(cls: type[Analyser]) -> bool:
    model = cls.declaration.model
    if not model or not model.startswith("heartline.") or not cls.__module__.startswith("heartline."):
        return True
    folder = _MODELS / model.split(".")[1]
    if folder.is_dir():
        return True
    if model not in _warned:
        _warned.add(model)
        log.warning("analyser %s left out: model %s is not trained (run `heartline train`)",
                    cls.declaration.name, model)
    return False


def create(name: str, config: Mapping[str, Any] | None = None) -> Analyser:
    """An analyser instance by name, from its config (default settings when omitted)."""
    table = registered()
    if name not in table:
        raise NotFoundError(f"no analyser named '{name}'", hint=f"known analysers: {', '.join(sorted(table))}")
    return table[name].from_config(config or {})


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            register(ep.load())
        except Exception:  # a broken plug-in must not take heartline down
            log.exception("could not load analyser plug-in %s", ep.name)
