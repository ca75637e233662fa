"""Reading JSON exports one record at a time, whatever their shape.

Helpdesk exports come as NDJSON (one record per line), as one JSON array,
or as an API-style object with the records under a key (``{"tickets": [...]}``).
Only NDJSON can be read with ``json.loads`` line by line; the other two are
streamed with ``ijson`` so a 1 GB export never sits in memory whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal

import ijson

from heartline.conversation import Conversation
from heartline.errors import Problem
from heartline.importers.fields import problem, record_name
from heartline.importers.spill import SeenIds
from heartline.importers.text import open_text
from heartline.native import FieldError

Record = tuple[str, Any]
BROKEN = "complete, valid JSON (the file is cut off or malformed here; records before it were read)"


class Utf8Reader:
    """A byte stream over a decoded text stream: ijson reads bytes, open_text decodes."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text

    def read(self, size: int = -1) -> bytes:
        return self._text.read(size).encode("utf-8", errors="surrogatepass")


def records(path: Path, containers: tuple[str, ...]) -> Iterator[Record | Problem]:
    """Each record of a JSON export as ``(where, value)``, or Problems for broken JSON.

    ``where`` names the record for Problems: ``line 3`` (NDJSON), ``[3]`` (array)
    or ``tickets[3]`` (the array under a container key). A JSON object without
    any of the ``containers`` keys is one record, ``document``. An NDJSON line
    holding a container object yields its items (``line 1, tickets[0]``).

    Raises:
        InvalidInputError: the file is missing, empty, or not text.
    """
    shape = layout(path)
    if shape is None:
        yield Problem(str(path), "file", "", "JSON: an object, an array, or one object per line")
    elif shape == "ndjson":
        yield from _ndjson(path, containers)
    else:
        yield from _document(path, containers)


def layout(path: Path) -> Literal["ndjson", "array", "object"] | None:
    """How a JSON file is laid out, judged from its first 64 KiB; None if not JSON."""
    with open_text(path) as text:
        stripped = text.read(64 * 1024).lstrip()
    if stripped.startswith("["):
        return "array"
    if not stripped.startswith("{"):
        return None
    # NDJSON: a whole object on the first line and more after it. Pretty-printed JSON
    # opens with a bare "{"; a minified API response is one line with nothing after.
    first_line, _, rest = stripped.partition("\n")
    return "ndjson" if rest.strip() and _is_object(first_line) else "object"


def sideloaded(path: Path, key: str) -> Iterator[Any]:
    """Items of the array under top-level ``key`` of a JSON object file (API sideloads).

    Yields nothing for NDJSON, arrays, or broken JSON (``records`` reports that).
    """
    if layout(path) != "object":
        return
    with open_text(path) as text:
        try:
            yield from ijson.items(Utf8Reader(text), f"{key}.item", use_float=True)
        except ijson.JSONError:
            return


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _ndjson(path: Path, containers: tuple[str, ...]) -> Iterator[Record | Problem]:
    with open_text(path) as text:
        for lineno, line in enumerate(text, start=1):
            if not line.strip():
                continue
            where = f"line {lineno}"
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                # exc.msg is json's own wording ("Expecting ',' delimiter"): no file content.
                yield Problem(str(path), where, "",
                              f"one complete JSON object per line ({exc.msg} at column {exc.colno})")
                continue
            key = _container_in(value, containers)
            if key is None:
                yield where, value
            else:
                for i, item in enumerate(value[key]):
                    yield f"{where}, {key}[{i}]", item


def _container_in(value: object, containers: tuple[str, ...]) -> str | None:
    if isinstance(value, dict):
        for key in containers:
            if isinstance(value.get(key), list):
                return key
    return None


def _document(path: Path, containers: tuple[str, ...]) -> Iterator[Record | Problem]:
    last = "the start of the file"
    try:
        key = _find_container(path, containers)
        with open_text(path) as text:
            if key is None:
                for value in ijson.items(Utf8Reader(text), "", use_float=True):
                    last = "document"
                    yield last, value
                return
            prefix = "item" if key == "" else f"{key}.item"
            for i, item in enumerate(ijson.items(Utf8Reader(text), prefix, use_float=True)):
                last = f"{key}[{i}]"
                yield last, item
    except ijson.JSONError:
        # ijson's message quotes the file around the error: it may hold customer text.
        yield Problem(str(path), f"after {last}", "", BROKEN)


def _find_container(path: Path, containers: tuple[str, ...]) -> str | None:
    """``""`` for a top-level array, the first container key holding an array, or None.

    A scan of parse events (cheap in ijson's C backend) rather than a guess from
    the head, because an export may put other keys before its records.
    """
    with open_text(path) as text:
        events = ijson.parse(Utf8Reader(text), use_float=True)
        _, event, _ = next(events)
        if event == "start_array":
            return ""
        if event != "start_map":
            return None
        key = None
        for prefix, event, value in events:
            if prefix == "" and event == "map_key":
                key = value
            elif prefix == key and event == "start_array" and key in containers:
                return str(key)
            elif prefix == "" and event == "end_map":
                return None
    return None


def conversations(
    path: Path, items: Iterable[Record | Problem], build: Callable[[Any], Conversation], noun: str,
) -> Iterator[Conversation | Problem]:
    """Build a conversation from each record; a Problem for each bad or duplicate one."""
    with SeenIds() as seen:
        for item in items:
            if isinstance(item, Problem):
                yield item
                continue
            where, data = item
            name = record_name(where, noun, data)
            try:
                conversation = build(data)
            except FieldError as exc:
                yield problem(path, name, exc)
                continue
            if not seen.add(conversation.id):
                yield Problem(str(path), name, "id", f"a {noun} id not used earlier in the file (duplicate)")
                continue
            yield conversation
