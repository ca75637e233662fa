"""Reading a large file keeps memory flat: streamed or spilled, never held whole.

tracemalloc sees Python's heap, which is where a dict of every row or a
json.load of the whole file would show up; SQLite's page cache is bounded
separately (``spill._CACHE_KIB``).
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from heartline.conversation import Conversation
from heartline.errors import Problem
from heartline.importers import ReadOptions, get_importer

# Enough that holding the file would dwarf the bound, small enough for a test run.
MESSAGES = {"csv": 100_000, "zendesk": 50_000}
TEXT = "I was charged twice for order {n} and nobody answers my emails at jo{n}@example.com."


def _messages_csv(path: Path, messages: int) -> int:
    """Rows of 10 000 conversations interleaved, so none is contiguous: all must be spilled."""
    conversations = 10_000
    with path.open("w", encoding="utf-8") as fh:
        fh.write("conversation_id,message_id,role,text,sent_at,author\n")
        for n in range(messages):
            conv, turn = n % conversations, n // conversations
            role = "customer" if turn % 2 == 0 else "agent"
            fh.write(f'C{conv},{turn},{role},"{TEXT.format(n=n)}",'
                     f"2024-03-04T{turn % 24:02d}:00:00Z,u{conv if role == 'customer' else 'agent'}\n")
    return conversations


def _zendesk_api(path: Path, messages: int) -> int:
    """One big API-style object: the ticket array has to be streamed, not loaded."""
    tickets = messages // 10
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"tickets": [')
        for t in range(tickets):
            comments = [{"id": t * 10 + c, "author_id": 1 if c % 2 == 0 else 2, "public": True,
                         "body": TEXT.format(n=t * 10 + c), "created_at": f"2024-03-04T10:{c:02d}:00Z"}
                        for c in range(10)]
            ticket = {"id": t, "requester_id": 1, "assignee_id": 2, "status": "solved",
                      "via": {"channel": "email"}, "created_at": "2024-03-04T10:00:00Z",
                      "comments": comments}
            fh.write(("," if t else "") + json.dumps(ticket))
        fh.write('], "users": [{"id": 1, "role": "end-user"}, {"id": 2, "role": "agent"}]}')
    return tickets


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "make"), [("csv", _messages_csv), ("zendesk", _zendesk_api)])
def test_peak_memory_is_far_below_the_file_size(
    tmp_path: Path, fmt: str, make: Callable[[Path, int], int],
) -> None:
    path = tmp_path / "big.dat"
    expected = make(path, MESSAGES[fmt])
    size = path.stat().st_size
    tracemalloc.start()
    try:
        conversations = messages = 0
        for item in get_importer(fmt).read(path, ReadOptions()):
            assert not isinstance(item, Problem), item
            assert isinstance(item, Conversation)
            conversations += 1
            messages += len(item.messages)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (conversations, messages) == (expected, MESSAGES[fmt])
    assert size > 9_000_000
    # What stays: one conversation, the duplicate-id set (spilled past 100 000 ids), I/O
    # buffers. Holding the file would take several times its size.
    assert peak < min(size / 3, 3_000_000), f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB file"
