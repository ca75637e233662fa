"""Temporary SQLite files for layouts that need a whole-file view.

Rows of one conversation scattered through a CSV, or tweets that only form
threads once every reply link is known, cannot be streamed in one pass.
Holding them in a dict would make memory grow with the file, so they go to
a SQLite file in the temp folder with a small page cache, and come back
grouped and ordered by SQL. The file is deleted on close.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

# Pages SQLite may keep in memory (negative = KiB); the rest stays on disk.
_CACHE_KIB = 8 * 1024


class Spill:
    """A throw-away SQLite database on disk; use as a context manager."""

    def __init__(self) -> None:
        fd, name = tempfile.mkstemp(prefix="heartline-spill-", suffix=".sqlite3")
        os.close(fd)
        self.path = Path(name)
        self.db = sqlite3.connect(name)
        # Nothing here must survive a crash, so skip the journal and fsyncs.
        for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{_CACHE_KIB}",
                       "temp_store=FILE"):
            self.db.execute(f"PRAGMA {pragma}")

    def close(self) -> None:
        """Close and delete the file."""
        self.db.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class GroupedSpill(Spill):
    """Records collected by group, read back one group at a time.

    Groups come back in order of their first record in the file; records
    within a group by time (untimed last), then by position in the file.
    A group marked bad is left out, so one invalid row rejects its whole
    conversation rather than importing it with a hole.
    """

    def __init__(self) -> None:
        super().__init__()
        self.db.executescript("""
            CREATE TABLE rec (grp TEXT NOT NULL, item TEXT NOT NULL, at REAL, seq INTEGER NOT NULL,
                              payload TEXT NOT NULL, PRIMARY KEY (grp, item));
            CREATE TABLE bad (grp TEXT PRIMARY KEY);
        """)

    def add(self, group: str, item: str, at: float | None, seq: int, payload: dict[str, Any]) -> bool:
        """Store a record; False if ``item`` is already in ``group`` (a duplicate)."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO rec VALUES (?, ?, ?, ?, ?)",
            (group, item, at, seq, json.dumps(payload)),
        )
        return cur.rowcount == 1

    def mark_bad(self, group: str) -> None:
        """Leave ``group`` out of ``groups()``."""
        self.db.execute("INSERT OR IGNORE INTO bad VALUES (?)", (group,))

    def groups(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """Each good group's records, in order (memory: one group at a time)."""
        self.db.commit()
        rows = self.db.execute("""
            SELECT rec.grp, rec.payload FROM rec
            JOIN (SELECT grp, MIN(seq) AS first FROM rec GROUP BY grp) AS g ON g.grp = rec.grp
            WHERE rec.grp NOT IN (SELECT grp FROM bad)
            ORDER BY g.first, rec.at IS NULL, rec.at, rec.seq
        """)
        current: str | None = None
        batch: list[dict[str, Any]] = []
        for group, payload in rows:
            if group != current:
                if current is not None:
                    yield current, batch
                current, batch = group, []
            batch.append(json.loads(payload))
        if current is not None:
            yield current, batch


class SeenIds:
    """A set of ids for spotting duplicates that spills to SQLite past ``limit`` ids.

    Most files hold a few thousand conversations and never touch the disk;
    a 1 GB export with millions does not hold them all in memory.
    """

    def __init__(self, limit: int = 100_000) -> None:
        self._ids: set[str] = set()
        self._limit = limit
        self._spill: Spill | None = None

    def add(self, key: str) -> bool:
        """Remember ``key``; False if it was seen before."""
        if key in self._ids:
            return False
        if self._spill is not None:
            cur = self._spill.db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (key,))
            return cur.rowcount == 1
        self._ids.add(key)
        if len(self._ids) > self._limit:
            self._spill = Spill()
            self._spill.db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY)")
            self._spill.db.executemany("INSERT INTO seen VALUES (?)", ((k,) for k in self._ids))
            self._ids = set()
        return True

    def close(self) -> None:
        """Delete the spill file, if one was made."""
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    def __enter__(self) -> SeenIds:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
