"""The conversation store: what the services read and write.

Writes happen inside one transaction per import (``Store.writer``): either the
whole file lands or nothing does, also when the process is interrupted.
Re-imports are idempotent: a conversation is keyed by ``(source, id)`` and
carries a content hash, so an unchanged conversation is skipped and a changed
one is replaced in place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, delete, func, insert, select, tuple_

from heartline.conversation import Channel, Conversation, Message, Role, SurveyResponse
from heartline.storage import tables as t
from heartline.storage.database import make_engine, upgrade

_LOOKUP_CHUNK = 400


@dataclass
class WriteCounts:
    """What a writer did, conversation by conversation."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    messages: int = 0
    surveys: int = 0


class Prepared(NamedTuple):
    """One conversation as the rows a writer stores, bound for one backend, and its content hash.

    Built by :func:`prepare`; plain tuples of str/int/float/None, cheap to send
    between processes, so parsing and redaction can run in other processes.
    """

    key: tuple[str, str]
    fields: tuple[object, ...]
    rows: list[tuple[object, ...]]
    hash: str
    sqlite: bool


def prepare(conversation: Conversation, *, sqlite: bool) -> Prepared:
    """The rows ``conversation`` is stored as (SQLite keeps times as text, PostgreSQL as timestamps)."""
    bt = _time_binder(sqlite)
    fields, rows = _conversation_fields(conversation, bt), _message_rows(conversation, bt)
    # The hash covers the values as bound for this backend; a database has one backend,
    # so like meets like.
    return Prepared((conversation.source, conversation.id), fields, rows, _hash(fields, rows), sqlite)


def content_hash(conversation: Conversation) -> str:
    """A stable hash of everything stored about a conversation."""
    return _hash(_conversation_fields(conversation, _iso), _message_rows(conversation, _iso))


def _hash(fields: tuple[object, ...], rows: list[tuple[object, ...]]) -> str:
    # repr of tuples of str/None/bool/float/int is deterministic and runs in C:
    # on the import hot path it costs a fraction of json.dumps.
    return hashlib.sha256(repr((fields, rows)).encode("utf-8", "surrogatepass")).hexdigest()


def _time_binder(sqlite: bool) -> Callable[[datetime | None], object]:
    """How ``UtcDateTime`` sends a time to this backend."""
    return _sqlite_time if sqlite else _aware_time


def _sqlite_time(dt: datetime | None) -> str | None:
    """What ``UtcDateTime`` sends to SQLite: SQLAlchemy's text layout of the UTC time."""
    if dt is None:
        return None
    if dt.tzinfo is not UTC:
        dt = dt.astimezone(UTC)
    # "2026-03-02 09:30:12.000000+00:00"[:26]: the layout SQLAlchemy's SQLite DateTime reads.
    return dt.isoformat(" ", "microseconds")[:26]


def _aware_time(dt: datetime | None) -> datetime | None:
    """What ``UtcDateTime`` sends to PostgreSQL: the aware time in UTC."""
    if dt is None or dt.tzinfo is UTC:
        return dt
    return dt.astimezone(UTC)


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.isoformat()


def _conversation_fields(c: Conversation, bind_time: Any) -> tuple[object, ...]:
    return (
        c.source, c.id, c.channel.value, bind_time(c.started_at), bind_time(c.ended_at), c.team,
        json.dumps(list(c.agent_ids)), c.customer, json.dumps(list(c.tags)), c.outcome, c.csat,
        len(c.messages),
    )


def _message_rows(c: Conversation, bind_time: Any) -> list[tuple[object, ...]]:
    return [
        (pos, m.id, m.role.value, m.author, m.text, bind_time(m.sent_at), m.internal,
         m.audio_start, m.audio_end)
        for pos, m in enumerate(c.messages)
    ]


