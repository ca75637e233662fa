"""The native JSONL reader: chunks of whole lines for parallel reading."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from heartline.errors import Problem
from heartline.importers.base import ReadOptions
from heartline.importers.jsonl import chunks, read_chunk


def _write(path: Path, n: int) -> Path:
    rows = [{"id": f"c{i}", "messages": [{"id": "1", "role": "customer", "text": f"Order {i} never came"}]}
            for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_chunks_cover_every_line_once(tmp_path: Path) -> None:
    f = _write(tmp_path / "c.jsonl", 40)
    parts = list(chunks(f, size=300))
    assert len(parts) > 5
    assert parts[0].start == 0 and parts[-1].end == f.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    data = f.read_bytes()
    for part in parts:
        assert data[: part.start].count(b"\n") + 1 == part.first_line
        assert data[part.end - 1 : part.end] == b"\n"


def test_a_chunk_that_is_not_utf8_is_a_problem_on_its_line(tmp_path: Path) -> None:
    # The encoding is sniffed from the first megabyte; a bad byte further on must still
    # be reported with its line, not decoded wrongly.
    f = _write(tmp_path / "c.jsonl", 30)
    data = bytearray(f.read_bytes())
    data[data.index(b"Order 17")] = 0xFF
    f.write_bytes(bytes(data))
    found = [item for part in chunks(f, size=300) for _, item in read_chunk(f, part, ReadOptions())
             if isinstance(item, Problem)]
    assert [(p.record, p.expected) for p in found] == [("line 18", "UTF-8 text (re-save the file as UTF-8)")]


def test_a_byte_order_mark_does_not_hide_the_format(tmp_path: Path) -> None:
    from heartline.importers import detect_format

    f = _write(tmp_path / "c.jsonl", 2)
    f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes())
    assert detect_format(f).name == "jsonl"


def test_the_same_id_under_two_sources_is_two_conversations(tmp_path: Path) -> None:
    from heartline.importers.jsonl import JsonlImporter

    rows = [{"id": "1", "source": s, "messages": [{"id": "m", "role": "customer", "text": "hi"}]}
            for s in ("zendesk", "intercom", "zendesk")]
    f = tmp_path / "c.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    items = list(JsonlImporter().read(f, ReadOptions()))
    assert [getattr(i, "source", None) for i in items[:2]] == ["zendesk", "intercom"]
    assert isinstance(items[2], Problem) and items[2].record == "line 3" and items[2].field == "id"
