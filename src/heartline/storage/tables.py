"""The database schema, as SQLAlchemy Core tables.

Core tables rather than ORM classes: imports write tens of thousands of rows a
second with ``executemany``, and repositories map rows to the frozen domain
objects themselves. Alembic migrations (``migrations/versions``) must match
this metadata; a test compares them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite stores none of the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# BigInteger ids on PostgreSQL, INTEGER (rowid alias) on SQLite.
_Id = BigInteger().with_variant(Integer(), "sqlite")

conversations = Table(
    "conversations",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("source", String(64), nullable=False),
    Column("external_id", String(255), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("started_at", UtcDateTime()),
    Column("ended_at", UtcDateTime()),
    Column("team", String(255)),
    Column("agent_ids", JSON, nullable=False),
    Column("customer", String(64)),
    Column("tags", JSON, nullable=False),
    Column("outcome", String(64)),
    Column("csat", Float),
    Column("message_count", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("imported_at", UtcDateTime(), nullable=False),
    UniqueConstraint("source", "external_id", name="uq_conversations_source_external_id"),
    Index("ix_conversations_team_started", "team", "started_at"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column(
        "conversation_id", _Id,
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False,
    ),
    Column("position", Integer, nullable=False),
    Column("external_id", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("author", String(255)),
    Column("text", Text, nullable=False),
    Column("sent_at", UtcDateTime()),
    Column("internal", Boolean, nullable=False),
    Column("audio_start", Float),
    Column("audio_end", Float),
    UniqueConstraint("conversation_id", "position", name="uq_messages_conversation_position"),
)

surveys = Table(
    "surveys",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("source", String(64), nullable=False),
    Column("conversation_external_id", String(255), nullable=False),
    Column("csat", SmallInteger),
    Column("nps", SmallInteger),
    Column("comment", Text),
    Column("feeling", Text),
    Column("submitted_at", UtcDateTime()),
    UniqueConstraint(
        "source", "conversation_external_id", name="uq_surveys_source_conversation_external_id"
    ),
)

import_runs = Table(
    "import_runs",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("file_name", String(255), nullable=False),
    Column("format", String(32), nullable=False),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("finished_at", UtcDateTime(), nullable=False),
    Column("inserted", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),
    Column("messages", Integer, nullable=False),
    Column("redactions", JSON, nullable=False),
)

# -- authentication (web app; storage/auth.py reads and writes these) -------------

users = Table(
    "users",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("name", String(255), nullable=False),
    # argon2id, in the PHC string format (parameters and salt travel with the hash).
    Column("password_hash", String(255), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("disabled", Boolean, nullable=False),
    UniqueConstraint("name", name="uq_users_name"),
)

# Machine clients (a helpdesk integration, the widget) authenticate with these.
# ``user_name`` is free text, not a key into ``users``: an integration is not a person.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("user_name", String(255), nullable=False),
    Column("token_hash", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("last_used_at", UtcDateTime()),
    Column("revoked_at", UtcDateTime()),
    UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
)