class Store:
    """A heartline database (SQLite file or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Connect to ``url`` and bring its schema up to date."""
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    @contextmanager
    def writer(self) -> Iterator[Writer]:
        """A writer whose changes commit together when the block ends without error."""
        with self.engine.begin() as conn:
            yield Writer(conn)

    # -- reading -----------------------------------------------------------------

    def count(self) -> dict[str, int]:
        """Rows per table: conversations, messages, surveys."""
        with self.engine.connect() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in (
                    ("conversations", t.conversations), ("messages", t.messages),
                    ("surveys", t.surveys),
                )
            }

    def iter_conversations(
        self, *, source: str | None = None, chunk: int = 500
    ) -> Iterator[Conversation]:
        """Every stored conversation in insertion order, streamed ``chunk`` at a time."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                q = select(t.conversations).where(t.conversations.c.id > last)
                if source is not None:
                    q = q.where(t.conversations.c.source == source)
                rows = conn.execute(q.order_by(t.conversations.c.id).limit(chunk)).all()
                if not rows:
                    return
                ids = [r.id for r in rows]
                by_conv: dict[int, list[Message]] = {i: [] for i in ids}
                mq = (
                    select(t.messages).where(t.messages.c.conversation_id.in_(ids))
                    .order_by(t.messages.c.conversation_id, t.messages.c.position)
                )
                for m in conn.execute(mq):
                    by_conv[m.conversation_id].append(_message(m))
            for r in rows:
                yield _conversation(r, by_conv[r.id])
            last = ids[-1]

    def get_conversation(self, source: str, external_id: str) -> Conversation | None:
        """One conversation by its key, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.conversations).where(
                    t.conversations.c.source == source,
                    t.conversations.c.external_id == external_id,
                )
            ).first()
            if row is None:
                return None
            msgs = conn.execute(
                select(t.messages).where(t.messages.c.conversation_id == row.id)
                .order_by(t.messages.c.position)
            ).all()
        return _conversation(row, [_message(m) for m in msgs])

    def survey_matches(self, source: str) -> tuple[int, int]:
        """Survey answers stored under ``source`` that join a stored conversation, and all of them."""
        s, c = t.surveys.c, t.conversations.c
        joined = t.surveys.join(t.conversations, (c.source == s.source) & (c.external_id == s.conversation_external_id))
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(t.surveys).where(s.source == source)).scalar_one()
            matched = conn.execute(select(func.count()).select_from(joined).where(s.source == source)).scalar_one()
        return int(matched), int(total)

    def sources(self) -> list[str]:
        """The sources stored conversations come from."""
        with self.engine.connect() as conn:
            return sorted(conn.execute(select(t.conversations.c.source).distinct()).scalars())

    def iter_surveys(self) -> Iterator[SurveyResponse]:
        """Every stored survey response."""
        with self.engine.connect() as conn:
            for r in conn.execute(select(t.surveys).order_by(t.surveys.c.id)):
                yield SurveyResponse(
                    conversation_id=r.conversation_external_id, csat=r.csat, nps=r.nps,
                    comment=r.comment, feeling=r.feeling, submitted_at=r.submitted_at,
                    source=r.source,
                )


