"""The users and API-token tables, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from heartline.storage.auth import AuthRepository, DuplicateUserError
from heartline.storage.database import _alembic_config
from heartline.storage.store import Store

T0 = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


@pytest.fixture
def repo(store: Store) -> AuthRepository:
    return AuthRepository(store.engine)


def test_token_round_trip_keeps_hash_user_and_times(repo: AuthRepository) -> None:
    added = repo.add_token(user="zendesk", token_hash="a" * 64, created_at=T0)
    found = repo.token_by_hash("a" * 64)
    assert found == added
    assert found.created_at == T0 and found.created_at.tzinfo is not None
    assert found.last_used_at is None and not found.revoked
    assert repo.token_by_hash("b" * 64) is None


def test_token_hashes_are_unique(repo: AuthRepository) -> None:
    repo.add_token(user="a", token_hash="c" * 64, created_at=T0)
    with pytest.raises(IntegrityError):
        repo.add_token(user="b", token_hash="c" * 64, created_at=T0)


def test_mark_used_writes_at_most_once_per_resolution(repo: AuthRepository) -> None:
    tok = repo.add_token(user="u", token_hash="d" * 64, created_at=T0)
    minute = timedelta(minutes=1)
    repo.mark_used(tok.id, at=T0 + timedelta(seconds=5), unless_since=T0 + timedelta(seconds=5) - minute)
    repo.mark_used(tok.id, at=T0 + timedelta(seconds=30), unless_since=T0 + timedelta(seconds=30) - minute)
    assert repo.token_by_hash("d" * 64).last_used_at == T0 + timedelta(seconds=5)
    later = T0 + timedelta(minutes=2)
    repo.mark_used(tok.id, at=later, unless_since=later - minute)
    assert repo.token_by_hash("d" * 64).last_used_at == later


def test_revoke_is_idempotent_and_keeps_first_time(repo: AuthRepository) -> None:
    tok = repo.add_token(user="u", token_hash="e" * 64, created_at=T0)
    first = repo.revoke_token(tok.id, at=T0 + timedelta(hours=1))
    again = repo.revoke_token(tok.id, at=T0 + timedelta(hours=2))
    assert first is not None and first.revoked
    assert again is not None and again.revoked_at == T0 + timedelta(hours=1)
    assert repo.revoke_token(tok.id + 100, at=T0) is None


def test_tokens_lists_oldest_first_and_filters_by_user(repo: AuthRepository) -> None:
    for i, user in enumerate(["a", "b", "a"]):
        repo.add_token(user=user, token_hash=f"{i}" * 64, created_at=T0 + timedelta(minutes=i))
    assert [t.user for t in repo.tokens()] == ["a", "b", "a"]
    assert [t.created_at for t in repo.tokens(user="a")] == [T0, T0 + timedelta(minutes=2)]


def test_users_round_trip_unique_names_and_updates(repo: AuthRepository) -> None:
    user = repo.add_user(name="alice", password_hash="$argon2id$x", created_at=T0)
    assert repo.user_by_name("alice") == user
    assert repo.user_by_name("bob") is None
    with pytest.raises(DuplicateUserError):
        repo.add_user(name="alice", password_hash="$argon2id$y", created_at=T0)
    repo.set_password_hash(user.id, "$argon2id$z")
    repo.set_disabled(user.id, True)
    again = repo.user_by_name("alice")
    assert again is not None and again.password_hash == "$argon2id$z" and again.disabled


def test_migration_0002_downgrades_and_upgrades_cleanly(store: Store) -> None:
    cfg = _alembic_config(store.engine)
    command.downgrade(cfg, "0001")
    assert not {"users", "api_tokens"} & set(inspect(store.engine).get_table_names())
    command.upgrade(cfg, "head")
    assert {"users", "api_tokens"} <= set(inspect(store.engine).get_table_names())
