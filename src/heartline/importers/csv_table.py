"""CSV files whose columns are mapped onto heartline fields.

Shared by the message, survey and twcs importers: finds the delimiter
(comma, semicolon or tab, as Excel in different locales writes them),
resolves ``ReadOptions.mapping`` (heartline field → column) against the
header, and hands out rows as ``{field: value}``. Header problems are all
reported before any row is read, because every row would fail the same way.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from itertools import chain
from pathlib import Path

from heartline.errors import Problem
from heartline.importers.sniffing import sniff_delimiter
from heartline.importers.text import open_text

Row = tuple[str, dict[str, str]]
HEADER = "header (row 1)"


def rows(
    path: Path, *, fields: tuple[str, ...], required: tuple[str, ...],
    mapping: Mapping[str, str], max_chars: int,
) -> Iterator[Row | Problem]:
    """Each data row as ``("row N", {field: value})``, or Problems.

    Rows are numbered as a spreadsheet shows them (the header is row 1).
    Columns not named in ``fields`` are ignored; unmapped fields are looked
    up under their own name. A blank cell reads as ``""``.

    Raises:
        InvalidInputError: the file is missing, empty, or not text.
    """
    # Long messages must reach the length check, not die in the csv module's
    # 128 KiB field limit; raising a process-wide limit is harmless.
    csv.field_size_limit(max(csv.field_size_limit(), 4 * max_chars + 1))
    with open_text(path, newline="") as text:
        first = text.readline()
        reader = csv.reader(chain([first], text), delimiter=sniff_delimiter(first))
        try:
            header = next(reader)
        except (csv.Error, StopIteration):
            yield Problem(str(path), HEADER, "", "a header row of column names")
            return
        columns, problems = resolve(path, header, fields=fields, required=required, mapping=mapping)
        if problems:
            yield from problems
            return
        number = 1
        while True:
            number += 1
            where = f"row {number}"
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # The csv module's messages describe syntax ("line contains NUL"), not content.
                yield Problem(str(path), where, "", f"a well-formed CSV row ({exc})")
                continue
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                yield Problem(str(path), where, "", (
                    f"{len(header)} values like the header, got {len(values)} "
                    "(is a delimiter inside an unquoted value?)"))
                continue
            yield where, {f: values[i] for f, i in columns.items()}


def resolve(
    path: Path, header: list[str], *, fields: tuple[str, ...], required: tuple[str, ...],
    mapping: Mapping[str, str],
) -> tuple[dict[str, int], list[Problem]]:
    """Column index of each field found, and a Problem for each mapping or header fault."""
    index = {name.strip().lower(): i for i, name in enumerate(header)}
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    for field, column in mapping.items():
        if field not in fields:
            problems.append(Problem(str(path), "mapping", field,
                                    f"a field to map, one of: {', '.join(fields)}"))
        elif column.strip().lower() not in index:
            problems.append(Problem(str(path), HEADER, field,
                                    f"a column named '{column}' (mapped to {field}) in the header"))
    for field in fields:
        column = mapping.get(field, field).strip().lower()
        if column in index:
            columns[field] = index[column]
        elif field in required and field not in mapping:
            problems.append(Problem(str(path), HEADER, field,
                                    f"a column '{field}' (or map one to it with {field}=COLUMN)"))
    return columns, problems
