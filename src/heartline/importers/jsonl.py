"""The native JSONL layout: one conversation object per line."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from heartline.conversation import Conversation
from heartline.errors import Problem
from heartline.importers.base import Item, ReadOptions
from heartline.importers.text import open_text
from heartline.native import FieldError, from_dict


class JsonlImporter:
    """Reads heartline's native JSONL (see docs/native-format.md)."""

    name = "jsonl"
    kind: Literal["conversations"] = "conversations"

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.removeprefix(codecs.BOM_UTF8).lstrip().split(b"\n", 1)[0]
        return first.startswith(b"{") and b'"messages"' in first

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        seen: set[tuple[str, str]] = set()  # a conversation is stored under source and id
        with open_text(path) as lines:
            for lineno, line in enumerate(lines, start=1):
                item = parse_line(line, lineno, path, options)
                if item is None:
                    continue
                if isinstance(item, Conversation):
                    if (item.source, item.id) in seen:
                        yield duplicate(path, lineno)
                        continue
                    seen.add((item.source, item.id))
                yield item


def parse_line(line: str, lineno: int, path: Path, options: ReadOptions) -> Conversation | Problem | None:
    """One line of the file as a conversation, a problem naming the line and field, or None if blank."""
    if not line.strip():
        return None
    where = f"line {lineno}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return Problem(str(path), where, "", f"a complete JSON object ({exc.msg} at column {exc.colno})")
    try:
        conv = from_dict(
            data, default_source=options.source or "jsonl",
            default_tz=options.default_tz, max_message_chars=options.max_message_chars,
        )
    except FieldError as exc:
        return Problem(str(path), where, exc.field, exc.expected)
    if options.source:
        conv = conv.replace(source=options.source)
    return conv


def duplicate(path: Path, lineno: int) -> Problem:
    """The problem of a conversation id already used earlier in the file."""
    return Problem(str(path), f"line {lineno}", "id",
                   "a conversation id not used earlier in the file for the same source (duplicate)")


@dataclass(frozen=True)
class Chunk:
    """A run of whole lines of a UTF-8 file: bytes ``start``–``end``, starting at line ``first_line``."""

    start: int
    end: int
    first_line: int


def chunks(path: Path, *, size: int = 1 << 20) -> Iterator[Chunk]:
    """Split a UTF-8 file into runs of whole lines of about ``size`` bytes, for parallel reading."""
    with path.open("rb") as fh:
        start, line = 0, 1
        if fh.read(3) != codecs.BOM_UTF8:
            fh.seek(0)
        else:
            start = 3
        while True:
            block = fh.read(size)
            if not block:
                return
            block += fh.readline()  # finish the last line
            yield Chunk(start, start + len(block), line)
            start += len(block)
            line += block.count(b"\n")


def read_chunk(path: Path, chunk: Chunk, options: ReadOptions) -> Iterator[tuple[int, Conversation | Problem]]:
    """The items of one chunk with their line numbers (duplicates are for the caller to find)."""
    with path.open("rb") as fh:
        fh.seek(chunk.start)
        raw = fh.read(chunk.end - chunk.start)
    try:
        lines: list[str | None] = list(raw.decode("utf-8").split("\n"))
    except UnicodeDecodeError:  # rare: find the lines that do not decode, keep the others
        lines = [_utf8_or_none(b) for b in raw.split(b"\n")]
    for offset, line in enumerate(lines):
        lineno = chunk.first_line + offset
        item = (parse_line(line, lineno, path, options) if line is not None
                else Problem(str(path), f"line {lineno}", "", "UTF-8 text (re-save the file as UTF-8)"))
        if item is not None:
            yield lineno, item


def _utf8_or_none(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
