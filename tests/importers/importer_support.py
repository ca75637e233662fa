"""Helpers for the importer tests: fixture paths and reading a file whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from heartline.conversation import Conversation, SurveyResponse
from heartline.errors import Problem
from heartline.importers import ReadOptions, get_importer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "importers"


def read(fmt: str, path: Path | str, **options: Any) -> tuple[list[Any], list[Problem]]:
    """Everything an importer yields for ``path`` (a fixture name or a path), split in two."""
    path = FIXTURES / path if isinstance(path, str) else path
    items = list(get_importer(fmt).read(path, ReadOptions(**options)))
    good = [i for i in items if isinstance(i, Conversation | SurveyResponse)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(good) + len(problems) == len(items)
    return good, problems


def by_id(conversations: list[Conversation]) -> dict[str, Conversation]:
    """Conversations keyed by id."""
    return {c.id: c for c in conversations}
