"""Reading a large native JSONL file in several processes.

Parsing, validation, redaction and hashing cost far more than the database
writes, and every line of a JSONL file stands alone: worker processes turn
chunks of whole lines into rows ready to store (:class:`Prepared`) while the
importing process only finds duplicates and writes, in file order. At most
``2 × workers`` chunks are in flight, so memory stays flat for any file size.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import TYPE_CHECKING

from heartline.conversation import Conversation
from heartline.errors import Problem
from heartline.importers.base import ReadOptions
from heartline.importers.jsonl import Chunk, chunks, read_chunk
from heartline.storage.store import Prepared, prepare

if TYPE_CHECKING:
    from heartline.services.importing import Privacy

#: Below this size a file is read in the importing process (starting workers costs more).
MIN_BYTES = 4 << 20
CHUNK_BYTES = 1 << 20

ChunkResult = tuple[list[tuple[int, Prepared | Problem]], Counter[str]]

# Set in each worker by _start: what every chunk of this import shares.
_job: tuple[Path, ReadOptions, Privacy, bool] | None = None


def _start(path: Path, options: ReadOptions, privacy: Privacy, sqlite: bool) -> None:
    global _job
    _job = (path, options, privacy, sqlite)


def _work(chunk: Chunk) -> ChunkResult:
    assert _job is not None, "worker not initialised"
    path, options, privacy, sqlite = _job
    counts: Counter[str] = Counter()
    out: list[tuple[int, Prepared | Problem]] = []
    for lineno, item in read_chunk(path, chunk, options):
        out.append((lineno, prepare(privacy.protect_conversation(item, counts), sqlite=sqlite)
                    if isinstance(item, Conversation) else item))
    return out, counts


@contextmanager
def worker_pool(path: Path, *, options: ReadOptions, privacy: Privacy, sqlite: bool, workers: int) -> Iterator[Pool]:
    """Worker processes set up for one import; start them before opening a database transaction."""
    # fork: workers inherit the loaded modules and redaction patterns at no cost; they
    # only read the file and never touch the caller's database connection.
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=_start, initargs=(path, options, privacy, sqlite)) as pool:
        yield pool


def prepared_items(pool: Pool, path: Path, *, workers: int) -> Iterator[ChunkResult]:
    """Each chunk's items (line number, rows or problem) and redaction counts, in file order."""
    return _ordered(pool, chunks(path, size=CHUNK_BYTES), window=2 * workers)


def _ordered(pool: Pool, tasks: Iterator[Chunk], *, window: int) -> Iterator[ChunkResult]:
    pending: deque[AsyncResult[ChunkResult]] = deque()
    for task in tasks:
        pending.append(pool.apply_async(_work, (task,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()
