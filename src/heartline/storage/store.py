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
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, tuple_, update

from heartline import native
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


def content_hash(conversation: Conversation) -> str:
    """A stable hash of everything stored about a conversation."""
    blob = json.dumps(native.to_dict(conversation), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


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
    """Writes conversations and surveys on one open transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.counts = WriteCounts()

    def write_conversations(self, batch: Sequence[Conversation]) -> None:
        """Insert new conversations, replace changed ones, skip unchanged ones."""
        if not batch:
            return
        now = datetime.now(UTC)
        hashes = [content_hash(c) for c in batch]
        existing = self._existing([(c.source, c.id) for c in batch])
        new_rows: list[dict[str, Any]] = []
        new_convs: list[Conversation] = []
        replaced: list[tuple[int, Conversation]] = []
        for conv, h in zip(batch, hashes, strict=True):
            found = existing.get((conv.source, conv.id))
            if found is None:
                new_rows.append(_conversation_row(conv, h, now))
                new_convs.append(conv)
                existing[(conv.source, conv.id)] = (-1, h)  # a repeat later in the batch updates
            elif found[1] == h:
                self.counts.unchanged += 1
            elif found[0] == -1:
                raise ValueError(f"conversation {conv.source}/{conv.id} appears twice in one batch")
            else:
                replaced.append((found[0], conv))
                self.conn.execute(
                    update(t.conversations).where(t.conversations.c.id == found[0])
                    .values(**_conversation_row(conv, h, now))
                )
        if new_rows:
            ids = self.conn.execute(
                insert(t.conversations).returning(t.conversations.c.id, sort_by_parameter_order=True),
                new_rows,
            ).scalars().all()
            self._insert_messages(zip(ids, new_convs, strict=True))
            self.counts.inserted += len(new_rows)
        if replaced:
            self.conn.execute(
                delete(t.messages).where(t.messages.c.conversation_id.in_([i for i, _ in replaced]))
            )
            self._insert_messages(replaced)
            self.counts.updated += len(replaced)

    def _existing(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, str]]:
        found: dict[tuple[str, str], tuple[int, str]] = {}
        c = t.conversations.c
        for i in range(0, len(keys), _LOOKUP_CHUNK):
            part = keys[i : i + _LOOKUP_CHUNK]
            q = select(c.source, c.external_id, c.id, c.content_hash).where(
                tuple_(c.source, c.external_id).in_(part)
            )
            for row in self.conn.execute(q):
                found[(row.source, row.external_id)] = (row.id, row.content_hash)
        return found

    def _insert_messages(self, pairs: Iterable[tuple[int, Conversation]]) -> None:
        rows = [
            {
                "conversation_id": cid, "position": pos, "external_id": m.id,
                "role": m.role.value, "author": m.author, "text": m.text, "sent_at": m.sent_at,
                "internal": m.internal, "audio_start": m.audio_start, "audio_end": m.audio_end,
            }
            for cid, conv in pairs
            for pos, m in enumerate(conv.messages)
        ]
        if rows:
            self.conn.execute(insert(t.messages), rows)
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


def _conversation_row(c: Conversation, h: str, now: datetime) -> dict[str, Any]:
    return {
        "source": c.source, "external_id": c.id, "channel": c.channel.value,
        "started_at": c.started_at, "ended_at": c.ended_at, "team": c.team,
        "agent_ids": list(c.agent_ids), "customer": c.customer, "tags": list(c.tags),
        "outcome": c.outcome, "csat": c.csat, "message_count": len(c.messages),
        "content_hash": h, "imported_at": now,
    }


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