class Writer:
    """Writes conversations and surveys on one open transaction.

    The hot path (tens of thousands of messages a second) sends plain tuples
    through the driver's ``executemany``: SQLAlchemy's per-row type processing
    cost more than the database itself. :func:`prepare` binds each value the
    way the column type would have, for each dialect.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.counts = WriteCounts()
        dialect = conn.dialect.name
        self._sqlite = dialect == "sqlite"
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        self._insert_conv_sql = _insert_sql("conversations", _CONV_COLUMNS, mark)
        self._insert_msg_sql = _insert_sql("messages", _MSG_COLUMNS, mark)
        self._update_conv_sql = (f"UPDATE conversations SET {', '.join(f'{c} = {mark}' for c in _CONV_COLUMNS)} "
                                 f"WHERE id = {mark}")

    def write_conversations(self, batch: Sequence[Conversation]) -> None:
        """Insert new conversations, replace changed ones, skip unchanged ones."""
        self.write_prepared([prepare(c, sqlite=self._sqlite) for c in batch])

    def write_prepared(self, batch: Sequence[Prepared]) -> None:
        """``write_conversations`` for rows already bound by :func:`prepare` (possibly elsewhere).

        Raises:
            ValueError: the batch holds one conversation twice, or rows bound for another backend.
        """
        if not batch:
            return
        now = _time_binder(self._sqlite)(datetime.now(UTC))
        existing = self._existing([p.key for p in batch])
        fresh: dict[tuple[str, str], Prepared] = {}
        replaced: list[tuple[int, list[tuple[object, ...]]]] = []
        for p in batch:
            if p.sqlite is not self._sqlite:
                raise ValueError("rows were prepared for another database backend")
            if p.key in fresh:
                raise ValueError(f"conversation {p.key[0]}/{p.key[1]} appears twice in one batch")
            found = existing.get(p.key)
            if found is None:
                fresh[p.key] = p
            elif found[1] == p.hash:
                self.counts.unchanged += 1
            else:
                replaced.append((found[0], p.rows))
                self.conn.exec_driver_sql(self._update_conv_sql, (*p.fields, p.hash, now, found[0]))
        if fresh:
            self.conn.exec_driver_sql(self._insert_conv_sql, [(*p.fields, p.hash, now) for p in fresh.values()])
            ids = self._existing(list(fresh))
            self._insert_messages((ids[k][0], p.rows) for k, p in fresh.items())
            self.counts.inserted += len(fresh)
        if replaced:
            self.conn.execute(
                delete(t.messages).where(t.messages.c.conversation_id.in_([i for i, _ in replaced]))
            )
            self._insert_messages(replaced)
            self.counts.updated += len(replaced)

    def _existing(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, str]]:
        found: dict[tuple[str, str], tuple[int, str]] = {}
        c = t.conversations.c
        by_source: dict[str, list[str]] = {}
        for source, external_id in keys:
            by_source.setdefault(source, []).append(external_id)
        for source, ids in by_source.items():
            for i in range(0, len(ids), _LOOKUP_CHUNK):
                q = select(c.external_id, c.id, c.content_hash).where(
                    c.source == source, c.external_id.in_(ids[i : i + _LOOKUP_CHUNK])
                )
                for row in self.conn.execute(q):
                    found[(source, row.external_id)] = (row.id, row.content_hash)
        return found

    def _insert_messages(self, pairs: Iterable[tuple[int, list[tuple[object, ...]]]]) -> None:
        rows = [(cid, *row) for cid, conv_rows in pairs for row in conv_rows]
        if rows:
            self.conn.exec_driver_sql(self._insert_msg_sql, rows)
            self.counts.messages += len(rows)

    def write_surveys(self, batch: Sequence[SurveyResponse]) -> None:
        """Insert or replace survey responses, keyed by (source, conversation id)."""
        if not batch:
            return
        c = t.surveys.c
        keys = list({(s.source, s.conversation_id) for s in batch})
        for i in range(0, len(keys), _LOOKUP_CHUNK):
            self.conn.execute(
                delete(t.surveys).where(
                    tuple_(c.source, c.conversation_external_id).in_(keys[i : i + _LOOKUP_CHUNK])
                )
            )
        latest = {(s.source, s.conversation_id): s for s in batch}
        self.conn.execute(insert(t.surveys), [
            {
                "source": s.source, "conversation_external_id": s.conversation_id,
                "csat": s.csat, "nps": s.nps, "comment": s.comment, "feeling": s.feeling,
                "submitted_at": s.submitted_at,
            }
            for s in latest.values()
        ])
        self.counts.surveys += len(latest)

    def record_run(self, **values: Any) -> None:
        """Keep a line of import history (file name only, never contents)."""
        self.conn.execute(insert(t.import_runs).values(**values))


_CONV_COLUMNS = ("source", "external_id", "channel", "started_at", "ended_at", "team", "agent_ids",
                 "customer", "tags", "outcome", "csat", "message_count", "content_hash",
                 "imported_at")
_MSG_COLUMNS = ("conversation_id", "position", "external_id", "role", "author", "text", "sent_at",
                "internal", "audio_start", "audio_end")


def _insert_sql(table: str, columns: tuple[str, ...], mark: str) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


def _message(m: Any) -> Message:
    return Message(
        id=m.external_id, role=Role(m.role), text=m.text, author=m.author, sent_at=m.sent_at,
        internal=m.internal, audio_start=m.audio_start, audio_end=m.audio_end,
    )


def _conversation(r: Any, msgs: list[Message]) -> Conversation:
    return Conversation(
        id=r.external_id, source=r.source, channel=Channel(r.channel), messages=tuple(msgs),
        started_at=r.started_at, ended_at=r.ended_at, team=r.team,
        agent_ids=tuple(r.agent_ids), customer=r.customer, tags=tuple(r.tags),
        outcome=r.outcome, csat=r.csat,
    )
