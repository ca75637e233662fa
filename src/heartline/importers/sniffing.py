"""Looking at the first bytes of a file to tell its layout.

Each importer's ``sniff`` uses these on the 64 KiB head that
``detect_format`` reads. Sniffs must be specific enough that no layout
claims another's files, so they look for keys or column names only that
layout has, never for "any JSON" or "any CSV".
"""

from __future__ import annotations

import codecs
import csv
import json
import re

# The same BOM table open_text uses, so sniffing and reading agree on encodings.
from heartline.importers.text import _BOMS


def head_text(head: bytes) -> str:
    """The head decoded as text (BOM-aware; a character cut at the end is dropped)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return codecs.getincrementaldecoder(name)(errors="replace").decode(head)
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return head.decode("cp1252", errors="replace")


def first_line(head: bytes) -> str:
    """The first non-blank line of the head."""
    for line in head_text(head).splitlines():
        if line.strip():
            return line.strip()
    return ""


def csv_header(head: bytes) -> list[str]:
    """The column names of a CSV head, lower-cased; empty if it has no delimiter."""
    line = first_line(head)
    delimiter = sniff_delimiter(line)
    if delimiter not in line:
        return []
    return [c.strip().lower() for c in next(csv.reader([line], delimiter=delimiter), [])]


def sniff_delimiter(header: str) -> str:
    """The delimiter of a CSV header line: comma, semicolon or tab."""
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        # The Sniffer gives up on a single line with one column or odd quoting.
        counts = {d: header.count(d) for d in ",;\t"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def json_line_keys(head: bytes) -> set[str]:
    """The keys of the first line if it is a complete JSON object (an NDJSON record)."""
    try:
        data = json.loads(first_line(head))
    except ValueError:
        return set()
    return set(data) if isinstance(data, dict) else set()


_KEY = re.compile(r'"([A-Za-z_][\w.]*)"\s*:')


def json_keys(head: bytes) -> set[str]:
    """Every object key that appears in a JSON head, at any depth (the head may be cut)."""
    text = head_text(head).lstrip()
    if not text.startswith(("{", "[")):
        return set()
    return set(_KEY.findall(text))
