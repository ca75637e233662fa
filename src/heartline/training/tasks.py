"""The ``heartline train`` / ``heartline eval`` task registry.

A task names a dataset layout (``../shared/data/<dataset>/dev.jsonl``), the
head it evaluates, how to train that head, and the published figures it is
compared with. Several tasks can share one head (``goemotions``,
``goemotions-ekman`` and ``goemotions-sentiment`` all read
``customer_emotion``); exactly one of them trains it.

Modules that define tasks call :func:`register` at import and are listed in
``TASK_MODULES`` (see ``docs/heads.md``, "Adding a head").
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from heartline.errors import ConfigError, NotFoundError
from heartline.heads import folder
from heartline.heads.model import Head
from heartline.training.common import Reporter
from heartline.training.embeddings import EncoderBackend

log = logging.getLogger(__name__)

TASK_MODULES = (
    "heartline.training.emotion",
    "heartline.training.requests",
    "heartline.training.satisfaction",
    "heartline.training.engagement_tasks",
)
"""Modules whose import registers tasks (add yours here)."""


@dataclass(frozen=True)
class TrainContext:
    """Everything a trainer needs.

    Attributes:
        data_dir: the shared data folder (holds ``<dataset>/train.jsonl`` and ``dev.jsonl``).
        backend: the encoder whose outputs the head is trained on.
        out_dir: where model folders go (``src/heartline/models`` by default).
        report: progress callback.
    """

    data_dir: Path
    backend: EncoderBackend
    out_dir: Path = folder.PACKAGED
    report: Reporter | None = None


Evaluator = Callable[[Head, Path, EncoderBackend], tuple[int, dict[str, Any]]]
"""(head, file in the dataset's dev layout, encoder) → (n, metrics)."""


@dataclass(frozen=True)
class Task:
    """One evaluation task (and, for the task that owns its head, how to train it).

    Attributes:
        name: task name used on the command line (``goemotions-ekman``).
        dataset: folder under the shared data dir whose layout it reads.
        head: short name of the head it evaluates.
        evaluate: computes metrics on a file.
        train: trains ``head`` and writes its folder; None when another task trains it.
        anchor: published figures by metric name (its own split).
        anchor_source: who published them.
        target: heartline's targets by metric name.
        headline: the metric shown first in ``eval all``.
    """

    name: str
    dataset: str
    head: str
    evaluate: Evaluator
    train: Callable[[TrainContext], Head] | None = None
    anchor: Mapping[str, float] = field(default_factory=dict)
    anchor_source: str = ""
    target: Mapping[str, float] = field(default_factory=dict)
    headline: str = "macro_f1"


_tasks: dict[str, Task] = {}
_loaded = False


def register(task: Task) -> Task:
    """Add a task (names are unique)."""
    if task.name in _tasks and _tasks[task.name] is not task:
        raise ConfigError(f"two tasks are named '{task.name}'", hint="rename one of them")
    _tasks[task.name] = task
    return task


def tasks() -> dict[str, Task]:
    """Every registered task, in registration order."""
    global _loaded
    if not _loaded:
        _loaded = True
        for module in TASK_MODULES:
            importlib.import_module(module)
    return dict(_tasks)


def get(name: str) -> Task:
    """A task by name."""
    table = tasks()
    if name not in table:
        raise NotFoundError(f"unknown task '{name}'", hint=f"known tasks: {', '.join(table)}")
    return table[name]


def trainer_of(head: str) -> Task:
    """The task that trains ``head``."""
    for task in tasks().values():
        if task.head == head and task.train is not None:
            return task
    raise NotFoundError(f"no task trains head '{head}'")


def heads_to_train(name: str) -> list[Task]:
    """The training tasks ``heartline train NAME`` runs (``all``: every head once)."""
    if name == "all":
        return [t for t in tasks().values() if t.train is not None]
    return [trainer_of(get(name).head)]


def evaluate(name: str, path: Path, backend: EncoderBackend, *, head: Head | None = None) -> dict[str, Any]:
    """The eval contract: ``{"task": name, "n": N, "metrics": {...}}``."""
    task = get(name)
    head = head or folder.load_packaged(task.head)
    n, metrics = task.evaluate(head, path, backend)
    return {"task": name, "n": n, "metrics": metrics}
