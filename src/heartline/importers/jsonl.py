"""The native JSONL layout: one conversation object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from heartline.errors import Problem
from heartline.importers.base import Item, ReadOptions
from heartline.importers.text import open_text
from heartline.native import FieldError, from_dict


class JsonlImporter:
    """Reads heartline's native JSONL (see docs/native-format.md)."""

    name = "jsonl"
    kind: Literal["conversations"] = "conversations"

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.lstrip().split(b"\n", 1)[0]
        return first.startswith(b"{") and b'"messages"' in first

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        seen: set[str] = set()
        with open_text(path) as lines:
            for lineno, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                where = f"line {lineno}"
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Problem(str(path), where, "", f"a complete JSON object ({exc.msg} at column {exc.colno})")
                    continue
                try:
                    conv = from_dict(
                        data, default_source=options.source or "jsonl",
                        default_tz=options.default_tz, max_message_chars=options.max_message_chars,
                    )
                except FieldError as exc:
                    yield Problem(str(path), where, exc.field, exc.expected)
                    continue
                if options.source:
                    conv = conv.replace(source=options.source)
                if conv.id in seen:
                    yield Problem(str(path), where, "id", "a conversation id not used earlier in the file (duplicate)")
                    continue
                seen.add(conv.id)
                yield conv
