"""What every importer is: a streaming reader of one file layout.

An importer turns a file into a stream of domain objects (``Conversation`` or
``SurveyResponse``) interleaved with ``Problem`` records for input it could not
read. It never stops at the first bad record, so the caller can either reject
the whole file listing every problem, or skip them (``--skip-invalid``). It
never redacts and never writes anything: the import service does both.

Importers stream: memory must not grow with the file. Layouts that need a
whole-file view (threads rebuilt from replies, CSV rows in any order) spill to
a temporary SQLite file via ``heartline.importers.spill``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Literal, Protocol

from heartline.conversation import Conversation, SurveyResponse
from heartline.errors import Problem

Item = Conversation | SurveyResponse | Problem


@dataclass(frozen=True)
class ReadOptions:
    """Options every importer accepts.

    Attributes:
        source: overrides the source name stored with each conversation.
        mapping: for column-based layouts, heartline field → file column.
        default_tz: the zone of timestamps that carry none.
        max_message_chars: longer messages are a Problem (not truncated).
    """

    source: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)
    default_tz: tzinfo = UTC
    max_message_chars: int = 100_000


class Importer(Protocol):
    """A reader of one file layout."""

    #: the ``--format`` name.
    name: str

    # A read-only property, so importers may declare the narrower Literal they yield
    # (a plain attribute here is invariant and no importer would satisfy the protocol).
    @property
    def kind(self) -> Literal["conversations", "surveys"]:
        """What it yields besides Problems."""
        ...

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether a file starting with ``head`` looks like this layout."""
        ...

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        """Stream the file's conversations (or surveys) and problems, in order."""
        ...
